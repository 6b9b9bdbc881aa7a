"""Today: tonight's session, check-in status, the plan at a glance, the triage banner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.checkin import default_checkin_kind
from legcare.web.contexts.experiments import experiment_today
from legcare.web.contexts.navigation import NAV, page_available
from legcare.web.contexts.safety import safety_context

if TYPE_CHECKING:
    from legcare.services.context import AppContext


def _latest_check(ctx: AppContext) -> dict[str, Any] | None:
    from legcare.domain.screening.result import result_to_dict
    from legcare.services import screening

    result = screening.latest_result(ctx=ctx)
    return None if result is None else result_to_dict(result)


def _checkin_status(ctx: AppContext) -> list[dict[str, Any]] | None:
    from legcare.services import diary

    today = ctx.today()
    status = []
    for kind in ("morning", "evening"):
        entry = diary.find_checkin(ctx=ctx, kind=kind, day=today)
        status.append({"kind": kind, "done": entry is not None})
    return status


def _plan_glance(ctx: AppContext) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Tonight's session and the week at a glance (nothing when there is no plan)."""
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
        "id": tonight["id"],
        "title": tonight["title"],
        "minutes": tonight["minutes"],
        "time": tonight["start"],
    }, days


def build_today_context(ctx: AppContext) -> dict[str, Any]:
    """Tonight's session, the check-in status, the plan at a glance and the triage banner.

    The banner is shown when the latest check is above self-care.
    """
    check = _latest_check(ctx)
    banner = check if check and check["triage"]["level"] != "self_care" else None
    tonight, plan_days = _plan_glance(ctx) if check else (None, [])
    return {
        "safety": safety_context(ctx),
        "tonight": tonight,
        "plan_days": plan_days,
        "experiment": experiment_today(ctx),
        "title": "Today",
        "today": ctx.today().isoformat(),
        "weekday": ctx.today().strftime("%A"),
        "check": check,
        "banner": banner,
        "checkins": _checkin_status(ctx),
        "suggested_kind": default_checkin_kind(ctx.now()),
        "pages": {item.path: page_available(item.path) for item in NAV},
    }
