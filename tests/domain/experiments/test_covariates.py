"""Other things that changed during an experiment: each factor arm by arm, never adjusted for."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.experiments.covariates import (
    MEAN_GAP,
    MIN_DAYS_PER_ARM,
    SHARE_GAP,
    factor_row,
    factor_table,
)
from legcare.domain.experiments.design import Design, build_schedule
from legcare.domain.tracking.factors import FactorKind
from legcare.errors import InvalidInput

DESIGN = Design(("evening massage", "none"), "rls", run_in_days=7)
SCHEDULE = build_schedule(DESIGN, start=date(2026, 1, 5), seed=3)
END = SCHEDULE[-1].day
ARMS = DESIGN.arms


def test_a_factor_more_common_on_one_arm_is_marked() -> None:
    # caffeine on every 'none' day and never on a massage day; also on every run-in day
    values = {d.day: float(d.arm == "none" or d.is_run_in) for d in SCHEDULE}
    row = factor_row("caffeine", "check-in", FactorKind.YES_NO, values, SCHEDULE, ARMS, END)
    by_arm = {a.arm: a for a in row.arms}
    assert by_arm["evening massage"].value == 0.0 and by_arm["none"].value == 1.0
    assert by_arm["none"].days == 28  # run-in days are not an arm's days
    assert row.differs
    assert row.words() == ("caffeine: yes on 0% of 'evening massage' days, 100% of 'none' days")


def test_days_after_today_do_not_count() -> None:
    values = {d.day: 5.0 for d in SCHEDULE}
    today = SCHEDULE[20].day
    row = factor_row("stress", "your factor", FactorKind.SCALE, values, SCHEDULE, ARMS, today)
    assert sum(a.days for a in row.arms) == sum(
        1 for d in SCHEDULE if not d.is_run_in and d.day <= today
    )
    assert not row.differs and "on average 5.0 on 'evening massage' days" in row.words()


def test_unrecorded_factors_are_left_out() -> None:
    rows = factor_table(
        [("alcohol", "check-in", FactorKind.YES_NO, {}),
         ("stress", "your factor", FactorKind.SCALE, {SCHEDULE[10].day: 3.0})],
        SCHEDULE, ARMS, END,
    )  # fmt: skip
    assert [r.name for r in rows] == ["stress"]
    assert not rows[0].differs  # one recorded day: too few to compare


@pytest.mark.parametrize(
    ("kind", "bad"),
    [
        (FactorKind.YES_NO, 0.5),
        (FactorKind.YES_NO, float("nan")),
        (FactorKind.SCALE, 11.0),
        (FactorKind.SCALE, float("inf")),
        (FactorKind.SCALE, float("nan")),
    ],
)
def test_values_a_factor_cannot_have_are_refused(kind: FactorKind, bad: float) -> None:
    day = SCHEDULE[9].day
    with pytest.raises(InvalidInput) as err:
        factor_row("stress", "your factor", kind, {day: bad}, SCHEDULE, ARMS, END)
    assert day.isoformat() in err.value.details[0] and "allowed" in err.value.details[0]


@given(
    kind=st.sampled_from([FactorKind.YES_NO, FactorKind.SCALE]),
    picks=st.lists(st.tuples(st.integers(0, len(SCHEDULE) - 1), st.integers(0, 10)), max_size=80),
    upto=st.integers(0, len(SCHEDULE) - 1),
)
@settings(max_examples=60)
def test_the_row_is_the_arms_own_days(kind, picks, upto) -> None:
    values = {SCHEDULE[i].day: float(v if kind is FactorKind.SCALE else v % 2) for i, v in picks}
    today = SCHEDULE[upto].day
    row = factor_row("f", "your factor", kind, values, SCHEDULE, ARMS, today)
    for figure in row.arms:
        days = [d.day for d in SCHEDULE if d.arm == figure.arm and not d.is_run_in]
        own = [values[day] for day in days if day <= today and day in values]
        assert figure.days == len(own)
        if own:
            assert figure.value == pytest.approx(sum(own) / len(own))
        else:
            assert figure.value is None
    gap = SHARE_GAP if kind is FactorKind.YES_NO else MEAN_GAP
    enough = [a.value for a in row.arms if a.days >= MIN_DAYS_PER_ARM]
    spread = max(enough) - min(enough) if len(enough) == len(ARMS) else None  # type: ignore[type-var,operator]
    expected = spread is not None and spread >= gap - 1e-9
    assert row.differs == expected
