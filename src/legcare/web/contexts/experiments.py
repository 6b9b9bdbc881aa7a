"""Experiments: the running one, results so far, the start form; today's arm."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.insights import svg_image
from legcare.web.contexts.safety import safety_context

if TYPE_CHECKING:
    from legcare.services.context import AppContext
    from legcare.services.experiments import TodayArmView


# (arms, label); the safety state decides which of them may be offered
EXPERIMENT_PRESETS = (
    ("evening massage,none", "Evening massage or no massage"),
    ("foam roller,ball", "Foam roller or ball"),
    ("trigger point,deep tissue", "Trigger-point work or deep-tissue massage"),
    ("orthotics,none", "Orthotic inserts or none"),
    ("foot massage,calf massage", "Foot massage or calf massage"),
)


BANDS_CAPTION = (
    "Read each bar from the left: red is the chance it made things worse, grey no meaningful "
    "change, greens a noticeable or a clear benefit."
)
RATINGS_CAPTION = (
    "Each shaded stretch is one period, coloured by what was done; compare the periods' mean "
    "lines. Swings inside a period are the day-to-day noise the analysis allows for."
)


def build_experiments_context(ctx: AppContext) -> dict[str, Any]:
    """The running (or latest) experiment with today's arm and its results so far, the past
    ones, and the form to start one."""
    from legcare.domain.experiments.design import OUTCOMES
    from legcare.services import experiments

    listing = experiments.list_experiments(ctx=ctx)["experiments"]
    current = results = chart = ratings_chart = None
    if listing:
        current = experiments.experiment_status(ctx=ctx)
        results = experiments.experiment_results(ctx=ctx)
        charts = experiments.results_charts(results, inline=True)
        if results["comparisons"]:
            chart = svg_image(charts["bands"])
            chart["caption"] = BANDS_CAPTION
        if results["ratings"]:
            ratings_chart = svg_image(charts["ratings"])
            ratings_chart["caption"] = RATINGS_CAPTION
    running = current is not None and current["status"] == "active"
    # before starting one: how many pairs each outcome would need, from the last four weeks
    sizes = None if running else experiments.size_estimates(ctx=ctx, period_days=7)
    from legcare.services import safety as safety_service

    state = safety_service.current_state(ctx=ctx)
    presets = [p for p in EXPERIMENT_PRESETS if state.allows_arms(p[0])]
    return {
        "safety": safety_context(ctx),
        "title": "Experiments",
        "current": current,
        "running": running,
        "results": results,
        "chart": chart,
        "ratings_chart": ratings_chart,
        "sizes": sizes,
        "past": [e for e in listing if current is None or e["id"] != current["id"]],
        "presets": [{"arms": a, "label": label} for a, label in presets],
        "outcomes": [{"key": k, "label": spec.label} for k, spec in OUTCOMES.items()],
    }


def experiment_today(ctx: AppContext) -> TodayArmView | None:
    from legcare.services import experiments

    return experiments.todays_arm(ctx=ctx)
