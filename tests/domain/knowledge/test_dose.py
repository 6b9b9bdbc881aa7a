"""Dose wording and range checks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.knowledge import Dose, TimeOfDay


def test_trigger_point_dose_reads_naturally() -> None:
    dose = Dose(minutes_min=3, minutes_max=5, times_per_day_min=2, note="per knot")
    assert dose.describe() == "3-5 min; at least twice a day; per knot"


def test_session_and_stretch_doses() -> None:
    session = Dose(
        minutes_min=30,
        minutes_max=60,
        times_per_week_min=2,
        time_of_day=(TimeOfDay.EVENING, TimeOfDay.BEFORE_BED),
    )
    assert session.describe() == "30-60 min; at least twice a week; evening, before bed"
    stretch = Dose(
        hold_seconds_min=10, hold_seconds_max=10, reps=10, times_per_day_min=3, times_per_day_max=3
    )
    assert stretch.describe() == "10 s hold; 10 repetitions; 3 times a day"
    assert Dose(reps=12, sets=3).describe() == "3 sets of 12"


def test_inverted_ranges_are_problems() -> None:
    assert Dose(hold_seconds_min=90, hold_seconds_max=30).problems() == [
        ("hold_seconds_min", "minimum 90 is above maximum 30")
    ]
    assert Dose(minutes_max=5).problems() == [("minutes_max", "a maximum needs a minimum")]


@given(
    st.integers(1, 100) | st.none(),
    st.integers(1, 100) | st.none(),
    st.integers(1, 24) | st.none(),
    st.integers(1, 24) | st.none(),
)
def test_problems_flag_exactly_the_broken_ranges(
    low: int | None, high: int | None, per_day_low: int | None, per_day_high: int | None
) -> None:
    dose = Dose(
        hold_seconds_min=low,
        hold_seconds_max=high,
        times_per_day_min=per_day_low,
        times_per_day_max=per_day_high,
    )
    fields = {f for f, _ in dose.problems()}
    hold_broken = (high is not None and low is None) or (
        low is not None and high is not None and low > high
    )
    day_broken = (per_day_high is not None and per_day_low is None) or (
        per_day_low is not None and per_day_high is not None and per_day_low > per_day_high
    )
    assert bool(fields & {"hold_seconds_min", "hold_seconds_max"}) == hold_broken
    assert bool(fields & {"times_per_day_min", "times_per_day_max"}) == day_broken
    assert isinstance(dose.describe(), str)
