"""Associations: counts add up, never shown under 5/5, intervals, wording, sign symmetry."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.insights import MIN_DAYS, associations, build_diary_data, compare
from legcare.domain.insights.associations import describe_association

START = date(2026, 1, 1)

days = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 10)),  # outcome
        st.sampled_from([None, 0.0, 1.0]),  # exposure
    ),
    min_size=1,
    max_size=60,
)


def _arrays(rows: list[tuple[int | None, float | None]]) -> tuple[np.ndarray, np.ndarray]:
    outcome = np.array([np.nan if o is None else float(o) for o, _ in rows])
    exposure = np.array([np.nan if e is None else e for _, e in rows])
    return outcome, exposure


@given(days)
def test_counts_add_up_and_never_shown_under_five_each(rows: list) -> None:
    outcome, exposure = _arrays(rows)
    n_with, n_without, unrecorded, diff = compare(outcome, exposure)
    assert n_with + n_without + unrecorded == len(rows)
    assert n_with == sum(1 for o, e in rows if o is not None and e == 1.0)
    assert n_without == sum(1 for o, e in rows if o is not None and e == 0.0)
    assert (diff is not None) == (n_with >= MIN_DAYS and n_without >= MIN_DAYS)
    if diff is not None:
        assert diff.low <= diff.difference <= diff.high
        assert (diff.n_a, diff.n_b) == (n_with, n_without)


@given(days)
def test_swapping_with_and_without_flips_the_sign(rows: list) -> None:
    outcome, exposure = _arrays(rows)
    flipped = np.where(np.isnan(exposure), np.nan, 1.0 - exposure)
    a = compare(outcome, exposure)
    b = compare(outcome, flipped)
    assert (a[0], a[1]) == (b[1], b[0])
    if a[3] is not None:
        assert b[3] is not None
        assert abs(a[3].difference + b[3].difference) < 1e-9
        assert abs(a[3].low + b[3].high) < 1e-9


def _diary(n: int) -> tuple[dict, dict]:
    evenings, mornings = {}, {}
    for i in range(n):
        day = START + timedelta(days=i)
        alcohol = i % 3 == 0
        evenings[day] = {"rls": 7 if alcohol else 3 + (i % 2), "alcohol": alcohol, "caffeine": True}
        mornings[day + timedelta(days=1)] = {"sleep_quality": 3 if alcohol else 7}
    return evenings, mornings


def test_alcohol_nights_are_worse_and_worded_as_an_association() -> None:
    evenings, mornings = _diary(30)
    data = build_diary_data(START, START + timedelta(days=29), evenings, mornings)
    found = {(a.exposure.name, a.outcome.metric.name): a for a in associations(data)}
    rls = found["alcohol", "rls"]
    assert (rls.n_with, rls.n_without) == (10, 20)
    assert rls.direction == "worse" and rls.difference is not None
    assert rls.difference.difference == 7 - 3.5
    text = describe_association(rls)
    assert text.startswith("Nights with alcohol went with restless-legs symptoms")
    assert "higher" in text and "does not show that alcohol causes" in text
    assert "10 with, 20 without" in text
    # the next morning's sleep lines up with the evening before, including the last evening
    sleep = found["alcohol", "sleep_quality"]
    assert (sleep.n_with, sleep.n_without) == (10, 20)
    assert sleep.direction == "worse" and sleep.difference.difference == -4  # type: ignore[union-attr]
    # caffeine every day: nothing "without", so nothing shown
    caffeine = found["caffeine", "rls"]
    assert caffeine.difference is None and caffeine.direction is None
    assert "not enough days yet" in describe_association(caffeine)
    assert "needs at least 5 of each" in describe_association(caffeine)


def test_unclear_when_the_interval_includes_no_difference() -> None:
    evenings = {
        START + timedelta(days=i): {"rls": [2, 8, 5, 3, 7][i % 5], "alcohol": i % 2 == 0}
        for i in range(20)
    }
    data = build_diary_data(START, START + timedelta(days=19), evenings, {})
    rls = next(a for a in associations(data) if a.exposure.name == "alcohol")
    assert rls.direction == "unclear"
    assert "includes no difference" in describe_association(rls)
