"""Plan: the week, each step with why (evidence and sources), a calendar download and the
weekly review."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import InvalidInput
from legcare.web.contexts import build_plan_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    return page(request, "plan.html", build_plan_context(ctx))


@router.get("/plan/calendar.ics")
def calendar(ctx: ContextDep) -> Response:
    from legcare.services import plans

    return Response(
        plans.plan_calendar(ctx=ctx),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="legcare-plan.ics"'},
    )


@router.post("/plan/feed")
def feed(ctx: ContextDep) -> Response:
    """Server mode: make the calendar feed's secret address, or a new one in its place."""
    from legcare.services import calendar_feed

    if calendar_feed.existing_feed(ctx=ctx) is None:
        calendar_feed.feed(ctx=ctx)
    else:
        calendar_feed.rotate_feed(ctx=ctx)
    return redirect("/plan#calendar")


@router.post("/plan/save")
def save(ctx: ContextDep) -> Response:
    """Store the plan shown as a new version (it changed with the check or the settings)."""
    from legcare.services import plans

    plans.save_plan(ctx=ctx)
    return redirect("/plan")


@router.post("/plan/review")
def make_review(ctx: ContextDep) -> Response:
    """Make this week's review proposal when one is due."""
    from legcare.services import plans

    plans.make_weekly_review(ctx=ctx)
    return redirect("/plan#review-h")


@router.post("/plan/review/{review_id}")
async def decide(request: Request, ctx: ContextDep, review_id: int) -> Response:
    from legcare.services import plans

    decision = (await request.form()).get("decision")
    if decision not in ("accept", "decline"):
        raise InvalidInput("Choose accept or decline.", details=["decision: accept, decline"])
    plans.decide_review(ctx=ctx, review_id=review_id, accept=decision == "accept")
    return redirect("/plan")
