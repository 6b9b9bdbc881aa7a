"""Experiments: the exact AR(1) analysis of a 56-day experiment (target: median < 10 ms).

Baselines measured in the same run: numpy least squares on the same design, and the iid
conjugate fit. The accuracy check against PyMC always runs: the stored reference results
(`tests/domain/experiments/pymc_reference.json`, written by `benchmarks/pymc_reference.py`) are
compared with the exact analysis of the same data, and their stored NUTS times are shown as a
ratio to the full `analyse()` measured in this run. When PyMC is importable (optional extra
`pymc`), PyMC NUTS on this benchmark's data (4 chains x 1000 draws after 1000 tuning steps,
compiled once beforehand) is timed live too.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
from datetime import date
from pathlib import Path

import numpy as np

from benchmarks.harness import Row, make_row, peak_memory_mib, time_call
from legcare.domain.experiments import analysis as an
from legcare.domain.experiments.conjugate import fit, phi_grid
from legcare.domain.experiments.design import Design, build_schedule
from legcare.domain.experiments.pooling import pool

AREA = "experiments"
REFERENCE = Path(__file__).resolve().parents[1] / "tests/domain/experiments/pymc_reference.json"
DESIGN = Design(("evening massage", "none"), "rls")


def _data() -> tuple[list, dict]:
    schedule = build_schedule(DESIGN, start=date(2026, 1, 5), seed=3)
    rng = np.random.default_rng(0)
    e, ratings = 0.0, {}
    for d in schedule:
        e = 0.5 * e + rng.normal(0, 1.5)
        ratings[d.day] = 6 + e - (1.2 if d.arm == "evening massage" else 0.0)
    return schedule, ratings


def _pymc_row(data: an._Data, nig, exact_ms: float, repeat: int) -> Row | None:
    if importlib.util.find_spec("pymc") is None:
        return None
    import pymc as pm
    import pytensor.tensor as pt

    gaps = np.diff(data.t.astype(float))
    with pm.Model() as model:
        sigma2 = pm.InverseGamma("sigma2", alpha=nig.a0, beta=nig.b0)
        beta = pm.Normal("beta", mu=np.array(nig.mean), sigma=pt.sqrt(sigma2 * np.array(nig.var)),
                         shape=len(nig.mean))  # fmt: skip
        phi = pm.Uniform("phi", -0.99, 0.99)
        r = data.y - pt.dot(data.x, beta)
        c = (1 - phi ** (2 * gaps)) / (1 - phi**2)
        u = pt.concatenate([r[:1] * pt.sqrt(1 - phi**2),
                            (r[1:] - phi**gaps * r[:-1]) / pt.sqrt(c)])  # fmt: skip
        pm.Potential("lik", pm.logp(pm.Normal.dist(0.0, pt.sqrt(sigma2)), u).sum()
                     + 0.5 * pt.log(1 - phi**2) - 0.5 * pt.log(c).sum())  # fmt: skip

    def run() -> None:
        with model:
            pm.sample(draws=1000, tune=1000, chains=4, cores=2, progressbar=False,
                      random_seed=1, compute_convergence_checks=False)  # fmt: skip

    times = time_call(run, repeat=repeat, warmup=1)
    return make_row(AREA, "PyMC NUTS, same model and data (4x1000, compiled)", times,
                    baseline_ms=exact_ms, baseline_name="exact AR(1)")  # fmt: skip


def _reference_rows(full_ms: float, repeat: int) -> list[Row]:
    """The stored PyMC reference: the accuracy of the exact analysis on its cases, and its
    NUTS time against the full analyse() of this run."""
    from legcare.domain.experiments.conjugate import NigPrior

    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    prior = ref["prior"]
    nig = NigPrior(tuple(prior["mean"]), tuple(prior["var"]), prior["a0"], prior["b0"])
    fits = []
    for case in ref["cases"]:
        d = case["data"]
        x = np.column_stack([np.ones(len(d["y"])), d["x"], d["s"]])
        fits.append((np.array(d["y"]), x, np.array(d["t"]), case["pymc"]))
    worst_p = worst_mean = 0.0
    for y, x, t, pymc in fits:
        post = fit(y, x, t, nig, phi_grid(an.GRID_SIZE))
        worst_mean = max(worst_mean, abs(post.mean(1) - pymc["mean"]))
        for c in (0, -1, -2):
            worst_p = max(worst_p, abs(post.cdf(1, c) - pymc[f"p_below_{c}"]))

    def exact_all() -> None:
        for y, x, t, _ in fits:
            fit(y, x, t, nig, phi_grid(an.GRID_SIZE))

    cases = len(fits)
    accuracy = make_row(
        AREA,
        f"accuracy vs stored PyMC reference ({cases} cases): exact AR(1) fits of the same data",
        time_call(exact_all, repeat=repeat),
        note=f"largest difference in P(effect < c) {worst_p:.4f}, in the mean effect "
        f"{worst_mean:.4f} points (PyMC {ref['pymc_version']})",
    )
    seconds = [case["pymc"]["seconds"] * 1000 for case in ref["cases"]]
    stored = make_row(
        AREA,
        f"PyMC NUTS per case, stored reference ({ref['sampler']})",
        seconds,
        baseline_ms=full_ms,
        baseline_name="full analyse()",
        note="stored times, not timed in this run: the ratio is indicative",
    )
    stored.median_ms = statistics.median(seconds)
    return [accuracy, stored]


def rows(quick: bool) -> list[Row]:
    repeat = 30 if quick else 200
    schedule, ratings = _data()
    today = schedule[-1].day
    data = an._build_data(DESIGN, schedule, ratings)
    nig = an._nig_prior(DESIGN, an.Prior(), None)
    lstsq = make_row(AREA, "baseline: numpy lstsq, 56 days", time_call(
        lambda: np.linalg.lstsq(data.x, data.y, rcond=None), repeat=repeat * 5))  # fmt: skip
    base = {"baseline_ms": lstsq.median_ms, "baseline_name": "lstsq"}

    def iid() -> None:
        an.compare(fit(data.y, data.x, data.t, nig, phi_grid(1)), 1, DESIGN, an.Thresholds())

    def ar1() -> None:
        post = fit(data.y, data.x, data.t, nig, phi_grid(an.GRID_SIZE))
        an.compare(post, 1, DESIGN, an.Thresholds())

    iid_row = make_row(AREA, "iid conjugate fit + summaries", time_call(iid, repeat=repeat),
                       **base)  # fmt: skip
    ar1_row = make_row(AREA, f"AR(1) exact, {an.GRID_SIZE}-node phi grid, 56 days + summaries",
                       time_call(ar1, repeat=repeat), target="< 10 ms",
                       peak_mib=peak_memory_mib(ar1), **base)  # fmt: skip
    full = make_row(AREA, "full results (AR(1) + 4 sensitivity fits + periods)",
                    time_call(lambda: an.analyse(DESIGN, schedule, ratings, today=today),
                              repeat=repeat), **base)  # fmt: skip
    rng = np.random.default_rng(1)
    means, variances = rng.normal(1, 0.8, 100), rng.uniform(0.1, 0.6, 100)
    pooled = make_row(AREA, "two-stage pooling, 100 people",
                      time_call(lambda: pool(means, variances), repeat=repeat), **base)  # fmt: skip
    out = [lstsq, iid_row, ar1_row, full, pooled]
    out += _reference_rows(full.median_ms, repeat=10 if quick else 50)
    pymc_row = _pymc_row(data, nig, ar1_row.median_ms, repeat=1 if quick else 3)
    if pymc_row is not None:
        out.append(pymc_row)
    return out
