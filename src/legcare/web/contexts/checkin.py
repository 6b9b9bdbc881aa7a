"""Check-in: the evening and morning forms, grouped into scales, toggles and details."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from legcare.domain.diary import CheckinKind, FieldSpec, field_specs
from legcare.web.contexts.experiments import experiment_today

if TYPE_CHECKING:
    from legcare.services.context import AppContext


def default_checkin_kind(now: datetime) -> str:
    """Evening from 15:00, morning before."""
    return "evening" if now.hour >= 15 else "morning"


def _field(spec: FieldSpec) -> dict[str, Any]:
    """One field of the form, its words from the domain (``legcare.domain.diary.fields``)."""
    return {
        "name": spec.name,
        "type": spec.type.value,
        "label": spec.label,
        "required": spec.required,
        "allowed": spec.allowed(),
        "choices": list(spec.choices),
        "legend": spec.legend or spec.label,
        "low": spec.low_word,
        "high": spec.high_word,
        "options": list(spec.choice_labels()),
    }


def build_checkin_context(
    ctx: AppContext,
    *,
    kind: str,
    day: date,
    values: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    factor_values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The evening or morning check-in form for ``day``: scales, toggles and details.

    ``values`` (and ``factor_values``, the person's own factors by name) are what the person
    typed, kept after a failed save; otherwise the stored entry for that day fills the form.
    The evening form has one field per active own factor: a toggle for yes/no, a 0-10 scale.
    """
    from legcare.services import diary

    specs = [_field(spec) for spec in field_specs(CheckinKind(kind))]
    existing = diary.find_checkin(ctx=ctx, kind=kind, day=day)
    shown = values if values is not None else (dict(existing.values) if existing else {})
    scales = [s for s in specs if s["type"] == "rating"]
    toggles = [s for s in specs if s["type"] == "flag"]
    details = [s for s in specs if s["type"] not in ("rating", "flag")]
    other = "morning" if kind == "evening" else "evening"
    own_shown = (
        factor_values if factor_values is not None else (dict(existing.factors) if existing else {})
    )
    own = (
        [
            {
                "field": f"factor-{n}",
                "name": name,
                "kind": kind_,
                "value": own_shown.get(name),
            }
            for n, (name, kind_) in enumerate(diary.active_factor_names(ctx=ctx), start=1)
        ]
        if kind == "evening"
        else []
    )
    return {
        "title": f"{kind.capitalize()} check-in",
        "kind": kind,
        "other_kind": other,
        "day": day.isoformat(),
        "is_today": day == ctx.today(),
        "today": ctx.today().isoformat(),
        "exists": existing is not None,
        "filled": list(existing.filled) if existing else [],
        "values": shown,
        "scales": scales,
        "toggles": toggles,
        "details": details,
        "own_factors": own,
        "errors": errors or [],
        "experiment": experiment_today(ctx) if day == ctx.today() else None,
    }
