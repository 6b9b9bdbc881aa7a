"""The experiment analysis: probabilities, direction, arm swaps, sufficiency and wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.experiments.analysis import (
    Thresholds,
    Verdict,
    analyse,
)
from legcare.domain.experiments.design import Design, Direction, build_schedule
from legcare.domain.experiments.wording import interval_words, likelihood_words
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
    assert result.fragile == (not all(s.agrees for s in result.sensitivity))
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
