"""Welch's t interval for a difference in means, with Student's t quantile in pure Python.

The t distribution's CDF is the regularised incomplete beta function, evaluated with Lentz's
continued fraction; the quantile inverts it by safeguarded Newton steps. Within about 1e-6 of
SciPy for the degrees of freedom met here (Welch's, not necessarily whole), and it avoids
importing SciPy (a quarter of a second) in every command that shows insights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_EPS = 1e-15
_TINY = 1e-300


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for num in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + num / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def regularized_beta(a: float, b: float, x: float, y: float | None = None) -> float:
    """I_x(a, b), the regularised incomplete beta function, for 0 <= x <= 1.

    ``y`` is 1 - x when the caller knows it more precisely than 1 - x can be computed.
    """
    y = 1.0 - x if y is None else y
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, y) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom (df > 0, not necessarily whole)."""
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t), t * t / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def _t_pdf(t: float, df: float) -> float:
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, for 0 < p < 1 and df > 0.

    Newton's method from the normal quantile, kept inside a bisection bracket. Remembered per
    (p, df): the same diary gives the same degrees of freedom on every view of a page.
    """
    if not 0.0 < p < 1.0 or not df > 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    z = NormalDist().inv_cdf(p)
    t = z + (z**3 + z) / (4 * df)
    if not low < t < high:
        t = (low + high) / 2.0
    for _ in range(100):
        gap = t_cdf(t, df) - p
        if gap < 0:
            low = t
        else:
            high = t
        step = gap / _t_pdf(t, df)
        nxt = t - step
        if not low < nxt < high:
            nxt = (low + high) / 2.0
        if abs(nxt - t) < 1e-13 * max(1.0, abs(t)):
            return nxt
        t = nxt
    return t


@dataclass(frozen=True, slots=True)
class Difference:
    """Mean of ``a`` minus mean of ``b`` with a Welch t interval."""

    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    difference: float
    low: float
    high: float
    confidence: float
    df: float

    @property
    def includes_zero(self) -> bool:
        return self.low <= 0.0 <= self.high


def _mean_var(values: Sequence[float] | FloatArray) -> tuple[float, float]:
    array = np.asarray(values, dtype=np.float64)
    mean = float(array.mean())
    var = float(array.var(ddof=1)) if array.size > 1 else 0.0
    return mean, var


def welch_difference(
    a: Sequence[float] | FloatArray, b: Sequence[float] | FloatArray, *, confidence: float = 0.95
) -> Difference:
    """Welch's interval for mean(a) - mean(b); needs at least two values in each group.

    When both groups have no spread the interval shrinks to the difference itself.
    """
    if len(a) < 2 or len(b) < 2:
        raise ValueError("need at least two values in each group")
    mean_a, var_a = _mean_var(a)
    mean_b, var_b = _mean_var(b)
    qa, qb = var_a / len(a), var_b / len(b)
    se = math.sqrt(qa + qb)
    diff = mean_a - mean_b
    if se == 0.0:
        return Difference(len(a), len(b), mean_a, mean_b, diff, diff, diff, confidence, math.inf)
    df = (qa + qb) ** 2 / (qa * qa / (len(a) - 1) + qb * qb / (len(b) - 1))
    half = t_quantile(0.5 + confidence / 2.0, df) * se
    return Difference(
        len(a), len(b), mean_a, mean_b, diff, diff - half, diff + half, confidence, df
    )
