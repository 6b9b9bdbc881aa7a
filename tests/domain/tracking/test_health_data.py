"""Turning imported records into nights and days: overlap, the night boundary, device totals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.tracking.health_data import (
    HeartRateReading,
    SleepInterval,
    StepCount,
    daily_resting_heart_rate,
    daily_steps,
    night_of,
    nightly_sleep,
)
from legcare.domain.tracking.sources import ValueSource, parse_source

SRC = ValueSource.APPLE_HEALTH


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_overlapping_watch_and_phone_sleep_is_counted_once() -> None:
    intervals = [
        SleepInterval(at(1, 23), at(2, 3)),
        SleepInterval(at(2, 1), at(2, 6)),  # overlaps the first
        SleepInterval(at(2, 6, 30), at(2, 7)),
    ]
    assert nightly_sleep(intervals, SRC)[0].minutes_asleep == 7 * 60 + 30
    assert nightly_sleep(intervals, SRC)[0].night == date(2026, 11, 2)


def test_evening_naps_count_toward_the_next_night() -> None:
    assert night_of(at(2, 19)) == date(2026, 11, 3)
    assert night_of(at(2, 7)) == date(2026, 11, 2)


INTERVALS = st.lists(
    st.tuples(st.integers(0, 72 * 60), st.integers(1, 10 * 60)).map(
        lambda t: SleepInterval(
            at(1, 0) + timedelta(minutes=t[0]), at(1, 0) + timedelta(minutes=t[0] + t[1])
        )
    ),
    max_size=12,
)


@given(INTERVALS)
def test_merged_sleep_never_exceeds_the_sum_nor_falls_below_the_longest(
    intervals: list[SleepInterval],
) -> None:
    total = sum(n.minutes_asleep for n in nightly_sleep(intervals, SRC))
    raw = sum((i.end - i.start).total_seconds() / 60 for i in intervals)
    assert total <= raw + 0.5 * len(intervals) + 1
    if intervals:
        longest = max((i.end - i.start).total_seconds() / 60 for i in intervals)
        assert total >= longest - 1


@given(INTERVALS)
def test_duplicated_records_change_nothing(intervals: list[SleepInterval]) -> None:
    assert nightly_sleep(intervals + intervals, SRC) == nightly_sleep(intervals, SRC)


def test_steps_take_the_largest_device_total_not_the_sum() -> None:
    day = date(2026, 11, 2)
    counts = [
        StepCount(day, "watch", 4000),
        StepCount(day, "watch", 2000),
        StepCount(day, "phone", 5500),
    ]
    assert daily_steps(counts, SRC)[0].steps == 6000


def test_resting_heart_rate_is_the_daily_mean() -> None:
    day = date(2026, 11, 2)
    got = daily_resting_heart_rate([HeartRateReading(day, 55), HeartRateReading(day, 58)], SRC)
    assert got[0].bpm == 57 and got[0].source is SRC


def test_parse_source() -> None:
    assert parse_source("Fitbit") is ValueSource.FITBIT
    try:
        parse_source("garmin")
    except ValueError as exc:
        assert "allowed: manual, apple_health, health_connect, fitbit" in str(exc)
