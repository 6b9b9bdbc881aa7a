"""Allocation and schedules: balanced, reproducible from the seed, transitions flagged."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.experiments.design import (
    Design,
    ScheduleDay,
    block_orders,
    build_schedule,
    day_in_schedule,
    default_transition_days,
    revealed,
    suitability_notes,
    validate_design,
)

START = date(2026, 11, 23)

arms_strategy = st.lists(
    st.text("abcdefgh ", min_size=1, max_size=8).map(str.strip).filter(bool),
    min_size=2,
    max_size=5,
    unique_by=str.casefold,
).map(tuple)

designs = st.builds(
    Design,
    arms=arms_strategy,
    outcome=st.sampled_from(["rls", "sleep_quality", "first_step_heel_pain"]),
    blocks=st.integers(2, 6),
    period_days=st.sampled_from([4, 7, 14]),
    run_in_days=st.integers(0, 7),
    transition_days=st.integers(0, 2),
)


@given(designs, st.integers(0, 2**62))
@settings(max_examples=80, deadline=None)
def test_schedule_is_balanced_and_complete(design: Design, seed: int) -> None:
    schedule = build_schedule(design, start=START, seed=seed)
    assert len(schedule) == design.total_days
    assert [d.day for d in schedule] == [START + timedelta(days=i) for i in range(len(schedule))]
    run_in = [d for d in schedule if d.is_run_in]
    assert len(run_in) == design.run_in_days and schedule[: len(run_in)] == run_in
    per_block = Counter((d.block, d.arm) for d in schedule if not d.is_run_in)
    # every arm gets exactly one period in every block
    assert set(per_block.values()) == {design.period_days}
    assert len(per_block) == design.blocks * len(design.arms)
    periods = Counter(d.period for d in schedule if not d.is_run_in)
    assert set(periods.values()) == {design.period_days}
    for d in schedule:
        if not d.is_run_in:
            first = next(x for x in schedule if x.period == d.period)
            assert d.is_transition == ((d.day - first.day).days < design.transition_days)


@given(designs, st.integers(0, 2**62))
@settings(max_examples=50, deadline=None)
def test_same_seed_same_schedule_and_json_round_trip(design: Design, seed: int) -> None:
    one = build_schedule(design, start=START, seed=seed)
    two = build_schedule(design, start=START, seed=seed)
    assert one == two
    assert [ScheduleDay.from_json(d.to_json()) for d in one] == one
    assert Design.from_json(design.to_json()) == design


def test_two_arm_pairs_are_ab_or_ba_and_both_orders_occur() -> None:
    arms = ("massage", "none")
    seen = Counter()
    for seed in range(200):
        for order in block_orders(arms, 4, seed):
            assert sorted(order) == sorted(arms)
            seen[order] += 1
    # p = 1/2 each: 800 pairs, both orders well represented
    assert 330 < seen[arms] < 470


def test_different_seeds_give_different_allocations() -> None:
    arms = ("a", "b", "c")
    orders = {tuple(block_orders(arms, 4, seed)) for seed in range(30)}
    assert len(orders) > 20


def test_longest_run_of_one_condition_is_two_periods() -> None:
    design = Design(("massage", "none"), "rls")
    for seed in range(100):
        arms = [d.arm for d in build_schedule(design, start=START, seed=seed)]
        run = longest = 1
        for prev, cur in zip(arms, arms[1:], strict=False):
            run = run + 1 if cur == prev else 1
            longest = max(longest, run)
        assert longest <= 14


def test_day_lookup_and_revealing_only_the_current_period() -> None:
    design = Design(("massage", "none"), "rls", run_in_days=7)
    schedule = build_schedule(design, start=START, seed=5)
    assert day_in_schedule(schedule, START - timedelta(days=1)) is None
    assert day_in_schedule(schedule, START + timedelta(days=63)) is None
    today = START + timedelta(days=7 + 9)  # second period, third day
    entry = day_in_schedule(schedule, today)
    assert entry is not None and entry.period == 2 and not entry.is_transition
    shown = revealed(schedule, today)
    assert max(d.period for d in shown) == 2
    assert shown[-1].day == START + timedelta(days=7 + 13)
    assert revealed(schedule, START - timedelta(days=3)) == []
    assert revealed(schedule, START + timedelta(days=100)) == schedule


@pytest.mark.parametrize(
    ("design", "fragment"),
    [
        (Design(("massage",), "rls"), "2 to 6 arms"),
        (Design(("massage", "Massage"), "rls"), "different name"),
        (Design(("massage", "none"), "mood"), "is not one of"),
        (Design(("massage", "none"), "rls", blocks=1), "2 to 8 blocks"),
        (Design(("massage", "none"), "rls", period_days=6), "period days"),
        (Design(("massage", "none"), "rls", run_in_days=30), "run-in"),
        (Design(("massage", "none"), "rls", transition_days=7), "transition days"),
        (Design(("", "none"), "rls"), "1 to 60 characters"),
    ],
)
def test_validation_says_what_is_allowed(design: Design, fragment: str) -> None:
    problems = validate_design(design)
    assert any(fragment in p for p in problems), problems


def test_default_design_is_valid_and_eight_weeks() -> None:
    design = Design(("evening massage", "none"), "rls")
    assert validate_design(design) == []
    assert design.total_days == 56 and design.comparison == "none"
    assert [default_transition_days(n) for n in (4, 7, 14)] == [1, 2, 3]


def test_suitability_notes_for_slow_practices_and_heel_pain() -> None:
    assert suitability_notes(Design(("evening massage", "none"), "rls")) == []
    slow = suitability_notes(Design(("calf stretching programme", "none"), "rls"))
    assert len(slow) == 1 and "14-day periods" in slow[0]
    assert suitability_notes(Design(("night splint", "none"), "rls", period_days=14)) == []
    heel = suitability_notes(Design(("foot massage", "none"), "first_step_heel_pain"))
    assert any("trend" in n for n in heel)


@pytest.mark.parametrize(
    ("field", "value"), [("transition_days", float("nan")), ("blocks", True), ("arms", "a,b")]
)
def test_a_stored_design_with_a_wrong_type_is_a_type_error(field: str, value: object) -> None:
    data = Design(("a", "b"), "rls").to_json()
    data[field] = value
    with pytest.raises(TypeError):
        Design.from_json(data)
