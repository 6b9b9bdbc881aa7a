"""Check-in: the evening and morning forms, grouped into scales, toggles and details."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from legcare.web.contexts.experiments import experiment_today

if TYPE_CHECKING:
    from legcare.services.context import AppContext


_SCALE_ENDS = re.compile(r"\((\d+)\s+([^-]+?)\s+-\s+(\d+)\s+([^)]+)\)")
_ONSET_LABELS = {
    "afternoon": "In the afternoon",
    "early_evening": "Early evening",
    "late_evening": "Late evening",
    "in_bed": "Once in bed",
    "none": "They did not begin",
}


def default_checkin_kind(now: datetime) -> str:
    """Evening from 15:00, morning before."""
    return "evening" if now.hour >= 15 else "morning"


def _scale_field(spec: dict[str, Any]) -> dict[str, Any]:
    label = spec["label"]
    match = _SCALE_ENDS.search(label)
    low, high = (match.group(2), match.group(4)) if match else ("none", "worst")
    legend = _SCALE_ENDS.sub("", label).strip()
    return {**spec, "legend": legend, "low": low, "high": high}


def _choice_labels(spec: dict[str, Any]) -> list[tuple[str, str]]:
    if spec["type"] == "onset":
        return [(c, _ONSET_LABELS.get(c, c.replace("_", " "))) for c in spec["choices"]]
    return [(c, c.replace("_", " ").capitalize()) for c in spec["choices"]]


def build_checkin_context(
    ctx: AppContext,
    *,
    kind: str,
    day: date,
    values: dict[str, Any] | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    """The evening or morning check-in form for ``day``: scales, toggles and details.

    ``values`` are what the person typed (kept after a failed save); otherwise the stored
    entry for that day, if any, fills the form.
    """
    from legcare.services import diary

    specs = diary.field_catalogue()[kind]
    existing = diary.find_checkin(ctx=ctx, kind=kind, day=day)
    shown = values if values is not None else (dict(existing.values) if existing else {})
    scales = [_scale_field(s) for s in specs if s["type"] == "rating"]
    toggles = [s for s in specs if s["type"] == "flag"]
    details = [
        {**s, "options": _choice_labels(s)} for s in specs if s["type"] not in ("rating", "flag")
    ]
    other = "morning" if kind == "evening" else "evening"
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
        "errors": errors or [],
        "experiment": experiment_today(ctx) if day == ctx.today() else None,
    }
