"""Own factors in a check-in: parsing typed or posted values, matching names, every problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.tracking.factors import (
    Factor,
    FactorKind,
    check_checkin_factors,
    parse_factor_value,
)
from legcare.errors import InvalidInput

STRESS = Factor("stress", FactorKind.SCALE)
DRIVE = Factor("long drive", FactorKind.YES_NO)


@pytest.mark.parametrize(
    ("factor", "raw", "stored"),
    [
        (DRIVE, True, 1),
        (DRIVE, "yes", 1),
        (DRIVE, " No ", 0),
        (DRIVE, 0, 0),
        (STRESS, "6", 6),
        (STRESS, 10, 10),
        (STRESS, "", None),
        (STRESS, None, None),
    ],
)
def test_values_typed_or_posted(factor: Factor, raw: object, stored: int | None) -> None:
    assert parse_factor_value(factor, raw) == stored


@pytest.mark.parametrize(
    ("factor", "raw", "allowed"),
    [
        (DRIVE, "maybe", "yes or no"),
        (DRIVE, 3, "yes or no"),
        (STRESS, "11", "0 to 10"),
        (STRESS, "6.5", "0 to 10"),
        (STRESS, True, "0 to 10"),
        (STRESS, 2.0, "0 to 10"),
    ],
)
def test_bad_values_name_the_factor_and_what_is_allowed(
    factor: Factor, raw: object, allowed: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_factor_value(factor, raw)
    assert err.value.message.startswith(f"{factor.name}: ")
    assert allowed in err.value.message


def test_names_match_whatever_the_case_and_every_problem_is_listed() -> None:
    checked = check_checkin_factors(
        [STRESS, DRIVE],
        [("Long  Drive", "yes"), ("STRESS", "12"), ("period", "yes"), ("long drive", "no")],
    )
    assert not checked.ok
    assert checked.values == {"long drive": 1}
    assert len(checked.problems) == 3
    assert any(p.startswith("stress: ") and "0 to 10" in p for p in checked.problems)
    unknown = next(p for p in checked.problems if "period" in p)
    assert "long drive, stress" in unknown
    assert any("given twice" in p for p in checked.problems)


def test_no_active_factors_says_so() -> None:
    checked = check_checkin_factors([], [("stress", "3")])
    assert "none yet" in checked.problems[0]


@given(st.integers(min_value=-5, max_value=20))
def test_a_scale_keeps_exactly_0_to_10(value: int) -> None:
    if 0 <= value <= 10:
        assert check_checkin_factors([STRESS], [("stress", str(value))]).values == {"stress": value}
    else:
        checked = check_checkin_factors([STRESS], [("stress", value)])
        assert not checked.ok and checked.values == {}
