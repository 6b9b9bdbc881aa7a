"""Plan services: profile, versioned plans, safety stop, history, calendar and weekly review."""

from datetime import date, timedelta
from typing import Any

import pytest

from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
from legcare.errors import Conflict, InvalidInput, NotFound, SafetyStop
from legcare.services import plans
from legcare.services.context import AppContext
from legcare.store.knowledge_files import load_knowledge_base
from tests.services.plan_helpers import later, store_check


def test_profile_defaults_then_saved(ctx: AppContext) -> None:
    view = plans.get_profile(ctx=ctx)
    assert view["saved"] is False and view["profile"]["minutes_per_day"] == 45
    saved = plans.save_profile(ctx=ctx, data={"tools": ["foam_roller"], "side": "left"})
    assert saved["profile"]["tools"] == ["hands", "foam_roller"]
    again = plans.save_profile(ctx=ctx, data={"minutes_per_day": 30})
    assert again["profile"]["side"] == "left"  # unchanged fields are kept
    with pytest.raises(InvalidInput) as err:
        plans.save_profile(ctx=ctx, data={"minutes_per_day": 0, "side": "up"})
    assert len(err.value.details) == 2
    assert plans.get_profile(ctx=ctx)["profile"]["minutes_per_day"] == 30


def test_plan_without_a_check_asks_for_one(ctx: AppContext) -> None:
    view = plans.save_plan(ctx=ctx)
    assert view["version"] == 1 and view["screening_id"] is None
    assert any("no check yet" in n["text"] for n in view["notices"])


def test_new_check_and_profile_change_make_new_versions(ctx: AppContext) -> None:
    first = plans.save_plan(ctx=ctx)
    assert plans.save_plan(ctx=ctx)["version"] == first["version"]  # nothing changed
    screening = store_check(ctx, "restless_legs")
    second = plans.save_plan(ctx=ctx)
    assert second["version"] == 2 and second["screening_id"] == screening
    assert "evening_massage" in {s["id"] for s in second["sessions"]}
    plans.save_profile(ctx=ctx, data={"minutes_per_day": 20})
    third = plans.save_plan(ctx=ctx)
    assert third["version"] == 3
    assert [h["version"] for h in plans.plan_history(ctx=ctx)] == [3, 2, 1]


def test_week_marks_today(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    view = plans.save_plan(ctx=ctx)
    week = view["week"]
    assert [d["weekday"] for d in week] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    today = [d for d in week if d["today"]]
    assert len(today) == 1 and today[0]["date"] == ctx.today().isoformat() == view["today"]
    evenings = [d for d in week if any(s["id"] == "evening_massage" for s in d["sessions"])]
    assert len(evenings) == 2


def test_emergency_gives_no_plan(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs", triage=TriageLevel.EMERGENCY)
    with pytest.raises(SafetyStop) as err:
        plans.save_plan(ctx=ctx)
    assert any("emergency" in d for d in err.value.details)
    assert plans.plan_history(ctx=ctx) == []


def test_possible_clot_plan_has_no_massage(ctx: AppContext) -> None:
    store_check(
        ctx,
        "restless_legs",
        triage=TriageLevel.URGENT,
        precautions=((PrecautionKind.NO_MASSAGE, ("left_calf",)),),
    )
    view = plans.save_plan(ctx=ctx)
    assert view["notices"][0]["level"] == "urgent"
    kinds = {step["kind"] for s in view["sessions"] for step in s["steps"]}
    assert not kinds & {"massage", "rolling"}


def test_reasons_come_from_the_knowledge_base(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs", "plantar_fasciitis")
    view = plans.save_plan(ctx=ctx)
    kb = load_knowledge_base()
    known_sources = {s.id for s in kb.sources}
    for session in view["sessions"]:
        for step in session["steps"]:
            why = step["why"]
            assert set(why["sources"]) <= known_sources, step["id"]
            entry = kb.find(step["technique"])
            if entry is not None:
                assert why["evidence"] == entry.evidence.grade.value
                assert set(entry.seed_facts) <= set(why["seed_facts"])


def _facts(view: dict) -> set[str]:  # type: ignore[type-arg]
    facts: set[str] = set()
    for session in view["sessions"]:
        for step in session["steps"]:
            facts |= set(step["why"]["seed_facts"])
    for item in (*view["checklists"], *view["notices"]):
        facts |= set(item.get("why", item)["seed_facts"])
    return facts


def test_plans_cover_seed_facts_f20_to_f47(ctx: AppContext) -> None:
    from legcare.domain.plans.profile import TOOLS

    store_check(ctx, "restless_legs", "plantar_fasciitis", "hamstring_strain", "calf_tightness")
    plans.save_profile(ctx=ctx, data={"tools": list(TOOLS), "minutes_per_day": 180})
    facts = _facts(plans.save_plan(ctx=ctx))
    # F30 (Swedish massage) is given by a therapist: the Learn page carries it, not the plan.
    assert sorted({f"F{n}" for n in range(20, 48)} - {"F30"} - facts) == []


def test_calendar_has_a_reminder_per_event(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    text = plans.plan_calendar(ctx=ctx, weeks=1)
    # two massage evenings and two trigger-point breaks every day
    assert text.count("BEGIN:VEVENT") == text.count("BEGIN:VALARM") == 2 + 2 * 7
    assert "TRIGGER:-PT30M" in text


def test_calendar_after_a_plan_change_updates_in_place(ctx: AppContext) -> None:
    import vobject

    store_check(ctx, "restless_legs")
    plans.save_profile(ctx=ctx, data={"days": "mon,wed,fri"})

    def published() -> dict[str, Any]:  # what the subscribed feed serves (and stores)
        text = plans.plan_calendar(ctx=ctx, publish=True)
        return {e.uid.value: e for e in vobject.readOne(text).vevent_list}

    before = published()
    plans.save_profile(ctx=ctx, data={"days": "tue,thu"})
    after = published()
    assert set(before) <= set(after)  # every event it had is updated, none duplicated
    assert all(uid.endswith(f"@user{ctx.user_id}.legcare") for uid in after)
    cancelled = {u for u, e in after.items() if e.status.value == "CANCELLED"}
    assert cancelled and cancelled <= set(before)
    assert all(int(after[u].sequence.value) > int(before[u].sequence.value) for u in cancelled)
    weekdays = {after[u].dtstart.value.astimezone(ctx.now().tzinfo).weekday()
                for u in set(after) - cancelled if u.startswith("evening_massage")}  # fmt: skip
    assert weekdays == {1, 3}


def _finish_tonight(ctx: AppContext, *, skip_technique: str | None = None) -> None:
    from legcare.domain.sessions import player
    from legcare.domain.sessions.player import PlayerState
    from legcare.services import sessions

    run = sessions.start_session(ctx=ctx, resume=False, session_id="evening_massage")
    state = PlayerState.from_dict(run["state"])
    now = ctx.now().timestamp()
    for step in run["session"]["steps"]:
        if skip_technique and step["technique"] == skip_technique:
            state, _ = player.skip(state, now)
        else:
            state, _ = player.tick(state, now := now + step["seconds"] + 10)
    sessions.finish_session(ctx=ctx, log_id=run["log_id"], state=state.to_dict())


def _skip_through_tonight(ctx: AppContext) -> None:
    from legcare.domain.sessions import player
    from legcare.domain.sessions.player import PlayerState
    from legcare.services import sessions

    run = sessions.start_session(ctx=ctx, resume=False, session_id="evening_massage")
    state = PlayerState.from_dict(run["state"])
    now = ctx.now().timestamp()
    while not state.finished:
        state, _ = player.skip(state, now := now + 1)
    sessions.finish_session(ctx=ctx, log_id=run["log_id"], state=state.to_dict())


def test_the_review_counts_a_session_once_a_day_and_only_with_steps_done(
    ctx: AppContext,
) -> None:
    store_check(ctx, "restless_legs")
    plans.save_plan(ctx=ctx)
    week_later = later(ctx, days=7)
    for offset in (-5, -4, -3):  # opened and skipped through: not a session done
        _skip_through_tonight(later(week_later, days=offset))
    _finish_tonight(later(week_later, days=-1))
    _finish_tonight(later(week_later, days=-1))  # the same session again that evening
    plan = plans.current_plan_record(ctx=week_later)[1]
    activity = plans._week_activity(week_later, plan)
    assert activity.done == 1 and activity.planned >= 1  # it used to count 5 finished logs


def test_weekly_review_proposes_accepts_and_versions(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    plans.save_plan(ctx=ctx)
    early = plans.make_weekly_review(ctx=ctx)
    assert early["review"] is None and early["due"] == (ctx.today() + timedelta(7)).isoformat()
    week_later = later(ctx, days=7)
    for offset in (-6, -3):
        _finish_tonight(later(week_later, days=offset), skip_technique="trigger_point")
    _finish_tonight(later(week_later, days=-1), skip_technique="trigger_point")
    review = plans.make_weekly_review(ctx=week_later)["review"]
    assert review["kind"] == "change_technique" and review["change"] == {"exclude": "trigger_point"}
    assert plans.make_weekly_review(ctx=week_later)["review"]["id"] == review["id"]  # still pending
    before = plans.save_plan(ctx=week_later)["version"]
    decided = plans.decide_review(ctx=week_later, review_id=review["id"], accept=True)
    assert decided["review"]["decision"] == "accepted"
    assert decided["plan_version"] == before + 1
    techniques = {
        step["technique"]
        for s in plans.save_plan(ctx=week_later)["sessions"]
        for step in s["steps"]
    }
    assert "trigger_point" not in techniques
    with pytest.raises(Conflict):
        plans.decide_review(ctx=week_later, review_id=review["id"], accept=False)
    with pytest.raises(NotFound):
        plans.decide_review(ctx=week_later, review_id=999, accept=True)
    assert (
        plans.make_weekly_review(ctx=week_later)["due"]
        == (week_later.today() + timedelta(7)).isoformat()
    )


def test_weekly_review_reads_the_symptom_trend(ctx: AppContext) -> None:
    from legcare.services import diary

    store_check(ctx, "restless_legs")
    plans.save_plan(ctx=ctx)
    week_later = later(ctx, days=7)
    for offset in range(-13, 1):
        day = week_later.today() + timedelta(offset)
        rating = 7 if offset < -6 else 3
        diary.log_checkin(ctx=week_later, kind="evening", day=day, values={"rls": rating})
    for offset in (-6, -3):
        _finish_tonight(later(week_later, days=offset))
    review = plans.make_weekly_review(ctx=week_later)["review"]
    assert review["kind"] == "hold_longer"
    assert review["change"]["hold_seconds"] == 45
    plans.decide_review(ctx=week_later, review_id=review["id"], accept=False)
    view = plans.save_plan(ctx=week_later)
    assert view["adjustments"]["hold_seconds"] == 30  # declined: nothing changed
    assert date.fromisoformat(view["today"]) == week_later.today()


def test_planned_session_days_follow_the_version_in_force(ctx: AppContext) -> None:
    start, end = ctx.today() - timedelta(13), ctx.today()
    assert plans.planned_session_days(ctx=ctx, start=start, end=end) is None
    past = later(ctx, days=-10)
    store_check(past, "restless_legs")
    plans.save_profile(ctx=past, data={"days": "mon,thu"})
    plans.save_plan(ctx=past)
    plans.save_profile(ctx=ctx, data={"days": "tue,fri"})  # a new version today
    plans.save_plan(ctx=ctx)
    days = plans.planned_session_days(ctx=ctx, start=start, end=end)
    assert days is not None
    before = {d.weekday() for d in days if d < ctx.today()}
    assert before == {0, 3}
    assert ctx.today() in days  # FIXED_NOW is a Friday, in the new version


def test_calendar_skips_an_old_version_it_cannot_read(ctx: AppContext) -> None:
    import sqlalchemy as sa
    import vobject

    from legcare.store.tables import plans as plans_table

    store_check(ctx, "restless_legs")
    plans.save_profile(ctx=ctx, data={"days": "mon,wed,fri"})
    plans.save_profile(ctx=ctx, data={"days": "tue,thu"})
    whole = {e.uid.value for e in vobject.readOne(plans.plan_calendar(ctx=ctx)).vevent_list}
    with ctx.store.transaction() as conn:
        conn.execute(
            sa.update(plans_table)
            .where(plans_table.c.version == 1, plans_table.c.user_id == ctx.user_id)
            .values(plan={"written_by": "an older legcare"})
        )
    events = vobject.readOne(plans.plan_calendar(ctx=ctx)).vevent_list
    live = {e.uid.value for e in events if e.status.value == "CONFIRMED"}
    assert live and live <= whole  # the current plan is still all there
