"""What each page shows, as plain dicts: ``build_<page>_context(...) -> dict``.

The page routes in ``web/pages/`` call one of these and hand the dict to a template, so what a
page shows is testable without HTML. These functions call the services only (never the store).
One module per page; the navigation lists a page only when it is built and the services it
needs are installed, so a page whose service has not landed is left out rather than broken.
"""

from __future__ import annotations

from legcare.web.contexts.check import (
    build_check_context,
    build_check_result_context,
    leg_map_regions,
)
from legcare.web.contexts.checkin import (
    build_checkin_context,
    default_checkin_kind,
)
from legcare.web.contexts.data import (
    EXPORT_CHOICES,
    build_data_context,
)
from legcare.web.contexts.experiments import (
    EXPERIMENT_PRESETS,
    build_experiments_context,
    experiment_today,
)
from legcare.web.contexts.insights import (
    build_insights_context,
    svg_image,
)
from legcare.web.contexts.learn import (
    build_learn_context,
    build_topic_context,
)
from legcare.web.contexts.navigation import (
    NAV,
    NavItem,
    build_more_context,
    build_nav_context,
)
from legcare.web.contexts.plan import (
    WEEKDAY_NAMES,
    build_plan_context,
)
from legcare.web.contexts.report import (
    build_report_context,
)
from legcare.web.contexts.safety import safety_context
from legcare.web.contexts.session import (
    TENDERNESS_AREAS,
    build_player_context,
    build_session_start_context,
)
from legcare.web.contexts.settings import (
    build_settings_context,
)
from legcare.web.contexts.today import (
    build_today_context,
)

__all__ = [
    "safety_context",
    "EXPERIMENT_PRESETS",
    "EXPORT_CHOICES",
    "NAV",
    "NavItem",
    "TENDERNESS_AREAS",
    "WEEKDAY_NAMES",
    "build_check_context",
    "build_check_result_context",
    "build_checkin_context",
    "build_data_context",
    "build_experiments_context",
    "build_insights_context",
    "build_learn_context",
    "build_more_context",
    "build_nav_context",
    "build_plan_context",
    "build_player_context",
    "build_report_context",
    "build_session_start_context",
    "build_settings_context",
    "build_today_context",
    "build_topic_context",
    "default_checkin_kind",
    "experiment_today",
    "leg_map_regions",
    "svg_image",
]
