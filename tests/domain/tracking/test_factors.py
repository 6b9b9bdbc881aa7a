"""Own factors: names, values, and the near-duplicate merging rule (with its properties)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.tracking.factors import (
    FactorKind,
    check_factor_value,
    merge_near_duplicates,
    near_duplicates,
    new_factor,
    parse_factor_kind,
)
from legcare.errors import InvalidInput


def test_new_factor_cleans_spaces_and_keeps_the_case_typed() -> None:
    factor = new_factor("  Long   drive ", FactorKind.YES_NO)
    assert factor.name == "Long drive"
    assert factor.key == "long drive"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("x" * 41, "at most 40"),
        ("stress!", "not allowed"),
        ("<script>", "not allowed"),
    ],
)
def test_bad_names_are_refused_with_what_is_allowed(name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        new_factor(name, FactorKind.SCALE)


def test_names_are_unique_whatever_their_case() -> None:
    with pytest.raises(InvalidInput, match="already exists"):
        new_factor("STRESS", FactorKind.SCALE, existing=["Stress"])
    assert new_factor("stress at work", FactorKind.SCALE, existing=["Stress"]).name


def test_values_follow_the_kind() -> None:
    flag = new_factor("period", FactorKind.YES_NO)
    scale = new_factor("stress", FactorKind.SCALE)
    assert check_factor_value(flag, True) == 1
    assert check_factor_value(flag, 0) == 0
    assert check_factor_value(scale, 7) == 7
    with pytest.raises(InvalidInput, match="yes or no"):
        check_factor_value(flag, 3)
    with pytest.raises(InvalidInput, match="0 to 10"):
        check_factor_value(scale, 11)


def test_parse_factor_kind() -> None:
    assert parse_factor_kind("yes_no") is FactorKind.YES_NO
    assert parse_factor_kind("scale") is FactorKind.SCALE
    with pytest.raises(InvalidInput, match="allowed: yes_no"):
        parse_factor_kind("number")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("caffeine", "caffeine after midday", True),
        ("Caffeine", "caffeine", True),
        ("long drive", "long drives", True),
        ("new shoes", "shoes new", True),
        ("stress", "stress at work", True),
        ("caffeine", "alcohol", False),
        ("new shoes", "old shoes", False),
        ("drive", "long drive", False),
    ],
)
def test_near_duplicates(first: str, second: str, same: bool) -> None:
    assert near_duplicates(first, second) is same
    assert near_duplicates(second, first) is same


def test_merge_groups_caffeine_and_labels_with_the_shortest() -> None:
    groups = merge_near_duplicates(["caffeine after midday", "alcohol", "caffeine", "stress"])
    assert [(g.name, g.members) for g in groups] == [
        ("alcohol", ("alcohol",)),
        ("caffeine", ("caffeine", "caffeine after midday")),
        ("stress", ("stress",)),
    ]


NAMES = st.lists(
    st.lists(
        st.sampled_from(["caffeine", "after", "midday", "stress", "work", "new", "shoes"]),
        min_size=1,
        max_size=3,
    ).map(" ".join),
    max_size=8,
)


@given(NAMES, st.randoms())
def test_merge_is_a_partition_that_ignores_order(names: list[str], rnd: object) -> None:
    groups = merge_near_duplicates(names)
    members = [m for g in groups for m in g.members]
    assert sorted(members) == sorted(set(names))
    assert all(g.name in g.members for g in groups)
    shuffled = list(names)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert merge_near_duplicates(shuffled) == groups


@given(NAMES)
def test_merging_the_labels_again_changes_nothing_within_a_group(names: list[str]) -> None:
    for group in merge_near_duplicates(names):
        assert merge_near_duplicates(group.members) == (group,)
