"""Agreement with an independent MCMC fit (PyMC NUTS) on stored reference cases.

`pymc_reference.json` was written by `benchmarks/pymc_reference.py` (PyMC 5.28, 4 chains x 3000
draws, same prior and gap-aware AR(1) likelihood). PyMC is not needed here: the numbers are
stored. Tolerances come from the Monte Carlo standard errors (MCSE) that PyMC reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from legcare.domain.experiments.analysis import GRID_SIZE
from legcare.domain.experiments.conjugate import NigPrior, fit, phi_grid

REFERENCE = json.loads((Path(__file__).parent / "pymc_reference.json").read_text())
CASES = REFERENCE["cases"]


def _exact(case: dict):
    prior = REFERENCE["prior"]
    nig = NigPrior(tuple(prior["mean"]), tuple(prior["var"]), prior["a0"], prior["b0"])
    data = case["data"]
    x = np.column_stack([np.ones(len(data["y"])), data["x"], data["s"]])
    return fit(data["y"], x, data["t"], nig, phi_grid(GRID_SIZE))


def test_reference_cases_are_healthy_mcmc_runs() -> None:
    assert len(CASES) == 4
    assert any(len(c["data"]["t"]) < c["data"]["t"][-1] + 1 for c in CASES)  # missing days
    for case in CASES:
        ref = case["pymc"]
        assert ref["divergences"] == 0 and ref["rhat_delta"] < 1.01 and ref["ess_delta"] > 4000


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_exact_grid_agrees_with_pymc(case: dict) -> None:
    post, ref = _exact(case), case["pymc"]
    assert abs(post.mean(1) - ref["mean"]) < 4 * ref["mean_mcse"] + 0.005
    assert post.sd(1) == pytest.approx(ref["sd"], rel=0.03)
    assert abs(post.phi_mean() - ref["phi_mean"]) < 0.01
    for c in (0, -1, -2):
        tolerance = 4 * ref[f"p_below_{c}_mcse"] + 0.005
        assert abs(post.cdf(1, c) - ref[f"p_below_{c}"]) < tolerance
