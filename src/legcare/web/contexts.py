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
    NavItem("/check", "Check", ("screening:draft_state", "screening:answer_draft")),
    NavItem("/plan", "Plan", ("plans:current_plan", "plans:plan_calendar")),
    NavItem("/session", "Session", ("sessions:start_session", "sessions:finish_session")),
    NavItem("/checkin", "Check-in", ("diary:log_checkin", "diary:field_catalogue")),
    NavItem("/insights", "Insights", ("insights:insights", "insights:render_insight_charts")),
    NavItem(
        "/experiments",
        "Experiments",
        (
            "experiments:list_experiments",
            "experiments:new_experiment",
            "experiments:stop_experiment",
        ),
    ),
    NavItem("/learn", "Learn", ("knowledge:list_topics", "knowledge:show_topic")),
    NavItem("/report", "Report", ("report:render_report_html", "report:render_report_pdf")),
    NavItem(
        "/data", "Your data", ("export:export_data", "export:import_data", "export:delete_all")
    ),
    NavItem("/settings", "Settings", ("plans:get_profile", "plans:save_profile")),
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
        "experiment": _experiment_today(ctx) if day == ctx.today() else None,
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


def _plan_glance(ctx: AppContext) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Tonight's session and the week at a glance (nothing when there is no plan)."""
    if not service_available("plans:current_plan"):
        return None, []
    from legcare.errors import SafetyStop
    from legcare.services import plans

    try:
        plan = plans.current_plan(ctx=ctx)
    except SafetyStop:
        return None, []
    days = [
        {
            "label": d["weekday"].capitalize(),
            "today": d["today"],
            "summary": ", ".join(s["title"] for s in d["sessions"]) or "Rest",
        }
        for d in plan["week"]
    ]
    today: list[dict[str, Any]] = next((d["sessions"] for d in plan["week"] if d["today"]), [])
    tonight = next(
        (s for s in today if s["id"].startswith("evening")), today[-1] if today else None
    )
    if tonight is None:
        return None, days
    return {
        "title": tonight["title"],
        "minutes": tonight["minutes"],
        "time": tonight["start"],
    }, days


def _experiment_today(ctx: AppContext) -> dict[str, Any] | None:
    if not service_available("experiments:todays_arm"):
        return None
    from legcare.services import experiments

    return experiments.todays_arm(ctx=ctx)


def build_today_context(ctx: AppContext) -> dict[str, Any]:
    """Tonight's session, the check-in status, the plan at a glance and the triage banner.

    The banner is shown when the latest check is above self-care.
    """
    check = _latest_check(ctx)
    banner = check if check and check["triage"]["level"] != "self_care" else None
    tonight, plan_days = _plan_glance(ctx) if check else (None, [])
    return {
        "tonight": tonight,
        "plan_days": plan_days,
        "experiment": _experiment_today(ctx),
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


# ---------------------------------------------------------------------------------------------
# Check

# Where each body region is drawn on the leg-and-foot map: (view, x offset in the leg, y, w, h).
_FRONT, _BACK = "front", "back"
_REGION_SHAPES: dict[str, tuple[str, int, int, int, int]] = {
    "thigh_front": (_FRONT, 0, 24, 46, 86),
    "knee": (_FRONT, 2, 112, 42, 28),
    "shin": (_FRONT, 4, 142, 38, 78),
    "ankle": (_FRONT, 6, 222, 34, 18),
    "foot": (_FRONT, 2, 242, 44, 30),
    "thigh_back": (_BACK, 0, 24, 46, 86),
    "calf": (_BACK, 2, 142, 42, 78),
}
# Leg x positions. Front view: the person's right leg is on the viewer's left.
_LEG_X = {(_FRONT, "right"): 28, (_FRONT, "left"): 88, (_BACK, "left"): 196, (_BACK, "right"): 256}
_STATUS_WORDS = {
    "consistent": "Your answers are consistent with this pattern",
    "possible": "Some of your answers fit this pattern",
}


def leg_map_regions(options: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The SVG regions for body-region options, and the option values the map cannot draw."""
    regions, unmapped = [], []
    for option in options:
        side, _, part = option["value"].partition("_")
        shape = _REGION_SHAPES.get(part)
        if side not in ("left", "right") or shape is None:
            unmapped.append(option["value"])
            continue
        view, dx, y, w, h = shape
        leg_x = _LEG_X[(view, side)]
        regions.append(
            {**option, "view": view, "leg_x": leg_x, "x": leg_x + dx, "y": y, "w": w, "h": h}
        )
    # Focus order: the front view then the back, leg by leg, top to bottom.
    regions.sort(key=lambda r: (r["view"] != _FRONT, r["leg_x"], r["y"]))
    return regions, unmapped


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def build_check_context(
    ctx: AppContext,
    *,
    previous: list[str] | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    """The interview's current screen: one question, progress, back, and resume.

    ``previous`` is the answer being changed after going back (to preselect it).
    """
    from legcare.services import screening

    state = screening.draft_state(ctx=ctx)
    question = state["next_question"]
    progress = state["progress"]
    total = max(progress["total_estimate"], progress["answered"] + 1, 1)
    context: dict[str, Any] = {
        "title": "Check",
        "question": question,
        "section_title": state["section_title"],
        "answered": progress["answered"],
        "total": total,
        "percent": round(100 * progress["answered"] / total),
        "done": state["done"],
        "selected": previous or [],
        "errors": errors or [],
        "has_history": bool(screening.history(ctx=ctx, limit=1)),
        "regions": [],
        "unmapped": [],
    }
    if question and question["type"] == "body_region":
        context["regions"], context["unmapped"] = leg_map_regions(question["options"])
    return context


def _source_titles(ctx: AppContext, pattern_id: str) -> list[dict[str, Any]]:
    from legcare.errors import NotFound
    from legcare.services import knowledge

    try:
        return list(knowledge.show_topic(ctx=ctx, topic=pattern_id)["sources"])
    except NotFound:
        return []


def build_check_result_context(ctx: AppContext, *, check_id: int | None) -> dict[str, Any]:
    """A completed check: triage first, then patterns with reasons, precautions, clinician
    points and sources. ``check_id`` None means the newest."""
    from legcare.errors import NotFound
    from legcare.services import screening

    checks = screening.history(ctx=ctx)
    chosen = next((c for c in checks if check_id is None or c["id"] == check_id), None)
    if chosen is None or chosen["result"] is None:
        raise NotFound("No such check. Take the check to see a result.")
    result = chosen["result"]
    patterns = [
        {
            **p,
            "status_words": _STATUS_WORDS.get(p["status"], p["status"]),
            "source_list": _source_titles(ctx, p["id"]),
        }
        for p in result["patterns"]
    ]
    return {
        "title": "Check result",
        "check": chosen,
        "result": result,
        "patterns": patterns,
        "completed": (chosen["completed_at"] or "")[:10],
        "is_latest": bool(checks) and checks[0]["id"] == chosen["id"],
        "others": [c for c in checks if c["id"] != chosen["id"]][:10],
    }


# ---------------------------------------------------------------------------------------------
# Plan

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def source_titles(ctx: AppContext, topic_ids: set[str]) -> dict[str, str]:
    """Source id -> title, read from the knowledge base pages of ``topic_ids``."""
    from legcare.errors import NotFound
    from legcare.services import knowledge

    titles: dict[str, str] = {}
    for topic in sorted(topic_ids):
        try:
            page = knowledge.show_topic(ctx=ctx, topic=topic)
        except NotFound:
            continue
        titles.update({s["id"]: s["title"] for s in page["sources"]})
    return titles


def _why(why: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    return {
        **why,
        "source_titles": [titles.get(s, s) for s in why.get("sources", [])],
        "condition_words": [c.replace("_", " ") for c in why.get("conditions", [])],
    }


def build_plan_context(ctx: AppContext) -> dict[str, Any]:
    """The week, each session's steps with why (evidence, sources), the checklists and the
    notices; an emergency check gives no plan, only what to do now."""
    from legcare.errors import SafetyStop
    from legcare.services import plans

    try:
        plan = plans.current_plan(ctx=ctx)
    except SafetyStop as stop:
        return {"title": "Plan", "stopped": {"message": stop.message, "details": stop.details}}
    topics = {step["technique"] for s in plan["sessions"] for step in s["steps"]}
    topics |= {c["id"] for c in plan["checklists"]}
    titles = source_titles(ctx, topics)
    sessions = [
        {
            **s,
            "days": ", ".join(_WEEKDAY_NAMES[d] for d in s["weekdays"]),
            "steps": [{**step, "why": _why(step["why"], titles)} for step in s["steps"]],
        }
        for s in plan["sessions"]
    ]
    checklists = [{**c, "why": _why(c["why"], titles)} for c in plan["checklists"]]
    return {
        "title": "Plan",
        "stopped": None,
        "plan": plan,
        "week": plan["week"],
        "sessions": sessions,
        "checklists": checklists,
        "notices": plan["notices"],
        "has_check": plan["check"] is not None and plan["check"].get("screening_id") is not None,
        "review": _weekly_review(ctx),
        "can_play": page_available("/session"),
    }


def _weekly_review(ctx: AppContext) -> dict[str, Any] | None:
    from legcare.services import plans

    if not service_available("plans:weekly_review"):
        return None
    review = plans.weekly_review(ctx=ctx)["review"]
    return review if review is not None and review.get("decision") is None else None


# ---------------------------------------------------------------------------------------------
# Session player

TENDERNESS_AREAS = ("foot", "calf", "shin", "hamstring", "thigh", "buttock")


def build_session_start_context(
    ctx: AppContext, *, chosen: str | None = None, fast: int | None = None
) -> dict[str, Any]:
    """Today's sessions to start (or every session when none is planned today), an unfinished
    one to resume, and the recent logs."""
    from datetime import timedelta

    from legcare.errors import SafetyStop
    from legcare.services import plans, sessions

    base: dict[str, Any] = {"title": "Session", "fast": fast, "chosen": chosen}
    try:
        plan = plans.current_plan(ctx=ctx)
    except SafetyStop as stop:
        return {**base, "stopped": {"message": stop.message, "details": stop.details}}
    today_ids = [s["id"] for d in plan["week"] if d["today"] for s in d["sessions"]]
    by_id = {s["id"]: s for s in plan["sessions"]}
    choices = [by_id[i] for i in today_ids if i in by_id] or list(plan["sessions"])
    if chosen is None and choices:
        chosen = next((c["id"] for c in choices if c["id"].startswith("evening")), choices[0]["id"])
    recent = sessions.session_logs(ctx=ctx, start=ctx.today() - timedelta(days=7), end=ctx.today())
    return {
        **base,
        "stopped": None,
        "chosen": chosen,
        "choices": sorted(choices, key=lambda c: c["id"] != chosen),
        "today_sessions": bool(today_ids),
        "pending": sessions.pending_session(ctx=ctx),
        "recent": list(reversed(recent))[:5],
    }


def build_player_context(run: dict[str, Any]) -> dict[str, Any]:
    """The player page for a started or resumed session (``sessions.start_session``'s view)."""
    session = run["session"]
    areas: list[str] = []
    for step in session["steps"]:
        for area in step.get("areas", []):
            base = area.removeprefix("left_").removeprefix("right_")
            if base in TENDERNESS_AREAS and base not in areas:
                areas.append(base)
    return {
        "title": session["title"],
        "session": session,
        "log": run["log"],
        "log_id": run["log_id"],
        "state": run["state"],
        "areas": areas,
        "player_data": {"log_id": run["log_id"], "session": session, "state": run["state"]},
    }


# ---------------------------------------------------------------------------------------------
# Insights

_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


def svg_image(svg: str) -> dict[str, str]:
    """An SVG chart as an ``<img>`` data URI with its title and description as text.

    As an image the chart's own styles apply without loosening the page's Content Security
    Policy, and the page keeps working offline once loaded.
    """
    import base64
    import html

    desc = _DESC.search(svg)
    title = _TITLE.search(svg)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        "title": html.unescape(title.group(1).strip()) if title else "Chart",
        "alt": html.unescape(desc.group(1).strip()) if desc else "",
    }


def _recorded(trend: dict[str, Any]) -> bool:
    windows = ("last_7_days", "last_4_weeks", "previous_4_weeks")
    return any((trend.get(w) or {}).get("n") for w in windows)


def build_insights_context(
    ctx: AppContext, *, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Trends, adherence, associations (with their uncertainty) and the SVG charts."""
    from legcare.services import insights

    default_start, default_end = insights.default_range(ctx.today())
    the_end = end or default_end
    the_start = start or (default_start if end is None else the_end - (default_end - default_start))
    data = insights.insights(ctx=ctx, start=the_start, end=the_end)
    has_data = bool(data["checkins"]["evening"] or data["checkins"]["morning"])
    names = ["symptoms", "exposures"] + (["adherence"] if data["adherence"] else [])
    charts = insights.render_insight_charts(data, names=names, inline=True) if has_data else {}
    return {
        "title": "Insights",
        "data": data,
        "has_data": has_data,
        "start": the_start.isoformat(),
        "end": the_end.isoformat(),
        "charts": {name: svg_image(svg) for name, svg in charts.items()},
        "trends": [t for t in data["trends"] if _recorded(t)],
        "unrecorded": [t["label"] for t in data["trends"] if not _recorded(t)],
        "shown": [a for a in data["associations"] if a["enough"]],
        "waiting": [a for a in data["associations"] if not a["enough"]],
    }


# ---------------------------------------------------------------------------------------------
# Report


def build_report_context(
    ctx: AppContext, *, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The report's period and the links to its HTML view and its PDF."""
    from urllib.parse import urlencode

    from legcare.errors import InvalidInput
    from legcare.services import report

    the_end = end or ctx.today()
    the_start = start or report.default_period(the_end)[0]
    if the_start > the_end:
        raise InvalidInput(
            "The period ends before it starts.", details=["from: a date on or before to"]
        )
    query = urlencode({"from": the_start.isoformat(), "to": the_end.isoformat()})
    return {
        "title": "Report",
        "start": the_start.isoformat(),
        "end": the_end.isoformat(),
        "html_url": f"/api/v1/report?{query}",
        "pdf_url": f"/api/v1/report?{query}&format=pdf",
        "pdf_name": f"legcare-report-{the_start.isoformat()}-to-{the_end.isoformat()}.pdf",
    }


# ---------------------------------------------------------------------------------------------
# Experiments

EXPERIMENT_PRESETS = (
    ("evening massage,none", "Evening massage or no massage"),
    ("foam roller,ball", "Foam roller or ball"),
    ("trigger point,deep tissue", "Trigger-point work or deep-tissue massage"),
    ("orthotics,none", "Orthotic inserts or none"),
    ("foot massage,calf massage", "Foot massage or calf massage"),
)


def build_experiments_context(ctx: AppContext) -> dict[str, Any]:
    """The running (or latest) experiment with today's arm and its results so far, the past
    ones, and the form to start one."""
    from legcare.domain.experiments.design import OUTCOMES
    from legcare.services import experiments

    listing = experiments.list_experiments(ctx=ctx)["experiments"]
    current = results = chart = None
    if listing:
        current = experiments.experiment_status(ctx=ctx)
        results = experiments.experiment_results(ctx=ctx)
        if results["comparisons"] and service_available("experiments:experiment_chart_svg"):
            chart = svg_image(experiments.experiment_chart_svg(ctx=ctx))
    running = current is not None and current["status"] == "active"
    return {
        "title": "Experiments",
        "current": current,
        "running": running,
        "results": results,
        "chart": chart,
        "past": [e for e in listing if current is None or e["id"] != current["id"]],
        "presets": [{"arms": a, "label": label} for a, label in EXPERIMENT_PRESETS],
        "outcomes": [{"key": k, "label": spec.label} for k, spec in OUTCOMES.items()],
    }


# ---------------------------------------------------------------------------------------------
# Settings

_TOOL_LABELS = {
    "hands": "Hands",
    "elbows": "Elbows",
    "foam_roller": "Foam roller",
    "roller_stick": "Roller stick",
    "tennis_ball": "Tennis ball",
    "lacrosse_ball": "Lacrosse ball",
    "mobility_ball": "Mobility or massage ball",
    "roller_ball": "Roller ball",
    "water_bottle": "Water bottle (frozen works for the arch)",
    "massage_cane": "Massage cane",
}


def build_settings_context(
    ctx: AppContext, *, values: dict[str, Any] | None = None, errors: list[str] | None = None
) -> dict[str, Any]:
    """The profile form: tools owned, minutes a day, bedtime, days, pressure and side."""
    from legcare.domain.plans.profile import MAX_MINUTES, MIN_MINUTES, TOOLS, WEEKDAYS
    from legcare.services import plans

    stored = plans.get_profile(ctx=ctx)
    profile = values if values is not None else stored["profile"]
    return {
        "title": "Settings",
        "profile": profile,
        "saved_before": stored["saved"],
        "tools": [{"id": t, "label": _TOOL_LABELS.get(t, t.replace("_", " "))} for t in TOOLS],
        "weekdays": [
            {"id": d, "label": name} for d, name in zip(WEEKDAYS, _WEEKDAY_NAMES, strict=True)
        ],
        "pressures": ["light", "moderate", "firm"],
        "sides": ["left", "right", "both"],
        "min_minutes": MIN_MINUTES,
        "max_minutes": MAX_MINUTES,
        "errors": errors or [],
        "mode": ctx.settings.mode,
    }
