"""The main navigation: a page is listed only when it is built and its services exist."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the main navigation."""

    path: str
    label: str
    needs: tuple[str, ...] = ()  # "module:function" of legcare.services the page calls
    built: bool = True  # False until the page's route is written
    daily: bool = False  # one of the four places in the phone's bottom bar


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Today", daily=True),
    NavItem("/check", "Check", ("screening:draft_state", "screening:answer_draft")),
    NavItem("/plan", "Plan", ("plans:current_plan", "plans:plan_calendar"), daily=True),
    NavItem(
        "/session", "Session", ("sessions:start_session", "sessions:finish_session"), daily=True
    ),
    NavItem("/checkin", "Check-in", ("diary:log_checkin", "diary:field_catalogue"), daily=True),
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


MORE_PATH = "/more"

# One line under each place on the "More" page.
MORE_HINTS = {
    "/check": "The questions that shape your plan, and what they found",
    "/insights": "Trends, what goes with better nights, how often you did the plan",
    "/experiments": "Find out whether something helps you, one fair test at a time",
    "/learn": "How each technique and stretch is done, and the evidence behind it",
    "/report": "A summary to show a clinician (web page or PDF)",
    "/data": "Export, import or delete everything",
    "/settings": "Your tools, your time, your days, reminders",
}


def _is_current(path: str, current_path: str) -> bool:
    return path == current_path or (path != "/" and current_path.startswith(path + "/"))


def build_nav_context(current_path: str) -> list[dict[str, Any]]:
    """The navigation entries to show, the current one marked.

    Each entry says whether it is one of the daily places (the phone's bottom bar shows those
    and a "More" entry; a wide screen shows them all in one row)."""
    items = []
    for item in NAV:
        if not page_available(item.path):
            continue
        items.append(
            {
                "path": item.path,
                "label": item.label,
                "current": _is_current(item.path, current_path),
                "daily": item.daily,
            }
        )
    return items


def build_more_context(current_path: str = MORE_PATH) -> dict[str, Any]:
    """The "More" page: every place that is not in the phone's bottom bar."""
    return {
        "title": "More",
        "places": [
            {**item, "hint": MORE_HINTS.get(item["path"], "")}
            for item in build_nav_context(current_path)
            if not item["daily"]
        ],
    }
