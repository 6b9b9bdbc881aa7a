"""Student's t quantile and Welch's interval against SciPy, and their invariants."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from legcare.domain.insights.intervals import t_cdf, t_quantile, welch_difference

samples = st.lists(
    st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda v: round(v, 2)),
    min_size=2,
    max_size=40,
)


@pytest.mark.parametrize("df", [1, 2, 3.5, 4, 7.3, 12, 30, 200])
@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.995, 0.025])
def test_t_quantile_matches_scipy(df: float, p: float) -> None:
    assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-7, abs=1e-9)


@given(st.floats(min_value=-50, max_value=50), st.floats(min_value=0.5, max_value=500))
def test_t_cdf_matches_scipy(t: float, df: float) -> None:
    assert t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-9)


def test_t_quantile_refuses_bad_arguments() -> None:
    for p, df in ((0.0, 3), (1.0, 3), (0.5, 0)):
        with pytest.raises(ValueError):
            t_quantile(p, df)
    assert t_quantile(0.5, 3) == 0.0


@settings(max_examples=200)
@given(samples, samples)
def test_welch_matches_scipy_and_contains_the_difference(a: list[float], b: list[float]) -> None:
    d = welch_difference(a, b)
    assert d.low <= d.difference <= d.high
    assert d.difference == pytest.approx(sum(a) / len(a) - sum(b) / len(b), abs=1e-9)
    if math.isfinite(d.df):
        with warnings.catch_warnings():  # SciPy warns on nearly identical values
            warnings.simplefilter("ignore", RuntimeWarning)
            ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval()
        assert d.low == pytest.approx(ci.low, abs=1e-6)
        assert d.high == pytest.approx(ci.high, abs=1e-6)


@given(samples, samples)
def test_swapping_the_groups_flips_the_sign(a: list[float], b: list[float]) -> None:
    ab, ba = welch_difference(a, b), welch_difference(b, a)
    assert ab.difference == pytest.approx(-ba.difference, abs=1e-9)
    assert ab.low == pytest.approx(-ba.high, abs=1e-9)
    assert ab.high == pytest.approx(-ba.low, abs=1e-9)


def test_no_spread_gives_a_point_interval_and_one_value_is_refused() -> None:
    d = welch_difference([3, 3, 3], [1, 1])
    assert (d.low, d.difference, d.high) == (2, 2, 2) and not d.includes_zero
    with pytest.raises(ValueError):
        welch_difference([1], [1, 2])
