"""Trends: the 7-day mean and the last four weeks against the four before, per metric."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from legcare.domain.insights.series import METRICS, DiaryData, FloatArray, Metric

WEEK = 7
FOUR_WEEKS = 28
# A change smaller than this (in the metric's unit) is described as "about the same".
SAME_BAND = 0.5
# Each four-week window needs this many recorded days before the two are compared.
MIN_DAYS_TO_COMPARE = 7


@dataclass(frozen=True, slots=True)
class Window:
    """The mean of a metric over ``[start, end]`` and how many days had a value."""

    start: date
    end: date
    mean: float | None
    n: int


@dataclass(frozen=True, slots=True)
class Trend:
    """How one metric has moved."""

    metric: Metric
    last_7_days: Window
    last_4_weeks: Window
    previous_4_weeks: Window
    change: float | None  # last four weeks minus the four before
    direction: str | None  # better | worse | same, or None without both windows


def _window(data: DiaryData, values: FloatArray, end_index: int, length: int) -> Window:
    lo = max(end_index - length + 1, 0)
    end_day = data.day(end_index)
    start_day = end_day - timedelta(days=length - 1)
    if end_index < 0:
        return Window(start_day, end_day, None, 0)
    chunk = values[lo : end_index + 1]
    present = chunk[~np.isnan(chunk)]
    mean = float(present.mean()) if present.size else None
    return Window(start_day, end_day, mean, int(present.size))


def _direction(metric: Metric, change: float | None) -> str | None:
    if change is None:
        return None
    if abs(change) < SAME_BAND:
        return "same"
    improved = change > 0 if metric.higher_is_better else change < 0
    return "better" if improved else "worse"


def metric_trend(data: DiaryData, metric: Metric) -> Trend:
    """The trend of ``metric`` at the end of ``data``'s range."""
    values = data.metrics[metric.name]
    last = data.size - 1
    recent = _window(data, values, last, FOUR_WEEKS)
    before = _window(data, values, last - FOUR_WEEKS, FOUR_WEEKS)
    change = None
    if (
        recent.mean is not None
        and before.mean is not None
        and min(recent.n, before.n) >= MIN_DAYS_TO_COMPARE
    ):
        change = recent.mean - before.mean
    return Trend(
        metric=metric,
        last_7_days=_window(data, values, last, WEEK),
        last_4_weeks=recent,
        previous_4_weeks=before,
        change=change,
        direction=_direction(metric, change),
    )


def trends(data: DiaryData) -> list[Trend]:
    """The trend of every metric."""
    return [metric_trend(data, m) for m in METRICS]


def describe_trend(trend: Trend) -> str:
    """One plain sentence about ``trend``."""
    m = trend.metric
    week = trend.last_7_days
    if week.mean is None:
        head = f"No {m.label} recorded in the last 7 days."
    else:
        head = (
            f"{m.label.capitalize()}: {week.mean:.1f} on average over the last 7 days "
            f"({week.n} days)."
        )
    if trend.change is None:
        return head + " Not enough weeks yet to compare four weeks with the four before."
    word = {"better": "better", "worse": "worse", "same": "about the same"}[
        trend.direction or "same"
    ]
    sign = "+" if trend.change >= 0 else ""
    return (
        f"{head} The last four weeks averaged {trend.last_4_weeks.mean:.1f} against "
        f"{trend.previous_4_weeks.mean:.1f} in the four before "
        f"({sign}{trend.change:.1f} {m.unit}: {word})."
    )
