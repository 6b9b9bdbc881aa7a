"""Exact Bayesian linear regression with AR(1) errors: a conjugate NIG fit on a grid of phi.

The model (statistics note, section 3): ``y_t = X_t beta + e_t`` with ``e_t = phi e_{t-1} + u_t``,
``u_t ~ N(0, sigma^2)`` and a stationary start. The prior is normal-inverse-gamma,
``beta | sigma^2 ~ N(m0, sigma^2 V0)`` and ``sigma^2 ~ IG(a0, b0)``, with ``V0`` diagonal, and
phi is uniform on a grid inside (-1, 1).

For a fixed phi the gap-aware Prais-Winsten transform whitens the errors exactly, also when days
are missing: for observed days ``t_1 < ... < t_m`` with gaps ``g_j = t_j - t_{j-1}``,

    c_j = (1 - phi^(2 g_j)) / (1 - phi^2),   y*_j = (y_j - phi^g_j y_{j-1}) / sqrt(c_j),

the first row is scaled by ``sqrt(1 - phi^2)``, and the log-Jacobian is
``1/2 log(1 - phi^2) - 1/2 sum log c_j``. Each grid node then has a closed-form NIG posterior and
marginal likelihood; the posterior of every coefficient is a mixture of Student-t distributions
whose weights are the normalised marginal likelihoods. No sampling, no seeds: the answer is
deterministic and the only approximation is the 1-D quadrature over phi.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

PHI_LIMIT = 0.99
PRUNE_WEIGHT = 1e-12


def phi_grid(size: int) -> Array:
    """``size`` equally spaced values of phi on [-0.99, 0.99] (``size == 1`` means iid: phi = 0)."""
    if size <= 1:
        return np.zeros(1)
    return np.linspace(-PHI_LIMIT, PHI_LIMIT, size)


@dataclass(frozen=True, slots=True)
class NigPrior:
    """``beta | sigma^2 ~ N(mean, sigma^2 diag(var))``, ``sigma^2 ~ IG(a0, b0)``."""

    mean: tuple[float, ...]
    var: tuple[float, ...]
    a0: float = 2.0
    b0: float = 2.0


@dataclass(frozen=True, slots=True)
class MixturePosterior:
    """The posterior of the coefficients: a weighted mixture of multivariate Student-t.

    ``centres[k, i]`` and ``scales[k, i]`` are the location and scale of coefficient ``i`` at grid
    node ``k``; every node has ``df`` degrees of freedom; ``weights`` sum to one.
    """

    phis: Array
    weights: Array
    centres: Array
    scales: Array
    df: float
    log_evidence: float

    def cdf(self, coef: int, value: float) -> float:
        """P(coefficient < value | data)."""
        from scipy import special  # lazy: SciPy costs ~0.25 s to import

        z = (value - self.centres[:, coef]) / self.scales[:, coef]
        return float(np.dot(self.weights, special.stdtr(self.df, z)))

    def mean(self, coef: int) -> float:
        return float(np.dot(self.weights, self.centres[:, coef]))

    def var(self, coef: int) -> float:
        m = self.centres[:, coef]
        s2 = self.scales[:, coef] ** 2 * self.df / (self.df - 2.0)
        return float(np.dot(self.weights, s2 + m**2) - self.mean(coef) ** 2)

    def sd(self, coef: int) -> float:
        return math.sqrt(max(self.var(coef), 0.0))

    def pdf(self, coef: int, values: Array) -> Array:
        """The posterior density of the coefficient at each of ``values``."""
        from scipy import special  # lazy: SciPy costs ~0.25 s to import

        centres, scales = self.centres[:, coef], self.scales[:, coef]
        z = (values[:, None] - centres[None, :]) / scales[None, :]
        nu = self.df
        log_norm = (
            special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2) - 0.5 * math.log(nu * math.pi)
        )
        dens = np.exp(log_norm - (nu + 1) / 2 * np.log1p(z**2 / nu)) / scales[None, :]
        result: Array = dens @ self.weights
        return result

    def cdfs(self, coef: int, values: Array) -> Array:
        """P(coefficient < v | data) for each of ``values`` (vectorised)."""
        from scipy import special  # lazy: SciPy costs ~0.25 s to import

        z = (values[:, None] - self.centres[None, :, coef]) / self.scales[None, :, coef]
        result: Array = special.stdtr(self.df, z) @ self.weights
        return result

    def quantiles(self, coef: int, qs: Sequence[float]) -> list[float]:
        """The ``qs`` quantiles of the coefficient: Newton steps on the mixture CDF from a
        normal start, all at once; brentq for any that do not converge (never seen)."""
        from scipy import special  # lazy: SciPy costs ~0.25 s to import

        target = np.asarray(qs, dtype=float)
        x = self.mean(coef) + self.sd(coef) * special.ndtri(target)
        for _ in range(30):
            step = (self.cdfs(coef, x) - target) / np.maximum(self.pdf(coef, x), 1e-300)
            x = x - np.clip(step, -5 * self.sd(coef), 5 * self.sd(coef))
            if np.max(np.abs(step)) < 1e-10:
                return [float(v) for v in x]
        return [self.quantile(coef, q) for q in qs]

    def quantile(self, coef: int, q: float) -> float:
        """The ``q`` quantile of the coefficient (bracketed root of the mixture CDF)."""
        from scipy import optimize  # lazy: SciPy costs ~0.25 s to import

        centres, scales = self.centres[:, coef], self.scales[:, coef]
        lo = float(np.min(centres - 60 * scales))
        hi = float(np.max(centres + 60 * scales))
        root: float = optimize.brentq(lambda x: self.cdf(coef, x) - q, lo, hi, xtol=1e-10)
        return root

    def phi_mean(self) -> float:
        return float(np.dot(self.weights, self.phis))


def _whitened_moments(y: Array, x: Array, t: Array, phis: Array) -> tuple[Array, Array]:
    """``Z*' Z*`` for ``Z = [X, y]`` after the gap-aware transform, at every phi, and the
    log-Jacobians; without building ``Z*`` (one small matrix sum per distinct gap size).

    Row j (j > 1, gap g) of Z* is ``(z_j - d z_{j-1}) / sqrt(c)`` with ``d = phi^g`` and
    ``c = (1 - d^2) / (1 - phi^2)``, so the rows with gap g add
    ``(S_g - d (R_g + R_g') + d^2 P_g) / c`` where S, R, P sum ``z_j z_j'``, ``z_j z_{j-1}'`` and
    ``z_{j-1} z_{j-1}'`` over those rows.
    """
    z = np.column_stack([x, y])
    one_minus = 1.0 - phis**2
    moments = one_minus[:, None, None] * np.outer(z[0], z[0])[None, :, :]
    log_jac = 0.5 * np.log(one_minus)
    gaps = np.diff(t)
    for g in np.unique(gaps):
        rows = np.flatnonzero(gaps == g) + 1
        cur, prev = z[rows], z[rows - 1]
        s_g, r_g, p_g = cur.T @ cur, cur.T @ prev, prev.T @ prev
        d = phis**g
        c = (1.0 - d**2) / one_minus
        moments = (
            moments
            + (
                s_g[None]
                - d[:, None, None] * (r_g + r_g.T)[None]
                + (d**2)[:, None, None] * p_g[None]
            )
            / c[:, None, None]
        )
        log_jac = log_jac - 0.5 * rows.size * np.log(c)
    return moments, log_jac


def fit(
    y: Sequence[float] | Array,
    x: Array,
    t: Sequence[int] | Array,
    prior: NigPrior,
    phis: Array,
) -> MixturePosterior:
    """The exact posterior of ``beta`` for ratings ``y`` observed on days ``t`` (strictly rising).

    ``x`` is the design matrix (one row per observation). ``phis`` is the grid; pass
    ``np.zeros(1)`` for independent errors.
    """
    y_arr = np.asarray(y, dtype=float)
    t_arr = np.asarray(t, dtype=float)
    n, p = x.shape
    moments, log_jac = _whitened_moments(y_arr, x, t_arr, phis)
    m0 = np.asarray(prior.mean, dtype=float)
    v0 = np.asarray(prior.var, dtype=float)
    p0 = np.diag(1.0 / v0)
    xtx, xty, yty = moments[:, :p, :p], moments[:, :p, p], moments[:, p, p]
    precision = p0[None, :, :] + xtx
    cov = np.linalg.inv(precision)
    centres = np.einsum("kij,kj->ki", cov, (p0 @ m0)[None, :] + xty)
    a_n = prior.a0 + n / 2.0
    quad = np.einsum("ki,kij,kj->k", centres, precision, centres)
    b_n = prior.b0 + 0.5 * (yty + m0 @ p0 @ m0 - quad)
    _, logdet_precision = np.linalg.slogdet(precision)
    log_ml = (
        -0.5 * n * math.log(2 * math.pi)
        + 0.5 * (-logdet_precision - float(np.sum(np.log(v0))))
        + prior.a0 * math.log(prior.b0)
        - a_n * np.log(b_n)
        + math.lgamma(a_n)
        - math.lgamma(prior.a0)
        + log_jac
    )
    top = float(np.max(log_ml))
    raw = np.exp(log_ml - top)
    weights = raw / raw.sum()
    diag = np.einsum("kii->ki", cov)
    scales = np.sqrt((b_n / a_n)[:, None] * diag)
    evidence = top + math.log(float(raw.sum())) - math.log(len(phis))
    keep = weights > PRUNE_WEIGHT  # nodes that cannot move any probability by 1e-9
    weights = weights[keep] / weights[keep].sum()
    return MixturePosterior(phis[keep], weights, centres[keep], scales[keep], 2.0 * a_n, evidence)
