"""Insights service: the JSON shape, associations from stored check-ins, sessions and plans."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from legcare.errors import InvalidInput
from legcare.services import diary
from legcare.services.context import AppContext
from legcare.services.views import insights

TODAY = date(2026, 11, 20)


def _fill(ctx: AppContext, days: int = 56) -> None:
    for i in range(days):
        day = TODAY - timedelta(days=i)
        alcohol = i % 4 == 0
        diary.log_checkin(
            ctx=ctx,
            kind="evening",
            day=day,
            values={"rls": (7 if alcohol else 3) + i % 2, "alcohol": alcohol, "caffeine": False},
        )
        diary.log_checkin(ctx=ctx, kind="morning", day=day, values={"sleep_quality": 5 + (i < 28)})


def test_insights_shape_and_content(ctx: AppContext) -> None:
    _fill(ctx)
    start, end = insights.default_range(TODAY)
    assert (end - start).days == 55
    out = insights.insights_view(ctx=ctx, start=start, end=end).to_json()
    json.dumps(out)  # plain JSON
    assert out["from"] == start.isoformat() and out["to"] == "2026-11-20" and out["days"] == 56
    assert out["checkins"] == {"evening": 56, "morning": 56}
    trends = {t["metric"]: t for t in out["trends"]}
    assert trends["sleep_quality"]["direction"] == "better"
    assert trends["sleep_quality"]["last_4_weeks"]["mean"] == 6.0
    assert trends["leg_pain"]["last_7_days"] == {
        "from": "2026-11-14",
        "to": "2026-11-20",
        "mean": None,
        "n": 0,
    }
    alcohol = next(
        a for a in out["associations"] if (a["exposure"], a["outcome"]) == ("alcohol", "rls")
    )
    assert alcohol["enough"] and alcohol["direction"] == "worse"
    assert alcohol["n_with"] == 14 and alcohol["n_without"] == 42
    assert alcohol["interval"][0] <= alcohol["difference"] <= alcohol["interval"][1]
    assert "does not show" in alcohol["summary"]
    caffeine = next(a for a in out["associations"] if a["exposure"] == "caffeine")
    assert (
        not caffeine["enough"] and caffeine["difference"] is None and caffeine["interval"] is None
    )
    series = out["series"]
    assert len(series["days"]) == 56 and len(series["rls"]) == 56
    assert series["rls_mean_7d"][0] is None and series["rls_mean_7d"][-1] is not None
    assert out["adherence"] is None  # no plan service yet
    assert any("not causes" in n for n in out["notes"])


def test_empty_diary_still_answers(ctx: AppContext) -> None:
    out = insights.insights_view(ctx=ctx, start=TODAY - timedelta(days=6), end=TODAY).to_json()
    assert out["checkins"] == {"evening": 0, "morning": 0}
    assert all(not a["enough"] for a in out["associations"])
    assert out["series"]["session_days"] == []


def test_bad_range_is_refused(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput):
        insights.insights_view(ctx=ctx, start=TODAY, end=TODAY - timedelta(days=1)).to_json()


def test_adherence_and_sessions_from_the_plan_and_session_log(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(ctx, days=14)
    start, end = TODAY - timedelta(days=13), TODAY
    logged = {TODAY - timedelta(days=i) for i in range(0, 14, 3)}
    planned = {TODAY - timedelta(days=i) for i in range(0, 14, 2)}

    def massage_days(*, ctx: AppContext, start: date, end: date) -> set[date]:
        return {d for d in logged if start <= d <= end}

    def planned_sessions(*, ctx: AppContext, start: date, end: date) -> list[date]:
        return [d for d in planned if start <= d <= end]

    def sessions_done(*, ctx: AppContext, start: date, end: date) -> list[date]:
        return sorted(d for d in logged if start <= d <= end)

    # the reads stand in for a plan and a session log here; the real ones are played
    # end to end in test_adherence_counts_plan_sessions_from_the_plan_start
    monkeypatch.setattr(insights, "massage_days", massage_days)
    monkeypatch.setattr(insights, "planned_sessions", planned_sessions)
    monkeypatch.setattr(insights, "sessions_done", sessions_done)
    out = insights.insights_view(ctx=ctx, start=start, end=end).to_json()
    adh = out["adherence"]
    assert adh["planned"] == 7 and adh["done"] == 5
    assert adh["done_as_planned"] == len(logged & planned)
    assert adh["source"] == "session log"
    assert sum(w["planned"] for w in adh["weeks"]) == 7
    assert out["series"]["session_days"] == sorted(d.isoformat() for d in logged)
    massage = next(
        a for a in out["associations"] if (a["exposure"], a["outcome"]) == ("massage_done", "rls")
    )
    assert massage["n_with"] == 5 and massage["n_without"] == 9


def test_same_answer_on_sqlite_and_postgresql(any_ctx: AppContext) -> None:
    _fill(any_ctx, days=14)
    out = insights.insights_view(ctx=any_ctx, start=TODAY - timedelta(days=13), end=TODAY).to_json()
    assert out["checkins"] == {"evening": 14, "morning": 14}
    alcohol = next(
        a for a in out["associations"] if (a["exposure"], a["outcome"]) == ("alcohol", "rls")
    )
    assert (alcohol["n_with"], alcohol["n_without"]) == (4, 10)
    assert out["series"]["rls"][-1] == 7.0


def test_no_plan_ever_means_no_adherence(ctx: AppContext) -> None:
    assert insights.planned_days(ctx=ctx, start=TODAY - timedelta(days=6), end=TODAY) is None


def test_a_range_of_centuries_is_refused(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as err:
        insights.insights_view(ctx=ctx, start=date(1, 1, 1), end=TODAY).to_json()
    assert "too long" in err.value.message
    assert "at most 7320 days" in err.value.details[0]


def _skip_every_step(ctx: AppContext, day: date) -> None:
    """Open tonight's evening massage and skip every step, then finish it."""
    from legcare.domain.sessions import player
    from legcare.domain.sessions.player import PlayerState
    from legcare.services import sessions
    from tests.interop.sample_data import at, utc

    view = sessions.start_session(
        ctx=at(ctx, day, 21), resume=False, session_id="evening_massage", step_seconds=5
    )
    state = PlayerState.from_dict(view["state"])
    now = utc(day, 21).timestamp()
    while not state.finished:
        now += 2
        state = player.skip(state, now)[0]
    sessions.finish_session(ctx=at(ctx, day, 21, 20), log_id=view["log_id"], state=state.to_dict())


def test_adherence_counts_plan_sessions_from_the_plan_start(ctx: AppContext) -> None:
    """Real plan, real session log, real evening ticks: the counting rules end to end."""
    from legcare.services import plans
    from legcare.store import tables
    from tests.interop.sample_data import RESULT, _insert, at, play_session, utc

    made = TODAY - timedelta(days=20)
    with ctx.store.transaction() as conn:  # a completed check that allows massage
        _insert(conn, tables.screenings, user_id=ctx.user_id, status="complete",
                started_at=utc(made, 8), completed_at=utc(made, 8, 10), content_version="2026.11",
                answers={"complaints": ["restless"]}, result=RESULT)  # fmt: skip
    plans.save_profile(ctx=at(ctx, made, 9), data={"tools": ["tennis_ball"]})
    plan = plans.current_plan_record(ctx=at(ctx, made, 9, 5))[1]
    sessions = plan.to_dict()["sessions"]
    weekdays = next(s for s in sessions if s["id"] == "evening_massage")["weekdays"]
    start, end = TODAY - timedelta(days=55), TODAY
    since_plan = [made + timedelta(days=i) for i in range((end - made).days + 1)]
    # every session of the plan on its own weekdays, not one a day
    every = [d for d in since_plan for s in sessions if d.weekday() in s["weekdays"]]
    assert len(sessions) > 1 and len(every) > len(set(every))
    planned = [d for d in since_plan if d.weekday() in weekdays]
    played = planned[:2]
    for day in played:
        play_session(ctx, day, finish=True)
    _skip_every_step(ctx, planned[2])  # opened, every step skipped: not a session done
    for day in since_plan:  # an evening "massage done" tick every day: not a plan session
        diary.log_checkin(ctx=ctx, kind="evening", day=day, values={"rls": 4, "massage_done": True})
    adh = insights.insights_view(ctx=ctx, start=start, end=end).to_json()["adherence"]
    assert adh["from"] == made.isoformat() and adh["plan_start"] == made.isoformat()
    assert adh["planned"] == len(every)  # nothing planned before the plan was made
    assert adh["done"] == adh["counted"] == adh["done_as_planned"] == 2
    assert adh["extra"] == 0
    assert adh["summary"].startswith(f"2 of {len(every)} planned sessions done since the plan")
    # on the plan's first day, every session planned that day is counted
    first = insights.insights_view(ctx=ctx, start=made, end=made).to_json()["adherence"]
    assert first["planned"] == sum(made.weekday() in s["weekdays"] for s in sessions)
    assert all(w["week_start"] >= (made - timedelta(days=made.weekday())).isoformat()
               for w in adh["weeks"])  # fmt: skip


def test_own_factors_medicines_and_imported_nights_join_ranked_and_counted(
    ctx: AppContext,
) -> None:
    from legcare.domain.tracking.sources import ValueSource
    from legcare.services import factors, medicines
    from legcare.store import health_values

    factors.add_factor(ctx=ctx, name="stress", kind="scale_0_10")
    factors.add_factor(ctx=ctx, name="alcohol late", kind="yes_no")
    medicines.add_medicine(ctx=ctx, name="mirtazapine", started=TODAY - timedelta(days=20))
    nights = []
    for i in range(28):
        day = TODAY - timedelta(days=i)
        stressed = i % 3 == 0
        diary.log_checkin(
            ctx=ctx,
            kind="evening",
            day=day,
            values={"rls": 8 if stressed else 2 + i % 2},
            factors={"stress": 7 if stressed else 1, "alcohol late": i % 2 == 0},
        )
        nights.append(
            health_values.HealthValue(
                health_values.Metric.SLEEP_MINUTES,
                day,
                300 if i % 2 else 480,
                ValueSource.APPLE_HEALTH,
            )
        )
    with ctx.store.transaction() as conn:
        health_values.save_values(conn, ctx.user_id, nights, ctx.now())
    view = insights.insights_view(ctx=ctx, start=TODAY - timedelta(days=27), end=TODAY)
    by_name = {(a.exposure, a.outcome): a for a in view.associations}
    stress = by_name[("factor:stress", "rls")]
    assert stress.rank == 1 and stress.direction == "worse" and stress.source == "own factor"
    assert by_name[("medicine:1", "rls")].enough  # on for 21 days, off for 7
    night = by_name[("health:short_night", "rls")]
    assert night.source == "apple_health" and night.n_with == 14
    # "alcohol late" repeats the check-in's "alcohol": one exposure, both names listed
    assert ("factor:alcohol late", "rls") not in by_name
    assert by_name[("alcohol", "rls")].merged == ("alcohol", "alcohol late")
    assert {"name": "caffeine", "members": ["caffeine", "caffeine after midday"]} in [
        g.to_json() for g in view.merged
    ]
    ranks = [a.rank for a in view.associations if a.rank is not None]
    assert ranks == list(range(1, view.tested + 1)) and view.tested >= 4
    out = view.to_json()
    json.dumps(out)
    assert (
        out
        == insights.insights_view(ctx=ctx, start=TODAY - timedelta(days=27), end=TODAY).to_json()
    )
    assert out["tested"]["count"] == view.tested
    assert out["tested"]["summary"].startswith(f"We looked at {view.tested} things")


def test_insights_view_is_typed_all_the_way_down(ctx: AppContext) -> None:
    import dataclasses

    _fill(ctx, days=14)
    view = insights.insights_view(ctx=ctx, start=TODAY - timedelta(days=13), end=TODAY)
    parts = [view, view.checkins, view.series, *view.trends, *view.associations, *view.merged]
    parts += [w for t in view.trends for w in (t.last_7_days, t.last_4_weeks, t.previous_4_weeks)]
    for part in parts:
        assert dataclasses.is_dataclass(part) and part.__dataclass_params__.frozen  # type: ignore[attr-defined]
        json.dumps(part.to_json())
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.tested = 99  # type: ignore[misc]
