"""Report: the period is chosen on the page; the links give the HTML report and the PDF."""

from __future__ import annotations

import html
import re

from legcare.web.contexts import build_report_context
from tests.web.pages.conftest import RLS_AND_HEEL, complete_check


def _links(page: str) -> tuple[str, str]:
    view = re.search(r'href="([^"]+)">View the report', page).group(1)
    pdf = re.search(r'href="([^"]+)" download="[^"]+\.pdf">Download the PDF', page).group(1)
    return html.unescape(view), html.unescape(pdf)


def test_links_open_the_html_report_and_the_pdf(html_client) -> None:
    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    view, pdf = _links(html_client.get("/report").text)
    assert view.startswith("/api/v1/report?from=") and pdf.endswith("&format=pdf")
    report = html_client.get(view)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "ferritin" in report.text.lower()
    document = html_client.get(pdf)
    assert document.status_code == 200 and document.content.startswith(b"%PDF")


def test_period_is_taken_from_the_address(html_client) -> None:
    page = html_client.get("/report?from=2026-10-01&to=2026-10-31").text
    view, _ = _links(page)
    assert "from=2026-10-01&to=2026-10-31" in view
    assert html_client.get("/report?from=2026-10-31&to=2026-10-01").status_code == 422
    assert html_client.get("/report?from=someday").status_code == 422


def test_a_future_end_is_refused_and_the_date_fields_stop_at_today(html_client) -> None:
    from datetime import timedelta

    today = html_client.app.state.ctx.today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    refused = html_client.get(f"/report?to={tomorrow}")
    assert refused.status_code == 422 and "or an earlier day" in refused.text
    api = html_client.get(f"/api/v1/report?to={tomorrow}&format=json")
    assert api.status_code == 422
    page = html_client.get("/report").text
    assert page.count(f'max="{today.isoformat()}"') == 2


def test_context_defaults_to_eight_weeks(ctx) -> None:
    context = build_report_context(ctx)
    assert context["end"] == ctx.today().isoformat()
    assert context["pdf_name"].endswith(".pdf")
