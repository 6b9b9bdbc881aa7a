"""Experiments: the running one, results so far, the start form; today's arm."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.insights import svg_image
from legcare.web.contexts.navigation import service_available
from legcare.web.contexts.safety import massage_blocked

if TYPE_CHECKING:
    from legcare.services.context import AppContext


# (arms, label, involves massage or rolling)
EXPERIMENT_PRESETS = (
    ("evening massage,none", "Evening massage or no massage", True),
    ("foam roller,ball", "Foam roller or ball", True),
    ("trigger point,deep tissue", "Trigger-point work or deep-tissue massage", True),
    ("orthotics,none", "Orthotic inserts or none", False),
    ("foot massage,calf massage", "Foot massage or calf massage", True),
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
    blocked = massage_blocked(ctx)
    presets = [p for p in EXPERIMENT_PRESETS if not (blocked and p[2])]
    return {
        "massage_blocked": blocked,
        "title": "Experiments",
        "current": current,
        "running": running,
        "results": results,
        "chart": chart,
        "past": [e for e in listing if current is None or e["id"] != current["id"]],
        "presets": [{"arms": a, "label": label} for a, label, _ in presets],
        "outcomes": [{"key": k, "label": spec.label} for k, spec in OUTCOMES.items()],
    }


def experiment_today(ctx: AppContext) -> dict[str, Any] | None:
    if not service_available("experiments:todays_arm"):
        return None
    from legcare.services import experiments

    return experiments.todays_arm(ctx=ctx)
