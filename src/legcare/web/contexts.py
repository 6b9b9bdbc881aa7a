"""What each page shows, as plain dicts: ``build_<page>_context(...) -> dict``.

The page routes in ``web/pages/`` call one of these and hand the dict to a template, so what a
page shows is testable without HTML. These functions call the services only (never the store).

The navigation lists a page only when the service it needs is installed, so a page whose service
has not landed is left out rather than shipped broken.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legcare.services.context import AppContext


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the main navigation."""

    path: str
    label: str
    needs: tuple[str, ...] = ()  # "module:function" of legcare.services the page calls
    built: bool = True  # False until the page's route is written


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Today"),
    NavItem("/check", "Check", ("screening:next_question",), built=False),
    NavItem("/plan", "Plan", ("plans:current_plan",), built=False),
    NavItem("/session", "Session", ("sessions:log_session",), built=False),
    NavItem("/checkin", "Check-in", ("diary:log_checkin", "diary:field_catalogue")),
    NavItem("/insights", "Insights", ("insights:insights_summary",), built=False),
    NavItem("/experiments", "Experiments", ("experiments:list_experiments",), built=False),
    NavItem("/learn", "Learn", ("knowledge:list_topics", "knowledge:show_topic")),
    NavItem("/report", "Report", ("report:report_html",), built=False),
    NavItem(
        "/data", "Your data", ("export:export_data", "export:import_data", "export:delete_all")
    ),
    NavItem("/settings", "Settings", ("plans:get_profile",), built=False),
)


@cache
def service_available(need: str) -> bool:
    """True when ``need`` ("module:function" under legcare.services) can be called."""
    module_name, _, attr = need.partition(":")
    try:
        module = importlib.import_module(f"legcare.services.{module_name}")
    except Exception:  # a missing or half-written service: leave its page out
        return False
    return callable(getattr(module, attr, None)) if attr else True


def page_available(path: str) -> bool:
    """True when the page at ``path`` has every service it needs."""
    for item in NAV:
        if item.path == path:
            return item.built and all(service_available(m) for m in item.needs)
    return False


def build_nav_context(current_path: str) -> list[dict[str, Any]]:
    """The navigation entries to show, the current one marked."""
    items = []
    for item in NAV:
        if not page_available(item.path):
            continue
        current = item.path == current_path or (
            item.path != "/" and current_path.startswith(item.path + "/")
        )
        items.append({"path": item.path, "label": item.label, "current": current})
    return items


# ---------------------------------------------------------------------------------------------
# Check-in


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
    }


# ---------------------------------------------------------------------------------------------
# Today


def _latest_check(ctx: AppContext) -> dict[str, Any] | None:
    if not service_available("screening:latest_result"):
        return None
    from legcare.domain.screening.result import result_to_dict
    from legcare.services import screening

    result = screening.latest_result(ctx=ctx)
    return None if result is None else result_to_dict(result)


def _checkin_status(ctx: AppContext) -> list[dict[str, Any]] | None:
    if not service_available("diary:find_checkin"):
        return None
    from legcare.services import diary

    today = ctx.today()
    status = []
    for kind in ("morning", "evening"):
        entry = diary.find_checkin(ctx=ctx, kind=kind, day=today)
        status.append({"kind": kind, "done": entry is not None})
    return status


def build_today_context(ctx: AppContext) -> dict[str, Any]:
    """Tonight's session, the check-in status, the plan at a glance and the triage banner.

    The banner is shown when the latest check is above self-care.
    """
    check = _latest_check(ctx)
    banner = check if check and check["triage"]["level"] != "self_care" else None
    return {
        "title": "Today",
        "today": ctx.today().isoformat(),
        "weekday": ctx.today().strftime("%A"),
        "check": check,
        "banner": banner,
        "checkins": _checkin_status(ctx),
        "suggested_kind": default_checkin_kind(ctx.now()),
        "pages": {item.path: page_available(item.path) for item in NAV},
    }


# ---------------------------------------------------------------------------------------------
# Your data

EXPORT_CHOICES = (
    ("json", "JSON", "Everything, and it can be imported back into legcare."),
    ("csv", "CSV (zip)", "One spreadsheet file per kind of record."),
    ("fhir", "FHIR R4", "The health-record standard, for a clinic's system; can be imported."),
)


def build_data_context(ctx: AppContext) -> dict[str, Any]:
    """What is stored, the export formats, import and delete."""
    from legcare.services import export

    counts = export.data_counts(ctx=ctx)
    return {
        "title": "Your data",
        "counts": [
            {"name": name, "label": export.LABELS.get(name, name.replace("_", " ")), "count": n}
            for name, n in counts.items()
        ],
        "total": sum(counts.values()),
        "formats": [
            {"id": f, "label": label, "about": about} for f, label, about in EXPORT_CHOICES
        ],
    }


# ---------------------------------------------------------------------------------------------
# Learn


def build_learn_context(ctx: AppContext, *, query: str | None = None) -> dict[str, Any]:
    """Every topic grouped by kind (conditions, the kinetic chain, techniques...), or the
    topics matching ``query``."""
    from legcare.services import knowledge

    topics = knowledge.list_topics(ctx=ctx)
    results = None
    if query and query.strip():
        results = knowledge.search_topics(ctx=ctx, text=query)["results"]
    return {
        "title": "Learn",
        "groups": topics["groups"],
        "count": topics["count"],
        "query": query or "",
        "results": results,
        "content_version": topics["content_version"],
    }


def build_topic_context(ctx: AppContext, *, topic: str) -> dict[str, Any]:
    """One topic's page: how-to, dose, cautions, evidence grade and sources."""
    from legcare.services import knowledge

    data = knowledge.show_topic(ctx=ctx, topic=topic)
    by_id = {s["id"]: s for s in data["sources"]}
    claims = [
        {**c, "source_titles": [by_id[s]["title"] for s in c["sources"] if s in by_id]}
        for c in data["evidence"]["claims"]
    ]
    return {"title": data["title"], "topic": data, "claims": claims}
