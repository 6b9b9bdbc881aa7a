"""Plan: the week, each step with why (evidence, sources), checklists, the weekly review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.safety import safety_context

if TYPE_CHECKING:
    from legcare.services.calendar_feed import FeedView
    from legcare.services.context import AppContext
    from legcare.services.knowledge import FigureView
    from legcare.services.plans import ReviewView


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _why(why: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    return {
        **why,
        "source_titles": [titles.get(s, s) for s in why.get("sources", [])],
        "condition_words": [c.replace("_", " ") for c in why.get("conditions", [])],
    }


def _figure(ctx: AppContext, step: dict[str, Any]) -> FigureView | None:
    from legcare.services import knowledge

    return knowledge.step_figure(ctx=ctx, technique=step["technique"], areas=step["areas"])


def build_plan_context(ctx: AppContext) -> dict[str, Any]:
    """The week, each session's steps with why (evidence, sources), the checklists and the
    notices; an emergency check gives no plan, only what to do now."""
    from legcare.errors import SafetyStop
    from legcare.services import plans

    try:
        plan = plans.current_plan(ctx=ctx)
    except SafetyStop as stop:
        return {"title": "Plan", "stopped": {"message": stop.message, "details": stop.details}}
    from legcare.services import knowledge

    titles = knowledge.source_titles(ctx=ctx)
    sessions = [
        {
            **s,
            "days": "Every day"
            if len(set(s["weekdays"])) == len(WEEKDAY_NAMES)
            else ", ".join(WEEKDAY_NAMES[d] for d in s["weekdays"]),
            "steps": [
                {**step, "why": _why(step["why"], titles), "figure": _figure(ctx, step)}
                for step in s["steps"]
            ],
        }
        for s in plan["sessions"]
    ]
    checklists = [{**c, "why": _why(c["why"], titles)} for c in plan["checklists"]]
    chosen = set((plan.get("profile") or {}).get("days") or [d["weekday"] for d in plan["week"]])
    week = [{**d, "chosen": d["weekday"] in chosen} for d in plan["week"]]
    today = next((d for d in week if d["today"]), None)
    review, review_due = _weekly_review(ctx)
    return {
        "safety": safety_context(ctx),
        "title": "Plan",
        "stopped": None,
        "plan": plan,
        "week": week,
        "today_sessions": today["sessions"] if today else [],
        "next_day": _next_day(week),
        "sessions": sessions,
        "checklists": checklists,
        "notices": plan["notices"],
        **_sorted_notices(plan["notices"]),
        "has_check": plan["check"] is not None and plan["check"].get("screening_id") is not None,
        "review": review,
        "review_due": review_due,
        "feed": _feed(ctx),
        "server_mode": ctx.settings.mode == "server",
    }


TRIAGE_LEVELS = ("emergency", "urgent", "see_clinician_soon", "mention_next_visit")


def _sorted_notices(notices: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Triage on top; safety and clinician lines to keep in mind; the reasoning (doses, how the
    plan was built) behind a tap."""
    return {
        "top_notices": [n for n in notices if n["level"] in TRIAGE_LEVELS],
        "keep_in_mind": [n for n in notices if n["level"] in ("safety", "clinician")],
        "reasoning": [
            n for n in notices if n["level"] not in (*TRIAGE_LEVELS, "safety", "clinician")
        ],
    }


def _next_day(week: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The next day of this week after today that has a session."""
    after = False
    for day in week:
        if after and day["sessions"]:
            return day
        after = after or day["today"]
    return None


def _feed(ctx: AppContext) -> FeedView | None:
    from legcare.services import calendar_feed

    return calendar_feed.existing_feed(ctx=ctx)


def _weekly_review(ctx: AppContext) -> tuple[ReviewView | None, bool]:
    """(the undecided proposal, whether a new review is due to be made): reads only."""
    from legcare.services import plans

    found = plans.weekly_review(ctx=ctx)
    review = found["review"]
    if review is not None and review.get("decision") is None:
        return review, False
    return None, found["due"] is not None and found["due"] <= ctx.today().isoformat()
