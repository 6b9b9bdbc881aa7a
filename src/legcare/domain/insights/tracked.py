"""More exposures for insights: the person's own factors, medicines on and off, imported nights
and steps; near-duplicates merged; associations ranked and counted.

Every exposure is a daily array over the insights range: 1.0 (with), 0.0 (without), NaN (not
known that day). Near-duplicate names ("caffeine" and "caffeine after midday", or an own factor
"alcohol at night" beside the check-in's "alcohol") are merged into one exposure, "with" on a
day when any of them was, so one thing is not tested twice under two names. The number of
comparisons made is reported with every result: with many comparisons, some look linked by
chance alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from legcare.domain.diary.exposures import EXPOSURES, Exposure
from legcare.domain.insights.associations import (
    MIN_DAYS,
    OUTCOMES,
    Association,
    compare,
    outcome_values,
)
from legcare.domain.insights.series import DiaryData, FloatArray
from legcare.domain.tracking.factors import merge_near_duplicates

SCALE_HIGH = 5  # a 0-10 factor counts as "with" at 5 or more
SHORT_NIGHT_MINUTES = 6 * 60  # an imported night under six hours asleep is a short night
ACTIVE_DAY_STEPS = 8000  # a day with 8,000 steps or more is an active day


@dataclass(frozen=True, slots=True)
class TrackedExposure:
    """One exposure with its daily values, where it came from, and the names merged into it."""

    exposure: Exposure
    values: FloatArray
    source: str  # check-in | own factor | medicine | apple_health | fitbit ...
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RankedAssociation:
    """An association, its place in the ranking (None when not compared) and its provenance."""

    association: Association
    rank: int | None
    source: str
    members: tuple[str, ...]


def _empty(start: date, end: date) -> FloatArray:
    return np.full((end - start).days + 1, np.nan)


def daily_values(
    start: date, end: date, values: Mapping[date, float], *, known_days: Iterable[date] = ()
) -> FloatArray:
    """An array over ``[start, end]`` with ``values`` on their days; ``known_days`` not in
    ``values`` are 0.0 (known to be "without"), every other day NaN."""
    out = _empty(start, end)
    for day in known_days:
        if start <= day <= end:
            out[(day - start).days] = 0.0
    for day, value in values.items():
        if start <= day <= end:
            out[(day - start).days] = value
    return out


def factor_exposure(
    name: str, kind: str, values: Mapping[date, int], start: date, end: date
) -> TrackedExposure:
    """An own factor: yes/no as recorded; a 0-10 factor "with" at ``SCALE_HIGH`` or more."""
    if kind == "scale_0_10":
        flags = {d: 1.0 if v >= SCALE_HIGH else 0.0 for d, v in values.items()}
        label = f"{name} at {SCALE_HIGH} or more (of 10)"
    else:
        flags = {d: 1.0 if v else 0.0 for d, v in values.items()}
        label = name
    return TrackedExposure(
        Exposure(f"factor:{name}", label), daily_values(start, end, flags), "own factor", (name,)
    )


def medicine_exposure(  # noqa: PLR0913 - one medicine's record, keyword-only
    *,
    medicine_id: int,
    name: str,
    started: date | None,
    stopped: date | None,
    as_needed: bool,
    use_days: Iterable[date],
    start: date,
    end: date,
) -> TrackedExposure:
    """A medicine on and off by date: a regular one is "with" from its start to its stop date
    and "without" on the other days of the range; an "as needed" one is "with" on the days it
    was used and "without" on the other days it was being kept (from its start to its stop)."""
    out = np.zeros((end - start).days + 1)
    first = max(start, started) if started else start
    last = min(end, stopped) if stopped else end
    if as_needed:
        out[:] = np.nan
        if first <= last:
            out[(first - start).days : (last - start).days + 1] = 0.0
        for day in use_days:
            if start <= day <= end:
                out[(day - start).days] = 1.0
        label = f"{name} taken that day"
    else:
        if first <= last:
            out[(first - start).days : (last - start).days + 1] = 1.0
        label = name
    return TrackedExposure(Exposure(f"medicine:{medicine_id}", label), out, "medicine", (name,))


def short_night_exposure(
    minutes: Mapping[date, int], source: str, start: date, end: date
) -> TrackedExposure:
    """Imported sleep: the evening after a night under ``SHORT_NIGHT_MINUTES`` asleep. A night
    is named by the morning it ends, so it comes before that day's evening."""
    flags = {d: 1.0 if m < SHORT_NIGHT_MINUTES else 0.0 for d, m in minutes.items()}
    label = f"a short night before (under {SHORT_NIGHT_MINUTES // 60} hours asleep)"
    return TrackedExposure(
        Exposure("health:short_night", label), daily_values(start, end, flags), source
    )


def active_day_exposure(
    steps: Mapping[date, int], source: str, start: date, end: date
) -> TrackedExposure:
    """Imported steps: a day with ``ACTIVE_DAY_STEPS`` or more."""
    flags = {d: 1.0 if s >= ACTIVE_DAY_STEPS else 0.0 for d, s in steps.items()}
    label = f"{ACTIVE_DAY_STEPS:,} steps or more"
    return TrackedExposure(
        Exposure("health:active_day", label, practice=True), daily_values(start, end, flags), source
    )


def checkin_exposures(data: DiaryData) -> list[TrackedExposure]:
    """The check-in's own exposures, named in words ("caffeine after midday")."""
    return [
        TrackedExposure(e, data.exposures[e.name], "check-in", (e.name.replace("_", " "),))
        for e in EXPOSURES
    ]


def any_of(arrays: Sequence[FloatArray]) -> FloatArray:
    """1.0 where any array is 1.0, 0.0 where none is 1.0 but one is 0.0, NaN elsewhere."""
    stack = np.vstack(arrays)
    out = np.full(stack.shape[1], np.nan)
    out[np.any(stack == 0.0, axis=0)] = 0.0
    out[np.any(stack == 1.0, axis=0)] = 1.0
    return out


def merge_exposures(items: Sequence[TrackedExposure]) -> list[TrackedExposure]:
    """Merge exposures whose names are near-duplicates (``merge_near_duplicates``).

    Medicines and imported values are kept as they are (their names are not the person's
    words for a day). In a merged group the check-in's exposure, if there is one, keeps its name
    and label; ``members`` lists every name merged. The order of ``items`` is kept.
    """
    by_word: dict[str, TrackedExposure] = {}
    kept: list[TrackedExposure] = []
    for item in items:
        if item.source in ("check-in", "own factor") and item.members:
            by_word.setdefault(item.members[0], item)
    groups = merge_near_duplicates(by_word)
    group_of = {m: g for g in groups for m in g.members}
    done: set[str] = set()
    for item in items:
        word = item.members[0] if item.members else None
        if word is None or word not in by_word or by_word[word] is not item:
            kept.append(item)
            continue
        group = group_of[word]
        if group.name in done:
            continue
        done.add(group.name)
        members = [by_word[m] for m in group.members]
        if len(members) == 1:
            kept.append(item)
            continue
        lead = next((m for m in members if m.source == "check-in"), None)
        lead = lead or next(m for m in members if m.members[0] == group.name)
        kept.append(
            TrackedExposure(
                lead.exposure,
                any_of([m.values for m in members]),
                lead.source if all(m.source == lead.source for m in members) else "merged",
                tuple(sorted(group.members)),
            )
        )
    return kept


def _strength(item: Association) -> float:
    """How far the estimate is from no difference, in interval half-widths. An interval of no
    width (every day alike on each side) around a difference is as clear as it gets."""
    d = item.difference
    if d is None:
        return -1.0
    half = (d.high - d.low) / 2
    if not math.isfinite(half):
        return 0.0
    if half <= 0:
        return math.inf if d.difference != 0 else 0.0
    return abs(d.difference) / half


def ranked_associations(
    data: DiaryData, exposures: Sequence[TrackedExposure], *, min_days: int = MIN_DAYS
) -> list[RankedAssociation]:
    """Every exposure against every outcome; the compared ones ranked first, strongest first
    (the estimate's distance from no difference in interval half-widths), then the ones without
    enough days in a fixed order."""
    found: list[tuple[Association, TrackedExposure]] = []
    for outcome in OUTCOMES:
        values = outcome_values(data, outcome)
        for item in exposures:
            n_with, n_without, unrecorded, diff = compare(values, item.values, min_days=min_days)
            found.append(
                (Association(item.exposure, outcome, n_with, n_without, unrecorded, diff), item)
            )
    compared = sorted(
        (pair for pair in found if pair[0].enough), key=lambda pair: -_strength(pair[0])
    )
    waiting = [pair for pair in found if not pair[0].enough]
    out = [
        RankedAssociation(a, rank, item.source, item.members)
        for rank, (a, item) in enumerate(compared, start=1)
    ]
    out += [RankedAssociation(a, None, item.source, item.members) for a, item in waiting]
    return out


def describe_tested(count: int) -> str:
    """How many comparisons were made, and what that means for reading them."""
    if count == 0:
        return "Nothing could be compared yet: each comparison needs 5 days with and 5 without."
    if count == 1:
        return "We looked at 1 thing; one comparison can still look linked by chance."
    return (
        f"We looked at {count} things; with that many, one or two can look linked by chance alone."
    )
