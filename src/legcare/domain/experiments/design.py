"""The design of a personal (n-of-1) experiment and its randomised schedule.

A design names two or more *arms* (what the person does on a day: "evening massage", "none"),
one primary *outcome* (a 0-10 check-in item), the period length, the number of blocks and an
optional run-in. The **last arm is the comparison**: every other arm is compared with it, so
``("evening massage", "none")`` asks "does evening massage beat doing nothing?".

Allocation is randomised once, from a stored seed: with two arms each block (a *pair*) is AB or
BA with probability 1/2; with more arms each block is a random permutation of all arms
(balanced randomised blocks). The schedule is a list of ``ScheduleDay`` that is stored at
enrolment and never recomputed; ``build_schedule`` is deterministic in the seed.

The first ``transition_days`` of every period are flagged: the previous practice may still act
(carry-over) or the new one may not yet (wash-in). The analysis keeps them in the primary
model and drops them in a sensitivity analysis.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum


class Direction(Enum):
    """Which way is better on an outcome's scale."""

    LOWER_IS_BETTER = "lower_is_better"
    HIGHER_IS_BETTER = "higher_is_better"


class CheckinKind(Enum):
    EVENING = "evening"
    MORNING = "morning"


# The model is continuous (simulations rate outside 0-10); ratings enter the app on their 0-10
# scale (check-ins, imports). This bound only keeps squares and sums far from overflowing.
RATING_LIMIT = 1e6


@dataclass(frozen=True, slots=True)
class OutcomeSpec:
    """One check-in item that can be an experiment's primary outcome.

    ``lag_days`` maps a rating to the schedule day it judges: a morning rating rates the night
    after the previous day's practice, so it belongs to the day before.
    """

    key: str
    label: str
    kind: CheckinKind
    direction: Direction
    lag_days: int
    scale_min: float = 0.0
    scale_max: float = 10.0


OUTCOMES: dict[str, OutcomeSpec] = {
    spec.key: spec
    for spec in (
        OutcomeSpec(
            "rls", "restless-legs symptoms (evening, 0-10)", CheckinKind.EVENING,
            Direction.LOWER_IS_BETTER, 0,
        ),
        OutcomeSpec(
            "leg_pain", "leg pain (evening, 0-10)", CheckinKind.EVENING,
            Direction.LOWER_IS_BETTER, 0,
        ),
        OutcomeSpec(
            "sleep_quality", "sleep quality (morning, 0-10)", CheckinKind.MORNING,
            Direction.HIGHER_IS_BETTER, 1,
        ),
        OutcomeSpec(
            "first_step_heel_pain", "first-step heel pain (morning, 0-10)", CheckinKind.MORNING,
            Direction.LOWER_IS_BETTER, 1,
        ),
        OutcomeSpec(
            "calf_hamstring_pain", "calf and hamstring pain (morning, 0-10)",
            CheckinKind.MORNING, Direction.LOWER_IS_BETTER, 1,
        ),
        OutcomeSpec(
            "times_woken_by_legs", "times woken by your legs (morning count)",
            CheckinKind.MORNING, Direction.LOWER_IS_BETTER, 1, 0.0, 20.0,
        ),
    )
}  # fmt: skip

MAX_ARMS = 6
MAX_ARM_NAME = 60
PERIOD_DAYS_ALLOWED = (3, 4, 5, 7, 10, 14)


@dataclass(frozen=True, slots=True)
class Design:
    """What the person chose at enrolment (everything but the random allocation)."""

    arms: tuple[str, ...]
    outcome: str
    blocks: int = 4
    period_days: int = 7
    run_in_days: int = 0
    transition_days: int = 2

    @property
    def comparison(self) -> str:
        """The arm every other arm is compared with (the last one)."""
        return self.arms[-1]

    @property
    def outcome_spec(self) -> OutcomeSpec:
        return OUTCOMES[self.outcome]

    @property
    def total_days(self) -> int:
        return self.run_in_days + self.blocks * len(self.arms) * self.period_days

    def to_json(self) -> dict[str, object]:
        return {
            "arms": list(self.arms),
            "outcome": self.outcome,
            "blocks": self.blocks,
            "period_days": self.period_days,
            "run_in_days": self.run_in_days,
            "transition_days": self.transition_days,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Design:
        arms = data["arms"]
        if not isinstance(arms, list):
            raise TypeError(f"arms: {arms!r} is not a list of names")
        return cls(
            arms=tuple(str(a) for a in arms),
            outcome=str(data["outcome"]),
            blocks=_int(data["blocks"]),
            period_days=_int(data["period_days"]),
            run_in_days=_int(data["run_in_days"]),
            transition_days=_int(data["transition_days"]),
        )


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def default_transition_days(period_days: int) -> int:
    """2 transition days for periods up to 7 days, 3 for longer ones (the statistics note)."""
    if period_days <= 4:
        return 1
    return 2 if period_days <= 7 else 3


def validate_design(design: Design) -> list[str]:
    """Every problem with ``design``, each saying what is allowed (empty when it is fine)."""
    problems: list[str] = []
    names = [a.strip() for a in design.arms]
    if len(names) < 2 or len(names) > MAX_ARMS:
        problems.append(f"arms: give 2 to {MAX_ARMS} arms, got {len(names)}")
    if any(not n or len(n) > MAX_ARM_NAME for n in names):
        problems.append(f"arms: each arm needs a name of 1 to {MAX_ARM_NAME} characters")
    if len({n.casefold() for n in names}) != len(names):
        problems.append("arms: every arm must have a different name")
    if design.outcome not in OUTCOMES:
        problems.append(f"outcome: {design.outcome!r} is not one of {', '.join(OUTCOMES)}")
    if not 2 <= design.blocks <= 8:
        problems.append(f"pairs: use 2 to 8 blocks (4 is the default), got {design.blocks}")
    if design.period_days not in PERIOD_DAYS_ALLOWED:
        allowed = ", ".join(map(str, PERIOD_DAYS_ALLOWED))
        problems.append(f"period days: use one of {allowed} (7 is the default)")
    if not 0 <= design.run_in_days <= 14:
        problems.append(f"run-in: use 0 to 14 days, got {design.run_in_days}")
    if not 0 <= design.transition_days < max(design.period_days - 1, 1):
        problems.append(
            f"transition days: use 0 to {max(design.period_days - 2, 0)} for "
            f"{design.period_days}-day periods"
        )
    return problems


SLOW_PRACTICE_WORDS = ("stretch", "strength", "insole", "orthotic", "orthoses", "splint")


def suitability_notes(design: Design) -> list[str]:
    """Warnings about the fit between the practices and the design (note, section 7.1)."""
    notes = []
    slow = [a for a in design.arms if any(w in a.casefold() for w in SLOW_PRACTICE_WORDS)]
    if slow and design.period_days < 14:
        notes.append(
            f"'{slow[0]}' may act slowly and build up over weeks: 14-day periods suit it better "
            "(--period-days 14, 2 pairs), and a quick on/off comparison may still miss its effect."
        )
    if design.outcome_spec.key == "first_step_heel_pain":
        notes.append(
            "Heel pain often eases by itself over months; the analysis allows for a steady trend."
        )
    return notes


@dataclass(frozen=True, slots=True)
class ScheduleDay:
    """One day of the stored schedule. ``arm`` is None and ``period`` is 0 during the run-in."""

    day: date
    arm: str | None
    period: int
    block: int
    is_transition: bool

    @property
    def is_run_in(self) -> bool:
        return self.arm is None

    def to_json(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "arm": self.arm,
            "period": self.period,
            "block": self.block,
            "is_transition": self.is_transition,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ScheduleDay:
        arm = data["arm"]
        return cls(
            day=date.fromisoformat(str(data["day"])),
            arm=None if arm is None else str(arm),
            period=_int(data["period"]),
            block=_int(data["block"]),
            is_transition=bool(data["is_transition"]),
        )


def block_orders(arms: tuple[str, ...], blocks: int, seed: int) -> list[tuple[str, ...]]:
    """The randomised order of arms in each block, from ``seed`` (deterministic).

    Two arms: each pair is AB or BA with probability 1/2, independently. More arms: each block is
    a uniformly random permutation, so every arm appears once per block (balanced).
    """
    rng = random.Random(seed)
    orders: list[tuple[str, ...]] = []
    for _ in range(blocks):
        if len(arms) == 2:
            orders.append(arms if rng.random() < 0.5 else (arms[1], arms[0]))
        else:
            order = list(arms)
            rng.shuffle(order)
            orders.append(tuple(order))
    return orders


def build_schedule(design: Design, *, start: date, seed: int) -> list[ScheduleDay]:
    """Every day of the experiment from ``start``: run-in first, then the randomised blocks."""
    days = [
        ScheduleDay(start + timedelta(days=i), None, 0, 0, False) for i in range(design.run_in_days)
    ]
    offset = design.run_in_days
    period = 0
    for block, order in enumerate(block_orders(design.arms, design.blocks, seed), start=1):
        for arm in order:
            period += 1
            for i in range(design.period_days):
                days.append(
                    ScheduleDay(
                        day=start + timedelta(days=offset),
                        arm=arm,
                        period=period,
                        block=block,
                        is_transition=i < design.transition_days,
                    )
                )
                offset += 1
    return days


def day_in_schedule(schedule: list[ScheduleDay], day: date) -> ScheduleDay | None:
    """The schedule entry for ``day`` (None before the start or after the end)."""
    if not schedule:
        return None
    index = (day - schedule[0].day).days
    if 0 <= index < len(schedule):
        entry = schedule[index]
        if entry.day == day:
            return entry
    return None


def revealed(schedule: list[ScheduleDay], today: date) -> list[ScheduleDay]:
    """The part of the schedule a person may see today: up to the end of the current period.

    Only the current period is revealed, so future assignments cannot shape expectations.
    """
    current = day_in_schedule(schedule, today)
    if current is None:
        return list(schedule) if schedule and today > schedule[-1].day else []
    return [d for d in schedule if d.day <= today or (d.period == current.period)]
