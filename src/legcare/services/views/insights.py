"""Insights use-case: trends, adherence and associations over a date range, as one JSON dict.

``insights_view(ctx=..., start=..., end=...).to_json()`` is what ``GET /api/v1/insights`` and
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
                         "better|worse|unclear" | null, "summary",
                         "rank": 1.. | null, "source": "check-in|own factor|medicine|merged|
                         apple_health|fitbit", "merged": ["caffeine", ...]}, ... ],
      "tested": {"count": 12, "summary": "We looked at 12 things; ..."},
      "merged": [{"name": "caffeine", "members": ["caffeine", "caffeine after midday"]}],
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

Exposures are the check-in's own, the person's own factors (``factor:<name>``; a 0-10 factor
counts at 5 or more), medicines on and off by date (``medicine:<id>``) and imported nights and
steps (``health:short_night``, ``health:active_day``), with near-duplicate names merged
(``legcare.domain.insights.tracked``). Associations are ranked, the compared ones first, and
``tested`` says how many comparisons were made.

``insights_view`` returns the typed ``InsightsView`` (``to_json()`` is the JSON above);
``insights`` returns that JSON, for callers that still read the dict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
    build_diary_data,
    describe_association,
    describe_trend,
    rolling_mean,
    trends,
)
from legcare.domain.insights.adherence import describe_adherence
from legcare.domain.insights.tracked import (
    RankedAssociation,
    TrackedExposure,
    active_day_exposure,
    checkin_exposures,
    describe_tested,
    factor_exposure,
    medicine_exposure,
    merge_exposures,
    ranked_associations,
    short_night_exposure,
)
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
    "Names that say the same thing (caffeine and caffeine after midday, or your own factor "
    "beside a check-in question) are counted as one.",
)


def default_range(today: date) -> tuple[date, date]:
    """The last eight weeks ending today."""
    return date.fromordinal(max(1, today.toordinal() - DEFAULT_DAYS + 1)), today


def _num(value: float | None) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return round(float(value), 2)


@dataclass(frozen=True)
class WindowView:
    start: date
    end: date
    mean: float | None
    n: int

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "mean": self.mean,
            "n": self.n,
        }


def _window(w: Window) -> WindowView:
    return WindowView(w.start, w.end, _num(w.mean), w.n)


@dataclass(frozen=True)
class TrendView:
    metric: str
    label: str
    unit: str
    higher_is_better: bool
    last_7_days: WindowView
    last_4_weeks: WindowView
    previous_4_weeks: WindowView
    change: float | None
    direction: str | None
    summary: str

    @property
    def recorded(self) -> bool:
        """True when any of the windows holds a value."""
        return any(w.n for w in (self.last_7_days, self.last_4_weeks, self.previous_4_weeks))

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label": self.label,
            "unit": self.unit,
            "higher_is_better": self.higher_is_better,
            "last_7_days": self.last_7_days.to_json(),
            "last_4_weeks": self.last_4_weeks.to_json(),
            "previous_4_weeks": self.previous_4_weeks.to_json(),
            "change": self.change,
            "direction": self.direction,
            "summary": self.summary,
        }


def _trend(t: Trend) -> TrendView:
    return TrendView(
        metric=t.metric.name,
        label=t.metric.label,
        unit=t.metric.unit,
        higher_is_better=t.metric.higher_is_better,
        last_7_days=_window(t.last_7_days),
        last_4_weeks=_window(t.last_4_weeks),
        previous_4_weeks=_window(t.previous_4_weeks),
        change=_num(t.change),
        direction=t.direction,
        summary=describe_trend(t),
    )


@dataclass(frozen=True)
class AssociationView:
    exposure: str
    exposure_label: str
    practice: bool
    outcome: str
    outcome_label: str
    timing: str
    n_with: int
    n_without: int
    n_unrecorded: int
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    interval: tuple[float | None, float | None] | None
    confidence: float | None
    direction: str | None
    summary: str
    rank: int | None = None
    source: str = "check-in"
    merged: tuple[str, ...] = ()

    @property
    def enough(self) -> bool:
        return self.difference is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "exposure": self.exposure,
            "exposure_label": self.exposure_label,
            "practice": self.practice,
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "timing": self.timing,
            "n_with": self.n_with,
            "n_without": self.n_without,
            "n_unrecorded": self.n_unrecorded,
            "enough": self.enough,
            "mean_with": self.mean_with,
            "mean_without": self.mean_without,
            "difference": self.difference,
            "interval": None if self.interval is None else list(self.interval),
            "confidence": self.confidence,
            "direction": self.direction,
            "summary": self.summary,
            "rank": self.rank,
            "source": self.source,
            "merged": list(self.merged),
        }


def _association(
    a: Association, rank: int | None = None, source: str = "check-in", merged: tuple[str, ...] = ()
) -> AssociationView:
    d = a.difference
    return AssociationView(
        exposure=a.exposure.name,
        exposure_label=a.exposure.label,
        practice=a.exposure.practice,
        outcome=a.outcome.metric.name,
        outcome_label=a.outcome.metric.label,
        timing=a.outcome.timing,
        n_with=a.n_with,
        n_without=a.n_without,
        n_unrecorded=a.n_unrecorded,
        mean_with=None if d is None else _num(d.mean_a),
        mean_without=None if d is None else _num(d.mean_b),
        difference=None if d is None else _num(d.difference),
        interval=None if d is None else (_num(d.low), _num(d.high)),
        confidence=None if d is None else d.confidence,
        direction=a.direction,
        summary=describe_association(a),
        rank=rank,
        source=source,
        merged=merged if len(merged) > 1 else (),
    )


def _ranked(item: RankedAssociation) -> AssociationView:
    return _association(item.association, item.rank, item.source, item.members)


@dataclass(frozen=True)
class CheckinCounts:
    evening: int
    morning: int

    def to_json(self) -> dict[str, Any]:
        return {"evening": self.evening, "morning": self.morning}


@dataclass(frozen=True)
class MergedGroup:
    name: str
    members: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "members": list(self.members)}


@dataclass(frozen=True)
class SeriesView:
    """Day-by-day values: ``values`` by metric name (and ``<metric>_mean_7d``)."""

    days: tuple[str, ...]
    values: Mapping[str, list[float | None]]
    session_days: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "days": list(self.days),
            **{k: list(v) for k, v in self.values.items()},
            "session_days": list(self.session_days),
        }


@dataclass(frozen=True)
class InsightsView:
    """What ``legcare insights`` and ``/insights`` show; ``to_json()`` is the JSON above."""

    start: date
    end: date
    days: int
    checkins: CheckinCounts
    trends: tuple[TrendView, ...]
    adherence: Mapping[str, Any] | None
    associations: tuple[AssociationView, ...]
    series: SeriesView
    tested: int
    merged: tuple[MergedGroup, ...] = ()
    notes: tuple[str, ...] = field(default=NOTES)

    @property
    def has_data(self) -> bool:
        return bool(self.checkins.evening or self.checkins.morning)

    @property
    def tested_summary(self) -> str:
        return describe_tested(self.tested)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": self.days,
            "checkins": self.checkins.to_json(),
            "trends": [t.to_json() for t in self.trends],
            "adherence": None if self.adherence is None else dict(self.adherence),
            "associations": [a.to_json() for a in self.associations],
            "series": self.series.to_json(),
            "tested": {"count": self.tested, "summary": self.tested_summary},
            "merged": [g.to_json() for g in self.merged],
            "notes": list(self.notes),
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


def _series(data: DiaryData, session_days: set[date]) -> SeriesView:
    values: dict[str, list[float | None]] = {}
    for metric in METRICS:
        daily = data.metrics[metric.name]
        values[metric.name] = _num_list(daily)
        values[f"{metric.name}_mean_7d"] = _num_list(rolling_mean(daily))
    return SeriesView(
        days=tuple(d.isoformat() for d in data.days()),
        values=values,
        session_days=tuple(sorted(d.isoformat() for d in session_days)),
    )


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


def _health_exposures(health: Iterable[Any], start: date, end: date) -> list[TrackedExposure]:
    """Imported nights (the longest per night) and steps (the largest per day), with sources."""
    from legcare.store.health_values import Metric

    nights: dict[date, int] = {}
    steps: dict[date, int] = {}
    sources: dict[Metric, set[str]] = {Metric.SLEEP_MINUTES: set(), Metric.STEPS: set()}
    for h in health:
        kept = nights if h.metric is Metric.SLEEP_MINUTES else steps
        if h.metric in sources:
            kept[h.day] = max(kept.get(h.day, 0), h.value)
            sources[h.metric].add(h.source.value)
    out = []
    if nights:
        where = ", ".join(sorted(sources[Metric.SLEEP_MINUTES]))
        out.append(short_night_exposure(nights, where, start, end))
    if steps:
        out.append(active_day_exposure(steps, ", ".join(sorted(sources[Metric.STEPS])), start, end))
    return out


def tracked_exposures(*, ctx: AppContext, data: DiaryData) -> list[TrackedExposure]:
    """The person's own factors, medicines and imported nights and steps over the range of
    ``data``, as daily exposures (not merged yet)."""
    from legcare.store import factors as factors_repo
    from legcare.store import health_values as health_repo
    from legcare.store import medicines as medicines_repo

    start, end = data.start, data.end
    out: list[TrackedExposure] = []
    with ctx.store.read() as conn:
        own = factors_repo.list_factors(conn, ctx.user_id)
        values = factors_repo.list_values(conn, ctx.user_id, start=start, end=end)
        meds = medicines_repo.list_medicines(conn, ctx.user_id)
        uses = medicines_repo.list_uses(conn, ctx.user_id, start=start, end=end)
        health = health_repo.list_values(conn, ctx.user_id, start=start, end=end)
    by_factor: dict[int, dict[date, int]] = {}
    for v in values:
        by_factor.setdefault(v.factor_id, {})[v.day] = v.value
    for f in own:
        if f.id in by_factor:
            day_values = by_factor[f.id]
            out.append(factor_exposure(f.factor.name, f.factor.kind.value, day_values, start, end))
    use_days: dict[int, list[date]] = {}
    for u in uses:
        use_days.setdefault(u.medicine_id, []).append(u.use.day)
    for m in meds:
        med = m.medicine
        out.append(
            medicine_exposure(
                medicine_id=m.id,
                name=med.name,
                started=med.started,
                stopped=med.stopped,
                as_needed=med.as_needed,
                use_days=use_days.get(m.id, []),
                start=start,
                end=end,
            )
        )
    out += _health_exposures(health, start, end)
    return out


def _merged_groups(items: list[TrackedExposure]) -> tuple[MergedGroup, ...]:
    return tuple(
        MergedGroup(i.members[0] if i.source == "check-in" else i.exposure.label, i.members)
        for i in items
        if len(i.members) > 1
    )


def insights_view(*, ctx: AppContext, start: date, end: date) -> InsightsView:
    """Trends, adherence and ranked associations for ``[start, end]`` (see the docstring)."""
    check_range(start, end)
    data = load_diary_data(ctx=ctx, start=start, end=end)
    sessions, _, _ = _session_days(ctx, data)
    planned = planned_sessions(ctx=ctx, start=start, end=end)
    since = plan_start(ctx=ctx) if planned is not None else None
    plan_sessions = sessions_done(ctx=ctx, start=start, end=end)
    exposures = merge_exposures([*checkin_exposures(data), *tracked_exposures(ctx=ctx, data=data)])
    ranked = ranked_associations(data, exposures)
    return InsightsView(
        start=start,
        end=end,
        days=data.size,
        checkins=CheckinCounts(data.evening_count, data.morning_count),
        trends=tuple(_trend(t) for t in trends(data)),
        adherence=None
        if planned is None
        else _adherence(
            adherence(start, end, planned, plan_sessions, plan_start=since), "session log"
        ),
        associations=tuple(_ranked(r) for r in ranked),
        series=_series(data, sessions),
        tested=sum(1 for r in ranked if r.rank is not None),
        merged=_merged_groups(exposures),
    )


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
    data = insights_view(ctx=ctx, start=start, end=end).to_json()
    return render_insight_charts(data, names=[name])[name]
