"""Values imported from phones and wearables, and the rules that turn raw records into days.

Raw records (a sleep interval, a step count over some minutes, a resting heart rate) become:
- ``NightSleep``: minutes asleep in one night. A night is named by the date of the morning it
  ends; a sleep period ending at or after 18:00 counts toward the next night. Overlapping
  periods (a watch and a phone both recording) are merged, so time is never counted twice.
- ``DailySteps``: steps per day. Each device's steps are summed per day and the day takes the
  largest device total: phones and watches count the same walk, so adding them would double it.
- ``DailyRestingHeartRate``: the mean of the resting heart rates recorded that day, rounded half up.
Every value carries its ``ValueSource``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from legcare.domain.tracking.sources import ValueSource

EVENING_HOUR = 18


@dataclass(frozen=True, slots=True)
class SleepInterval:
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class StepCount:
    day: date
    device: str
    steps: int


@dataclass(frozen=True, slots=True)
class HeartRateReading:
    day: date
    bpm: float


@dataclass(frozen=True, slots=True)
class NightSleep:
    night: date
    minutes_asleep: int
    source: ValueSource


@dataclass(frozen=True, slots=True)
class DailySteps:
    day: date
    steps: int
    source: ValueSource


@dataclass(frozen=True, slots=True)
class DailyRestingHeartRate:
    day: date
    bpm: int
    source: ValueSource


def night_of(end: datetime) -> date:
    """The night a sleep period belongs to: the morning of its end (evening ends: the next)."""
    if end.hour >= EVENING_HOUR:
        return end.date() + timedelta(days=1)
    return end.date()


def merge_intervals(intervals: Iterable[SleepInterval]) -> list[SleepInterval]:
    """The union of ``intervals`` as sorted, non-overlapping intervals."""
    out: list[SleepInterval] = []
    for item in sorted(intervals, key=lambda i: (i.start, i.end)):
        if out and item.start <= out[-1].end:
            last = out[-1]
            out[-1] = SleepInterval(last.start, max(last.end, item.end))
        else:
            out.append(item)
    return out


def nightly_sleep(intervals: Iterable[SleepInterval], source: ValueSource) -> list[NightSleep]:
    """Minutes asleep per night, overlapping periods merged; nights in date order."""
    by_night: dict[date, list[SleepInterval]] = {}
    for interval in intervals:
        if interval.end > interval.start:
            by_night.setdefault(night_of(interval.end), []).append(interval)
    nights = []
    for night in sorted(by_night):
        seconds = sum((i.end - i.start).total_seconds() for i in merge_intervals(by_night[night]))
        nights.append(NightSleep(night=night, minutes_asleep=round(seconds / 60), source=source))
    return nights


def daily_steps(counts: Iterable[StepCount], source: ValueSource) -> list[DailySteps]:
    """Steps per day: each device summed, the largest device total kept."""
    totals: dict[date, dict[str, int]] = {}
    for count in counts:
        per_device = totals.setdefault(count.day, {})
        per_device[count.device] = per_device.get(count.device, 0) + max(count.steps, 0)
    return [
        DailySteps(day=day, steps=max(totals[day].values()), source=source)
        for day in sorted(totals)
    ]


def daily_resting_heart_rate(
    readings: Iterable[HeartRateReading], source: ValueSource
) -> list[DailyRestingHeartRate]:
    """The mean resting heart rate per day, rounded to a whole beat per minute."""
    sums: dict[date, list[float]] = {}
    for reading in readings:
        sums.setdefault(reading.day, []).append(reading.bpm)
    out = []
    for day in sorted(sums):
        values = sums[day]
        bpm = int(sum(values) / len(values) + 0.5)  # half up
        out.append(DailyRestingHeartRate(day=day, bpm=bpm, source=source))
    return out
