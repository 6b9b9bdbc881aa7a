from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.reminders import Reminders, parse_reminders
from legcare.errors import InvalidInput


def test_times_parse_and_empty_means_none() -> None:
    got = parse_reminders(
        {"evening_session": "21:30", "evening_checkin": "", "morning_checkin": None}
    )
    assert got == Reminders(time(21, 30), None, None)
    assert got.to_dict() == {
        "evening_session": "21:30",
        "evening_checkin": None,
        "morning_checkin": None,
    }
    kept = parse_reminders({"morning_checkin": "07:05"}, base=got)
    assert kept.evening_session == time(21, 30) and kept.morning_checkin == time(7, 5)


def test_bad_times_say_what_is_allowed_in_plain_words() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_reminders({"evening_session": "9pm", "lunch": "12:00"})
    text = " ".join(caught.value.details)
    assert "Evening session: '9pm' is not a time" in text and "21:30" in text
    assert "lunch: not a reminder" in text
    assert "evening_session" not in text.split("lunch")[0]


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_clock_time_round_trips(hour: int, minute: int) -> None:
    text = f"{hour:02d}:{minute:02d}"
    assert parse_reminders({"evening_checkin": text}).to_dict()["evening_checkin"] == text


@pytest.mark.parametrize("text", ["21:30:00", "21:30:59", "21:30:00.000", "9:30"])
def test_seconds_and_a_one_digit_hour_are_accepted_to_the_minute(text: str) -> None:
    expected = "09:30" if text == "9:30" else "21:30"
    assert parse_reminders({"evening_session": text}).to_dict()["evening_session"] == expected


@given(st.one_of(st.text(max_size=12), st.text(alphabet="0123456789:. ", max_size=12)))
def test_anything_else_is_refused_or_a_valid_time(text: str) -> None:
    try:
        got = parse_reminders({"morning_checkin": text})
    except InvalidInput:
        return
    value = got.morning_checkin
    if value is None:
        assert text.strip() == ""
        return
    # An independent reading: the standard library's ISO parser, on a two-digit hour.
    hours, rest = text.strip().split(":", 1)
    parsed = time.fromisoformat(f"{int(hours):02d}:{rest}")
    assert (value.hour, value.minute) == (parsed.hour, parsed.minute)
