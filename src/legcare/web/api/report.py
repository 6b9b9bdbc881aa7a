"""GET /api/v1/report: the clinician report for a period, as an HTML page or a PDF."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query, Response

from legcare.services.views import report as report_service
from legcare.web.deps import ContextDep

router = APIRouter(prefix="/api/v1", tags=["report"])

# The report is self-contained: inline CSS and SVG, no scripts, nothing fetched.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@router.get(
    "/report",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}, "application/json": {}}}},
)
def report(
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description="First day (default: 8 weeks)."),
    end: date | None = Query(None, alias="to", description="Last day (default: today)."),
    format: Literal["html", "pdf", "json"] = Query(
        "html", description="html, pdf, or json (what the report says, without the charts)"
    ),
    client: int | None = Query(
        None, description="Server mode, a clinician: the id of a client who shares with you."
    ),
) -> Response:
    """The clinician report: latest check, questions to discuss, symptom charts, adherence,
    what went with better nights, experiments and the patient's notes. A clinician reads a
    sharing client's report with ``client=<id>`` (read only; 404 unless they share)."""
    if client is not None:
        from legcare.services.accounts import client_context

        ctx, _ = client_context(ctx=ctx, client_id=client, what=f"report ({format})")
    last = end or ctx.today()
    first = start or report_service.default_period(last)[0]
    name = f"legcare-report-{first.isoformat()}-to-{last.isoformat()}"
    if format == "json":
        from fastapi.responses import JSONResponse

        data = report_service.build_report(ctx=ctx, start=first, end=last).to_json()
        return JSONResponse(data, headers={"Cache-Control": "no-store"})
    html, pdf = report_service.render_html_and_pdf(
        ctx=ctx, start=first, end=last, pdf=format == "pdf"
    )
    headers = {"Content-Security-Policy": REPORT_CSP, "Cache-Control": "no-store"}
    if pdf is not None:
        headers["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return Response(content=pdf, media_type="application/pdf", headers=headers)
    return Response(content=html, media_type="text/html; charset=utf-8", headers=headers)
