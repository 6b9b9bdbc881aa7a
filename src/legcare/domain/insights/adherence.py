"""Adherence to the plan: planned sessions against sessions done, week by week (Monday first).

Counting rules: planned sessions come from the plan's own schedule (every session of the
plan version in force that day, on its weekdays: a day with a morning routine, an evening
massage and a wind-down has three) and only from the day the plan started (weeks before it are
not "missed"); a session done counts towards the plan only up to the number of that same
session planned that week (a massage moved from Tuesday to Wednesday counts; an extra massage
does not make up for a skipped stretching routine), so "done" can never exceed "planned";
sessions on top of the plan are reported separately. "On the planned day" means that session
on a day the plan has it.
A session counts as done only when it was played and at least one of its steps was done (one
with every step skipped is not), once per session of the plan and day; an evening's "massage
done" tick in the check-in is not a plan session.

``planned`` and ``done`` are (day, session id) pairs, once per session and day
(``planned_session_keys`` and ``legcare.domain.sessions.log.session_keys_done`` build them); a
plain day stands for one unnamed session that day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from legcare.domain.sessions.log import session_keys_done, sessions_done  # a session done

SessionKey = tuple[date, str]  # (day, session id)

__all__ = [
    "Adherence",
    "PlanVersion",
    "WeekAdherence",
    "adherence",
    "describe_adherence",
    "planned_session_keys",
    "planned_sessions",
    "session_keys_done",
    "sessions_done",
]


@dataclass(frozen=True, slots=True)
class WeekAdherence:
    """One calendar week (Monday to Sunday) clipped to the range."""

    week_start: date
    planned: int
    done: int  # sessions done on any day of the week
    done_as_planned: int  # sessions done on a day the plan has them
    counted: int  # sessions that count: each session done, up to its number planned that week

    @property
    def rate(self) -> float | None:
        """Share of the planned sessions done (capped at 1); None with nothing planned."""
        if self.planned == 0:
            return None
        return self.counted / self.planned


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned against done over ``[start, end]`` (``start`` is the plan's start when later)."""

    start: date
    end: date
    planned: int
    done: int
    done_as_planned: int
    weeks: tuple[WeekAdherence, ...]
    plan_start: date | None = None

    @property
    def counted(self) -> int:
        """Sessions done that count towards the plan (each week capped at its plan)."""
        return sum(w.counted for w in self.weeks)

    @property
    def extra(self) -> int:
        """Sessions done on top of the plan."""
        return self.done - self.counted

    @property
    def rate(self) -> float | None:
        """Sessions done (each week capped at its plan) over sessions planned."""
        if self.planned == 0:
            return None
        return self.counted / self.planned


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """A plan version from the day it was made: the weekdays (0 = Monday) of each session."""

    since: date
    sessions: tuple[tuple[int, ...], ...]
    ids: tuple[str, ...] = ()  # each session's id, in the order of ``sessions``

    def session_ids(self) -> tuple[str, ...]:
        return self.ids or tuple(f"session {i + 1}" for i in range(len(self.sessions)))


def planned_sessions(versions: Sequence[PlanVersion], start: date, end: date) -> list[date]:
    """The planned sessions in ``[start, end]``: each day once per session of the plan version
    in force that day (the latest made on or before it); nothing before the first version."""
    return [day for day, _ in planned_session_keys(versions, start, end)]


def planned_session_keys(
    versions: Sequence[PlanVersion], start: date, end: date
) -> list[SessionKey]:
    """``planned_sessions`` with each session's id: (day, session id) pairs."""
    ordered = sorted(versions, key=lambda v: v.since)
    if not ordered:
        return []
    out: list[SessionKey] = []
    day = max(start, ordered[0].since)
    while day <= end:
        in_force = ordered[0]
        for version in ordered:
            if version.since <= day:
                in_force = version
        weekday = day.weekday()
        out.extend(
            (day, name)
            for name, weekdays in zip(in_force.session_ids(), in_force.sessions, strict=True)
            if weekday in weekdays
        )
        day += timedelta(days=1)
    return out


def _keyed(items: Iterable[date | SessionKey]) -> list[SessionKey]:
    return [(item, "") if isinstance(item, date) else item for item in items]


def adherence(
    start: date,
    end: date,
    planned: Iterable[date | SessionKey],
    done: Iterable[date | SessionKey],
    *,
    plan_start: date | None = None,
) -> Adherence:
    """Compare ``planned`` sessions with ``done`` sessions within ``[start, end]`` (a day once
    per session; a set of days is one session a day), counting from ``plan_start`` when the
    plan started inside the range (nothing is planned, and nothing is missed, before a plan
    existed)."""
    if plan_start is not None and plan_start > start:
        start = plan_start
    planned_n = Counter(k for k in _keyed(planned) if start <= k[0] <= end)
    done_n = Counter(k for k in _keyed(done) if start <= k[0] <= end)
    both_n = planned_n & done_n  # per day and session: done, up to the number planned
    # per week and session: how many were planned and done, for the weekly cap
    session_planned: Counter[tuple[date, str]] = Counter()
    session_done: Counter[tuple[date, str]] = Counter()
    for counts, by_session in ((planned_n, session_planned), (done_n, session_done)):
        for (day, name), n in counts.items():
            by_session[_monday(day), name] += n
    by_week_counted: Counter[date] = Counter()
    for (monday, name), n in session_planned.items():
        by_week_counted[monday] += min(n, session_done[monday, name])
    by_week_planned: Counter[date] = Counter()
    by_week_done: Counter[date] = Counter()
    by_week_both: Counter[date] = Counter()
    for counts, by_week in ((planned_n, by_week_planned), (done_n, by_week_done),
                            (both_n, by_week_both)):  # fmt: skip
        for (day, _), n in counts.items():
            by_week[_monday(day)] += n
    weeks = []
    monday = _monday(start)
    while monday <= end:
        weeks.append(
            WeekAdherence(
                monday,
                by_week_planned[monday],
                by_week_done[monday],
                by_week_both[monday],
                by_week_counted[monday],
            )
        )
        monday += timedelta(days=7)
    return Adherence(
        start=start,
        end=end,
        planned=planned_n.total(),
        done=done_n.total(),
        done_as_planned=both_n.total(),
        weeks=tuple(weeks),
        plan_start=plan_start,
    )


def _sessions(n: int) -> str:
    return f"{n} session" + ("" if n == 1 else "s")


def describe_adherence(result: Adherence) -> str:
    """One plain sentence about adherence; the count done never exceeds the count planned."""
    since = ""
    if result.plan_start is not None and result.plan_start == result.start:
        since = f" since the plan started on {result.start.isoformat()}"
    if result.planned == 0:
        if result.done:
            return f"{_sessions(result.done)} done; none were planned in this period{since}."
        return f"No sessions were planned in this period{since}."
    rate = result.rate or 0.0
    text = (
        f"{result.counted} of {result.planned} planned sessions done{since} "
        f"({rate:.0%} of the plan, {result.done_as_planned} on the planned day)"
    )
    if result.extra:
        text += f"; {_sessions(result.extra)} more on top of the plan"
    return text + "."
