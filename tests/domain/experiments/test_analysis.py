"""The experiment analysis: probabilities, direction, arm swaps, sufficiency and wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.counting import percent
from legcare.domain.experiments.analysis import (
    DECISION_RULE,
    Thresholds,
    Verdict,
    analyse,
    verdict,
)
from legcare.domain.experiments.design import Design, Direction, build_schedule
from legcare.domain.experiments.wording import (
    comparison_sentence,
    interval_words,
    likelihood_words,
)
from legcare.errors import InvalidInput
from tests.domain.experiments.conftest import simulate_ratings

START = date(2026, 1, 5)
DESIGN = Design(("evening massage", "none"), "rls")


def _run(design: Design = DESIGN, *, seed: int = 3, effect: float = -1.5, sim: int = 0, **kw):
    schedule = build_schedule(design, start=START, seed=seed)
    ratings = simulate_ratings(
        schedule, effects={design.arms[0]: effect}, rng=np.random.default_rng(sim), **kw
    )
    return schedule, ratings


@given(
    effect=st.floats(-3, 3),
    sim=st.integers(0, 10_000),
    seed=st.integers(0, 2**40),
    outcome=st.sampled_from(["rls", "sleep_quality"]),
    missing=st.integers(0, 12),
)
@settings(max_examples=40, deadline=None)
def test_probabilities_are_coherent(effect, sim, seed, outcome, missing) -> None:
    design = replace(DESIGN, outcome=outcome)
    schedule, ratings = _run(design, seed=seed, effect=effect, sim=sim)
    rng = np.random.default_rng(sim + 1)
    for day in rng.choice(sorted(ratings), missing, replace=False):
        ratings.pop(day)
    result = analyse(design, schedule, ratings, today=schedule[-1].day)
    assert result.enough_data
    c = result.comparisons[0]
    for p in (c.p_helps, c.p_noticeable, c.p_clear, c.p_worse, c.p_worse_noticeable):
        assert 0.0 <= p <= 1.0
    assert c.p_helps + c.p_worse == pytest.approx(1.0, abs=1e-9)
    assert c.p_clear <= c.p_noticeable <= c.p_helps
    assert sum(b.probability for b in c.bands) == pytest.approx(1.0, abs=1e-9)
    assert all(b.probability >= -1e-12 for b in c.bands)
    assert c.ci95[0] < c.ci80[0] < c.effect_median < c.ci80[1] < c.ci95[1]
    assert "prove" not in result.sentence.lower()


@given(sim=st.integers(0, 10_000), seed=st.integers(0, 2**40), effect=st.floats(-2.5, 2.5))
@settings(max_examples=25, deadline=None)
def test_swapping_arms_flips_the_effect_sign(sim, seed, effect) -> None:
    schedule, ratings = _run(seed=seed, effect=effect, sim=sim)
    swapped_design = replace(DESIGN, arms=("none", "evening massage"))
    one = analyse(DESIGN, schedule, ratings, today=schedule[-1].day).comparisons[0]
    two = analyse(swapped_design, schedule, ratings, today=schedule[-1].day).comparisons[0]
    assert two.arm == "none" and two.comparison == "evening massage"
    assert two.effect_mean == pytest.approx(-one.effect_mean, abs=1e-9)
    assert two.ci95[0] == pytest.approx(-one.ci95[1], abs=1e-6)
    assert two.p_helps == pytest.approx(one.p_worse, abs=1e-9)


def test_direction_is_explicit_higher_is_better_for_sleep() -> None:
    schedule, ratings = _run(effect=+1.8, sim=4)
    rls = analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    sleep = analyse(replace(DESIGN, outcome="sleep_quality"), schedule, ratings,
                    today=schedule[-1].day)  # fmt: skip
    assert rls.direction is Direction.LOWER_IS_BETTER
    assert sleep.direction is Direction.HIGHER_IS_BETTER
    # the same ratings going up: bad for a symptom score, good for sleep quality
    assert rls.comparisons[0].p_helps < 0.2 < 0.8 < sleep.comparisons[0].p_helps
    assert rls.comparisons[0].effect_mean == pytest.approx(sleep.comparisons[0].effect_mean,
                                                           rel=0.2)  # fmt: skip


def test_a_clear_effect_is_found_and_worded_carefully() -> None:
    schedule, ratings = _run(effect=-2.5, sim=1)
    result = analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    c = result.comparisons[0]
    assert c.p_helps > 0.99 and c.p_noticeable > 0.8
    assert c.verdict is Verdict.HELPS_NOTICEABLY
    assert -3.6 < c.effect_mean < -1.4
    assert "lower on 'evening massage' days than on 'none' days" in result.sentence
    assert "very likely helps you" in result.sentence
    assert result.sentence.count(".") <= 4  # one sentence (decimals aside)
    assert result.adherence == 1.0 and result.rated_days == 56


def test_user_thresholds_change_the_noticeable_probability() -> None:
    schedule, ratings = _run(effect=-1.5, sim=2)
    low = analyse(DESIGN, schedule, ratings, today=schedule[-1].day,
                  thresholds=Thresholds(0.5, 1.0)).comparisons[0]  # fmt: skip
    high = analyse(DESIGN, schedule, ratings, today=schedule[-1].day,
                   thresholds=Thresholds(2.0, 3.0)).comparisons[0]  # fmt: skip
    assert low.p_helps == pytest.approx(high.p_helps)
    assert low.p_noticeable > high.p_noticeable
    assert Thresholds(0, 1).problems() and Thresholds(2, 1).problems()
    assert Thresholds().problems() == []


def test_not_enough_data_before_two_complete_blocks() -> None:
    schedule, ratings = _run()
    today = schedule[20].day  # inside the second block
    result = analyse(DESIGN, schedule, ratings, today=today)
    assert not result.enough_data and result.comparisons == ()
    assert "complete blocks" in result.reasons[0]
    assert result.elapsed_days == 21 and result.rated_days == 21
    later = analyse(DESIGN, schedule, ratings, today=schedule[27].day)
    assert later.enough_data


def test_sparse_periods_do_not_count_as_complete() -> None:
    schedule, ratings = _run()
    for d in schedule:
        if d.period == 1 and d.day.day % 3:
            ratings.pop(d.day, None)
    result = analyse(DESIGN, schedule, ratings, today=schedule[27].day)
    assert not result.enough_data
    assert result.adherence is not None and result.adherence < 1


def test_missing_days_adherence_and_caveat() -> None:
    schedule, ratings = _run(effect=-1.0, sim=9)
    rng = np.random.default_rng(0)
    for day in rng.choice(sorted(ratings), 20, replace=False):
        ratings.pop(day)
    followed = {d.day: (i % 4 != 0) for i, d in enumerate(schedule)}
    result = analyse(DESIGN, schedule, ratings, today=schedule[-1].day, followed=followed)
    assert result.rated_days + 20 == 56
    assert result.adherence == pytest.approx(36 / 56)
    assert result.practice_adherence == pytest.approx(0.75)
    assert any("Ratings were given on 64%" in c for c in result.caveats)
    assert any("followed on 75%" in c for c in result.caveats)
    assert len(result.periods) == 8 and sum(p.rated_days for p in result.periods) == 36


def test_three_arms_compare_each_with_the_last() -> None:
    design = Design(("foam roller", "ball", "none"), "calf_hamstring_pain", blocks=3)
    schedule = build_schedule(design, start=START, seed=8)
    ratings = simulate_ratings(schedule, effects={"foam roller": -2.0, "ball": 0.0},
                               rng=np.random.default_rng(5), phi=0.3, sd=1.0)  # fmt: skip
    result = analyse(design, schedule, ratings, today=schedule[-1].day)
    roller, ball = result.comparisons
    assert (roller.arm, ball.arm, roller.comparison) == ("foam roller", "ball", "none")
    assert roller.p_helps > 0.95 > ball.p_helps
    assert "foam roller" in result.sentence
    # every check for every practice arm, and the range of each arm from its own checks
    assert [s.arm for s in result.sensitivity] == ["foam roller"] * 4 + ["ball"] * 4
    for c in result.comparisons:
        own = [s.p_helps for s in result.sensitivity if s.arm == c.arm]
        assert c.p_helps_range == (min(c.p_helps, *own), max(c.p_helps, *own))
    assert result.best_of == 2
    assert any("looked best of 2 practices" in x for x in result.caveats)


def test_two_arms_give_no_best_of_several_warning() -> None:
    schedule, ratings = _run(effect=-2.0, sim=3)
    result = analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    assert result.best_of == 1
    assert not any("best of" in x for x in result.caveats)
    assert len(result.sensitivity) == 4


def test_run_in_ratings_centre_the_prior_but_are_not_compared() -> None:
    design = replace(DESIGN, run_in_days=7)
    schedule, ratings = _run(design, effect=-1.0, sim=6)
    base = analyse(design, schedule, ratings, today=schedule[-1].day)
    for d in schedule[:7]:
        ratings[d.day] = 9.5  # a wild run-in moves the prior mean only
    moved = analyse(design, schedule, ratings, today=schedule[-1].day)
    assert base.rated_days == moved.rated_days == 56
    assert moved.comparisons[0].effect_mean == pytest.approx(base.comparisons[0].effect_mean,
                                                             abs=0.05)  # fmt: skip


def test_sensitivity_analyses_are_reported() -> None:
    schedule, ratings = _run(effect=-2.0, sim=12)
    result = analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    names = [s.name for s in result.sensitivity]
    assert names == ["independent errors (no autocorrelation)", "transition days left out",
                     "sceptical prior", "block steps instead of a linear trend"]  # fmt: skip
    for s in result.sensitivity:  # a clear 2-point effect shows in every analysis
        assert s.p_helps > 0.9 and s.effect_mean < -1
    c = result.comparisons[0]
    low, high = c.p_helps_range
    assert low == min(c.p_helps, *(s.p_helps for s in result.sensitivity))
    assert high == max(c.p_helps, *(s.p_helps for s in result.sensitivity))
    assert any(f"helps ranged from {percent(low)} to {percent(high)}" in x for x in result.caveats)
    assert not hasattr(result, "fragile")
    assert result.phi_mean is not None and 0.1 < result.phi_mean < 0.8


def test_trend_caveat_when_ratings_drift() -> None:
    schedule, ratings = _run(effect=0.0, sim=2, trend=-0.6, phi=0.2, sd=0.8)
    result = analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    assert result.trend_per_week is not None and result.trend_per_week < -0.3
    assert any("drifted down" in c for c in result.caveats)


@pytest.mark.parametrize(
    ("p", "words"),
    [(0.99, "very likely"), (0.9, "probably"), (0.5, "unclear"), (0.1, "probably not"),
     (0.01, "very likely not")],
)  # fmt: skip
def test_likelihood_words(p: float, words: str) -> None:
    assert likelihood_words(p) == words


def test_interval_words() -> None:
    assert interval_words(-2.1, -0.3) == "between 0.3 and 2.1 points lower"
    assert interval_words(-0.5, 1.2) == "between 0.5 lower and 1.2 higher"
    assert interval_words(0.2, 1.0) == "between 0.2 and 1.0 point higher"


def test_today_limits_the_data() -> None:
    schedule, ratings = _run()
    future = {d + timedelta(days=100): 0.0 for d in ratings}
    result = analyse(DESIGN, schedule, {**ratings, **future}, today=schedule[-1].day)
    assert result.rated_days == 56


@given(p_helps=st.floats(0, 1), p_noticeable=st.floats(0, 1))
def test_the_interim_rule_is_stricter_than_the_final_one(p_helps, p_noticeable) -> None:
    p_noticeable = min(p_noticeable, p_helps)  # a noticeable benefit implies some benefit
    early = verdict(p_helps, p_noticeable, interim=True)
    final = verdict(p_helps, p_noticeable)
    assert early is not Verdict.PROBABLY_HELPS  # no "probably" before the planned end
    if early is Verdict.HELPS_NOTICEABLY:
        assert final is Verdict.HELPS_NOTICEABLY and p_helps >= DECISION_RULE.interim_helps
    if early is Verdict.NO_USEFUL_BENEFIT:
        assert final in {Verdict.NO_USEFUL_BENEFIT, Verdict.PROBABLY_HELPS}
        assert p_noticeable < DECISION_RULE.interim_futility_noticeable
    if final is Verdict.HELPS_NOTICEABLY:
        assert p_helps >= DECISION_RULE.final_helps and p_noticeable >= 0.5


@given(
    p_helps=st.floats(0, 1),
    p_noticeable=st.floats(0, 1),
    interim=st.booleans(),
    effect=st.floats(-5, 5),
)
def test_the_sentence_says_what_the_verdict_says(p_helps, p_noticeable, interim, effect) -> None:
    p_noticeable = min(p_noticeable, p_helps)
    said = verdict(p_helps, p_noticeable, interim=interim)
    sentence = comparison_sentence(
        arm="massage", comparison="none", outcome_label="restless legs (0-10)", effect=effect,
        ci95=(effect - 1, effect + 1), p_helps=p_helps, p_noticeable=p_noticeable,
        noticeable=1.0, verdict=said.value, interim=interim,
    )  # fmt: skip
    final_words = {
        Verdict.HELPS_NOTICEABLY: "very likely helps you",
        Verdict.PROBABLY_HELPS: "probably helps you",
        Verdict.NO_USEFUL_BENEFIT: "no useful benefit",
        Verdict.UNCLEAR: "still unclear",
    }
    interim_words = {
        Verdict.HELPS_NOTICEABLY: "already meets the stricter early rule for a benefit",
        Verdict.NO_USEFUL_BENEFIT: "big enough to notice already looks unlikely",
        Verdict.UNCLEAR: "too early to tell",
    }
    expected = interim_words if interim else final_words
    assert expected[said] in sentence
    others = [words for v, words in {**final_words, **interim_words}.items()
              if words != expected[said]]  # fmt: skip
    assert not any(words in sentence for words in others)
    assert ("provisional" in sentence) == interim


def test_a_look_before_the_planned_end_is_provisional_and_stricter() -> None:
    schedule, ratings = _run(effect=-1.2, sim=21)
    halfway = analyse(DESIGN, schedule, ratings, today=schedule[34].day)
    end = analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    assert halfway.enough_data and halfway.interim and not end.interim
    assert halfway.planned_end == end.planned_end == schedule[-1].day
    assert "provisional" in halfway.sentence and "provisional" not in end.sentence
    assert any("interim look" in x for x in halfway.caveats)
    for c in halfway.comparisons:
        assert c.verdict is verdict(c.p_helps, c.p_noticeable, interim=True)
    assert all(s.verdict is not Verdict.PROBABLY_HELPS for s in halfway.sensitivity)


@pytest.mark.parametrize("value", [5.0, 0.0, 10.0])
def test_constant_ratings_verdict_and_sentence_agree(value: float) -> None:
    schedule = build_schedule(DESIGN, start=START, seed=4)
    ratings = {d.day: value for d in schedule}
    c = analyse(DESIGN, schedule, ratings, today=schedule[-1].day).comparisons[0]
    assert c.verdict is Verdict.NO_USEFUL_BENEFIT
    assert "no useful benefit" in c.sentence and "unclear" not in c.sentence
    assert abs(c.effect_mean) < 0.05


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), 1e308, -1e300])
def test_non_finite_ratings_are_refused(bad: float) -> None:
    schedule, ratings = _run()
    ratings[schedule[10].day] = bad
    with pytest.raises(InvalidInput) as caught:
        analyse(DESIGN, schedule, ratings, today=schedule[-1].day)
    assert schedule[10].day.isoformat() in caught.value.details[0]
    assert "finite numbers" in caught.value.details[0]


@given(sim=st.integers(0, 10_000), effect=st.floats(-2.5, 2.5), look=st.integers(27, 55))
@settings(max_examples=20, deadline=None)
def test_range_of_p_helps_holds_the_main_result(sim, effect, look) -> None:
    schedule, ratings = _run(effect=effect, sim=sim)
    result = analyse(DESIGN, schedule, ratings, today=schedule[look].day)
    assert result.interim == (look < 55)
    for c in result.comparisons:
        low, high = c.p_helps_range
        assert 0.0 <= low <= c.p_helps <= high <= 1.0
        assert c.verdict is verdict(c.p_helps, c.p_noticeable, interim=result.interim)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_thresholds_are_refused(bad: float) -> None:
    assert Thresholds(bad, 2.0).problems()
    assert Thresholds(1.0, bad).problems()
    schedule, ratings = _run()
    for thresholds in (Thresholds(bad, 2.0), Thresholds(1.0, bad)):  # and the analysis refuses
        with pytest.raises(InvalidInput, match="thresholds cannot be used"):
            analyse(DESIGN, schedule, ratings, today=schedule[-1].day, thresholds=thresholds)
