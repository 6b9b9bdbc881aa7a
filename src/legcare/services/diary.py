"""Diary use-cases: log, read, list and delete the evening and morning check-ins.

One entry per user, kind and day. A second entry for the same day and kind raises ``Conflict``
unless ``replace=True`` (the CLI asks first; the API uses PUT). Every write is one transaction.

The JSON shape of one check-in (``checkin_to_dict``), shared by the CLI ``--json``, the API, the
report and the export::

    {
      "kind": "evening",                      # or "morning"
      "day": "2026-11-20",                    # the evening's date / the morning's date
      "values": {"rls": 6, "rls_onset": "late_evening", ..., "note": null},
      "filled": ["massage_done"],             # fields taken from the session log, if any
      "factors": {"stress": 6, "long drive": 1},  # the person's own factors that day (evening)
      "created_at": "2026-11-20T19:30:00+00:00",
      "updated_at": "2026-11-20T19:30:00+00:00"
    }

``values`` always holds every field of the kind (``legcare.domain.diary.fields``), ``null``
where not recorded. ``massage_done`` is true when the entry says so or when the session log
(``legcare.store.session_logs.massage_days``) has a massage on that day; with a
session log, an evening that did not record it takes the log's answer (``filled`` says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace as dc_replace
from datetime import date
from typing import Any, TypedDict

from legcare.domain.diary import Checkin, CheckinKind, CheckinValues, parse_kind, validate_values
from legcare.domain.diary.checkins import log_fills_massage
from legcare.domain.tracking.factors import check_checkin_factors
from legcare.domain.tracking.sources import ValueSource
from legcare.errors import Conflict, InvalidInput, NotFound
from legcare.services.context import AppContext
from legcare.store import checkins as repo
from legcare.store import factors as factors_repo
from legcare.store import session_logs as session_logs_repo

# What a check-in's own factors may be given as: (name, raw value) pairs or a name -> value map.
FactorInput = Mapping[str, Any] | list[tuple[str, Any]] | tuple[tuple[str, Any], ...]


def as_kind(kind: CheckinKind | str) -> CheckinKind:
    """``kind`` as a ``CheckinKind``; ``InvalidInput`` for anything but evening or morning."""
    if isinstance(kind, CheckinKind):
        return kind
    parsed = parse_kind(str(kind))
    if parsed is None:
        raise InvalidInput(
            f"{kind!r} is not a kind of check-in.", details=["kind: allowed: evening, morning"]
        )
    return parsed


def validated_values(kind: CheckinKind | str, values: Mapping[str, Any]) -> CheckinValues:
    """The normalised values of a ``kind`` check-in, or ``InvalidInput`` listing every problem.

    Use this before writing check-ins by other routes (import) so the same rules apply.
    """
    the_kind = as_kind(kind)
    result = validate_values(the_kind, values)
    if not result.ok:
        raise InvalidInput(
            f"The {the_kind.value} check-in was not saved.",
            details=[str(p) for p in result.problems],
        )
    return result.values


def _check_day(ctx: AppContext, day: date) -> None:
    if day > ctx.today():
        raise InvalidInput(
            f"{day.isoformat()} is in the future.",
            details=[f"day: allowed: today ({ctx.today().isoformat()}) or an earlier date"],
        )


def massage_days(*, ctx: AppContext, start: date, end: date) -> set[date]:
    """Days in ``[start, end]`` with a massage session in the session log."""
    with ctx.store.read() as conn:
        return session_logs_repo.massage_days(conn, user_id=ctx.user_id, start=start, end=end)


def _with_sessions(items: list[Checkin], days: set[date]) -> list[Checkin]:
    """Fill ``massage_done`` from the session log (``log_fills_massage``)."""
    out = []
    for item in items:
        entry = item.values.get("massage_done")
        logged = item.day in days
        if item.kind is CheckinKind.EVENING and log_fills_massage(entry, logged):
            values = dict(item.values)
            values["massage_done"] = logged
            item = dc_replace(item, values=values, filled=("massage_done",))
        out.append(item)
    return out


def _with_factors(conn: Any, ctx: AppContext, items: list[Checkin]) -> list[Checkin]:
    """Attach the person's own factor values to each evening check-in of ``items``."""
    evenings = [i.day for i in items if i.kind is CheckinKind.EVENING]
    if not evenings:
        return items
    names = {s.id: s.factor.name for s in factors_repo.list_factors(conn, ctx.user_id)}
    by_day: dict[date, dict[str, int]] = {}
    for value in factors_repo.list_values(
        conn, ctx.user_id, start=min(evenings), end=max(evenings)
    ):
        by_day.setdefault(value.day, {})[names[value.factor_id]] = value.value
    return [
        dc_replace(i, factors=by_day.get(i.day, {})) if i.kind is CheckinKind.EVENING else i
        for i in items
    ]


def _factor_pairs(factors: FactorInput | None) -> list[tuple[str, Any]]:
    if factors is None:
        return []
    if isinstance(factors, Mapping):
        return list(factors.items())
    return list(factors)


def _write_factors(
    conn: Any, ctx: AppContext, kind: CheckinKind, day: date, factors: FactorInput | None
) -> None:
    """Validate and write the check-in's own factor values (inside the caller's transaction).

    A value of ``None`` removes that day's value; factors not named are left as they are.
    """
    pairs = _factor_pairs(factors)
    if not pairs:
        return
    if kind is not CheckinKind.EVENING:
        raise InvalidInput(
            f"The {kind.value} check-in was not saved.",
            details=["factors: allowed: only in the evening check-in"],
        )
    active = factors_repo.list_factors(conn, ctx.user_id, active_only=True)
    checked = check_checkin_factors([s.factor for s in active], pairs)
    if not checked.ok:
        raise InvalidInput(
            f"The {kind.value} check-in was not saved.", details=list(checked.problems)
        )
    ids = {s.factor.name: s.id for s in active}
    for name, value in checked.values.items():
        if value is None:
            factors_repo.delete_value(conn, ctx.user_id, ids[name], day)
        else:
            factors_repo.set_value(
                conn, ctx.user_id, ids[name], day, value, ValueSource.MANUAL, ctx.now()
            )


def active_factor_names(*, ctx: AppContext) -> list[tuple[str, str]]:
    """The person's active own factors as (name, kind), for the check-in's fields."""
    with ctx.store.read() as conn:
        stored = factors_repo.list_factors(conn, ctx.user_id, active_only=True)
    return [(s.factor.name, s.factor.kind.value) for s in stored]


def factor_kinds(*, ctx: AppContext) -> dict[str, str]:
    """Every own factor's kind by name (archived ones too: old check-ins still show them)."""
    with ctx.store.read() as conn:
        stored = factors_repo.list_factors(conn, ctx.user_id)
    return {s.factor.name: s.factor.kind.value for s in stored}


def describe_factors(factors: Mapping[str, int], kinds: Mapping[str, str]) -> str:
    """``stress 6, long drive``: yes/no factors by name when yes, 0-10 ones with their value."""
    shown = []
    for name, value in sorted(factors.items()):
        if kinds.get(name) == "yes_no":
            if value:
                shown.append(name)
            continue
        shown.append(f"{name} {value}")
    return ", ".join(shown)


def describe_values(values: Mapping[str, Any]) -> str:
    """A short line naming what was recorded: ``rls 6, leg pain 3, caffeine, alcohol``."""
    shown = []
    for key, value in values.items():
        if value is None or value is False or key == "note":
            continue
        if key == "exercise_minutes" and value == 0:
            continue
        name = key.replace("_", " ")
        shown.append(name if value is True else f"{name} {value}")
    return ", ".join(shown) or "nothing recorded"


def _article(kind: CheckinKind) -> str:
    return "an" if kind is CheckinKind.EVENING else "a"


def log_checkin(
    *,
    ctx: AppContext,
    kind: CheckinKind | str,
    day: date | None = None,
    values: Mapping[str, Any],
    replace: bool = False,
    factors: FactorInput | None = None,
) -> Checkin:
    """Save the ``kind`` check-in for ``day`` (today when None) in one transaction.

    ``factors`` are the person's own factors for an evening (name -> yes/no or 0-10; ``None``
    removes that day's value), written in the same transaction. ``InvalidInput`` lists every
    bad value with what is allowed; ``Conflict`` if an entry of this kind exists for the day and
    ``replace`` is False. Returns the stored check-in.
    """
    the_kind = as_kind(kind)
    the_day = day or ctx.today()
    _check_day(ctx, the_day)
    clean = validated_values(the_kind, values)
    with ctx.store.transaction() as conn:
        existing = repo.get_checkin(conn, ctx.user_id, the_kind, the_day)
        if existing is not None and not replace:
            raise Conflict(
                f"There is already {_article(the_kind)} {the_kind.value} check-in for "
                f"{the_day.isoformat()} ({describe_values(existing.values)}). Replace it?"
            )
        if existing is None:
            repo.insert_checkin(conn, ctx.user_id, the_kind, the_day, clean, ctx.now())
        else:
            repo.update_checkin(conn, ctx.user_id, the_kind, the_day, clean, ctx.now())
        _write_factors(conn, ctx, the_kind, the_day, factors)
        stored = repo.get_checkin(conn, ctx.user_id, the_kind, the_day)
        assert stored is not None
        stored = _with_factors(conn, ctx, [stored])[0]
    return _with_sessions([stored], massage_days(ctx=ctx, start=the_day, end=the_day))[0]


def find_checkin(*, ctx: AppContext, kind: CheckinKind | str, day: date) -> Checkin | None:
    """The ``kind`` check-in for ``day``, or None."""
    the_kind = as_kind(kind)
    with ctx.store.read() as conn:
        item = repo.get_checkin(conn, ctx.user_id, the_kind, day)
        if item is not None:
            item = _with_factors(conn, ctx, [item])[0]
    if item is None:
        return None
    return _with_sessions([item], massage_days(ctx=ctx, start=day, end=day))[0]


def get_checkin(*, ctx: AppContext, kind: CheckinKind | str, day: date) -> Checkin:
    """The ``kind`` check-in for ``day``; ``NotFound`` if there is none."""
    item = find_checkin(ctx=ctx, kind=kind, day=day)
    if item is None:
        raise NotFound(f"No {as_kind(kind).value} check-in for {day.isoformat()}.")
    return item


def _check_range(start: date, end: date) -> None:
    if start > end:
        raise InvalidInput(
            f"The range {start.isoformat()} to {end.isoformat()} ends before it starts.",
            details=["from: allowed: a date on or before the end date"],
        )


LIST_DAYS = 14


def default_list_range(end: date) -> tuple[date, date]:
    """The two weeks ending ``end`` (clamped at the first day of the calendar)."""
    return date.fromordinal(max(1, end.toordinal() - LIST_DAYS + 1)), end


def list_checkins(
    *, ctx: AppContext, start: date, end: date, kind: CheckinKind | str | None = None
) -> list[Checkin]:
    """Check-ins with ``start <= day <= end``, ordered by day then kind (evening first)."""
    _check_range(start, end)
    the_kind = None if kind is None else as_kind(kind)
    with ctx.store.read() as conn:
        items = list(repo.iter_checkins(conn, ctx.user_id, start=start, end=end, kind=the_kind))
        items = _with_factors(conn, ctx, items)
    return _with_sessions(items, massage_days(ctx=ctx, start=start, end=end))


def delete_checkin(*, ctx: AppContext, kind: CheckinKind | str, day: date) -> None:
    """Delete the ``kind`` check-in for ``day``; ``NotFound`` if there is none.

    Deleting an evening also deletes the own-factor values typed for that day (imported ones
    stay), in the same transaction.
    """
    the_kind = as_kind(kind)
    with ctx.store.transaction() as conn:
        if not repo.delete_checkin(conn, ctx.user_id, the_kind, day):
            raise NotFound(f"No {the_kind.value} check-in for {day.isoformat()}.")
        if the_kind is CheckinKind.EVENING:
            factors_repo.delete_day_values(conn, ctx.user_id, day, ValueSource.MANUAL)


class CheckinView(TypedDict):
    """One check-in as the CLI ``--json``, the API, the report and the export show it."""

    kind: str
    day: str
    values: dict[str, Any]
    filled: list[str]
    factors: dict[str, int]
    created_at: str
    updated_at: str


# "from" is a Python keyword, hence the call form.
CheckinListingView = TypedDict(
    "CheckinListingView",
    {"from": str, "to": str, "kind": str | None, "count": int, "checkins": list[CheckinView]},
)


class FieldView(TypedDict):
    name: str
    type: str
    label: str
    required: bool
    allowed: str
    choices: list[str]


class FieldCatalogueView(TypedDict):
    evening: list[FieldView]
    morning: list[FieldView]


def checkin_to_dict(item: Checkin) -> CheckinView:
    """The JSON shape of one check-in (see the module docstring)."""
    return {
        "kind": item.kind.value,
        "day": item.day.isoformat(),
        "values": dict(item.values),
        "filled": list(item.filled),
        "factors": dict(item.factors),
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
    }


def checkins_listing(
    *, ctx: AppContext, start: date, end: date, kind: CheckinKind | str | None = None
) -> CheckinListingView:
    """What ``GET /api/v1/checkins`` and ``legcare log list --json`` return."""
    items = list_checkins(ctx=ctx, start=start, end=end, kind=kind)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "kind": None if kind is None else as_kind(kind).value,
        "count": len(items),
        "checkins": [checkin_to_dict(i) for i in items],
    }


def field_catalogue() -> FieldCatalogueView:
    """Every field of both kinds with its type and what is allowed (for forms and help)."""
    from legcare.domain.diary import field_specs

    def fields(kind: CheckinKind) -> list[FieldView]:
        return [
            {
                "name": spec.name,
                "type": spec.type.value,
                "label": spec.label,
                "required": spec.required,
                "allowed": spec.allowed(),
                "choices": list(spec.choices),
            }
            for spec in field_specs(kind)
        ]

    return {"evening": fields(CheckinKind.EVENING), "morning": fields(CheckinKind.MORNING)}
