"""Session services: tonight's session, progress, quit and resume, finish, logs, massage days."""

from datetime import timedelta

import pytest

from legcare.domain.sessions import player
from legcare.domain.sessions.player import PlayerState
from legcare.errors import InvalidInput, NotFound
from legcare.services import plans, sessions
from legcare.services.context import AppContext
from tests.services.plan_helpers import later, store_check


@pytest.fixture
def rls(ctx: AppContext) -> AppContext:
    store_check(ctx, "restless_legs")
    plans.save_profile(ctx=ctx, data={"days": "mon,fri"})  # FIXED_NOW is a Friday
    return ctx


def test_tonight_is_the_evening_massage(rls: AppContext) -> None:
    run = sessions.start_session(ctx=rls)
    assert run["resumed"] is False
    assert run["session"]["id"] == "evening_massage"
    assert run["state"]["phase"] == "get_ready"
    assert run["log"]["status"] == "in_progress" and run["log"]["day"] == "2026-11-20"
    first = run["session"]["steps"][0]
    assert first["instructions"] and first["why"]["seed_facts"]


def test_no_session_today_says_which_exist(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    plans.save_profile(ctx=ctx, data={"days": "mon"})
    with pytest.raises(NotFound) as err:
        sessions.start_session(ctx=ctx)
    assert "evening_massage" in str(err.value)
    with pytest.raises(InvalidInput):
        sessions.start_session(ctx=ctx, session_id="nope")
    run = sessions.start_session(ctx=ctx, session_id="evening_massage", step_seconds=2)
    assert {s["seconds"] for s in run["state"]["steps"]} == {2}


def test_quit_keeps_what_was_done_and_resumes(rls: AppContext) -> None:
    run = sessions.start_session(ctx=rls, get_ready_s=0)
    state = PlayerState.from_dict(run["state"])
    first_seconds = run["session"]["steps"][0]["seconds"]
    state, _ = player.tick(state, rls.now().timestamp() + first_seconds + 20)
    later_ctx = later(rls, seconds=first_seconds + 20)
    quit_log = sessions.save_progress(
        ctx=later_ctx, log_id=run["log_id"], state=state.to_dict(), quit=True
    )
    assert quit_log["status"] == "quit" and quit_log["done"] == 1
    assert quit_log["steps"][1]["seconds"] == 20
    pending = sessions.pending_session(ctx=later_ctx)
    assert pending is not None and pending["id"] == run["log_id"]
    resumed = sessions.start_session(ctx=later(later_ctx, hours=1))
    assert resumed["resumed"] is True and resumed["log_id"] == run["log_id"]
    assert resumed["state"]["index"] == 1 and resumed["state"]["phase"] == "get_ready"
    assert resumed["log"]["status"] == "in_progress"


def test_fresh_start_closes_the_unfinished_one(rls: AppContext) -> None:
    first = sessions.start_session(ctx=rls)
    second = sessions.start_session(ctx=rls, resume=False)
    assert second["log_id"] != first["log_id"]
    logs = sessions.session_logs(ctx=rls, start=rls.today(), end=rls.today())
    assert [log["status"] for log in logs] == ["quit", "in_progress"]


def test_finish_logs_steps_tenderness_and_note(rls: AppContext) -> None:
    run = sessions.start_session(ctx=rls, get_ready_s=0)
    state = PlayerState.from_dict(run["state"])
    state, _ = player.skip(state, rls.now().timestamp())
    state, _ = player.tick(state, rls.now().timestamp() + 10_000)
    log = sessions.finish_session(
        ctx=rls,
        log_id=run["log_id"],
        state=state.to_dict(),
        tenderness={"left_calf": "4", "hamstring": 2},
        note="  calmer legs  ",
    )
    assert log["status"] == "finished" and log["ended_at"]
    assert log["skipped"] == 1 and log["done"] == log["total"] - 1
    assert log["tenderness"] == {"left_calf": 4, "hamstring": 2}
    assert log["note"] == "calmer legs"
    assert log["massage_seconds"] > 0
    with pytest.raises(InvalidInput, match="already finished"):
        sessions.finish_session(ctx=rls, log_id=run["log_id"], state=state.to_dict())
    assert sessions.pending_session(ctx=rls) is None


def test_bad_tenderness_and_state_are_refused(rls: AppContext) -> None:
    run = sessions.start_session(ctx=rls)
    with pytest.raises(InvalidInput) as err:
        sessions.finish_session(
            ctx=rls,
            log_id=run["log_id"],
            state=run["state"],
            tenderness={"elbow": 3, "calf": 11, "foot": "lots", "shin": True},
        )
    assert len(err.value.details) == 4
    with pytest.raises(InvalidInput):
        sessions.save_progress(ctx=rls, log_id=run["log_id"], state={"steps": []})
    wrong = dict(run["state"], steps=run["state"]["steps"][:-1])
    with pytest.raises(InvalidInput, match="match"):
        sessions.save_progress(ctx=rls, log_id=run["log_id"], state=wrong)
    with pytest.raises(InvalidInput, match="at most"):
        sessions.finish_session(ctx=rls, log_id=run["log_id"], state=run["state"], note="x" * 2001)
    with pytest.raises(NotFound):
        sessions.save_progress(ctx=rls, log_id=999, state=run["state"])


def test_massage_days_and_logs_for_other_engineers(rls: AppContext) -> None:
    run = sessions.start_session(ctx=rls, get_ready_s=0)
    state, _ = player.tick(PlayerState.from_dict(run["state"]), rls.now().timestamp() + 10_000)
    sessions.finish_session(ctx=rls, log_id=run["log_id"], state=state.to_dict())
    untouched = sessions.start_session(ctx=later(rls, days=3))  # Monday: started, nothing done
    sessions.save_progress(
        ctx=later(rls, days=3), log_id=untouched["log_id"], state=untouched["state"], quit=True
    )
    start, end = rls.today() - timedelta(1), rls.today() + timedelta(5)
    assert sessions.massage_days(ctx=rls, start=start, end=end) == {rls.today()}
    logs = sessions.session_logs(ctx=rls, start=start, end=end)
    assert [log["status"] for log in logs] == ["finished", "quit"]
    assert sessions.get_session_log(ctx=rls, log_id=run["log_id"])["id"] == run["log_id"]
    with pytest.raises(InvalidInput):
        sessions.session_logs(ctx=rls, start=end, end=start)


def test_diary_sees_the_massage(rls: AppContext) -> None:
    from legcare.services import diary

    run = sessions.start_session(ctx=rls, get_ready_s=0)
    state, _ = player.tick(PlayerState.from_dict(run["state"]), rls.now().timestamp() + 10_000)
    sessions.finish_session(ctx=rls, log_id=run["log_id"], state=state.to_dict())
    assert diary.massage_days(ctx=rls, start=rls.today(), end=rls.today()) == {rls.today()}


def test_asking_for_another_session_does_not_resume(rls: AppContext) -> None:
    first = sessions.start_session(ctx=rls)
    other = sessions.start_session(ctx=rls, session_id="evening_massage")
    assert other["resumed"] is True and other["log_id"] == first["log_id"]
    plans.save_profile(ctx=rls, data={"days": "all"})
    store_check(rls, "restless_legs", "plantar_fasciitis")
    stretch = sessions.start_session(ctx=rls, session_id="daily_stretches")
    assert stretch["resumed"] is False and stretch["session"]["id"] == "daily_stretches"
    assert sessions.get_session_log(ctx=rls, log_id=first["log_id"])["status"] == "quit"
