"""The plan as an RFC 5545 calendar: one event per session, each with a reminder (VALARM).

Events are written out one by one (no recurrence rules), so any calendar shows them and a test
can check each. Times are written in UTC, each converted from the local time zone on its own
date (so a session at 22:30 stays at 22:30 across a daylight-saving change). UTC rather than a
TZID with a VTIMEZONE because calendar parsers disagree on long VTIMEZONE definitions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import Alarm, Calendar, Event

from legcare.domain.plans.model import Plan, Session

PRODID = "-//legcare//plan//EN"


def _description(session: Session) -> str:
    lines = [session.note] if session.note else []
    for step in session.steps:
        minutes, seconds = divmod(step.seconds, 60)
        lines.append(f"- {step.title}: {minutes}:{seconds:02d} ({step.dose})")
    lines.append("Play it with `legcare session`.")
    return "\n".join(lines)


def _event(
    session: Session,
    day: date,
    *,
    version: int,
    zone: tzinfo | None,
    stamp: datetime,
    reminder_minutes: int,
) -> Event:
    local = datetime.combine(day, session.start).replace(tzinfo=zone)
    start = local.astimezone(UTC) if zone is not None else local.astimezone().astimezone(UTC)
    event = Event()
    event.add("uid", f"{session.id}-{day:%Y%m%d}-v{version}@legcare")
    event.add("dtstamp", stamp)
    event.add("summary", f"legcare: {session.title}")
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(seconds=max(60, session.seconds)))
    event.add("description", _description(session))
    event.add("categories", ["legcare"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{session.title} in {reminder_minutes} minutes")
    alarm.add("trigger", timedelta(minutes=-reminder_minutes))
    event.add_component(alarm)
    return event


def plan_to_ical(
    plan: Plan,
    *,
    version: int,
    start: date,
    weeks: int,
    reminder_minutes: int,
    tz: tzinfo | None,
    stamp: datetime | None = None,
) -> str:
    """Every session of ``plan`` for ``weeks`` weeks from ``start``, as iCalendar text."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "legcare plan")
    moment = stamp or datetime(start.year, start.month, start.day, tzinfo=UTC)
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        for session in plan.sessions_on(day.weekday()):
            cal.add_component(
                _event(
                    session,
                    day,
                    version=version,
                    zone=tz,
                    stamp=moment.astimezone(UTC),
                    reminder_minutes=reminder_minutes,
                )
            )
    text: str = cal.to_ical().decode()
    return text
