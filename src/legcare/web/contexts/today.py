"""Today: the home page, from the read model ``legcare.services.views.today``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.checkin import default_checkin_kind
from legcare.web.contexts.safety import safety_context

if TYPE_CHECKING:
    from legcare.services.context import AppContext


def weekly_due(ctx: AppContext) -> list[dict[str, Any]]:
    """The weekly scores the person keeps (answered in the last 12 weeks), each with whether
    this week is answered yet; empty for someone who has never answered one."""
    from legcare.services.weekly_scores import history

    out = []
    for kind in ("rls", "heel"):
        past = history(ctx=ctx, kind=kind)
        if past.weeks:
            done = past.weeks[-1].week == past.end
            out.append({"kind": kind, "title": past.title, "done": done})
    return out


def build_today_context(ctx: AppContext) -> dict[str, Any]:
    """Tonight's session, the check-in status, the plan at a glance and the triage banner.

    The banner is shown when the latest check is above self-care.
    """
    from legcare.services.views.today import today_view

    view = today_view(ctx=ctx)
    return {
        "safety": safety_context(ctx),
        "tonight": view["tonight"],
        "plan_days": view["plan_days"],
        "experiment": view["experiment"],
        "title": "Today",
        "today": ctx.today().isoformat(),
        "weekday": ctx.today().strftime("%A"),
        "check": view["check"],
        "banner": view["banner"],
        "checkins": view["checkins"],
        "weekly": weekly_due(ctx),
        "suggested_kind": default_checkin_kind(ctx.now()),
    }
