"""The main navigation: every page of the app, in the order the menu shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the main navigation."""

    path: str
    label: str
    daily: bool = False  # one of the four places in the phone's bottom bar
    in_menu: bool = True  # False: listed on the "More" page only (not in the menu row)


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Today", daily=True),
    NavItem("/check", "Check"),
    NavItem("/plan", "Plan", daily=True),
    NavItem("/session", "Session", daily=True),
    NavItem("/checkin", "Check-in", daily=True),
    NavItem("/insights", "Insights"),
    NavItem("/experiments", "Experiments"),
    NavItem("/learn", "Learn"),
    NavItem("/report", "Report"),
    NavItem("/data", "Your data"),
    NavItem("/settings", "Settings"),
    NavItem("/medicines", "Medicines and treatments", in_menu=False),
    NavItem("/factors", "My factors", in_menu=False),
    NavItem("/weekly", "Weekly scores", in_menu=False),
    NavItem("/health-import", "Import from a phone or watch", in_menu=False),
)


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
    "/medicines": "What you take and when; flags medicines reported to worsen restless legs",
    "/factors": "Your own yes/no or 0-10 factors for the evening check-in",
    "/weekly": "A short weekly score for restless legs and for heel pain",
    "/health-import": "Sleep and steps from Apple Health or a Fitbit export",
}


def _is_current(path: str, current_path: str) -> bool:
    return path == current_path or (path != "/" and current_path.startswith(path + "/"))


def build_nav_context(current_path: str, *, everything: bool = False) -> list[dict[str, Any]]:
    """The navigation entries to show, the current one marked.

    Each entry says whether it is one of the daily places (the phone's bottom bar shows those
    and a "More" entry; a wide screen shows them all in one row). The tracking pages are only
    on the "More" page (``everything=True`` includes them)."""
    items = []
    for item in NAV:
        if not (item.in_menu or everything):
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
            for item in build_nav_context(current_path, everything=True)
            if not item["daily"]
        ],
    }
