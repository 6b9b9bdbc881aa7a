"""How many pairs a person needs, estimated at design time from their own day-to-day variability.

From the ratings before the experiment (the run-in, or the recent diary) we estimate the spread
``s`` and the day-to-day carry-over ``phi`` (lag-1 autocorrelation, clipped to [0, 0.9]). With
AR(1) days, the mean of an ``n``-day period has variance ``s^2/n * (1 + 2 sum_k (1 - k/n) phi^k)``
and the difference between the two periods of a pair about twice that (ignoring the positive
correlation of neighbouring periods, which only makes the estimate cautious). The number of
pairs that detects a benefit of ``effect`` points with a one-sided 95% level and 80% power is
``var_pair * (z_0.95 + z_0.80)^2 / effect^2``, at least 2 (the analysis needs two complete
pairs) and reported as "more than 12" beyond that. It is an estimate for planning, not a
promise: it assumes the person's ratings keep behaving as they did before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev

from legcare.domain.experiments.design import RATING_LIMIT

MIN_RATINGS = 7
MIN_PAIRS = 2
MAX_PAIRS = 12
Z_SUM = 1.6449 + 0.8416  # one-sided 95% level + 80% power


@dataclass(frozen=True, slots=True)
class SizeEstimate:
    ratings: int  # how many ratings the estimate rests on
    sd: float
    phi: float
    pairs: int  # pairs needed, from MIN_PAIRS to MAX_PAIRS + 1 (= "more than MAX_PAIRS")
    effect: float
    period_days: int

    @property
    def too_many(self) -> bool:
        return self.pairs > MAX_PAIRS

    @property
    def need_words(self) -> str:
        """'about 3 pairs' or 'more than 12 pairs'."""
        if self.too_many:
            return f"more than {MAX_PAIRS} pairs"
        return f"about {self.pairs} pair" + ("" if self.pairs == 1 else "s")

    def planning_sentence(self, basis: str) -> str:
        """Before an experiment exists: what the person's own ratings (``basis``, e.g. 'over
        the last four weeks') say about the number of pairs."""
        return (
            f"From your {self.ratings} ratings {basis} (spread {self.sd:.1f} points, day-to-day "
            f"carry-over {self.phi:.1f}), finding a {self.effect:g}-point benefit takes "
            f"{self.need_words} of {self.period_days}-day periods. This is an estimate, not a "
            "promise."
        )

    def sentence(self, planned_pairs: int) -> str:
        basis = (
            f"From your {self.ratings} ratings before the experiment (spread {self.sd:.1f} "
            f"points, day-to-day carry-over {self.phi:.1f})"
        )
        if self.too_many:
            need = f"more than {MAX_PAIRS} pairs"
        else:
            need = f"about {self.pairs} pair" + ("" if self.pairs == 1 else "s")
        verdict = (
            "the planned number should be enough"
            if self.pairs <= planned_pairs
            else f"the {planned_pairs} planned may well end 'unclear'"
        )
        return (
            f"{basis}, finding a {self.effect:g}-point benefit takes {need} of "
            f"{self.period_days}-day periods; {verdict}. This is an estimate, not a promise."
        )


def _lag1(values: Sequence[float]) -> float:
    mean = fmean(values)
    dev = [v - mean for v in values]
    denom = sum(d * d for d in dev)
    if denom == 0:
        return 0.0
    return sum(a * b for a, b in zip(dev, dev[1:], strict=False)) / denom


def pairs_needed(
    ratings: Sequence[float], *, period_days: int, effect: float
) -> SizeEstimate | None:
    """The estimate from consecutive daily ``ratings`` (None with fewer than ``MIN_RATINGS`` or
    a value that is not a finite number of a sane size, or an ``effect`` that is not a positive
    number)."""
    values = [float(v) for v in ratings]
    if len(values) < MIN_RATINGS or not 0 < effect < math.inf or period_days < 1:
        return None
    if not all(math.isfinite(v) and abs(v) <= RATING_LIMIT for v in values):
        return None
    sd = pstdev(values) * math.sqrt(len(values) / (len(values) - 1))
    phi = min(max(_lag1(values), 0.0), 0.9)
    n = period_days
    inflation = 1 + 2 * sum((1 - k / n) * phi**k for k in range(1, n))
    var_pair = 2 * sd**2 / n * inflation
    raw = var_pair * Z_SUM**2 / effect**2
    pairs = max(MIN_PAIRS, min(MAX_PAIRS + 1, math.ceil(raw - 1e-9)))
    return SizeEstimate(len(values), sd, phi, pairs, effect, period_days)
