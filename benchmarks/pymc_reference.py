"""Compute the MCMC reference numbers that the experiment-analysis tests compare against.

Run once (needs the optional extra: `pip install -e '.[pymc]'`):

    .venv/bin/python benchmarks/pymc_reference.py

It simulates a few seeded experiments (56 and 42 days, some with missing days), fits the *same*
model as `legcare.domain.experiments.analysis` with PyMC NUTS (same prior, same gap-aware AR(1)
likelihood through the Prais-Winsten innovations, phi ~ U(-0.99, 0.99)) and writes the data
and the posterior summaries, with their Monte Carlo standard errors, to
`tests/domain/experiments/pymc_reference.json`. The tests then check that the exact grid
method agrees within a few MCSE. PyMC is never needed to run the tests.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "tests" / "domain" / "experiments" / "pymc_reference.json"

# The app's default prior for a 0-10 outcome without a run-in (analysis.Prior()).
PRIOR_MEAN = (5.0, 0.0, 0.0)
PRIOR_VAR = (25.0, 2.0, 0.25)
A0, B0 = 2.0, 2.0
THRESHOLDS = (0.0, -1.0, -2.0)

CASES = [
    # name, seed, pairs, effect, phi, innovation sd, trend per week, missing days
    ("8wk_ar05_effect-1.2", 11, 4, -1.2, 0.5, 1.3, -0.10, 0),
    ("8wk_missing10_null", 12, 4, 0.0, 0.4, 1.5, 0.00, 10),
    ("6wk_ar02_effect-2", 13, 3, -2.0, 0.2, 1.2, -0.15, 0),
    ("8wk_iid_effect-0.5_missing6", 14, 4, -0.5, 0.0, 1.6, 0.05, 6),
]


def simulate(seed: int, pairs: int, effect: float, phi: float, sd: float, trend: float,
             missing: int) -> dict[str, list[float]]:  # fmt: skip
    rng = np.random.default_rng(seed)
    arm = []
    for _ in range(pairs):
        first = int(rng.random() < 0.5)
        arm += [first] * 7 + [1 - first] * 7
    n = len(arm)
    x = np.array(arm, dtype=float) - 0.5  # centred arm coding, as in the app
    t = np.arange(n)
    s = (t - (n - 1) / 2) / 7
    e = np.zeros(n)
    e[0] = rng.normal(0, sd / np.sqrt(1 - phi**2))
    for i in range(1, n):
        e[i] = phi * e[i - 1] + rng.normal(0, sd)
    y = 6.0 + effect * x + trend * s + e
    keep = np.sort(rng.choice(n, n - missing, replace=False)) if missing else t
    return {
        "t": [int(v) for v in t[keep]],
        "x": [float(v) for v in x[keep]],
        "s": [float(v) for v in s[keep]],
        "y": [round(float(v), 6) for v in y[keep]],
    }


def fit_pymc(data: dict[str, list[float]], *, draws: int, seed: int) -> dict[str, float]:
    import arviz as az
    import pymc as pm
    import pytensor.tensor as pt

    y = np.array(data["y"])
    design = np.column_stack([np.ones(len(y)), data["x"], data["s"]])
    gaps = np.diff(np.array(data["t"], dtype=float))
    with pm.Model():
        sigma2 = pm.InverseGamma("sigma2", alpha=A0, beta=B0)
        beta = pm.Normal(
            "beta", mu=np.array(PRIOR_MEAN), sigma=pt.sqrt(sigma2 * np.array(PRIOR_VAR)), shape=3
        )
        phi = pm.Uniform("phi", -0.99, 0.99)
        r = y - pt.dot(design, beta)
        decay = phi**gaps
        c = (1 - phi ** (2 * gaps)) / (1 - phi**2)
        u = pt.concatenate([r[:1] * pt.sqrt(1 - phi**2), (r[1:] - decay * r[:-1]) / pt.sqrt(c)])
        sigma = pt.sqrt(sigma2)
        loglik = (
            pm.logp(pm.Normal.dist(0.0, sigma), u).sum()
            + 0.5 * pt.log(1 - phi**2)
            - 0.5 * pt.log(c).sum()
        )
        pm.Potential("likelihood", loglik)
        idata = pm.sample(
            draws=draws, tune=1500, chains=4, cores=2, random_seed=seed, progressbar=False,
            target_accept=0.9,
        )  # fmt: skip
    delta = idata.posterior["beta"].values[..., 1]
    out: dict[str, float] = {
        "mean": float(delta.mean()),
        "sd": float(delta.std()),
        "mean_mcse": float(np.ravel(az.mcse(delta))[0]),
        "phi_mean": float(idata.posterior["phi"].values.mean()),
        "divergences": int(idata.sample_stats["diverging"].values.sum()),
        "rhat_delta": float(az.rhat(idata, var_names=["beta"])["beta"].values[1]),
        "ess_delta": float(az.ess(idata, var_names=["beta"])["beta"].values[1]),
    }
    for c in THRESHOLDS:
        indicator = (delta < c).astype(float)
        out[f"p_below_{c:g}"] = float(indicator.mean())
        out[f"p_below_{c:g}_mcse"] = float(np.ravel(az.mcse(indicator))[0])
    return out


def main() -> int:
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    cases = []
    for name, seed, pairs, effect, phi, sd, trend, missing in CASES:
        data = simulate(seed, pairs, effect, phi, sd, trend, missing)
        t0 = time.perf_counter()
        reference = fit_pymc(data, draws=draws, seed=seed)
        reference["seconds"] = round(time.perf_counter() - t0, 2)
        print(name, json.dumps(reference))
        cases.append({"name": name, "data": data, "pymc": reference})
    import pymc

    OUT.write_text(
        json.dumps(
            {
                "generated_by": "benchmarks/pymc_reference.py",
                "pymc_version": pymc.__version__,
                "sampler": f"NUTS, 4 chains x {draws} draws after 1500 tuning steps",
                "prior": {"mean": PRIOR_MEAN, "var": PRIOR_VAR, "a0": A0, "b0": B0,
                          "phi": "uniform(-0.99, 0.99)"},
                "cases": cases,
            },
            indent=1,
        )
        + "\n"
    )  # fmt: skip
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
