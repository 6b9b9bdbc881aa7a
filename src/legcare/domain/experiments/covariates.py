"""Other things that changed during an experiment: each recorded factor, arm by arm.

The analysis compares the arms' ratings; it does not adjust for anything else the person did
or went through. This table states, for each yes/no or 0-10 factor recorded on the experiment's
days (the check-in's own items such as caffeine or long sitting, and the person's own factors),
how often it happened (yes/no: the share of recorded days) or how high it was (0-10: the mean)
on each arm's days. A factor that differs a lot between the arms could explain part of the
difference in ratings, or be an effect of the practice itself (sleeping better after a
massage); with a few days per arm, differences also arise by chance. The table says that a
factor differed, never that it explains anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from legcare.domain.experiments.design import ScheduleDay
from legcare.domain.tracking.factors import FactorKind
from legcare.errors import InvalidInput

MIN_DAYS_PER_ARM = 3  # fewer recorded days on an arm: no comparison is stated
SHARE_GAP = 0.25  # yes/no: the share of days differs by at least this much
MEAN_GAP = 1.5  # 0-10: the means differ by at least this many points


@dataclass(frozen=True, slots=True)
class ArmFigure:
    arm: str
    days: int  # days of this arm with the factor recorded
    value: float | None  # yes/no: share of those days with "yes"; 0-10: their mean


@dataclass(frozen=True, slots=True)
class FactorRow:
    name: str
    source: str  # "check-in" or "your factor"
    kind: FactorKind
    arms: tuple[ArmFigure, ...]
    differs: bool  # the arms differ by at least the gap, each with enough recorded days

    def words(self) -> str:
        """One line: 'caffeine: yes on 60% of 'evening massage' days, 10% of 'none' days'."""
        parts = []
        for a in self.arms:
            if a.value is None:
                parts.append(f"not recorded on '{a.arm}' days")
            elif self.kind is FactorKind.YES_NO:
                parts.append(f"{a.value:.0%} of '{a.arm}' days")
            else:
                parts.append(f"{a.value:.1f} on '{a.arm}' days")
        lead = "yes on " if self.kind is FactorKind.YES_NO else "on average "
        return f"{self.name}: {lead}" + ", ".join(parts)


def _check(name: str, kind: FactorKind, values: Mapping[date, float]) -> None:
    for day, value in values.items():
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        if ok and kind is FactorKind.YES_NO:
            ok = value in (0, 1)
        elif ok:
            ok = 0 <= value <= 10
        if not ok:
            allowed = "0 or 1" if kind is FactorKind.YES_NO else "a number from 0 to 10"
            raise InvalidInput(
                f"A value of '{name}' cannot be used.",
                details=[f"{name} on {day.isoformat()}: {value!r}; allowed: {allowed}"],
            )


def factor_row(
    name: str,
    source: str,
    kind: FactorKind,
    values: Mapping[date, float],
    schedule: Sequence[ScheduleDay],
    arms: Sequence[str],
    today: date,
) -> FactorRow:
    """The row of one factor over the experimental days up to ``today`` (``InvalidInput`` for a
    value a yes/no or 0-10 factor cannot have, NaN included)."""
    _check(name, kind, values)
    figures = []
    for arm in arms:
        seen = [
            float(values[d.day])
            for d in schedule
            if not d.is_run_in and d.arm == arm and d.day <= today and d.day in values
        ]
        figures.append(ArmFigure(arm, len(seen), fmean(seen) if seen else None))
    enough = [f.value for f in figures if f.days >= MIN_DAYS_PER_ARM and f.value is not None]
    gap = SHARE_GAP if kind is FactorKind.YES_NO else MEAN_GAP
    differs = len(enough) == len(arms) and max(enough) - min(enough) >= gap - 1e-9
    return FactorRow(name, source, kind, tuple(figures), differs)


def factor_table(
    factors: Sequence[tuple[str, str, FactorKind, Mapping[date, float]]],
    schedule: Sequence[ScheduleDay],
    arms: Sequence[str],
    today: date,
) -> tuple[FactorRow, ...]:
    """A row per factor recorded on at least one experimental day so far, in the order given."""
    rows = (factor_row(n, s, k, v, schedule, arms, today) for n, s, k, v in factors)
    return tuple(r for r in rows if any(a.days for a in r.arms))
