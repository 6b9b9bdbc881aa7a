"""Trends (7-day mean, four weeks against four) and adherence (planned against done)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.insights import adherence, build_diary_data, metric_trend, rolling_mean
from legcare.domain.insights.adherence import (
    PlanVersion,
    describe_adherence,
    planned_session_keys,
    planned_sessions,
    sessions_done,
)
from legcare.domain.insights.series import METRIC_BY_NAME
from legcare.domain.insights.trends import describe_trend

START = date(2026, 1, 1)


def _evenings(values: list[int | None]) -> dict:
    return {START + timedelta(days=i): {"rls": v} for i, v in enumerate(values) if v is not None}


def test_trend_compares_the_last_four_weeks_with_the_four_before() -> None:
    values = [6] * 28 + [3] * 28
    data = build_diary_data(START, START + timedelta(days=55), _evenings(values), {})
    trend = metric_trend(data, METRIC_BY_NAME["rls"])
    assert trend.last_7_days.mean == 3 and trend.last_7_days.n == 7
    assert trend.last_4_weeks.mean == 3 and trend.previous_4_weeks.mean == 6
    assert trend.change == -3 and trend.direction == "better"
    assert "better" in describe_trend(trend)


def test_higher_sleep_quality_is_better() -> None:
    mornings = {START + timedelta(days=i): {"sleep_quality": 4 if i < 28 else 7} for i in range(56)}
    data = build_diary_data(START, START + timedelta(days=55), {}, mornings)
    assert metric_trend(data, METRIC_BY_NAME["sleep_quality"]).direction == "better"


def test_too_few_days_means_no_comparison() -> None:
    values = [None] * 50 + [5] * 6
    data = build_diary_data(START, START + timedelta(days=55), _evenings(values), {})
    trend = metric_trend(data, METRIC_BY_NAME["rls"])
    assert trend.change is None and trend.direction is None
    assert trend.last_7_days.n == 6
    assert "Not enough weeks" in describe_trend(trend)


@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=1, max_size=40))
def test_rolling_mean_matches_a_plain_loop(raw: list[int | None]) -> None:
    values = np.array([np.nan if v is None else float(v) for v in raw])
    out = rolling_mean(values)
    for i in range(len(raw)):
        window = [v for v in raw[max(0, i - 6) : i + 1] if v is not None]
        if len(window) < 3:
            assert np.isnan(out[i])
        else:
            assert abs(out[i] - sum(window) / len(window)) < 1e-9


def test_adherence_by_week() -> None:
    start, end = date(2026, 11, 2), date(2026, 11, 15)  # two Monday-Sunday weeks
    planned = [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 10), date(2026, 11, 12)]
    done = [date(2026, 11, 3), date(2026, 11, 6), date(2026, 11, 7), date(2026, 11, 10)]
    result = adherence(start, end, planned, done + [date(2026, 12, 1)])
    assert (result.planned, result.done, result.done_as_planned) == (4, 4, 2)
    assert [(w.planned, w.done, w.done_as_planned) for w in result.weeks] == [(2, 3, 1), (2, 1, 1)]
    assert result.rate == 0.75  # week 1 capped at 2 of 2, week 2 one of 2
    assert (result.counted, result.extra) == (3, 1)
    assert describe_adherence(result) == (
        "3 of 4 planned sessions done (75% of the plan, 2 on the planned day); "
        "1 session more on top of the plan."
    )


def test_more_sessions_than_planned_never_reads_as_more_than_planned() -> None:
    start, end = date(2026, 11, 2), date(2026, 11, 29)
    planned = [start + timedelta(days=i) for i in range(0, 28, 7)]  # Mondays: 4
    done = [start + timedelta(days=i) for i in range(28)]  # every day: 28
    result = adherence(start, end, planned, done)
    assert (result.planned, result.done, result.counted, result.extra) == (4, 28, 4, 24)
    assert describe_adherence(result).startswith("4 of 4 planned sessions done (100%")
    assert "24 sessions more on top of the plan" in describe_adherence(result)


def test_weeks_before_the_plan_started_are_not_counted() -> None:
    start, end = date(2026, 11, 2), date(2026, 11, 29)
    plan_start = date(2026, 11, 18)  # a Wednesday in the third week
    planned = [d for d in (start + timedelta(days=i) for i in range(28)) if d.weekday() in (0, 3)]
    result = adherence(start, end, planned, [date(2026, 11, 19)], plan_start=plan_start)
    assert result.start == plan_start
    assert [w.week_start for w in result.weeks] == [date(2026, 11, 16), date(2026, 11, 23)]
    assert result.planned == 3  # Thu 19, Mon 23, Thu 26: not the Mondays before the plan
    assert "since the plan started on 2026-11-18" in describe_adherence(result)


@given(
    st.sets(st.integers(0, 60)),
    st.sets(st.integers(0, 60)),
)
def test_adherence_counts_add_up(planned: set[int], done: set[int]) -> None:
    start = date(2026, 1, 1)
    end = start + timedelta(days=60)
    result = adherence(
        start, end, [start + timedelta(d) for d in planned], [start + timedelta(d) for d in done]
    )
    assert sum(w.planned for w in result.weeks) == len(planned)
    assert sum(w.done for w in result.weeks) == len(done)
    assert result.done_as_planned == len(planned & done)
    assert result.rate is None if not planned else 0 <= result.rate <= 1
    assert result.counted <= result.planned and result.counted <= result.done
    assert result.counted + result.extra == result.done


@given(
    st.sets(st.integers(0, 60)),
    st.sets(st.integers(0, 60)),
    st.integers(-10, 70),
)
def test_adherence_from_the_plan_start(planned: set[int], done: set[int], since: int) -> None:
    start = date(2026, 1, 1)
    end = start + timedelta(days=60)
    plan_start = start + timedelta(days=since)
    result = adherence(
        start,
        end,
        [start + timedelta(d) for d in planned],
        [start + timedelta(d) for d in done],
        plan_start=plan_start,
    )
    first = max(since, 0)
    assert result.planned == len({d for d in planned if d >= first})
    assert all(w.week_start + timedelta(days=6) >= plan_start for w in result.weeks)
    summary = describe_adherence(result)
    if result.planned:
        counted, of_planned = summary.split(" planned")[0].split(" of ")
        assert int(counted) <= int(of_planned) == result.planned


def test_nothing_planned() -> None:
    result = adherence(START, START + timedelta(days=6), [], [START])
    assert result.rate is None
    assert "none were planned" in describe_adherence(result)


def test_nothing_planned_nothing_done() -> None:
    result = adherence(START, START + timedelta(days=6), [], [])
    assert describe_adherence(result) == "No sessions were planned in this period."
    assert [w.rate for w in result.weeks] == [None] * len(result.weeks)


def test_next_morning_reads_the_morning_after_the_range() -> None:
    mornings = {START + timedelta(days=i): {"sleep_quality": i} for i in range(1, 4)}
    data = build_diary_data(START, START + timedelta(days=1), {}, mornings)
    assert data.next_morning("sleep_quality").tolist() == [1.0, 2.0]
    assert data.morning_count == 1  # only the 2nd lies inside the range
    assert data.days() == [START, START + timedelta(days=1)] and data.index(START) == 0


WEEKDAYS = st.lists(st.sets(st.integers(0, 6)).map(lambda s: tuple(sorted(s))), max_size=4)


def test_the_first_day_of_a_plan_counts_every_session_planned_that_day() -> None:
    # a Thursday with a morning routine, the evening massage and the wind-down
    thursday = date(2026, 1, 1)
    version = PlanVersion(thursday, ((3,), (0, 3), (1, 3, 5), (6,)))
    planned = planned_sessions([version], thursday - timedelta(days=30), thursday)
    assert planned == [thursday] * 3
    result = adherence(thursday - timedelta(days=30), thursday, planned, [], plan_start=thursday)
    assert describe_adherence(result).startswith("0 of 3 planned sessions done since the plan")


@given(
    st.lists(st.tuples(st.integers(-20, 40), WEEKDAYS), min_size=1, max_size=3),
    st.integers(0, 30),
    st.integers(0, 40),
)
def test_planned_sessions_follow_the_version_in_force(
    versions: list[tuple[int, list[tuple[int, ...]]]], first: int, length: int
) -> None:
    start = START + timedelta(days=first)
    end = start + timedelta(days=length)
    plan = [PlanVersion(START + timedelta(days=s), tuple(w)) for s, w in versions]
    out = planned_sessions(plan, start, end)
    earliest = min(v.since for v in plan)
    assert all(max(start, earliest) <= d <= end for d in out)
    for day in {start + timedelta(days=i) for i in range(length + 1)}:
        made = [v for v in plan if v.since <= day]
        if not made:
            assert day not in out
            continue
        # the latest version made on or before the day (ties: the last one listed)
        in_force = sorted(made, key=lambda v: v.since)[-1]
        assert out.count(day) == sum(day.weekday() in w for w in in_force.sessions)


@given(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["a", "b", "c"]), st.booleans())))
def test_a_session_counts_once_a_day_and_only_with_a_step_done(
    played: list[tuple[int, str, bool]],
) -> None:
    out = sessions_done((START + timedelta(days=d), s, done) for d, s, done in played)
    expected = {(d, s) for d, s, done in played if done}
    assert len(out) == len(expected)
    for day in set(out):
        assert out.count(day) == len({s for d, s in expected if START + timedelta(days=d) == day})


@given(
    st.lists(st.integers(0, 27)),
    st.lists(st.integers(0, 27)),
)
def test_several_sessions_a_day_never_count_more_done_than_planned(
    planned: list[int], done: list[int]
) -> None:
    days = [START + timedelta(days=d) for d in planned]
    did = [START + timedelta(days=d) for d in done]
    result = adherence(START, START + timedelta(days=27), days, did)
    assert result.planned == len(planned) and result.done == len(done)
    assert result.done_as_planned == sum(min(planned.count(d), done.count(d)) for d in set(planned))
    assert result.counted <= result.planned and result.done_as_planned <= result.counted
    assert result.counted + result.extra == result.done


def test_adherence_matches_each_session_not_just_a_count() -> None:
    friday = date(2026, 1, 9)
    version = PlanVersion(friday, ((4,), (4,), (1,)), ("midday", "afternoon", "evening_massage"))
    planned = planned_session_keys([version], friday, friday)
    assert planned == [(friday, "midday"), (friday, "afternoon")]
    # the midday routine done, the afternoon one skipped, an evening massage not planned Fridays
    done = [(friday, "midday"), (friday, "evening_massage")]
    result = adherence(friday, friday, planned, done)
    assert (result.planned, result.counted, result.done_as_planned) == (2, 1, 1)
    assert result.extra == 1
    assert describe_adherence(result).startswith("1 of 2 planned sessions done")


def test_a_session_moved_to_another_day_of_its_week_still_counts() -> None:
    monday = date(2026, 1, 5)
    version = PlanVersion(monday, ((1,),), ("evening_massage",))  # Tuesdays
    planned = planned_session_keys([version], monday, monday + timedelta(days=6))
    done = [(monday + timedelta(days=2), "evening_massage")]  # done on the Wednesday instead
    result = adherence(monday, monday + timedelta(days=6), planned, done)
    assert (result.planned, result.counted, result.done_as_planned, result.extra) == (1, 1, 0, 0)


@given(
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from("abc"))),
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from("abcd"))),
)
def test_counted_sessions_never_exceed_what_was_planned_or_done(
    planned: list[tuple[int, str]], done: list[tuple[int, str]]
) -> None:
    def keys(items: list[tuple[int, str]]) -> list[tuple[date, str]]:
        return sorted({(START + timedelta(days=d), s) for d, s in items})

    result = adherence(START, START + timedelta(days=20), keys(planned), keys(done))
    for week in result.weeks:
        assert week.done_as_planned <= week.counted <= min(week.planned, week.done)
    same = {k for k in keys(planned) if k in set(keys(done))}
    assert result.done_as_planned == len(same)
    assert result.counted + result.extra == result.done == len(keys(done))
