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


def test_a_possible_clot_leaves_the_session_reminder_out(ctx) -> None:
    from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
    from tests.services.plan_helpers import store_check

    reminders.save_reminders(ctx=ctx, data={"evening_session": "21:00", "evening_checkin": "21:45"})
    store_check(
        ctx,
        "restless_legs",
        triage=TriageLevel.URGENT,
        precautions=((PrecautionKind.NO_MASSAGE, ()),),
    )
    kinds = [r["kind"] for r in reminders.reminders(ctx=ctx)["scheduled"]]
    assert kinds == ["evening_checkin"]


def test_export_and_import_keep_the_reminder_times(ctx) -> None:
    from legcare.services.views import export

    reminders.save_reminders(ctx=ctx, data={"morning_checkin": "06:45"})
    content = export.export_data(ctx=ctx, fmt="json").content
    export.import_data(ctx=ctx, content=content, replace=True)
    assert reminders.reminders(ctx=ctx)["times"]["morning_checkin"] == "06:45"
    csv = export.export_data(ctx=ctx, fmt="csv")
    assert csv.content  # the CSV zip writes the reminder times as their own columns
