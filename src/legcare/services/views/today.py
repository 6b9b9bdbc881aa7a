"""Today, the read model behind the home page: the latest check, the check-ins made today,
tonight's session and the week at a glance, and today's experiment arm. Reads only (the plan
is computed in memory when no stored version is current: ``plans.current_plan``)."""

from __future__ import annotations

from typing import TypedDict

from legcare.domain.screening.result import ResultJson, result_to_dict
from legcare.errors import SafetyStop
from legcare.services import diary, experiments, plans, screening
from legcare.services.context import AppContext


class CheckinStatus(TypedDict):
    kind: str
    done: bool


class Tonight(TypedDict):
    id: str
    title: str
    minutes: int
    time: str


class DayGlance(TypedDict):
    label: str
    today: bool
    summary: str


class TodayView(TypedDict):
    check: ResultJson | None  # the latest completed check (``result_to_dict``)
    banner: ResultJson | None  # the same check when its triage is above self-care
    checkins: list[CheckinStatus]
    tonight: Tonight | None
    plan_days: list[DayGlance]
    experiment: experiments.TodayArmView | None  # ``experiments.todays_arm``


def _latest_check(ctx: AppContext) -> ResultJson | None:
    result = screening.latest_result(ctx=ctx)
    return None if result is None else result_to_dict(result)


def _checkin_status(ctx: AppContext) -> list[CheckinStatus]:
    today = ctx.today()
    return [
        {"kind": kind, "done": diary.find_checkin(ctx=ctx, kind=kind, day=today) is not None}
        for kind in ("morning", "evening")
    ]


def _plan_glance(ctx: AppContext) -> tuple[Tonight | None, list[DayGlance]]:
    """Tonight's session and the week at a glance (nothing when there is no plan)."""
    try:
        plan = plans.current_plan(ctx=ctx)
    except SafetyStop:
        return None, []
    days: list[DayGlance] = [
        {
            "label": d["weekday"].capitalize(),
            "today": d["today"],
            "summary": ", ".join(s["title"] for s in d["sessions"]) or "Rest",
        }
        for d in plan["week"]
    ]
    today: list[plans.WeekSessionView] = next(
        (d["sessions"] for d in plan["week"] if d["today"]), []
    )
    tonight = next(
        (s for s in today if s["id"].startswith("evening")), today[-1] if today else None
    )
    if tonight is None:
        return None, days
    found: Tonight = {
        "id": tonight["id"],
        "title": tonight["title"],
        "minutes": tonight["minutes"],
        "time": tonight["start"],
    }
    return found, days


def today_view(*, ctx: AppContext) -> TodayView:
    """Everything the home page shows; the banner when the latest check is above self-care."""
    check = _latest_check(ctx)
    banner = check if check and check["triage"]["level"] != "self_care" else None
    tonight, plan_days = _plan_glance(ctx) if check else (None, [])
    return {
        "check": check,
        "banner": banner,
        "checkins": _checkin_status(ctx),
        "tonight": tonight,
        "plan_days": plan_days,
        "experiment": experiments.todays_arm(ctx=ctx),
    }
