"""Tracked exposures: own factors, medicines on and off, imported nights and steps; merging
near-duplicates; ranking; the count of comparisons."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.diary.exposures import Exposure
from legcare.domain.insights import build_diary_data
from legcare.domain.insights.tracked import (
    TrackedExposure,
    active_day_exposure,
    any_of,
    checkin_exposures,
    describe_tested,
    factor_exposure,
    medicine_exposure,
    merge_exposures,
    ranked_associations,
    short_night_exposure,
)

START = date(2026, 1, 1)
END = START + timedelta(days=9)

flags = st.sampled_from([np.nan, 0.0, 1.0])


def _days(n: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def test_scale_factor_is_with_at_five_or_more_and_unknown_days_stay_unknown() -> None:
    item = factor_exposure(
        "stress", "scale_0_10", {START: 4, START + timedelta(days=2): 5}, START, END
    )
    assert item.exposure.name == "factor:stress" and "5 or more" in item.exposure.label
    assert item.values[0] == 0.0 and item.values[2] == 1.0
    assert np.isnan(item.values[1]) and np.isnan(item.values[9])


def test_a_regular_medicine_is_on_from_start_to_stop_and_off_otherwise() -> None:
    item = medicine_exposure(
        medicine_id=3,
        name="quetiapine",
        started=START + timedelta(days=3),
        stopped=START + timedelta(days=5),
        as_needed=False,
        use_days=[],
        start=START,
        end=END,
    )
    assert item.values.tolist() == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    assert item.exposure.label == "quetiapine" and item.source == "medicine"


def test_an_as_needed_medicine_is_with_on_its_use_days_while_kept() -> None:
    item = medicine_exposure(
        medicine_id=1,
        name="cetirizine",
        started=START + timedelta(days=2),
        stopped=None,
        as_needed=True,
        use_days=[START + timedelta(days=4), START + timedelta(days=30)],
        start=START,
        end=END,
    )
    assert np.isnan(item.values[:2]).all()  # before it was kept: not known
    assert item.values[2:].tolist() == [0, 0, 1, 0, 0, 0, 0, 0]


def test_imported_nights_and_steps() -> None:
    night = short_night_exposure(
        {START: 300, START + timedelta(days=1): 420}, "apple_health", START, END
    )
    assert night.values[:2].tolist() == [1.0, 0.0] and night.source == "apple_health"
    steps = active_day_exposure(
        {START: 8000, START + timedelta(days=1): 7999}, "fitbit", START, END
    )
    assert steps.values[:2].tolist() == [1.0, 0.0]


@given(st.lists(st.tuples(flags, flags), min_size=1, max_size=30))
def test_any_of_is_with_when_either_is_and_unknown_only_when_both_are(rows: list) -> None:
    a = np.array([r[0] for r in rows])
    b = np.array([r[1] for r in rows])
    merged = any_of([a, b])
    for (x, y), m in zip(rows, merged.tolist(), strict=True):
        if x == 1.0 or y == 1.0:
            assert m == 1.0
        elif x == 0.0 or y == 0.0:
            assert m == 0.0
        else:
            assert np.isnan(m)


def _data(n: int = 10):
    return build_diary_data(START, START + timedelta(days=n - 1), {}, {})


def test_caffeine_and_caffeine_after_midday_are_one_exposure() -> None:
    merged = merge_exposures(checkin_exposures(_data()))
    names = [m.exposure.name for m in merged]
    assert "caffeine" in names and "caffeine_after_midday" not in names
    caffeine = next(m for m in merged if m.exposure.name == "caffeine")
    assert caffeine.members == ("caffeine", "caffeine after midday")


def test_an_own_factor_merges_into_the_check_in_question_it_repeats() -> None:
    data = _data()
    own = factor_exposure(
        "alcohol at night", "yes_no", {START: 1, START + timedelta(days=1): 0}, START, data.end
    )
    drive = factor_exposure("long drive", "yes_no", {START: 1}, START, data.end)
    merged = merge_exposures([*checkin_exposures(data), own, drive])
    alcohol = next(m for m in merged if m.exposure.name == "alcohol")
    assert alcohol.members == ("alcohol", "alcohol at night") and alcohol.source == "merged"
    assert alcohol.values[0] == 1.0 and alcohol.values[1] == 0.0
    assert "factor:alcohol at night" not in [m.exposure.name for m in merged]
    assert "factor:long drive" in [m.exposure.name for m in merged]


def test_medicines_are_never_merged_with_words_of_the_diary() -> None:
    med = medicine_exposure(
        medicine_id=1,
        name="caffeine",
        started=START,
        stopped=None,
        as_needed=False,
        use_days=[],
        start=START,
        end=END,
    )
    merged = merge_exposures([*checkin_exposures(_data()), med])
    assert "medicine:1" in [m.exposure.name for m in merged]


def _with_ratings(effect: float, seed: int, n: int = 40):
    rng = np.random.default_rng(seed)
    exposure = (np.arange(n) % 2).astype(float)
    evenings = {
        START + timedelta(days=i): {
            "rls": int(np.clip(round(4 + effect * exposure[i] + rng.normal(0, 1)), 0, 10))
        }
        for i in range(n)
    }
    data = build_diary_data(START, START + timedelta(days=n - 1), evenings, {})
    return data, exposure


def test_ranking_puts_the_clearest_difference_first_and_counts_what_was_compared() -> None:
    data, exposure = _with_ratings(3.0, 1)
    strong = TrackedExposure(
        Exposure("factor:strong", "strong"), exposure, "own factor", ("strong",)
    )
    noise = TrackedExposure(
        Exposure("factor:noise", "noise"),
        np.random.default_rng(2).integers(0, 2, 40).astype(float),
        "own factor",
        ("noise",),
    )
    sparse = TrackedExposure(
        Exposure("factor:sparse", "sparse"), np.full(40, np.nan), "own factor", ("sparse",)
    )
    ranked = ranked_associations(data, [noise, sparse, strong])
    first = ranked[0]
    assert first.rank == 1 and first.association.exposure.name == "factor:strong"
    assert first.association.outcome.metric.name == "rls"
    compared = [r for r in ranked if r.rank is not None]
    assert [r.rank for r in compared] == list(range(1, len(compared) + 1))
    assert all(r.association.enough for r in compared)
    assert all(r.rank is None for r in ranked if r.association.exposure.name == "factor:sparse")
    # only the evening rating exists: 2 compared (strong, noise against rls), the rest wait
    assert len(compared) == 2


def test_the_count_sentence() -> None:
    assert describe_tested(12).startswith("We looked at 12 things; with that many, one or two")
    assert "needs 5 days with and 5 without" in describe_tested(0)
    assert describe_tested(1).startswith("We looked at 1 thing;")


def test_a_difference_with_no_spread_ranks_first() -> None:
    n = 20
    exposure = (np.arange(n) % 2).astype(float)
    evenings = {START + timedelta(days=i): {"rls": 8 if exposure[i] else 3} for i in range(n)}
    data = build_diary_data(START, START + timedelta(days=n - 1), evenings, {})
    rng = np.random.default_rng(5)
    noisy = TrackedExposure(
        Exposure("factor:noise", "noise"), rng.integers(0, 2, n).astype(float), "own factor"
    )
    exact = TrackedExposure(Exposure("factor:exact", "exact"), exposure, "own factor")
    ranked = ranked_associations(data, [noisy, exact])
    assert ranked[0].association.exposure.name == "factor:exact" and ranked[0].rank == 1
