"""Reminder times, kept with the profile (its ``reminders`` entry), and what each reminder says.

``reminders(ctx=ctx)`` is what ``GET /api/v1/reminders`` returns and what the installed web app
schedules. The evening-session reminder is scheduled only when the session it opens has a step
the safety state allows now (a possible blood clot blocks every massage, reminders included):
this module asks the one safety state about that session's steps and keeps no rule of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from legcare.domain.plans.model import Plan
from legcare.domain.reminders import KINDS, LABELS, Reminders, ReminderTimesJson, parse_reminders
from legcare.domain.safety import SafetyState
from legcare.services.context import AppContext
from legcare.services.plans import read_plan
from legcare.services.safety import current_state
from legcare.services.sessions import session_for_day

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
    times = {kind: current.time_of(kind) for kind in KINDS}
    if times["evening_session"] is not None:
        _, plan = read_plan(ctx=ctx)
        if not session_can_start(plan, current_state(ctx=ctx)):
            times["evening_session"] = None
    scheduled: list[ScheduledReminderView] = [
        {"kind": kind, "time": at, "title": LABELS[kind], "text": TEXTS[kind], "url": LINKS[kind]}
        for kind, at in times.items()
        if at is not None
    ]
    return {"times": current.to_dict(), "scheduled": scheduled}


def session_can_start(plan: Plan, state: SafetyState) -> bool:
    """Whether the session the reminder opens, on some day of the week, keeps a step that
    ``state`` allows (what ``sessions.start_session`` would play)."""
    sessions = [session_for_day(plan, weekday) for weekday in range(7)]
    return any(state.allows_step(step.kind.value) for s in sessions if s for step in s.steps)


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
