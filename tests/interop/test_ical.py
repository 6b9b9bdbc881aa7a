"""The plan as iCalendar: written with icalendar, read back with vobject, every event checked."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import vobject

from legcare.domain.plans.check import CheckSummary
from legcare.domain.plans.generator import generate_plan
from legcare.domain.plans.model import Plan
from legcare.domain.plans.profile import parse_profile
from legcare.interop.ical import plan_to_ical
from tests.domain.plans.strategies import CATALOGUE

MONDAY = date(2026, 11, 16)


@pytest.fixture
def plan() -> Plan:
    check = CheckSummary(patterns={"restless_legs": "consistent", "plantar_fasciitis": "possible"})
    profile = parse_profile({"days": "mon,wed,fri", "bedtime": "23:00", "tools": "water_bottle"})
    result = generate_plan(check, profile, catalogue=CATALOGUE)
    assert isinstance(result, Plan)
    return result


def _expected(plan: Plan, weeks: int) -> dict[str, tuple[datetime, int]]:
    out = {}
    for offset in range(weeks * 7):
        day = MONDAY + timedelta(days=offset)
        for session in plan.sessions_on(day.weekday()):
            uid = f"{session.id}-{day:%Y%m%d}-v3@legcare"
            out[uid] = (datetime.combine(day, session.start), session.seconds)
    return out


def test_every_event_with_a_named_zone(plan: Plan) -> None:
    zone = ZoneInfo("Europe/London")
    text = plan_to_ical(plan, version=3, start=MONDAY, weeks=2, reminder_minutes=45, tz=zone)
    calendar = vobject.readOne(text)
    assert calendar.prodid.value == "-//legcare//plan//EN"
    assert "vtimezone" not in calendar.contents  # times are in UTC
    expected = _expected(plan, 2)
    events = calendar.vevent_list
    assert len(events) == len(expected) > 0
    for event in events:
        start, seconds = expected[event.uid.value]
        assert event.dtstart.value.astimezone(zone).replace(tzinfo=None) == start
        assert event.dtstart.value.utcoffset() == timedelta(0)
        assert event.dtend.value - event.dtstart.value == timedelta(seconds=max(60, seconds))
        (alarm,) = event.valarm_list
        assert alarm.action.value == "DISPLAY"
        assert alarm.trigger.value == timedelta(minutes=-45)
        assert alarm.description.value.endswith("in 45 minutes")
        assert event.summary.value.startswith("legcare: ")


def test_daylight_saving_keeps_the_local_time(plan: Plan) -> None:
    zone = ZoneInfo("Europe/London")
    week_of_change = date(2026, 3, 23)  # BST starts on Sunday 29 March 2026
    text = plan_to_ical(
        plan, version=1, start=week_of_change, weeks=2, reminder_minutes=30, tz=zone
    )
    starts = {
        e.dtstart.value.astimezone(zone).time()
        for e in vobject.readOne(text).vevent_list
        if e.uid.value.startswith("morning_first_steps")
    }
    assert len(starts) == 1  # the same local time before and after the change


def test_fixed_offset_is_written_in_utc(plan: Plan) -> None:
    offset = timezone(timedelta(hours=1))
    text = plan_to_ical(plan, version=3, start=MONDAY, weeks=1, reminder_minutes=0, tz=offset)
    calendar = vobject.readOne(text)
    assert "vtimezone" not in calendar.contents
    expected = _expected(plan, 1)
    for event in calendar.vevent_list:
        start, _ = expected[event.uid.value]
        assert event.dtstart.value == start.replace(tzinfo=offset)
        assert event.dtstart.value.utcoffset() == timedelta(0)
        assert event.valarm.trigger.value == timedelta(0)


def test_description_lists_the_steps(plan: Plan) -> None:
    text = plan_to_ical(plan, version=3, start=MONDAY, weeks=1, reminder_minutes=30, tz=None)
    calendar = vobject.readOne(text)
    evening = next(e for e in calendar.vevent_list if "Evening" in e.summary.value)
    description = evening.description.value
    assert "Full-leg massage to finish" in description and "legcare session" in description
