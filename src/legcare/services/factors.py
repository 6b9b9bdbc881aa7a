"""The person's own factors: add one, record a value for a day, list them with their groups.

A new factor's name must not repeat one of the person's factors or a check-in field (whatever
the case). Near-duplicates ("caffeine after midday" beside the check-in's "caffeine") are allowed
but reported, and ``list_factors`` shows the groups insights will merge. Each public function
returns a frozen dataclass with ``to_json()``; each write is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from legcare.domain.diary import EVENING_FIELDS, MORNING_FIELDS
from legcare.domain.tracking import factors as rules
from legcare.domain.tracking.sources import ValueSource
from legcare.errors import InvalidInput
from legcare.services.context import AppContext
from legcare.store import factors as repo

# The check-in's own yes/no and 0-10 fields, by their spoken names ("caffeine after midday").
CHECKIN_FACTORS: tuple[str, ...] = tuple(
    spec.name.replace("_", " ")
    for spec in (*EVENING_FIELDS, *MORNING_FIELDS)
    if spec.name != "note"
)
DEFAULT_DAYS = 28


@dataclass(frozen=True)
class FactorView:
    id: int
    name: str
    kind: str
    near_duplicates: tuple[str, ...] = ()
    archived: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "near_duplicates": list(self.near_duplicates),
            "archived": self.archived,
        }


@dataclass(frozen=True)
class FactorGroupView:
    name: str
    members: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "members": list(self.members)}


@dataclass(frozen=True)
class FactorList:
    factors: tuple[FactorView, ...]
    groups: tuple[FactorGroupView, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "factors": [f.to_json() for f in self.factors],
            "merged_groups": [g.to_json() for g in self.groups if len(g.members) > 1],
        }


@dataclass(frozen=True)
class FactorValueView:
    factor: str
    day: date
    value: int
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "day": self.day.isoformat(),
            "value": self.value,
            "source": self.source,
        }


@dataclass(frozen=True)
class FactorValues:
    start: date
    end: date
    values: tuple[FactorValueView, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "values": [v.to_json() for v in self.values],
        }


def _near(name: str, others: list[str]) -> tuple[str, ...]:
    return tuple(o for o in others if rules.near_duplicates(name, o))


def add_factor(*, ctx: AppContext, name: str, kind: str) -> FactorView:
    """Add one of the person's own factors (yes_no or scale_0_10)."""
    the_kind = rules.parse_factor_kind(kind)
    with ctx.store.transaction() as conn:
        own = [f.factor.name for f in repo.list_factors(conn, ctx.user_id)]
        factor = rules.new_factor(name, the_kind, existing=[*own, *CHECKIN_FACTORS])
        factor_id = repo.insert_factor(conn, ctx.user_id, factor, ctx.now())
    return FactorView(
        factor_id, factor.name, factor.kind.value, _near(factor.name, [*own, *CHECKIN_FACTORS])
    )


def list_factors(*, ctx: AppContext) -> FactorList:
    """The person's factors, and the near-duplicate groups (with the check-in's own factors)."""
    with ctx.store.read() as conn:
        stored = repo.list_factors(conn, ctx.user_id)
    names = [s.factor.name for s in stored]
    views = tuple(
        FactorView(
            s.id,
            s.factor.name,
            s.factor.kind.value,
            _near(s.factor.name, [n for n in [*names, *CHECKIN_FACTORS] if n != s.factor.name]),
            s.archived,
        )
        for s in stored
    )
    groups = rules.merge_near_duplicates([*names, *CHECKIN_FACTORS])
    mine = {rules.factor_key(n) for n in names}
    shown = tuple(
        FactorGroupView(g.name, g.members)
        for g in groups
        if any(rules.factor_key(m) in mine for m in g.members)
    )
    return FactorList(views, shown)


def archive_factor(*, ctx: AppContext, factor_id: int, archived: bool = True) -> FactorView:
    """Archive a factor (it leaves the evening check-in; its values stay for insights and the
    export), or bring it back with ``archived=False``. ``NotFound`` if there is none."""
    with ctx.store.transaction() as conn:
        stored = repo.set_archived(conn, ctx.user_id, factor_id, archived=archived, now=ctx.now())
    return FactorView(stored.id, stored.factor.name, stored.factor.kind.value, (), stored.archived)


def record_factor(
    *, ctx: AppContext, name: str, value: int | bool, day: date | None = None
) -> FactorValueView:
    """Record the factor's value on ``day`` (default today); a second value replaces the first."""
    the_day = day or ctx.today()
    if the_day > ctx.today():
        raise InvalidInput(f"{the_day.isoformat()} is in the future; allowed: today or earlier")
    with ctx.store.transaction() as conn:
        stored = repo.find_factor(conn, ctx.user_id, name)
        clean = rules.check_factor_value(stored.factor, value)
        repo.set_value(conn, ctx.user_id, stored.id, the_day, clean, ValueSource.MANUAL, ctx.now())
    return FactorValueView(stored.factor.name, the_day, clean, ValueSource.MANUAL.value)


def factor_values(
    *, ctx: AppContext, start: date | None = None, end: date | None = None
) -> FactorValues:
    """Recorded values in ``[start, end]`` (default: the last four weeks)."""
    the_end = end or ctx.today()
    the_start = start or the_end - timedelta(days=DEFAULT_DAYS - 1)
    if the_start > the_end:
        raise InvalidInput("the first date is after the last; allowed: --from on or before --to")
    with ctx.store.read() as conn:
        names = {s.id: s.factor.name for s in repo.list_factors(conn, ctx.user_id)}
        values = repo.list_values(conn, ctx.user_id, start=the_start, end=the_end)
    return FactorValues(
        the_start,
        the_end,
        tuple(FactorValueView(names[v.factor_id], v.day, v.value, v.source.value) for v in values),
    )
