"""The exact grid posterior: closed forms checked against brute force and direct sampling."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from legcare.domain.experiments.conjugate import NigPrior, fit, phi_grid

PRIOR = NigPrior(mean=(5.0, 0.0, 0.0), var=(25.0, 4.0, 1.0))


def _data(n: int = 84, missing: int = 14, seed: int = 1):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    keep = np.sort(rng.choice(n, n - missing, replace=False))
    x = np.column_stack([np.ones(n), rng.integers(0, 2, n), (t - t.mean()) / 7])
    e = np.zeros(n)
    for i in range(1, n):
        e[i] = 0.4 * e[i - 1] + rng.normal(0, 1.2)
    y = 6 - 1.5 * x[:, 1] - 0.05 * x[:, 2] + e
    return y[keep], x[keep], t[keep]


@pytest.mark.parametrize("phi", [-0.6, 0.0, 0.37, 0.9])
def test_gap_aware_marginal_likelihood_equals_full_gls(phi: float) -> None:
    y, x, t = _data()
    post = fit(y, x, t, PRIOR, np.array([phi]))
    # Brute force: y ~ Student-t_{2 a0}(X m0, (b0/a0) (Sigma_phi + X V0 X'))
    sigma = phi ** np.abs(t[:, None] - t[None, :]) / (1 - phi**2)
    shape = (PRIOR.b0 / PRIOR.a0) * (sigma + x @ np.diag(PRIOR.var) @ x.T)
    expected = stats.multivariate_t(loc=x @ np.array(PRIOR.mean), shape=shape,
                                    df=2 * PRIOR.a0).logpdf(y)  # fmt: skip
    assert post.log_evidence == pytest.approx(expected, abs=1e-9)


def test_iid_posterior_matches_direct_monte_carlo() -> None:
    y, x, t = _data(missing=0)
    post = fit(y, x, t, PRIOR, np.zeros(1))
    rng = np.random.default_rng(7)
    # Direct draws from the closed-form NIG posterior, built independently here.
    v0inv = np.diag(1 / np.array(PRIOR.var))
    vn = np.linalg.inv(v0inv + x.T @ x)
    mn = vn @ (v0inv @ np.array(PRIOR.mean) + x.T @ y)
    an = PRIOR.a0 + len(y) / 2
    bn = PRIOR.b0 + 0.5 * (y @ y + np.array(PRIOR.mean) @ v0inv @ np.array(PRIOR.mean)
                           - mn @ np.linalg.inv(vn) @ mn)  # fmt: skip
    sigma2 = bn / rng.gamma(an, 1.0, 200_000)
    delta = mn[1] + np.sqrt(sigma2 * vn[1, 1]) * rng.standard_normal(200_000)
    assert post.mean(1) == pytest.approx(delta.mean(), abs=0.004)
    assert post.sd(1) == pytest.approx(delta.std(), rel=0.01)
    assert post.cdf(1, -1.5) == pytest.approx((delta < -1.5).mean(), abs=0.004)
    assert post.quantile(1, 0.975) == pytest.approx(np.quantile(delta, 0.975), abs=0.01)


def test_grid_refinement_changes_probabilities_by_less_than_1e3() -> None:
    y, x, t = _data()
    coarse = fit(y, x, t, PRIOR, phi_grid(199))
    fine = fit(y, x, t, PRIOR, phi_grid(397))
    for c in (0.0, -1.0, -2.0):
        assert abs(coarse.cdf(1, c) - fine.cdf(1, c)) < 1e-3
    # no posterior mass piles up at the grid edges
    edge = np.isclose(np.abs(coarse.phis), 0.99)
    assert coarse.weights[edge].sum() < 1e-6
    assert len(coarse.phis) < 199  # nodes with no weight (below 1e-12) were dropped


def test_mixture_summaries_are_consistent() -> None:
    y, x, t = _data()
    post = fit(y, x, t, PRIOR, phi_grid(99))
    assert post.weights.sum() == pytest.approx(1.0)
    assert 0.1 < post.phi_mean() < 0.7
    lo, mid, hi = (post.quantile(1, q) for q in (0.025, 0.5, 0.975))
    assert lo < mid < hi
    assert post.cdf(1, lo) == pytest.approx(0.025, abs=1e-6)
    assert post.cdf(1, hi) == pytest.approx(0.975, abs=1e-6)
    assert lo < post.mean(1) < hi
    # the vectorised Newton quantiles equal the bracketed root finder
    fast = post.quantiles(1, (0.025, 0.1, 0.5, 0.9, 0.975))
    slow = [post.quantile(1, q) for q in (0.025, 0.1, 0.5, 0.9, 0.975)]
    assert fast == pytest.approx(slow, abs=1e-8)
    grid = np.linspace(lo - 1, hi + 1, 2001)
    density = post.pdf(1, grid)
    assert np.trapezoid(density, grid) == pytest.approx(post.cdf(1, hi + 1) - post.cdf(1, lo - 1),
                                                        abs=1e-5)  # fmt: skip
