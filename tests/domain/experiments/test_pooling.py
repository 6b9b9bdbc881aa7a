"""Two-stage exact pooling, checked against brute-force integration over (mu, tau)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from legcare.domain.experiments.pooling import pool


def _brute_force(m, v, prior_sd=10.0, tau_max=4.0):
    mu = np.linspace(-12, 12, 4001)
    tau = np.linspace(0, tau_max, 161)
    sd = np.sqrt(v[None, None, :] + tau[None, :, None] ** 2)
    loglik = stats.norm.logpdf(m[None, None, :], mu[:, None, None], sd).sum(axis=2)
    logpost = loglik + stats.norm.logpdf(mu, 0, prior_sd)[:, None]
    w = np.exp(logpost - logpost.max())
    w /= w.sum()
    mu_mean = (w.sum(axis=1) * mu).sum()
    mu_sd = np.sqrt((w.sum(axis=1) * mu**2).sum() - mu_mean**2)
    return mu_mean, mu_sd, (w.sum(axis=0) * tau).sum(), w[mu > 0].sum()


def test_matches_brute_force_integration() -> None:
    rng = np.random.default_rng(4)
    truth = rng.normal(1.0, 0.8, 20)
    v = rng.uniform(0.1, 0.5, 20)
    m = truth + rng.normal(0, np.sqrt(v))
    result = pool(m, v)
    mean, sd, tau, p_pos = _brute_force(m, v)
    assert result.mean == pytest.approx(mean, abs=2e-3)
    assert result.sd == pytest.approx(sd, rel=0.01)
    assert result.tau_mean == pytest.approx(tau, abs=2e-3)
    assert result.p_helps_on_average == pytest.approx(p_pos, abs=1e-3)
    assert result.people == 20 and result.predictive_sd > result.sd


@given(
    st.lists(st.tuples(st.floats(-4, 4), st.floats(0.05, 2.0)), min_size=1, max_size=30),
)
@settings(max_examples=60, deadline=None)
def test_shrunken_effects_stay_in_range_and_spread_less(people) -> None:
    m = np.array([p[0] for p in people])
    v = np.array([p[1] for p in people])
    result = pool(m, v)
    assert 0.0 <= result.p_helps_on_average <= 1.0
    lo, hi = min(m.min(), 0.0), max(m.max(), 0.0)  # the prior mean is 0
    for shrunk in result.shrunken:
        assert lo - 1e-9 <= shrunk <= hi + 1e-9
    # with equal precision every person is pulled in by the same factor: the spread shrinks
    same = pool(m, np.full(len(m), 0.5))
    assert np.std(same.shrunken) <= np.std(m) + 1e-9


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="positive variance"):
        pool([1.0], [0.0])
    with pytest.raises(ValueError):
        pool([], [])
