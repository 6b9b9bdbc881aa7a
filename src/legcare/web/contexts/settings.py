"""Settings: the profile form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.plan import WEEKDAY_NAMES

if TYPE_CHECKING:
    from legcare.services.context import AppContext


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
    ctx: AppContext,
    *,
    values: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    reminder_values: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The profile form (tools owned, minutes a day, bedtime, days, pressure and side) and the
    reminder times."""
    from legcare.domain.plans.profile import MAX_MINUTES, MIN_MINUTES, TOOLS, WEEKDAYS
    from legcare.domain.reminders import KINDS, LABELS
    from legcare.services import plans, reminders

    stored = plans.get_profile(ctx=ctx)
    # only the times: what is scheduled (which reads the plan and the safety state) is not shown
    times = reminder_values or reminders.load_reminders(ctx=ctx).to_dict()
    profile = values if values is not None else stored["profile"]
    return {
        "title": "Settings",
        "profile": profile,
        "saved_before": stored["saved"],
        "tools": [{"id": t, "label": _TOOL_LABELS.get(t, t.replace("_", " "))} for t in TOOLS],
        "weekdays": [
            {"id": d, "label": name} for d, name in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)
        ],
        "pressures": ["light", "moderate", "firm"],
        "sides": ["left", "right", "both"],
        "min_minutes": MIN_MINUTES,
        "max_minutes": MAX_MINUTES,
        "errors": errors or [],
        "mode": ctx.settings.mode,
        "reminders": [
            {"id": kind, "label": LABELS[kind], "value": times.get(kind) or ""} for kind in KINDS
        ],
    }
