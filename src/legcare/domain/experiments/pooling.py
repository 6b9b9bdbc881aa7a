"""A pooled view across people's experiments: the two-stage exact method (note, section 2.1).

Stage 1 (done per person by ``analysis``): the posterior of each person's effect is reduced to
a mean ``m_j`` and variance ``v_j``. Stage 2 (here): the normal-normal random-effects model
``m_j ~ N(delta_j, v_j)``, ``delta_j ~ N(mu, tau^2)``, with ``mu ~ N(m0, s0^2)`` integrated
analytically given tau and tau integrated on a 1-D grid (uniform prior on [0, tau_max]).

Effects are passed in the *benefit* orientation (positive = better for the person), so that
pooled probabilities read the same way as the personal ones. The pooled mean says how a group
of people who chose to share fared; it is not a prediction that a practice works for anyone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class PooledResult:
    people: int
    mean: float  # posterior mean of the population mean benefit mu
    sd: float
    p_helps_on_average: float  # P(mu > 0)
    tau_mean: float  # between-person spread of the benefit
    predictive_mean: float  # a new person's benefit
    predictive_sd: float
    shrunken: tuple[float, ...]  # E[delta_j | all data], in the input order


def pool(
    means: Sequence[float],
    variances: Sequence[float],
    *,
    prior_mean: float = 0.0,
    prior_sd: float = 10.0,
    tau_max: float = 4.0,
    grid: int = 161,
) -> PooledResult:
    """Two-stage exact pooling of per-person benefit means and variances."""
    from scipy import special  # lazy: SciPy costs ~0.25 s to import

    m = np.asarray(means, dtype=float)
    v = np.asarray(variances, dtype=float)
    if m.size == 0 or m.shape != v.shape or np.any(v <= 0):
        raise ValueError("need one positive variance for every mean, and at least one person")
    tau = np.linspace(0.0, tau_max, grid)
    w = 1.0 / (v[None, :] + tau[:, None] ** 2)  # (grid, people)
    s0_2 = prior_sd**2
    precision = 1.0 / s0_2 + w.sum(axis=1)
    mu_hat = (prior_mean / s0_2 + (w * m).sum(axis=1)) / precision
    log_post = (
        0.5 * np.log(w).sum(axis=1)
        - 0.5 * (w * m**2).sum(axis=1)
        - prior_mean**2 / (2 * s0_2)
        + 0.5 * mu_hat**2 * precision
        - 0.5 * np.log(precision)
    )
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()
    mean = float(weights @ mu_hat)
    second = float(weights @ (1.0 / precision + mu_hat**2))
    sd = math.sqrt(max(second - mean**2, 0.0))
    p_pos = float(weights @ special.ndtr(mu_hat * np.sqrt(precision)))
    with np.errstate(divide="ignore"):
        inv_tau2 = np.where(tau > 0, 1.0 / tau**2, np.inf)
    shrink = (1.0 / v[None, :]) / (1.0 / v[None, :] + inv_tau2[:, None])  # B_j per tau
    individual = shrink * m[None, :] + (1.0 - shrink) * mu_hat[:, None]
    pred_second = float(weights @ (1.0 / precision + tau**2 + mu_hat**2))
    return PooledResult(
        people=int(m.size),
        mean=mean,
        sd=sd,
        p_helps_on_average=p_pos,
        tau_mean=float(weights @ tau),
        predictive_mean=mean,
        predictive_sd=math.sqrt(max(pred_second - mean**2, 0.0)),
        shrunken=tuple(float(x) for x in weights @ individual),
    )
