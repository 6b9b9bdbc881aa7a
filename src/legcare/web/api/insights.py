"""Insights: GET /api/v1/insights (JSON) and GET /api/v1/insights/charts/{name}.svg."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Response

from legcare.services.views import insights as service
from legcare.web.deps import ContextDep

router = APIRouter(prefix="/api/v1", tags=["insights"])

FROM_HELP = "First date (default: eight weeks before the last date)."
TO_HELP = "Last date (default: today)."


def _range(ctx: ContextDep, start: date | None, end: date | None) -> tuple[date, date]:
    default_start, default_end = service.default_range(end or ctx.today())
    return start or default_start, end or default_end


@router.get("/insights")
def get_insights(
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description=FROM_HELP),
    end: date | None = Query(None, alias="to", description=TO_HELP),
) -> dict[str, Any]:
    """Trends, adherence and associations (the same JSON as `legcare insights --json`).

    Associations are worded as associations, never causes, compared only with at least five
    days with and five without, ranked (``rank``), and ``tested`` says how many were compared.
    """
    the_start, the_end = _range(ctx, start, end)
    return service.insights_view(ctx=ctx, start=the_start, end=the_end).to_json()


@router.get(
    "/insights/charts/{name}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "An SVG chart."}},
)
def get_chart(
    name: str,
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description=FROM_HELP),
    end: date | None = Query(None, alias="to", description=TO_HELP),
) -> Response:
    """An SVG chart: symptoms, adherence or exposures (404 for any other name)."""
    the_start, the_end = _range(ctx, start, end)
    svg = service.insights_chart(ctx=ctx, name=name, start=the_start, end=the_end)
    return Response(content=svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
