"""Reminder times: saved with the profile without touching the plan; a possible clot leaves the
evening-session reminder out."""

from __future__ import annotations

import pytest

from legcare.errors import InvalidInput
from legcare.services import plans, reminders


def test_times_are_saved_and_kept_when_the_profile_changes(any_ctx) -> None:
    ctx = any_ctx
    before = plans.current_plan(ctx=ctx)["version"]
    got = reminders.save_reminders(
        ctx=ctx, data={"evening_session": "21:00", "morning_checkin": "07:30"}
    )
    assert got["times"] == {
        "evening_session": "21:00",
        "evening_checkin": None,
        "morning_checkin": "07:30",
    }
    assert [r["kind"] for r in got["scheduled"]] == ["evening_session", "morning_checkin"]
    assert plans.current_plan(ctx=ctx)["version"] == before  # reminders do not change the plan
    plans.save_profile(ctx=ctx, data={"minutes_per_day": 25})
    assert reminders.reminders(ctx=ctx)["times"]["evening_session"] == "21:00"
    assert plans.get_profile(ctx=ctx)["profile"]["minutes_per_day"] == 25


def test_a_bad_time_changes_nothing(ctx) -> None:
    reminders.save_reminders(ctx=ctx, data={"evening_checkin": "20:00"})
    with pytest.raises(InvalidInput):
        reminders.save_reminders(ctx=ctx, data={"evening_checkin": "25:00", "morning_checkin": "7"})
    assert reminders.reminders(ctx=ctx)["times"]["evening_checkin"] == "20:00"


def test_after_a_possible_clot_the_session_reminder_opens_no_massage(ctx) -> None:
    """The reminder asks the one safety state about the session it opens: after a possible
    clot that is the wind-down (no massage, no stretching), so the reminder stays, and what it
    opens plays only steps the state allows."""
    from legcare.domain.safety import Activity, activity_of_step
    from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
    from legcare.services import sessions
    from legcare.services.plans import read_plan
    from legcare.services.safety import current_state
    from tests.services.plan_helpers import store_check

    reminders.save_reminders(ctx=ctx, data={"evening_session": "21:00", "evening_checkin": "21:45"})
    store_check(
        ctx,
        "restless_legs",
        triage=TriageLevel.URGENT,
        precautions=((PrecautionKind.NO_MASSAGE, ()),),
    )
    state = current_state(ctx=ctx)
    assert not state.allows(Activity.MASSAGE)
    kinds = [r["kind"] for r in reminders.reminders(ctx=ctx)["scheduled"]]
    assert kinds == ["evening_session", "evening_checkin"]
    _, plan = read_plan(ctx=ctx)
    for weekday in range(7):
        session = sessions.session_for_day(plan, weekday)
        assert session is not None
        assert all(state.allows_step(step.kind.value) for step in session.steps)
    played = sessions.start_session(ctx=ctx)
    assert {activity_of_step(s["kind"]) for s in played["session"]["steps"]} <= {Activity.OTHER}


def test_no_session_reminder_when_the_session_it_opens_has_nothing_allowed(ctx) -> None:
    """A plan of massage evenings (as stored before a warning sign) and a state that blocks
    massage: the reminder would open nothing, so it is not scheduled."""
    from dataclasses import replace

    from legcare.domain.safety import Activity, SafetyState, activity_of_step
    from legcare.domain.screening.vocabulary import TriageLevel
    from legcare.services.plans import read_plan
    from tests.services.plan_helpers import store_check

    store_check(ctx, "restless_legs", triage=TriageLevel.SELF_CARE)
    _, plan = read_plan(ctx=ctx)
    massage_only = replace(
        plan,
        sessions=tuple(
            replace(
                s,
                steps=tuple(
                    step
                    for step in s.steps
                    if activity_of_step(step.kind.value) is Activity.MASSAGE
                ),
            )
            for s in plan.sessions
        ),
    )
    assert reminders.session_can_start(massage_only, SafetyState())
    assert not reminders.session_can_start(massage_only, SafetyState(massage_blocked=True))
    assert reminders.session_can_start(plan, SafetyState(massage_blocked=True))  # the wind-down


def test_export_and_import_keep_the_reminder_times(ctx) -> None:
    from legcare.services.views import export

    reminders.save_reminders(ctx=ctx, data={"morning_checkin": "06:45"})
    content = export.export_data(ctx=ctx, fmt="json").content
    export.import_data(ctx=ctx, content=content, replace=True)
    assert reminders.reminders(ctx=ctx)["times"]["morning_checkin"] == "06:45"
    csv = export.export_data(ctx=ctx, fmt="csv")
    assert csv.content  # the CSV zip writes the reminder times as their own columns
