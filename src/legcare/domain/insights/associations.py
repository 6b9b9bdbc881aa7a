"""Nights with and without each exposure or practice: counts, difference in means, interval.

These are associations in observational diary data, never causes: a person may drink coffee on
the days they slept badly, or massage their legs on the evenings that are already bad. Every
sentence says so. A comparison is shown only with at least ``MIN_DAYS`` days with and
``MIN_DAYS`` days without; otherwise only the counts are given.

Outcomes: the evening's own ratings for the same day, and the next morning's ratings for the
night that followed the evening's exposures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from legcare.domain.diary.exposures import EXPOSURES, Exposure
from legcare.domain.insights.intervals import Difference, welch_difference
from legcare.domain.insights.series import METRIC_BY_NAME, DiaryData, FloatArray, Metric

MIN_DAYS = 5
CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Outcome:
    """A metric compared across exposures, and when it is read relative to the exposure."""

    metric: Metric
    timing: str  # same_evening | next_morning


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(METRIC_BY_NAME["rls"], "same_evening"),
    Outcome(METRIC_BY_NAME["sleep_quality"], "next_morning"),
    Outcome(METRIC_BY_NAME["first_step_heel_pain"], "next_morning"),
)


@dataclass(frozen=True, slots=True)
class Association:
    """One exposure against one outcome."""

    exposure: Exposure
    outcome: Outcome
    n_with: int
    n_without: int
    n_unrecorded: int  # days in the range counted on neither side
    difference: Difference | None  # None unless there are enough days on both sides

    @property
    def enough(self) -> bool:
        return self.difference is not None

    @property
    def direction(self) -> str | None:
        """better | worse | unclear (the interval includes no difference), or None."""
        d = self.difference
        if d is None:
            return None
        if d.includes_zero:
            return "unclear"
        better = d.difference > 0 if self.outcome.metric.higher_is_better else d.difference < 0
        return "better" if better else "worse"


def compare(
    outcome: FloatArray, exposure: FloatArray, *, min_days: int = MIN_DAYS
) -> tuple[int, int, int, Difference | None]:
    """(n with, n without, n unrecorded, difference with minus without or None)."""
    present = ~np.isnan(outcome) & ~np.isnan(exposure)
    with_values = outcome[present & (exposure == 1.0)]
    without_values = outcome[present & (exposure == 0.0)]
    n_with, n_without = int(with_values.size), int(without_values.size)
    unrecorded = int(outcome.size) - n_with - n_without
    if n_with < max(min_days, 2) or n_without < max(min_days, 2):
        return n_with, n_without, unrecorded, None
    diff = welch_difference(with_values, without_values, confidence=CONFIDENCE)
    return n_with, n_without, unrecorded, diff


def outcome_values(data: DiaryData, outcome: Outcome) -> FloatArray:
    """The outcome's daily values, lined up with the evening of the exposure."""
    if outcome.timing == "next_morning":
        return data.next_morning(outcome.metric.name)
    return data.metrics[outcome.metric.name]


def associations(data: DiaryData, *, min_days: int = MIN_DAYS) -> list[Association]:
    """Every exposure against every outcome, in a fixed order."""
    out = []
    for outcome in OUTCOMES:
        values = outcome_values(data, outcome)
        for exposure in EXPOSURES:
            n_with, n_without, unrecorded, diff = compare(
                values, data.exposures[exposure.name], min_days=min_days
            )
            out.append(Association(exposure, outcome, n_with, n_without, unrecorded, diff))
    return out


def _subject(item: Association) -> tuple[str, str]:
    """("Nights with alcohol", "restless-legs symptoms that evening")."""
    metric = item.outcome.metric
    if item.outcome.timing == "next_morning":
        return f"Days with {item.exposure.label}", f"{metric.label} the next morning"
    return f"Nights with {item.exposure.label}", f"{metric.label} that evening"


def describe_association(item: Association) -> str:
    """The association in plain words, never as a cause."""
    who, what = _subject(item)
    counts = f"{item.n_with} with, {item.n_without} without"
    d = item.difference
    if d is None:
        return (
            f"{who}: not enough days yet to compare {what} ({counts}; "
            f"needs at least {MIN_DAYS} of each)."
        )
    # round as the JSON does (two decimals) before showing one, so every view agrees
    diff, low, high = round(d.difference, 2), round(d.low, 2), round(d.high, 2)
    size = abs(diff)
    unit = item.outcome.metric.unit
    way = "higher" if diff > 0 else "lower"
    pct = f"{d.confidence:.0%}"
    interval = f"{pct} interval {low:+.1f} to {high:+.1f}"
    cause = f"This does not show that {item.exposure.label} causes the difference."
    if d.includes_zero:
        return (
            f"{who} went with {what} {size:.1f} {unit} {way} on average, but the {interval} "
            f"includes no difference ({counts}). {cause}"
        )
    return (
        f"{who} went with {what} {size:.1f} {unit} {way} on average ({interval}; {counts}). {cause}"
    )
