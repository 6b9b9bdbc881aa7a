"""Tracking pages: medicines and treatments, my factors, weekly scores, health import."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legcare.errors import InvalidInput

if TYPE_CHECKING:
    from legcare.services.context import AppContext

UPLOAD_SUFFIXES = (".zip", ".xml")
KIND_WORDS = {"medicine": "Medicine", "supplement": "Supplement", "treatment": "Treatment"}
FACTOR_KIND_WORDS = {"yes_no": "yes or no", "scale_0_10": "0 to 10"}
WEEKLY_KINDS = ("rls", "heel")
CHART_WEEKS = 12
# The chart's drawing box (SVG user units; it scales to the width of the screen).


def _citation(ctx: AppContext, source_id: str) -> dict[str, str]:
    try:
        source = ctx.kb.source(source_id)
    except KeyError:
        return {"id": source_id, "text": source_id, "url": ""}
    who = f"{source.authors} " if source.authors else ""
    year = f"({source.year}) " if source.year else ""
    return {"id": source_id, "text": f"{who}{year}{source.title}", "url": source.url}


def build_medicines_context(
    ctx: AppContext, *, errors: list[str] | None = None, values: dict[str, str] | None = None
) -> dict[str, Any]:
    """Every medicine logged: the current ones first, each with its flag and its sources."""
    from legcare.services.medicines import list_medicines

    listing = list_medicines(ctx=ctx)
    items = []
    for m in listing.medicines:
        flag = None
        if m.flag is not None:
            flag = {
                "class_name": m.flag.class_name,
                "why": m.flag.why,
                "advice": m.flag.advice,
                "sources": [_citation(ctx, s) for s in m.flag.sources],
            }
        items.append(
            {
                "id": m.id,
                "name": m.name,
                "kind": KIND_WORDS.get(m.kind, m.kind),
                "started": m.started.isoformat() if m.started else "",
                "stopped": m.stopped.isoformat() if m.stopped else "",
                "as_needed": m.as_needed,
                "own_dose_text": m.own_dose_text,
                "note": m.note,
                "active": m.active,
                "uses": m.uses,
                "flag": flag,
            }
        )
    items.sort(key=lambda i: (not i["active"], str(i["name"]).casefold()))
    return {
        "title": "Medicines and treatments",
        "medicines": items,
        "note": listing.note,
        "kinds": list(KIND_WORDS.items()),
        "today": ctx.today().isoformat(),
        "errors": errors or [],
        "values": values or {},
    }


def build_factors_context(
    ctx: AppContext, *, errors: list[str] | None = None, values: dict[str, str] | None = None
) -> dict[str, Any]:
    """The person's own factors (active, then archived) and the groups insights merge."""
    from legcare.services.factors import list_factors

    listing = list_factors(ctx=ctx)
    factors = [
        {
            "id": f.id,
            "name": f.name,
            "kind": FACTOR_KIND_WORDS.get(f.kind, f.kind),
            "near": list(f.near_duplicates),
            "archived": f.archived,
        }
        for f in listing.factors
    ]
    return {
        "title": "My factors",
        "active": [f for f in factors if not f["archived"]],
        "archived": [f for f in factors if f["archived"]],
        "groups": [
            {"name": g.name, "members": list(g.members)}
            for g in listing.groups
            if len(g.members) > 1
        ],
        "kinds": list(FACTOR_KIND_WORDS.items()),
        "errors": errors or [],
        "values": values or {},
    }


def build_weekly_context(
    ctx: AppContext,
    *,
    kind: str = "rls",
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    """This week's items of one weekly score, the last weeks as a chart and a table."""
    from legcare.services.weekly_scores import history, history_chart, questions
    from legcare.web.contexts.insights import svg_image

    asked = questions(kind=kind)
    past = history(ctx=ctx, kind=kind, weeks=CHART_WEEKS)
    this_week = next((w for w in past.weeks if w.week == past.end), None)
    shown = (
        values
        if values is not None
        else ({k: str(v) for k, v in this_week.answers} if this_week else {})
    )
    chart = history_chart(past)
    return {
        "title": "Weekly scores",
        "kind": asked.text.kind.value,
        "kind_arg": kind,
        "kinds": [("rls", "Restless legs"), ("heel", "Heel pain")],
        "heading": asked.text.title,
        "period": asked.text.period,
        "questions": [
            {"id": i.id, "text": i.text, "low": i.low, "high": i.high} for i in asked.text.items
        ],
        "not_validated": asked.text.not_validated,
        "week": past.end.isoformat(),
        "answered": this_week is not None,
        "values": shown,
        "history": [{"week": w.week.isoformat(), "score": w.score} for w in past.weeks],
        "chart": svg_image(chart) if chart is not None else None,
        "errors": errors or [],
    }


def build_health_import_context(
    ctx: AppContext,
    *,
    errors: list[str] | None = None,
    error_title: str | None = None,
    summary: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The upload form, what was imported last (by source), and the size this server takes."""
    from legcare.services.health_import import health_values

    end = ctx.today()
    start = date.fromordinal(end.toordinal() - 27)
    recent = health_values(ctx=ctx, start=start, end=end).values
    counts: dict[tuple[str, str], int] = {}
    for v in recent:
        counts[(v.source, v.metric)] = counts.get((v.source, v.metric), 0) + 1
    limit = ctx.settings.max_request_bytes
    return {
        "title": "Import from a phone or watch",
        "max_bytes": limit,
        "max_words": f"{limit / 1_000_000:.1f} MB" if limit >= 100_000 else f"{limit} bytes",
        "recent": [
            {"source": s, "metric": m.replace("_", " "), "days": n}
            for (s, m), n in sorted(counts.items())
        ],
        "errors": errors or [],
        "error_title": error_title,
        "summary": summary,
    }


async def save_upload(upload: Any, folder: Path) -> Path:
    """Copy an uploaded file to ``folder`` under a plain name keeping only its known suffix
    (the import reads Apple Health's zip or xml, or a Fitbit Takeout zip)."""
    name = Path(str(upload.filename or "upload")).name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput(
            f"{name}: not a file legcare can import here.",
            details=[
                "file: allowed: Apple Health's export.zip (or export.xml), or Google Takeout's "
                "Fitbit archive (.zip)"
            ],
        )
    target = folder / f"health-upload{suffix}"
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out)
    return target
