"""The plan as iCalendar: written with icalendar, read back with vobject, icalendar and khal,
every event checked, across plan changes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

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
            uid = f"{session.id}-{day:%Y%m%d}@legcare"
            out[uid] = (datetime.combine(day, session.start), session.seconds)
    return out


def test_every_event_with_a_named_zone(plan: Plan) -> None:
    zone = ZoneInfo("Europe/London")
    text = plan_to_ical(plan, start=MONDAY, weeks=2, reminder_minutes=45, tz=zone)
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
    text = plan_to_ical(plan, start=week_of_change, weeks=2, reminder_minutes=30, tz=zone)
    starts = {
        e.dtstart.value.astimezone(zone).time()
        for e in vobject.readOne(text).vevent_list
        if e.uid.value.startswith("morning_first_steps")
    }
    assert len(starts) == 1  # the same local time before and after the change


def test_fixed_offset_is_written_in_utc(plan: Plan) -> None:
    offset = timezone(timedelta(hours=1))
    text = plan_to_ical(plan, start=MONDAY, weeks=1, reminder_minutes=0, tz=offset)
    calendar = vobject.readOne(text)
    assert "vtimezone" not in calendar.contents
    expected = _expected(plan, 1)
    for event in calendar.vevent_list:
        start, _ = expected[event.uid.value]
        assert event.dtstart.value == start.replace(tzinfo=offset)
        assert event.dtstart.value.utcoffset() == timedelta(0)
        assert event.valarm.trigger.value == timedelta(0)


def test_description_lists_the_steps(plan: Plan) -> None:
    text = plan_to_ical(plan, start=MONDAY, weeks=1, reminder_minutes=30, tz=None)
    calendar = vobject.readOne(text)
    evening = next(e for e in calendar.vevent_list if "Evening" in e.summary.value)
    description = evening.description.value
    assert "Full-leg massage to finish" in description and "legcare session" in description


# -- plan changes: stable UIDs, revisions and cancellations ----------------------------------


def _plan(days: str, bedtime: str = "23:00") -> Plan:
    check = CheckSummary(patterns={"restless_legs": "consistent", "plantar_fasciitis": "possible"})
    result = generate_plan(
        check,
        parse_profile({"days": days, "bedtime": bedtime, "tools": "water_bottle"}),
        catalogue=CATALOGUE,
    )
    assert isinstance(result, Plan)
    return result


def _occurrences(plan: Plan, weeks: int) -> set[str]:
    return {
        f"{s.id}-{day:%Y%m%d}@legcare"
        for day in (MONDAY + timedelta(days=n) for n in range(weeks * 7))
        for s in plan.sessions_on(day.weekday())
    }


def _by_uid(text: str) -> dict[str, Any]:
    events: dict[str, Any] = {}
    for event in vobject.readOne(text).vevent_list:
        assert event.uid.value not in events, f"{event.uid.value} twice"
        events[event.uid.value] = event
    return events


def test_a_plan_change_keeps_uids_and_cancels_removed_sessions() -> None:
    old, new = _plan("mon,wed,fri"), _plan("mon,thu", bedtime="22:00")
    first = _by_uid(plan_to_ical(old, start=MONDAY, weeks=1, reminder_minutes=30, tz=None))
    second = _by_uid(plan_to_ical([old, new], start=MONDAY, weeks=1, reminder_minutes=30, tz=None))
    kept, gone = _occurrences(new, 1), _occurrences(old, 1) - _occurrences(new, 1)
    assert gone and kept & set(first)  # the change removes some and keeps some occurrences
    assert set(second) == kept | gone
    for uid, event in second.items():
        sequence = int(event.sequence.value)
        if uid in gone:
            assert event.status.value == "CANCELLED"
            assert sequence > int(first[uid].sequence.value)  # a revision calendars apply
            assert "valarm" not in event.contents  # no reminder for a removed session
        else:
            assert event.status.value == "CONFIRMED"
            assert len(event.valarm_list) == 1
            if uid in first:  # kept: revised only when what it shows changed
                same = (
                    event.dtstart.value == first[uid].dtstart.value
                    and event.description.value == first[uid].description.value
                )
                assert sequence == int(first[uid].sequence.value) + (0 if same else 1)
            else:
                assert sequence == 0


def test_the_second_parser_agrees(plan: Plan) -> None:
    from icalendar import Calendar

    text = plan_to_ical(
        [_plan("mon,wed,fri"), plan], start=MONDAY, weeks=2, reminder_minutes=30, tz=None
    )
    parsed = Calendar.from_ical(text)
    events = list(parsed.walk("VEVENT"))
    assert {str(e["UID"]) for e in events} == set(_by_uid(text))
    assert str(parsed["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"
    for event in events:
        alarms = event.walk("VALARM")
        assert len(alarms) == (0 if str(event["STATUS"]) == "CANCELLED" else 1)


def test_a_withdrawn_plan_cancels_every_event(plan: Plan) -> None:
    text = plan_to_ical([plan], start=MONDAY, weeks=1, reminder_minutes=30, tz=None, withdrawn=True)
    events = _by_uid(text)
    assert set(events) == _occurrences(plan, 1)
    assert {e.status.value for e in events.values()} == {"CANCELLED"}
    assert "BEGIN:VALARM" not in text


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(DAYS), min_size=1),
            st.sampled_from(["21:00", "22:30", "23:00"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_history_lists_each_occurrence_once(history: list[tuple[set[str], str]]) -> None:
    versions = [_plan(",".join(sorted(days)), bedtime) for days, bedtime in history]
    events = _by_uid(plan_to_ical(versions, start=MONDAY, weeks=1, reminder_minutes=30, tz=None))
    current = _occurrences(versions[-1], 1)
    ever = set().union(*(_occurrences(v, 1) for v in versions))
    assert set(events) == ever
    assert {u for u, e in events.items() if e.status.value == "CONFIRMED"} == current
    # every earlier export is superseded: each event's SEQUENCE is at least what any prefix of
    # the history gave it, and higher wherever the event changed since
    for cut in range(1, len(versions)):
        before = _by_uid(
            plan_to_ical(versions[:cut], start=MONDAY, weeks=1, reminder_minutes=30, tz=None)
        )
        for uid, old in before.items():
            new = events[uid]
            assert int(new.sequence.value) >= int(old.sequence.value)
            changed = (
                new.status.value != old.status.value
                or new.dtstart.value != old.dtstart.value
                or new.description.value != old.description.value
            )
            if changed:
                assert int(new.sequence.value) > int(old.sequence.value)


# -- khal, a real calendar program: import after a plan change --------------------------------


def _khal(config: Path, *args: str) -> str:
    khal = Path(sys.executable).with_name("khal")
    done = subprocess.run(
        [str(khal), "-c", str(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_khal_import_after_a_plan_change_shows_each_session_once(tmp_path: Path) -> None:
    zone = ZoneInfo("Europe/London")
    old, new = _plan("mon,wed,fri"), _plan("mon,thu", bedtime="22:00")
    (tmp_path / "cal").mkdir()
    config = tmp_path / "config"
    config.write_text(
        "[calendars]\n[[legcare]]\n"
        f"path = {tmp_path / 'cal'}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/London\ndefault_timezone = Europe/London\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    for n, versions in enumerate(([old], [old, new])):
        path = tmp_path / f"v{n}.ics"
        path.write_text(
            plan_to_ical(versions, start=MONDAY, weeks=1, reminder_minutes=30, tz=zone),
            encoding="utf-8",
        )
        _khal(config, "import", "--batch", "-a", "legcare", str(path))
    listing = _khal(config, "list", "--format", "{uid}|{cancelled}|{start-time}", f"{MONDAY}", "7d")
    rows = [line.split("|") for line in listing.splitlines() if "|" in line]
    uids = [uid for uid, _, _ in rows]
    assert len(uids) == len(set(uids))  # no session twice
    live = {uid for uid, cancelled, _ in rows if not cancelled.strip()}
    assert live == _occurrences(new, 1)
    assert {uid for uid, cancelled, _ in rows if cancelled.strip()} == (
        _occurrences(old, 1) - _occurrences(new, 1)
    )
    massage = {start for uid, c, start in rows if uid.startswith("evening_massage") and not c}
    assert len(massage) == 1  # at the new time, not the old one
