"""The design-time estimate of how many pairs a person needs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.experiments.sizing import MAX_PAIRS, MIN_PAIRS, pairs_needed


def _ar1(n: int, sd: float, phi: float, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    e = rng.normal(0, sd)
    out = []
    for _ in range(n):
        e = phi * e + rng.normal(0, sd * np.sqrt(1 - phi**2))
        out.append(5 + e)
    return out


def test_steady_ratings_need_few_pairs_and_noisy_ones_many() -> None:
    calm = pairs_needed(_ar1(14, 0.5, 0.2, 1), period_days=7, effect=1.0)
    noisy = pairs_needed(_ar1(14, 3.0, 0.6, 1), period_days=7, effect=1.0)
    assert calm is not None and noisy is not None
    assert calm.pairs == MIN_PAIRS and noisy.pairs > 4
    assert "should be enough" in calm.sentence(4)
    assert "may well end 'unclear'" in noisy.sentence(4) and "not a promise" in noisy.sentence(4)


def test_known_case_matches_the_formula() -> None:
    # alternating ratings: sd known, lag-1 correlation negative (clipped to 0)
    values = [4.0, 6.0] * 7
    est = pairs_needed(values, period_days=7, effect=1.0)
    assert est is not None and est.phi == 0.0
    sd = np.std(values, ddof=1)
    expected = int(np.ceil(2 * sd**2 / 7 * (1.6449 + 0.8416) ** 2))
    assert est.pairs == max(MIN_PAIRS, expected)


def test_too_few_or_bad_ratings_give_no_estimate() -> None:
    assert pairs_needed([5.0] * 6, period_days=7, effect=1.0) is None
    assert pairs_needed([5.0] * 6 + [float("nan")], period_days=7, effect=1.0) is None
    assert pairs_needed([5.0] * 10, period_days=7, effect=0.0) is None


@given(
    sd=st.floats(0.1, 4.0),
    phi=st.floats(0.0, 0.8),
    seed=st.integers(0, 1000),
    effect=st.floats(0.5, 3.0),
)
@settings(max_examples=60, deadline=None)
def test_bigger_benefits_and_longer_periods_never_need_more_pairs(sd, phi, seed, effect) -> None:
    values = _ar1(21, sd, phi, seed)
    base = pairs_needed(values, period_days=7, effect=effect)
    bigger = pairs_needed(values, period_days=7, effect=effect * 2)
    longer = pairs_needed(values, period_days=14, effect=effect)
    assert base is not None and bigger is not None and longer is not None
    assert MIN_PAIRS <= base.pairs <= MAX_PAIRS + 1
    assert bigger.pairs <= base.pairs and longer.pairs <= base.pairs
    assert 0.0 <= base.phi <= 0.9


@given(st.sampled_from([float("nan"), float("inf"), -1.0, 0.0]))
def test_an_effect_that_is_not_a_positive_number_gives_no_estimate(effect: float) -> None:
    ratings = [4.0, 5.0, 6.0, 5.0, 4.0, 6.0, 5.0, 5.0, 4.0, 6.0, 5.0, 4.0, 6.0, 5.0]
    assert pairs_needed(ratings, period_days=7, effect=effect) is None
    assert pairs_needed(ratings, period_days=7, effect=1.0) is not None


def test_ratings_too_large_to_square_give_no_estimate() -> None:
    ratings = [1e200 * (i % 2) for i in range(28)]
    assert pairs_needed(ratings, period_days=7, effect=1.0) is None
