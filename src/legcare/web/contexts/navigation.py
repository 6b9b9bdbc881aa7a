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
