"""The main navigation: every page of the app, in the order the menu shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the main navigation."""

    path: str
    label: str


NAV: tuple[NavItem, ...] = (
    NavItem("/", "Today"),
    NavItem("/check", "Check"),
    NavItem("/plan", "Plan"),
    NavItem("/session", "Session"),
    NavItem("/checkin", "Check-in"),
    NavItem("/insights", "Insights"),
    NavItem("/experiments", "Experiments"),
    NavItem("/learn", "Learn"),
    NavItem("/report", "Report"),
    NavItem("/data", "Your data"),
    NavItem("/settings", "Settings"),
)
PATHS = frozenset(item.path for item in NAV)


def page_available(path: str) -> bool:
    """True when ``path`` is one of the app's pages in the navigation."""
    return path in PATHS


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
