"""Our own weekly scores: validation, scoring rules and their properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.tracking.weekly_scores import (
    ITEMS,
    WeeklyScoreKind,
    check_answers,
    parse_kind,
    score_items,
    week_of,
    weekly_score,
)
from legcare.errors import InvalidInput

TODAY = date(2026, 12, 3)  # a Thursday
KINDS = st.sampled_from(list(WeeklyScoreKind))
RATING = st.integers(min_value=0, max_value=10)


def answers_for(kind: WeeklyScoreKind) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(dict.fromkeys(ITEMS[kind], RATING))


def test_the_items_are_our_own_four_and_three() -> None:
    assert ITEMS[WeeklyScoreKind.RLS] == ("frequency", "intensity", "sleep", "daytime_impact")
    assert ITEMS[WeeklyScoreKind.HEEL] == ("first_step_pain", "pain_after_standing", "function")


def test_scoring_examples() -> None:
    rls = WeeklyScoreKind.RLS
    assert score_items(rls, dict.fromkeys(ITEMS[rls], 0)) == 0
    assert score_items(rls, dict.fromkeys(ITEMS[rls], 10)) == 100
    assert score_items(rls, {"frequency": 5, "intensity": 6, "sleep": 4, "daytime_impact": 3}) == 45
    heel = WeeklyScoreKind.HEEL
    # mean 1/3 * 10 = 3.33 -> 3; mean 5/3 * 10 = 16.67 -> 17; 0.5 rounds up
    assert score_items(heel, {"first_step_pain": 1, "pain_after_standing": 0, "function": 0}) == 3
    assert score_items(heel, {"first_step_pain": 2, "pain_after_standing": 2, "function": 1}) == 17
    assert score_items(rls, {"frequency": 1, "intensity": 0, "sleep": 0, "daytime_impact": 1}) == 5


@given(st.data(), KINDS)
def test_score_is_between_0_and_100(data: st.DataObject, kind: WeeklyScoreKind) -> None:
    answers = data.draw(answers_for(kind))
    assert 0 <= score_items(kind, answers) <= 100


@given(st.data(), KINDS)
def test_score_never_falls_when_an_item_worsens(data: st.DataObject, kind: WeeklyScoreKind) -> None:
    answers = data.draw(answers_for(kind))
    item = data.draw(st.sampled_from(ITEMS[kind]))
    worse = {**answers, item: min(10, answers[item] + 1)}
    assert score_items(kind, worse) >= score_items(kind, answers)


@given(st.data(), KINDS)
def test_score_ignores_item_order(data: st.DataObject, kind: WeeklyScoreKind) -> None:
    answers = data.draw(answers_for(kind))
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    assert score_items(kind, shuffled) == score_items(kind, answers)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_week_of_is_the_monday_within_six_days(day: date) -> None:
    monday = week_of(day)
    assert monday.weekday() == 0
    assert timedelta(0) <= day - monday <= timedelta(days=6)
    assert week_of(monday) == monday


def test_weekly_score_names_the_week_by_its_monday() -> None:
    result = weekly_score(
        WeeklyScoreKind.HEEL,
        TODAY,
        {"first_step_pain": 7, "pain_after_standing": 5, "function": 3},
        today=TODAY,
    )
    assert result.week == date(2026, 11, 30)
    assert result.score == 50
    assert result.answer("function") == 3


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"frequency": 1}, "missing intensity, sleep, daytime_impact"),
        (
            {"frequency": 1, "intensity": 2, "sleep": 3, "daytime_impact": 4, "mood": 1},
            "unknown item(s) mood",
        ),
        ({"frequency": 11, "intensity": 2, "sleep": 3, "daytime_impact": 4}, "allowed: 0 to 10"),
        ({"frequency": 2.5, "intensity": 2, "sleep": 3, "daytime_impact": 4}, "whole number"),
        ({"frequency": True, "intensity": 2, "sleep": 3, "daytime_impact": 4}, "whole number"),
    ],
)
def test_bad_answers_say_what_is_allowed(answers: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match="allowed|missing|unknown") as info:
        check_answers(WeeklyScoreKind.RLS, answers)
    assert message in str(info.value)


def test_a_future_week_is_refused() -> None:
    answers = dict.fromkeys(ITEMS[WeeklyScoreKind.RLS], 1)
    with pytest.raises(InvalidInput, match="future"):
        weekly_score(WeeklyScoreKind.RLS, TODAY + timedelta(days=7), answers, today=TODAY)


def test_parse_kind_accepts_short_names_and_explains_otherwise() -> None:
    assert parse_kind("RLS") is WeeklyScoreKind.RLS
    assert parse_kind("heel_weekly") is WeeklyScoreKind.HEEL
    with pytest.raises(InvalidInput, match="allowed: rls"):
        parse_kind("irls")
