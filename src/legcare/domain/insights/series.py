"""Day-by-day arrays built from check-ins: the input every insight reads.

``DiaryData`` holds one slot per calendar day from ``start`` to ``end``: each metric as a float
array (NaN where not recorded) and each exposure as a float array (1 yes, 0 no, NaN not
recorded). Morning values sit on the morning's date; ``next_morning`` shifts them back one day,
so that an evening's exposures line up with the night that followed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from legcare.domain.diary.exposures import EXPOSURES, exposure_value
from legcare.domain.diary.fields import HIGHER_IS_BETTER, CheckinKind

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Metric:
    """A number recorded in a check-in that insights follow over time."""

    name: str
    kind: CheckinKind
    label: str  # lower case, reads inside a sentence
    unit: str = "points"

    @property
    def higher_is_better(self) -> bool:
        return self.name in HIGHER_IS_BETTER


METRICS: tuple[Metric, ...] = (
    Metric("rls", CheckinKind.EVENING, "restless-legs symptoms"),
    Metric("leg_pain", CheckinKind.EVENING, "leg pain"),
    Metric("sleep_quality", CheckinKind.MORNING, "sleep quality"),
    Metric("hours_slept", CheckinKind.MORNING, "hours slept", unit="hours"),
    Metric("times_woken_by_legs", CheckinKind.MORNING, "times woken by the legs", unit="times"),
    Metric("first_step_heel_pain", CheckinKind.MORNING, "first-step heel pain"),
    Metric("calf_hamstring_pain", CheckinKind.MORNING, "calf or hamstring pain"),
)
METRIC_BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}


@dataclass(frozen=True)
class DiaryData:
    """Check-ins as aligned daily arrays over ``[start, end]``."""

    start: date
    end: date
    metrics: dict[str, FloatArray]
    exposures: dict[str, FloatArray]
    evening_count: int
    morning_count: int
    morning_after_end: dict[str, float]  # the morning metrics of the day after ``end``

    @property
    def size(self) -> int:
        return (self.end - self.start).days + 1

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.size)]

    def index(self, day: date) -> int:
        return (day - self.start).days

    def next_morning(self, name: str) -> FloatArray:
        """The morning metric ``name`` moved onto the evening before it."""
        values = self.metrics[name]
        shifted = np.full(self.size, np.nan)
        shifted[:-1] = values[1:]
        shifted[-1] = self.morning_after_end.get(name, np.nan)
        return shifted


_EVENING_NAMES = tuple(m.name for m in METRICS if m.kind is CheckinKind.EVENING)
_MORNING_NAMES = tuple(m.name for m in METRICS if m.kind is CheckinKind.MORNING)
_DERIVED = frozenset({"exercise"})  # exposures computed from several fields
_EXERCISE_FIELDS = ("exercise_minutes", "exercise_kind")


def _fill_evening(
    i: int,
    values: Mapping[str, Any],
    metrics: dict[str, list[float]],
    exposures: dict[str, list[float]],
) -> None:
    """Copy one evening's recorded values into the arrays (only the fields present)."""
    for name, value in values.items():
        if value is None:
            continue
        if name in exposures and name not in _DERIVED:
            if isinstance(value, bool):
                exposures[name][i] = 1.0 if value else 0.0
        elif name in metrics:
            metrics[name][i] = value
    if any(values.get(f) is not None for f in _EXERCISE_FIELDS):
        flag = exposure_value("exercise", values)
        if flag is not None:
            exposures["exercise"][i] = 1.0 if flag else 0.0


def build_diary_data(
    start: date,
    end: date,
    evenings: Mapping[date, Mapping[str, Any]],
    mornings: Mapping[date, Mapping[str, Any]],
) -> DiaryData:
    """Arrays over ``[start, end]`` from evening and morning values keyed by day.

    Mornings are read one day past ``end`` as well, so the last evening has its night.
    """
    if end < start:
        raise ValueError("end before start")
    size = (end - start).days + 1
    nan = float("nan")
    # plain lists while filling (far faster per item than numpy), arrays at the end
    metrics = {m.name: [nan] * size for m in METRICS}
    exposures = {e.name: [nan] * size for e in EXPOSURES}
    for day, values in evenings.items():
        i = (day - start).days
        if 0 <= i < size:
            _fill_evening(i, values, metrics, exposures)
    after_end: dict[str, float] = {}
    for day, values in mornings.items():
        i = (day - start).days
        if i == size:
            after_end.update((n, values[n]) for n in _MORNING_NAMES if values.get(n) is not None)
        elif 0 <= i < size:
            for name in _MORNING_NAMES:
                value = values.get(name)
                if value is not None:
                    metrics[name][i] = value
    evening_count = sum(1 for d in evenings if start <= d <= end)
    morning_count = sum(1 for d in mornings if start <= d <= end)
    return DiaryData(
        start,
        end,
        {k: np.array(v, dtype=np.float64) for k, v in metrics.items()},
        {k: np.array(v, dtype=np.float64) for k, v in exposures.items()},
        evening_count,
        morning_count,
        after_end,
    )


def rolling_mean(values: FloatArray, window: int = 7, min_count: int = 3) -> FloatArray:
    """Trailing ``window``-day mean of the recorded values; NaN with fewer than ``min_count``."""
    present = ~np.isnan(values)
    sums = np.concatenate(([0.0], np.cumsum(np.where(present, values, 0.0))))
    counts = np.concatenate(([0], np.cumsum(present)))
    idx = np.arange(values.size)
    lo = np.maximum(idx + 1 - window, 0)
    window_sum = sums[idx + 1] - sums[lo]
    window_count = counts[idx + 1] - counts[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = (window_sum / window_count).astype(np.float64)
    out[window_count < min_count] = np.nan
    return out
