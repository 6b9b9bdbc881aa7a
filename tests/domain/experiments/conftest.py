"""Builders for experiment tests: simulated ratings for a stored schedule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from legcare.domain.experiments.design import ScheduleDay


def simulate_ratings(
    schedule: Sequence[ScheduleDay],
    *,
    effects: dict[str, float],
    rng: np.random.Generator,
    phi: float = 0.5,
    sd: float = 1.5,
    trend: float = 0.0,
    base: float = 6.0,
) -> dict[date, float]:
    """AR(1) ratings around ``base``, shifted by ``effects[arm]`` on that arm's days."""
    out: dict[date, float] = {}
    e = rng.normal(0, sd / np.sqrt(1 - phi**2))
    for i, d in enumerate(schedule):
        if i:
            e = phi * e + rng.normal(0, sd)
        shift = effects.get(d.arm, 0.0) if d.arm is not None else 0.0
        out[d.day] = base + shift + trend * i / 7 + e
    return out
