"""Check-in: the evening and the morning check-in, each a few taps and a save (no JS needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.domain.diary.fields import tick_implied
from legcare.errors import InvalidInput
from legcare.web.contexts import build_checkin_context, default_checkin_kind
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)


def _parse_day(raw: str | None, today: date) -> date:
    if not raw:
        return today
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f"{raw!r} is not a date.", details=["day: allowed: a date as YYYY-MM-DD"]
        ) from None
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future: a check-in is about a day that has begun.",
            details=["day: allowed: today or an earlier date"],
        )
    return day


def _parse_kind(raw: str | None, ctx: ContextDep) -> str:
    if raw in ("evening", "morning"):
        return raw
    if raw:
        raise InvalidInput(
            f"{raw!r} is not a kind of check-in.", details=["kind: allowed: evening, morning"]
        )
    return default_checkin_kind(ctx.now())


def form_values(form: dict[str, str], catalogue: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Turn the posted form into check-in values: numbers as numbers, toggles as yes/no."""
    values: dict[str, Any] = {}
    for spec in catalogue:
        name, kind = spec["name"], spec["type"]
        raw = form.get(name, "").strip()
        if kind == "flag":
            values[name] = raw == "yes"
        elif raw == "":
            values[name] = None
        elif kind in ("rating", "count"):
            values[name] = int(raw) if raw.isascii() and raw.lstrip("-").isdigit() else raw
        elif kind == "hours":
            try:
                values[name] = float(raw)
            except ValueError:
                values[name] = raw
        else:
            values[name] = raw
    return tick_implied(values)


def form_factors(form: dict[str, str]) -> list[tuple[str, str | None]]:
    """The own factors posted with an evening check-in, as (name, value) pairs.

    Each factor field ``factor-N`` comes with ``factor-N-name``; an unticked yes/no factor is
    posted without a value and counts as "no" (the check-in is a checklist), an empty 0-10
    factor as not recorded.
    """
    pairs: list[tuple[str, str | None]] = []
    for key, name in form.items():
        if not (key.startswith("factor-") and key.endswith("-name")):
            continue
        field = key.removesuffix("-name")
        raw = form.get(field, "").strip()
        if form.get(f"{field}-kind") == "yes_no":
            pairs.append((name, "yes" if raw == "yes" else "no"))
        else:
            pairs.append((name, raw or None))
    return pairs


@router.get("/checkin", response_class=HTMLResponse)
def checkin_page(
    request: Request, ctx: ContextDep, kind: str | None = None, day: str | None = None
) -> HTMLResponse:
    the_day = _parse_day(day, ctx.today())
    context = build_checkin_context(ctx, kind=_parse_kind(kind, ctx), day=the_day)
    context["saved"] = request.query_params.get("saved") == "1"
    context["yesterday"] = (the_day - timedelta(days=1)).isoformat()
    return page(request, "checkin.html", context)


@router.post("/checkin", response_class=HTMLResponse)
async def save_checkin(request: Request, ctx: ContextDep) -> Response:
    from legcare.services import diary

    form = {k: str(v) for k, v in (await request.form()).items()}
    kind = _parse_kind(form.get("kind"), ctx)
    the_day = _parse_day(form.get("day"), ctx.today())
    catalogue = diary.field_catalogue()
    fields = catalogue["evening" if kind == "evening" else "morning"]
    values = form_values(form, fields)
    own = form_factors(form) if kind == "evening" else []
    try:
        diary.log_checkin(
            ctx=ctx,
            kind=kind,
            day=the_day,
            values=values,
            replace=form.get("replace") == "1",
            factors=own,
        )
    except InvalidInput as exc:
        from legcare.web.contexts.problems import labelled

        labels = {f["name"]: f["label"].split(" (")[0] for f in fields}
        errors = labelled(exc.details, labels) or [exc.message]
        context = build_checkin_context(
            ctx,
            kind=kind,
            day=the_day,
            values=values,
            errors=errors,
            factor_values=dict(own),
        )
        context["yesterday"] = (the_day - timedelta(days=1)).isoformat()
        return page(request, "checkin.html", context, status_code=422)
    return redirect(f"/checkin?kind={kind}&day={the_day.isoformat()}&saved=1")
