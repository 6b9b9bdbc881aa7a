"""Insights use-case: trends, adherence and associations over a date range, as one JSON dict.

``insights(ctx=..., start=..., end=...)`` is what ``GET /api/v1/insights`` and
``legcare insights --json`` return, and what the charts and the clinician report read::

    {
      "from": "2026-09-25", "to": "2026-11-20", "days": 57,
      "checkins": {"evening": 50, "morning": 48},
      "trends": [ {"metric": "rls", "label": "restless-legs symptoms", "unit": "points",
                   "higher_is_better": false,
                   "last_7_days": {"from", "to", "mean", "n"},
                   "last_4_weeks": {...}, "previous_4_weeks": {...},
                   "change": -1.2 | null, "direction": "better|worse|same" | null,
                   "summary": "..."}, ... one per metric ],
      "adherence": null | {"from", "to", "planned", "done", "done_as_planned", "counted",
                           "extra", "plan_start", "rate",
                           "weeks": [{"week_start", "planned", "done", "done_as_planned",
                                      "rate"}], "summary", "source"},
      "associations": [ {"exposure", "exposure_label", "practice", "outcome", "outcome_label",
                         "timing": "same_evening|next_morning", "n_with", "n_without",
                         "n_unrecorded", "enough", "mean_with", "mean_without", "difference",
                         "interval": [low, high] | null, "confidence", "direction":
                         "better|worse|unclear" | null, "summary"}, ... ],
      "series": {"days": [...], "<metric>": [...], "<metric>_mean_7d": [...],
                 "session_days": [...]},
      "notes": ["..."]
    }

Numbers are rounded to two decimals; ``null`` where there is no value. Session days come from
the session log (``legcare.services.diary.massage_days``: a session counts only when steps
were done) when there is one, and from the evenings' ``massage_done`` otherwise; the series and
associations also count an evening's "massage done" tick, but adherence to the plan counts only
sessions played from the plan with a step done (``legcare.services.sessions.sessions_done``).
Planned sessions are every session of the plan version in effect that day
(``legcare.services.plans.planned_sessions``), counted from the day the first plan was made;
without a plan ``adherence`` is null. ``counted``
(sessions done, each week capped at its plan) never exceeds ``planned``; ``extra`` are
sessions on top of the plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np

from legcare.domain.diary import CheckinKind
from legcare.domain.insights import (
    METRICS,
    Adherence,
    Association,
    DiaryData,
    Trend,
    Window,
    adherence,
    associations,
    build_diary_data,
    describe_association,
    describe_trend,
    rolling_mean,
    trends,
)
from legcare.domain.insights.adherence import describe_adherence
from legcare.errors import InvalidInput, NotFound
from legcare.services.context import AppContext
from legcare.services.diary import massage_days
from legcare.services.plans import planned_session_days, planned_sessions
from legcare.services.sessions import sessions_done
from legcare.store import checkins as repo

DEFAULT_DAYS = 56  # eight weeks: the last four against the four before
# arrays hold one slot per day: refuse a typo that asks for millions of days
MAX_RANGE_DAYS = 20 * 366
# the windows and the morning after the range need room on both sides of the calendar
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
NOTES = (
    "These are associations in your own diary, not causes: something else may explain a "
    "difference (for example doing a thing more often on days that were already bad).",
    "Comparisons are shown only with at least 5 days with and 5 without. With many "
    "comparisons, some differences will look clear by chance alone.",
    "The interval is a 95% Welch t interval for the difference in averages.",
)


def default_range(today: date) -> tuple[date, date]:
    """The last eight weeks ending today."""
    return date.fromordinal(max(1, today.toordinal() - DEFAULT_DAYS + 1)), today


def _num(value: float | None) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return round(float(value), 2)


def _window(w: Window) -> dict[str, Any]:
    return {"from": w.start.isoformat(), "to": w.end.isoformat(), "mean": _num(w.mean), "n": w.n}


def _trend(t: Trend) -> dict[str, Any]:
    return {
        "metric": t.metric.name,
        "label": t.metric.label,
        "unit": t.metric.unit,
        "higher_is_better": t.metric.higher_is_better,
        "last_7_days": _window(t.last_7_days),
        "last_4_weeks": _window(t.last_4_weeks),
        "previous_4_weeks": _window(t.previous_4_weeks),
        "change": _num(t.change),
        "direction": t.direction,
        "summary": describe_trend(t),
    }


def _association(a: Association) -> dict[str, Any]:
    d = a.difference
    return {
        "exposure": a.exposure.name,
        "exposure_label": a.exposure.label,
        "practice": a.exposure.practice,
        "outcome": a.outcome.metric.name,
        "outcome_label": a.outcome.metric.label,
        "timing": a.outcome.timing,
        "n_with": a.n_with,
        "n_without": a.n_without,
        "n_unrecorded": a.n_unrecorded,
        "enough": a.enough,
        "mean_with": None if d is None else _num(d.mean_a),
        "mean_without": None if d is None else _num(d.mean_b),
        "difference": None if d is None else _num(d.difference),
        "interval": None if d is None else [_num(d.low), _num(d.high)],
        "confidence": None if d is None else d.confidence,
        "direction": a.direction,
        "summary": describe_association(a),
    }


def _adherence(result: Adherence, source: str) -> dict[str, Any]:
    return {
        "from": result.start.isoformat(),
        "to": result.end.isoformat(),
        "planned": result.planned,
        "done": result.done,
        "done_as_planned": result.done_as_planned,
        "counted": result.counted,
        "extra": result.extra,
        "plan_start": None if result.plan_start is None else result.plan_start.isoformat(),
        "rate": _num(result.rate),
        "weeks": [
            {
                "week_start": w.week_start.isoformat(),
                "planned": w.planned,
                "done": w.done,
                "done_as_planned": w.done_as_planned,
                "rate": _num(w.rate),
            }
            for w in result.weeks
        ],
        "summary": describe_adherence(result),
        "source": source,
    }


def _num_list(values: np.ndarray[Any, np.dtype[np.float64]]) -> list[float | None]:
    """Values rounded to two decimals, NaN as None (vectorised: series can be ten years long)."""
    rounded = np.round(values, 2)
    out: list[float | None] = rounded.tolist()
    for i in np.flatnonzero(np.isnan(rounded)).tolist():
        out[i] = None
    return out


def _series(data: DiaryData, session_days: set[date]) -> dict[str, Any]:
    series: dict[str, Any] = {"days": [d.isoformat() for d in data.days()]}
    for metric in METRICS:
        values = data.metrics[metric.name]
        series[metric.name] = _num_list(values)
        series[f"{metric.name}_mean_7d"] = _num_list(rolling_mean(values))
    series["session_days"] = sorted(d.isoformat() for d in session_days)
    return series


def planned_days(*, ctx: AppContext, start: date, end: date) -> set[date] | None:
    """Days in ``[start, end]`` with a massage session in the plan; None when there is no plan
    (``legcare.services.plans.planned_session_days``)."""
    return planned_session_days(ctx=ctx, start=start, end=end)


def load_diary_data(*, ctx: AppContext, start: date, end: date) -> DiaryData:
    """The check-ins of ``[start, end]`` (and the morning after ``end``) as daily arrays."""
    evenings: dict[date, Any] = {}
    mornings: dict[date, Any] = {}
    evening = CheckinKind.EVENING.value
    with ctx.store.read() as conn:
        rows = repo.checkin_values(conn, ctx.user_id, start=start, end=end + timedelta(days=1))
        for kind, day, values in rows:
            (evenings if kind == evening else mornings)[day] = values
    return build_diary_data(start, end, evenings, mornings)


def plan_start(*, ctx: AppContext) -> date | None:
    """The day the first plan was made (in the person's time zone); None without a plan."""
    from legcare.store import plans as plans_repo

    with ctx.store.read() as conn:
        records = plans_repo.list_plans(conn, user_id=ctx.user_id)
    if not records:
        return None
    zone = ctx.now().tzinfo
    return min(r.created_at.astimezone(zone).date() for r in records)


def _session_days(ctx: AppContext, data: DiaryData) -> tuple[set[date], set[date], str]:
    """(days with massage for the series and associations, plan sessions done, their source)."""
    logged = massage_days(ctx=ctx, start=data.start, end=data.end)
    flags = data.exposures["massage_done"]
    from_entries = {data.day(i) for i, v in enumerate(flags.tolist()) if v == 1.0}
    if logged is None:
        return from_entries, from_entries, "check-ins"
    # the session log fills massage_done as the diary service does: yes on a logged day, no on
    # an evening that did not record it
    flags[np.isnan(flags)] = 0.0
    for day in logged:
        if data.start <= day <= data.end:
            flags[data.index(day)] = 1.0
    return logged | from_entries, logged, "session log"


def check_range(start: date, end: date) -> None:
    """``InvalidInput`` unless ``start <= end`` and the range is at most ``MAX_RANGE_DAYS``."""
    if start > end:
        raise InvalidInput(
            f"The range {start.isoformat()} to {end.isoformat()} ends before it starts.",
            details=["from: allowed: a date on or before the end date"],
        )
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInput(
            f"The range {start.isoformat()} to {end.isoformat()} is too long.",
            details=[f"from: allowed: at most {MAX_RANGE_DAYS} days (20 years) before the end"],
        )
    if start < EARLIEST_DAY or end > LATEST_DAY:
        raise InvalidInput(
            f"The range {start.isoformat()} to {end.isoformat()} is outside the supported dates.",
            details=[f"from, to: allowed: dates from {EARLIEST_DAY} to {LATEST_DAY}"],
        )


def insights(*, ctx: AppContext, start: date, end: date) -> dict[str, Any]:
    """Trends, adherence and associations for ``[start, end]`` (see the module docstring)."""
    check_range(start, end)
    data = load_diary_data(ctx=ctx, start=start, end=end)
    sessions, _, _ = _session_days(ctx, data)
    planned = planned_sessions(ctx=ctx, start=start, end=end)
    since = plan_start(ctx=ctx) if planned is not None else None
    plan_sessions = sessions_done(ctx=ctx, start=start, end=end)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days": data.size,
        "checkins": {"evening": data.evening_count, "morning": data.morning_count},
        "trends": [_trend(t) for t in trends(data)],
        "adherence": None
        if planned is None
        else _adherence(
            adherence(start, end, planned, plan_sessions, plan_start=since), "session log"
        ),
        "associations": [_association(a) for a in associations(data)],
        "series": _series(data, sessions),
        "notes": list(NOTES),
    }


def chart_names() -> tuple[str, ...]:
    """The charts ``insights_chart`` can draw."""
    from legcare.reports.charts import CHART_NAMES

    return CHART_NAMES


def render_insight_charts(
    data: dict[str, Any], *, names: Iterable[str] | None = None, inline: bool = False
) -> dict[str, str]:
    """SVG text per chart name for an insights dict already computed (see ``insights``)."""
    from legcare.reports.charts import CHART_NAMES, render_chart

    wanted = list(names or CHART_NAMES)
    unknown = [n for n in wanted if n not in CHART_NAMES]
    if unknown:
        raise NotFound(
            f"No chart named {unknown[0]!r}.", details=[f"chart: allowed: {', '.join(CHART_NAMES)}"]
        )
    return {name: render_chart(name, data, inline=inline) for name in wanted}


def insights_chart(*, ctx: AppContext, name: str, start: date, end: date) -> str:
    """The SVG chart ``name`` (symptoms, adherence, exposures) for ``[start, end]``."""
    if name not in chart_names():
        raise NotFound(
            f"No chart named {name!r}.", details=[f"chart: allowed: {', '.join(chart_names())}"]
        )
    return render_insight_charts(insights(ctx=ctx, start=start, end=end), names=[name])[name]
