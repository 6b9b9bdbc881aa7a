"""Insights: trends, adherence and honest associations, with the server-rendered SVG charts."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from legcare.web.contexts import build_insights_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page

router = APIRouter(include_in_schema=False)


@router.get("/insights", response_class=HTMLResponse)
def insights_page(
    request: Request,
    ctx: ContextDep,
    start: date | None = Query(None, alias="from"),
    end: date | None = Query(None, alias="to"),
) -> HTMLResponse:
    return page(request, "insights.html", build_insights_context(ctx, start=start, end=end))
