"""When an experiment may stop: fixed duration by default, optional early looks at block ends.

The statistics note (section 7.5): by default the experiment runs its planned number of periods.
If the person opts in to early looks, the data are looked at only at the end of each block
(pair) from the second on. At an interim look the experiment may stop for benefit when
P(helps) >= 0.99 *and* P(noticeable) >= 0.5, or for futility when P(noticeable) < 0.05; at the
final look the usual 0.95 applies. Looking at 0.95 every time would inflate false "benefit"
answers to about 11%, which is why interim looks are stricter. Stopping because of a side effect
or intolerance is always allowed and is not an efficacy stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from legcare.domain.experiments.analysis import DECISION_RULE, ExperimentResult
from legcare.domain.experiments.design import ScheduleDay


@dataclass(frozen=True, slots=True)
class StoppingRule:
    """The thresholds are the analysis' decision rule, so a look and the results agree."""

    early_looks: bool = False
    interim_helps: float = DECISION_RULE.interim_helps
    final_helps: float = DECISION_RULE.final_helps
    noticeable_needed: float = DECISION_RULE.noticeable_needed
    futility_noticeable: float = DECISION_RULE.interim_futility_noticeable


class LookAction(Enum):
    CONTINUE = "continue"
    STOP_BENEFIT = "stop_benefit"
    STOP_FUTILITY = "stop_futility"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class LookDecision:
    day: date
    final: bool
    action: LookAction
    reason: str


def look_days(schedule: Sequence[ScheduleDay], rule: StoppingRule) -> list[date]:
    """The days after which the data are looked at: block ends from the second block on (all of
    them with early looks, only the last one without)."""
    ends: dict[int, date] = {}
    for d in schedule:
        if not d.is_run_in:
            ends[d.block] = d.day
    ordered = [ends[b] for b in sorted(ends)]
    if not ordered:
        return []
    return ordered[1:] if rule.early_looks else ordered[-1:]


def due_look(schedule: Sequence[ScheduleDay], rule: StoppingRule, today: date) -> date | None:
    """The latest look day that has passed (its block ended before today), if any."""
    passed = [d for d in look_days(schedule, rule) if d < today]
    return passed[-1] if passed else None


def decide(result: ExperimentResult, rule: StoppingRule, *, day: date, final: bool) -> LookDecision:
    """What to do after a look at ``result`` (the data up to ``day``)."""
    if not result.enough_data or not result.comparisons:
        action = LookAction.FINISHED if final else LookAction.CONTINUE
        return LookDecision(day, final, action, "not enough rated days to judge yet")
    best = max(result.comparisons, key=lambda c: c.p_helps)
    threshold = rule.final_helps if final else rule.interim_helps
    if best.p_helps >= threshold and best.p_noticeable >= rule.noticeable_needed:
        return LookDecision(
            day,
            final,
            LookAction.STOP_BENEFIT,
            f"'{best.arm}' helped with probability {best.p_helps:.1%} "
            f"(threshold {threshold:.0%}) and a noticeable benefit is more likely than not",
        )
    if all(c.p_noticeable < rule.futility_noticeable for c in result.comparisons):
        return LookDecision(
            day,
            final,
            LookAction.STOP_FUTILITY,
            "a noticeable benefit is now very unlikely "
            f"(below {rule.futility_noticeable:.0%} for every practice)",
        )
    action = LookAction.FINISHED if final else LookAction.CONTINUE
    reason = "the planned periods are done" if final else "no clear answer yet: keep going"
    return LookDecision(day, final, action, reason)
