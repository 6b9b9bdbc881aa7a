"""Check-ins: GET/POST /api/v1/checkins, GET/PUT/DELETE /api/v1/checkins/{kind}/{day}."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Response, status

from legcare.services import diary
from legcare.web.deps import ContextDep
from legcare.web.schemas_diary import (
    CheckinCreate,
    CheckinListPublic,
    CheckinPublic,
    CheckinUpdate,
    FieldCataloguePublic,
    Kind,
)

router = APIRouter(prefix="/api/v1", tags=["check-ins"])


@router.get("/checkins", response_model=CheckinListPublic)
def list_checkins(
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description="First date (2 weeks back)."),
    end: date | None = Query(None, alias="to", description="Last date (default today)."),
    kind: Kind | None = Query(None, description="evening or morning (default both)."),
) -> diary.CheckinListingView:
    """Check-ins in a date range (the same JSON as `legcare log list --json`)."""
    the_end = end or ctx.today()
    the_start = start or diary.default_list_range(the_end)[0]
    return diary.checkins_listing(ctx=ctx, start=the_start, end=the_end, kind=kind)


@router.post("/checkins", response_model=CheckinPublic, status_code=status.HTTP_201_CREATED)
def create_checkin(body: CheckinCreate, ctx: ContextDep) -> diary.CheckinView:
    """Save a check-in; 409 if one of that kind exists for the date (unless replace is true)."""
    item = diary.log_checkin(
        ctx=ctx,
        kind=body.kind,
        day=body.day,
        values=body.values,
        replace=body.replace,
        factors=body.factors,
    )
    return diary.checkin_to_dict(item)


@router.get("/checkins/fields", response_model=FieldCataloguePublic)
def checkin_fields() -> diary.FieldCatalogueView:
    """Every field of both kinds, its type and what it allows."""
    return diary.field_catalogue()


@router.get("/checkins/{kind}/{day}", response_model=CheckinPublic)
def get_checkin(kind: Kind, day: date, ctx: ContextDep) -> diary.CheckinView:
    """One check-in; 404 if there is none."""
    return diary.checkin_to_dict(diary.get_checkin(ctx=ctx, kind=kind, day=day))


@router.put("/checkins/{kind}/{day}", response_model=CheckinPublic)
def put_checkin(kind: Kind, day: date, body: CheckinUpdate, ctx: ContextDep) -> diary.CheckinView:
    """Create or replace the check-in of that kind and date."""
    item = diary.log_checkin(
        ctx=ctx, kind=kind, day=day, values=body.values, replace=True, factors=body.factors
    )
    return diary.checkin_to_dict(item)


@router.delete("/checkins/{kind}/{day}", status_code=status.HTTP_204_NO_CONTENT)
def delete_checkin(kind: Kind, day: date, ctx: ContextDep) -> Response:
    """Delete one check-in; 404 if there is none."""
    diary.delete_checkin(ctx=ctx, kind=kind, day=day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
