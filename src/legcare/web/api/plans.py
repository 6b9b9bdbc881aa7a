"""The plan: GET/POST /api/v1/plan, /plan.ics, /plan/history, GET/POST /plan/review; GET/PUT
/profile."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from legcare.services import plans
from legcare.web.deps import ContextDep
from legcare.web.schemas_plans import (
    PlanPublic,
    PlanVersionPublic,
    ProfilePublic,
    ProfileUpdate,
    ReviewDecided,
    ReviewDecision,
    WeeklyReviewPublic,
)

router = APIRouter(prefix="/api/v1", tags=["plan"])


@router.get("/profile", response_model=ProfilePublic)
def get_profile(ctx: ContextDep) -> plans.ProfileView:
    """The profile the plan is built around (the defaults until it is saved)."""
    return plans.get_profile(ctx=ctx)


@router.put("/profile", response_model=ProfilePublic)
def put_profile(body: ProfileUpdate, ctx: ContextDep) -> plans.ProfileView:
    """Save profile fields (others keep their values); the plan gets a new version."""
    return plans.save_profile(ctx=ctx, data=body.given())


@router.get("/plan", response_model=PlanPublic)
def get_plan(ctx: ContextDep) -> plans.PlanView:
    """The current plan, the same JSON as `legcare plan --json`; stores nothing. When the inputs
    changed since the stored version, the plan is computed anew and `saved` is false (POST
    stores it). 409 after an emergency check."""
    return plans.current_plan(ctx=ctx)


@router.post("/plan", response_model=PlanPublic)
def post_plan(ctx: ContextDep) -> plans.PlanView:
    """Store the current plan as a new version when its inputs changed; the stored plan."""
    return plans.save_plan(ctx=ctx)


@router.get("/plan.ics", response_class=Response)
def get_plan_ics(
    ctx: ContextDep, weeks: int = Query(4, ge=1, le=52, description="Weeks to include.")
) -> Response:
    """The plan as an iCalendar file: each session an event with a reminder before it."""
    text = plans.plan_calendar(ctx=ctx, weeks=weeks)
    return Response(
        content=text,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="legcare-plan.ics"'},
    )


@router.get("/plan/history", response_model=list[PlanVersionPublic])
def get_history(ctx: ContextDep) -> list[plans.PlanVersionView]:
    """Every plan version, newest first."""
    return plans.plan_history(ctx=ctx)


@router.get("/plan/review", response_model=WeeklyReviewPublic)
def get_review(ctx: ContextDep) -> plans.WeeklyReviewView:
    """This week's undecided proposal, or the day the next review is due (today or earlier:
    POST makes it). Stores nothing."""
    return plans.weekly_review(ctx=ctx)


@router.post("/plan/review", response_model=WeeklyReviewPublic)
def post_review(ctx: ContextDep) -> plans.WeeklyReviewView:
    """Make this week's proposal when a review is due; otherwise the same as GET."""
    return plans.make_weekly_review(ctx=ctx)


@router.post("/plan/review/{review_id}", response_model=ReviewDecided)
def decide(review_id: int, body: ReviewDecision, ctx: ContextDep) -> plans.ReviewDecidedView:
    """Accept or decline a proposal; an accepted change makes a new plan version."""
    return plans.decide_review(ctx=ctx, review_id=review_id, accept=body.accept)
