"""The plan as an RFC 5545 calendar: one event per planned session, each with a reminder (VALARM).

Events are written out one by one (no recurrence rules), so any calendar shows them and a test
can check each. Times are written in UTC, each converted from the local time zone on its own
date (so a session at 22:30 stays at 22:30 across a daylight-saving change). UTC rather than a
TZID with a VTIMEZONE because calendar parsers disagree on long VTIMEZONE definitions.

Calendars match events by UID, so a UID names one planned occurrence (a session on a date), not
a plan version: when the plan changes, an import or a feed refresh updates the events in place
instead of adding a second copy. ``SEQUENCE`` counts the revisions of an occurrence across the
plan versions; an occurrence that an earlier version had and the current one drops is written
with ``STATUS:CANCELLED`` and a higher ``SEQUENCE`` (and no reminder), so calendars that kept it
remove or strike it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event

from legcare.domain.plans.model import Plan, Session

PRODID = "-//legcare//plan//EN"
REFRESH = timedelta(hours=1)


def _description(session: Session) -> str:
    lines = [session.note] if session.note else []
    for step in session.steps:
        minutes, seconds = divmod(step.seconds, 60)
        lines.append(f"- {step.title}: {minutes}:{seconds:02d} ({step.dose})")
    lines.append("Play it with `legcare session`.")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One planned session on one date, as the calendar shows it."""

    session: Session
    day: date
    sequence: int
    cancelled: bool

    @property
    def key(self) -> tuple[str, date]:
        return (self.session.id, self.day)


def _content(session: Session) -> tuple[object, ...]:
    """What a calendar displays of a session: a change here is a revision of its events."""
    return (session.title, session.start, max(60, session.seconds), _description(session))


def _days(start: date, weeks: int) -> list[date]:
    return [start + timedelta(days=offset) for offset in range(weeks * 7)]


def occurrences(
    versions: Sequence[Plan], *, start: date, weeks: int, withdrawn: bool = False
) -> list[Occurrence]:
    """Every occurrence in ``weeks`` weeks from ``start`` that any of ``versions`` (oldest
    first, the last one current) planned, with its revision count; the ones the current
    version no longer has are cancelled. ``withdrawn``: there is no current plan any more
    (a safety stop), so every occurrence is cancelled."""
    days = _days(start, weeks)
    history: dict[tuple[str, date], tuple[Session, tuple[object, ...] | None, int]] = {}
    passes: list[Plan | None] = [*versions, None] if withdrawn else list(versions)
    for plan in passes:
        present: set[tuple[str, date]] = set()
        for day in days:
            for session in plan.sessions_on(day.weekday()) if plan is not None else ():
                key = (session.id, day)
                present.add(key)
                content = _content(session)
                if key not in history:
                    history[key] = (session, content, 0)
                else:
                    _, before, sequence = history[key]
                    if before != content:
                        sequence += 1
                    history[key] = (session, content, sequence)
        for key, (session, before, sequence) in list(history.items()):
            if key not in present and before is not None:  # dropped by this version
                history[key] = (session, None, sequence + 1)
    out = [
        Occurrence(session=session, day=key[1], sequence=sequence, cancelled=content is None)
        for key, (session, content, sequence) in history.items()
    ]
    out.sort(key=lambda o: (o.day, o.session.start, o.session.id))
    return out


def uid(session_id: str, day: date, *, owner: str = "legcare") -> str:
    """The stable UID of a planned occurrence (the same in every plan version)."""
    return f"{session_id}-{day:%Y%m%d}@{owner}"


def _event(
    occurrence: Occurrence,
    *,
    owner: str,
    zone: tzinfo | None,
    stamp: datetime,
    reminder_minutes: int,
) -> Event:
    session, day = occurrence.session, occurrence.day
    local = datetime.combine(day, session.start).replace(tzinfo=zone)
    start = local.astimezone(UTC) if zone is not None else local.astimezone().astimezone(UTC)
    event = Event()
    event.add("uid", uid(session.id, day, owner=owner))
    event.add("dtstamp", stamp)
    event.add("sequence", occurrence.sequence)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(seconds=max(60, session.seconds)))
    event.add("categories", ["legcare"])
    if occurrence.cancelled:
        # calendars match the UID; the title is not repeated, so a session withdrawn for
        # safety is not named again
        event.add("summary", "legcare: cancelled session")
        event.add("status", "CANCELLED")
        event.add("description", "No longer in your legcare plan.")
        return event
    event.add("summary", f"legcare: {session.title}")
    event.add("status", "CONFIRMED")
    event.add("description", _description(session))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{session.title} in {reminder_minutes} minutes")
    alarm.add("trigger", timedelta(minutes=-reminder_minutes))
    event.add_component(alarm)
    return event


def plan_to_ical(
    plan: Plan | Sequence[Plan],
    *,
    start: date,
    weeks: int,
    reminder_minutes: int,
    tz: tzinfo | None,
    stamp: datetime | None = None,
    owner: str = "legcare",
    withdrawn: bool = False,
) -> str:
    """Every session of the plan for ``weeks`` weeks from ``start``, as iCalendar text.

    ``plan`` is the current plan, or every stored version oldest first (the last one current)
    so that occurrences the earlier versions had are revised or cancelled. ``owner`` is the
    right-hand side of every UID (one per user, so two people's events never collide).
    ``withdrawn``: the plan was withdrawn (a safety stop), so every event is cancelled.
    """
    versions = [plan] if isinstance(plan, Plan) else list(plan)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "legcare plan")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    moment = (stamp or datetime(start.year, start.month, start.day, tzinfo=UTC)).astimezone(UTC)
    for occurrence in occurrences(versions, start=start, weeks=weeks, withdrawn=withdrawn):
        cal.add_component(
            _event(
                occurrence,
                owner=owner,
                zone=tz,
                stamp=moment,
                reminder_minutes=reminder_minutes,
            )
        )
    text: str = cal.to_ical().decode()
    return text
