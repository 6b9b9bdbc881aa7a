"""Reminder times, kept with the profile (its ``reminders`` entry), and what each reminder says.

``reminders(ctx=ctx)`` is what ``GET /api/v1/reminders`` returns and what the installed web app
schedules. A possible blood clot leaves the evening-session reminder out: no massage is offered
anywhere, reminders included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from legcare.domain.reminders import KINDS, LABELS, Reminders, ReminderTimesJson, parse_reminders
from legcare.domain.safety import Activity
from legcare.services.context import AppContext
from legcare.services.safety import current_state

KEY = "reminders"
TEXTS = {
    "evening_session": "Time for your evening session.",
    "evening_checkin": "How was your evening? The check-in takes ten seconds.",
    "morning_checkin": "Good morning: how did you sleep? The check-in takes ten seconds.",
}
LINKS = {
    "evening_session": "/session",
    "evening_checkin": "/checkin",
    "morning_checkin": "/checkin",
}


# -- what the reminder use-cases return (tests/web/test_response_models.py checks the API's
# response models against these) --------------------------------------------------------------


class ScheduledReminderView(TypedDict):
    kind: str
    time: str
    title: str
    text: str
    url: str


class RemindersView(TypedDict):
    """The times set, and the reminders to schedule (``GET /api/v1/reminders``)."""

    times: ReminderTimesJson
    scheduled: list[ScheduledReminderView]


def load_reminders(*, ctx: AppContext) -> Reminders:
    from legcare.store import profiles as profiles_repo

    with ctx.store.read() as conn:
        data = profiles_repo.get_profile(conn, user_id=ctx.user_id) or {}
    return parse_reminders(data.get(KEY) or {})


def reminders(*, ctx: AppContext) -> RemindersView:
    """The times set, and the reminders to schedule (each with its words and page)."""
    current = load_reminders(ctx=ctx)
    massage = current_state(ctx=ctx).allows(Activity.MASSAGE)
    scheduled: list[ScheduledReminderView] = [
        {"kind": kind, "time": at, "title": LABELS[kind], "text": TEXTS[kind], "url": LINKS[kind]}
        for kind in KINDS
        if (at := current.time_of(kind)) is not None and (kind != "evening_session" or massage)
    ]
    return {"times": current.to_dict(), "scheduled": scheduled}


def save_reminders(*, ctx: AppContext, data: Mapping[str, Any]) -> RemindersView:
    """Validate and store the reminder times (one transaction); fields not given keep theirs."""
    from legcare.store import profiles as profiles_repo

    new = parse_reminders(data, base=load_reminders(ctx=ctx))
    with ctx.store.transaction() as conn:
        stored = profiles_repo.get_profile(conn, user_id=ctx.user_id)
        if stored is None:
            from legcare.domain.plans.profile import default_profile

            stored = default_profile().to_dict()
        profiles_repo.save_profile(
            conn, user_id=ctx.user_id, data={**stored, KEY: new.to_dict()}, now=ctx.now()
        )
    return reminders(ctx=ctx)


__all__ = [
    "RemindersView",
    "ScheduledReminderView",
    "load_reminders",
    "reminders",
    "save_reminders",
]
