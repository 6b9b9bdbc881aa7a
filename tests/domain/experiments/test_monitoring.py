"""Stopping: fixed duration by default; early looks at block ends from the second, at 0.99."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from legcare.domain.experiments.analysis import Comparison, ExperimentResult, Thresholds, analyse
from legcare.domain.experiments.design import Design, Direction, build_schedule
from legcare.domain.experiments.monitoring import (
    LookAction,
    StoppingRule,
    decide,
    due_look,
    look_days,
)
from tests.domain.experiments.conftest import simulate_ratings

START = date(2026, 1, 5)
DESIGN = Design(("evening massage", "none"), "rls", run_in_days=7)
SCHEDULE = build_schedule(DESIGN, start=START, seed=1)


def _result(p_helps: float, p_noticeable: float) -> ExperimentResult:
    schedule = build_schedule(Design(("a", "b"), "rls"), start=START, seed=2)
    ratings = simulate_ratings(schedule, effects={"a": -1.0}, rng=np.random.default_rng(0))
    real = analyse(Design(("a", "b"), "rls"), schedule, ratings, today=schedule[-1].day)
    c: Comparison = replace(real.comparisons[0], p_helps=p_helps, p_noticeable=p_noticeable)
    return replace(real, comparisons=(c,))


def test_fixed_duration_looks_only_at_the_end() -> None:
    assert look_days(SCHEDULE, StoppingRule()) == [SCHEDULE[-1].day]


def test_early_looks_at_each_block_end_from_the_second() -> None:
    days = look_days(SCHEDULE, StoppingRule(early_looks=True))
    block_ends = [START + timedelta(days=7 + 14 * b - 1) for b in (2, 3, 4)]
    assert days == block_ends
    assert due_look(SCHEDULE, StoppingRule(early_looks=True), block_ends[0]) is None
    assert (
        due_look(SCHEDULE, StoppingRule(early_looks=True), block_ends[0] + timedelta(1))
        == (block_ends[0])
    )


def test_interim_looks_need_099_and_the_final_look_095() -> None:
    rule = StoppingRule(early_looks=True)
    day = START
    assert decide(_result(0.97, 0.6), rule, day=day, final=False).action is LookAction.CONTINUE
    assert decide(_result(0.995, 0.6), rule, day=day, final=False).action is (
        LookAction.STOP_BENEFIT
    )
    assert decide(_result(0.995, 0.3), rule, day=day, final=False).action is LookAction.CONTINUE
    assert decide(_result(0.97, 0.6), rule, day=day, final=True).action is (LookAction.STOP_BENEFIT)
    assert decide(_result(0.6, 0.6), rule, day=day, final=True).action is LookAction.FINISHED


def test_futility_when_a_noticeable_benefit_is_very_unlikely() -> None:
    decision = decide(_result(0.4, 0.01), StoppingRule(early_looks=True), day=START, final=False)
    assert decision.action is LookAction.STOP_FUTILITY
    assert "very unlikely" in decision.reason


def test_not_enough_data_keeps_going() -> None:
    empty = ExperimentResult(False, ("x",), Direction.LOWER_IS_BETTER, Thresholds())
    assert decide(empty, StoppingRule(True), day=START, final=False).action is LookAction.CONTINUE
