"""The weekly review: one proposed next step from adherence and the symptom trend.

The person accepts or declines it; accepted proposals fold into the plan's `Adjustments`, and
the next plan version is built from them. The options: hold longer (and step up the
strengthening), add an evening, change a technique that is not tolerated, test one with an
experiment, or keep the plan as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from statistics import fmean
from typing import Any

from legcare.domain.plans.catalogue import MAX_STRENGTH_LEVEL
from legcare.domain.plans.model import Adjustments

MAX_HOLD_SECONDS = 90
HOLD_STEP = 15
MAX_EVENINGS = 4
NOT_TOLERATED_TENDERNESS = 7
NOT_TOLERATED_SKIPS = 2
LOW_ADHERENCE = 0.5
TREND_POINTS = 1.0  # a change of a whole point on the 0-10 scale counts as a trend
# Firmest first: what to drop when an area is too tender after sessions.
FIRMEST_FIRST = (
    "trigger_point",
    "deep_tissue",
    "elbow_trigger_point_search",
    "lacrosse_ball_rollout",
    "myofascial_release",
    "arch_rolling",
)


class Trend(Enum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    UNKNOWN = "unknown"


class ProposalKind(Enum):
    HOLD_LONGER = "hold_longer"
    STEP_UP = "step_up"
    ADD_EVENING = "add_evening"
    CHANGE_TECHNIQUE = "change_technique"
    EXPERIMENT = "experiment"
    KEEP = "keep"


@dataclass(frozen=True, slots=True)
class WeekActivity:
    """What happened in the week under review."""

    planned: int  # sessions planned in the week
    done: int  # sessions finished in the week
    skipped: Mapping[str, int] = field(default_factory=dict)  # technique id -> times skipped
    tenderness: Mapping[str, int] = field(default_factory=dict)  # area -> highest 0-10
    recent: Sequence[float] = ()  # evening symptom ratings this week (0-10, higher is worse)
    before: Sequence[float] = ()  # the week before

    @property
    def adherence(self) -> float | None:
        return None if self.planned == 0 else min(1.0, self.done / self.planned)


@dataclass(frozen=True, slots=True)
class Proposal:
    kind: ProposalKind
    text: str
    reason: str
    change: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "text": self.text,
            "reason": self.reason,
            "change": dict(self.change),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Proposal:
        return cls(ProposalKind(data["kind"]), data["text"], data["reason"], data["change"])


def symptom_trend(recent: Sequence[float], before: Sequence[float]) -> Trend:
    """Better or worse when the weekly means differ by a whole point; unknown without data."""
    if len(recent) < 2 or len(before) < 2:
        return Trend.UNKNOWN
    delta = fmean(recent) - fmean(before)
    if delta <= -TREND_POINTS:
        return Trend.BETTER
    if delta >= TREND_POINTS:
        return Trend.WORSE
    return Trend.SAME


@dataclass(frozen=True, slots=True)
class PlanShape:
    """What the review needs to know about the current plan."""

    techniques: Mapping[str, frozenset[str]]  # technique id -> areas it works on
    evenings: int  # evening massage sessions a week (0: none in the plan)
    free_days: int  # days the person has available
    adjustments: Adjustments


def _not_tolerated(week: WeekActivity, shape: PlanShape) -> tuple[str, str] | None:
    skipped = sorted(
        (t for t, n in week.skipped.items() if n >= NOT_TOLERATED_SKIPS and t in shape.techniques),
        key=lambda t: (-week.skipped[t], t),
    )
    if skipped:
        return skipped[0], f"you skipped it {week.skipped[skipped[0]]} times this week"
    sore = sorted(a for a, v in week.tenderness.items() if v >= NOT_TOLERATED_TENDERNESS)
    for technique in FIRMEST_FIRST:
        areas = shape.techniques.get(technique, frozenset())
        hit = [a for a in sore if a in areas]
        if hit:
            return technique, f"your {hit[0]} was tender ({week.tenderness[hit[0]]}/10) after"
    return None


def propose(week: WeekActivity, shape: PlanShape) -> Proposal:
    """The one next step to offer this week."""
    adj = shape.adjustments
    bad = _not_tolerated(week, shape)
    if bad is not None:
        technique, why = bad
        name = technique.replace("_", " ")
        return Proposal(
            ProposalKind.CHANGE_TECHNIQUE,
            f"Leave out {name} and let the other techniques take its time.",
            f"It does not seem to suit you: {why}. What helps differs from person to person.",
            {"exclude": technique},
        )
    adherence = week.adherence
    if adherence is not None and adherence < LOW_ADHERENCE:
        return Proposal(
            ProposalKind.KEEP,
            "Keep the plan as it is for another week.",
            f"You did {week.done} of {week.planned} planned sessions; aim for the planned ones "
            "before changing anything.",
        )
    trend = symptom_trend(week.recent, week.before)
    if trend is Trend.BETTER:
        return _progress(adj, shape, "Your evening symptoms were lower than the week before")
    if shape.evenings and shape.evenings < min(MAX_EVENINGS, shape.free_days):
        return Proposal(
            ProposalKind.ADD_EVENING,
            f"Add an evening: {shape.evenings + 1} massage evenings a week.",
            _trend_reason(trend) + " More evenings is the simplest next step.",
            {"evenings_per_week": shape.evenings + 1},
        )
    if shape.evenings:
        return Proposal(
            ProposalKind.EXPERIMENT,
            "Test whether the evening massage helps you, with a personal experiment.",
            _trend_reason(trend) + " An experiment tells a real effect from chance.",
            {
                "experiment": {
                    "arms": ["massage", "none"],
                    "outcome": "rls",
                    "plan_step": "evening_massage",
                }
            },
        )
    return _progress(adj, shape, _trend_reason(trend))


def _trend_reason(trend: Trend) -> str:
    return {
        Trend.SAME: "Your evening symptoms were about the same as the week before.",
        Trend.WORSE: "Your evening symptoms were higher than the week before.",
        Trend.UNKNOWN: "There are not enough evening check-ins yet to see a trend.",
        Trend.BETTER: "Your evening symptoms were lower than the week before.",
    }[trend]


def _progress(adj: Adjustments, shape: PlanShape, reason: str) -> Proposal:
    change: dict[str, Any] = {}
    if shape.evenings and adj.hold_seconds < MAX_HOLD_SECONDS:
        change["hold_seconds"] = min(MAX_HOLD_SECONDS, adj.hold_seconds + HOLD_STEP)
    if adj.strength_level < MAX_STRENGTH_LEVEL:
        change["strength_level"] = adj.strength_level + 1
    if not change:
        return Proposal(ProposalKind.KEEP, "Keep going as you are.", reason.rstrip(".") + ".")
    if "hold_seconds" in change:
        return Proposal(
            ProposalKind.HOLD_LONGER,
            f"Hold each tender spot longer: {change['hold_seconds']} s instead of "
            f"{adj.hold_seconds} s (the range is 30-90 s).",
            reason.rstrip(".") + ", and you kept to the plan.",
            change,
        )
    return Proposal(
        ProposalKind.STEP_UP,
        f"Step up the strengthening to level {change['strength_level']}.",
        reason.rstrip(".") + "; a gradual ramp keeps the load manageable.",
        change,
    )


def apply_proposals(proposals: Iterable[Proposal], base: Adjustments | None = None) -> Adjustments:
    """The adjustments after the accepted ``proposals``, in order."""
    adj = base or Adjustments()
    for proposal in proposals:
        change = proposal.change
        if "exclude" in change:
            adj = replace(adj, excluded=adj.excluded | {str(change["exclude"])})
        if "evenings_per_week" in change:
            adj = replace(
                adj, evenings_per_week=min(MAX_EVENINGS, int(change["evenings_per_week"]))
            )
        if "hold_seconds" in change:
            adj = replace(adj, hold_seconds=min(MAX_HOLD_SECONDS, int(change["hold_seconds"])))
        if "strength_level" in change:
            level = min(MAX_STRENGTH_LEVEL, int(change["strength_level"]))
            adj = replace(adj, strength_level=level)
    return adj
