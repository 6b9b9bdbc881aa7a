"""How an entry becomes a timed step of a plan: the plan-only facts that sit beside its dose.

A technique, exercise or advice entry may carry one or more ``PlanStep`` shapes (the calf and the
hamstring roll are two shapes of one technique). The dose is not repeated here: the plan reads it
from the entry, so the plan and the Learn page show the same dose from one place. ``seconds`` is
only for steps whose dose has no length (a habit, a set of strengthening repetitions).
"""

from __future__ import annotations

from dataclasses import dataclass

from legcare.domain.knowledge.figures import Figure

STEP_KINDS = ("massage", "rolling", "stretch", "strength", "relaxation", "habit")
PLAN_AREAS = ("foot", "calf", "shin", "hamstring", "thigh", "buttock")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanStep:
    """One way the plan schedules an entry; ``id`` defaults to the entry's id."""

    id: str
    kind: str  # one of STEP_KINDS
    title: str
    tools: tuple[str, ...]  # preferred first; "hands" needs nothing
    areas: tuple[str, ...] = ()  # PLAN_AREAS; empty for whole-body steps
    per_leg: bool = True
    deep: bool = False  # firm pressure or tools: left out when only gentle work is allowed
    spots: tuple[int, int] | None = None  # for a per-spot hold: how many spots per leg
    seconds: int | None = None  # only when the dose gives no length
    instructions: tuple[str, ...] = ()  # empty: the entry's own steps or points
    cues: tuple[str, ...] = ()  # empty: the entry's own cues
    figure: Figure | None = None  # None: the entry's own figure
