"""Report: the period and the links to the HTML view and the PDF."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legcare.services.context import AppContext


def build_report_context(
    ctx: AppContext, *, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The report's period and the links to its HTML view and its PDF."""
    from urllib.parse import urlencode

    from legcare.services.views import report

    today = ctx.today()
    the_end = end or today
    the_start = start or report.default_period(the_end)[0]
    report.check_period(the_start, the_end, today)
    query = urlencode({"from": the_start.isoformat(), "to": the_end.isoformat()})
    return {
        "title": "Report",
        "start": the_start.isoformat(),
        "end": the_end.isoformat(),
        "today": today.isoformat(),
        "html_url": f"/api/v1/report?{query}",
        "pdf_url": f"/api/v1/report?{query}&format=pdf",
        "pdf_name": f"legcare-report-{the_start.isoformat()}-to-{the_end.isoformat()}.pdf",
    }
