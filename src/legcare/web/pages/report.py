"""Report: choose a period, view the clinician report as HTML or download it as a PDF.

The report itself is served by ``GET /api/v1/report`` (a self-contained page with its own
strict Content Security Policy); this page links to it.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from legcare.web.contexts import build_report_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page

router = APIRouter(include_in_schema=False)


@router.get("/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    ctx: ContextDep,
    start: date | None = Query(None, alias="from"),
    end: date | None = Query(None, alias="to"),
) -> HTMLResponse:
    return page(request, "report.html", build_report_context(ctx, start=start, end=end))
