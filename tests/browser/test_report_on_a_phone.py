"""The clinician report in Chromium on a 390 px phone: no sideways scrolling, the medicine table
turns into labelled lines, and every chart's text renders at 12 px or more (the report is
rendered in-process and loaded as the page's content)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from legcare.services.views.report import render_report_html
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import log_days, seed_tracking

PHONE_390 = {"width": 390, "height": 844}
TODAY = FIXED_NOW.date()

WEEKLY_CHART = """
() => {
  const svg = document.querySelector('figure.chart-weekly svg');
  const width = parseFloat(svg.getAttribute('viewBox').split(' ')[2]);
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  const cell = document.querySelector('table.medicines td');
  return {shown: svg.getBoundingClientRect().width, width, smallest: Math.min(...sizes),
          page: document.documentElement.scrollWidth,
          cellDisplay: getComputedStyle(cell).display,
          label: getComputedStyle(cell, '::before').content,
          bodyFont: parseFloat(getComputedStyle(document.querySelector('#facts li')).fontSize)};
}
"""

# An SVG is drawn at the smaller of its box's width and height scales (it keeps its aspect
# ratio), so a capped height shrinks the text even when the box keeps the full width.
EVERY_CHART = """
() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(parseFloat);
  const box = svg.getBoundingClientRect();
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return {chart: svg.closest('figure').className, scale: Math.min(box.width / width,
          box.height / height), smallest: Math.min(...sizes)};
})
"""


def _measured_on_a_phone(browser: Any, html: str, script: str) -> Any:
    """What ``script`` finds in ``html`` loaded in Chromium at 390 px."""
    context = browser.new_context(viewport=PHONE_390)
    try:
        page = context.new_page()
        page.set_content(html)
        return page.evaluate(script)
    finally:
        context.close()


def test_the_summary_reads_on_a_390_px_phone(browser: Any, ctx: Any) -> None:
    from legcare.services import weekly_scores
    from legcare.services.screening import run_check
    from tests.services.views.test_report_tracking import ANSWERS

    log_days(ctx, TODAY, 7)
    run_check(ctx=ctx, answers=ANSWERS)
    seed_tracking(ctx, end=TODAY)
    for weeks in range(1, 5):
        answers = {"frequency": weeks, "intensity": 5, "sleep": 4, "daytime_impact": 3}
        day = TODAY - timedelta(weeks=weeks)
        weekly_scores.save_week(ctx=ctx, kind="rls", answers=answers, day=day)
    html = render_report_html(ctx=ctx, start=TODAY - timedelta(days=55), end=TODAY)
    found = _measured_on_a_phone(browser, html, WEEKLY_CHART)
    assert found["page"] <= PHONE_390["width"], found  # no sideways scrolling
    assert found["smallest"] * found["shown"] / found["width"] >= 12.0, found
    assert found["cellDisplay"] == "block" and "Name" in found["label"], found
    assert found["bodyFont"] >= 12.0, found


def test_every_chart_of_a_full_report_reads_on_a_390_px_phone(browser: Any, ctx: Any) -> None:
    from tests.interop.sample_data import seed_everything

    seed_everything(ctx, end=TODAY, days=28)  # check-ins, plans, sessions, an experiment
    html = render_report_html(ctx=ctx, start=TODAY - timedelta(days=27), end=TODAY)
    charts = _measured_on_a_phone(browser, html, EVERY_CHART)
    kinds = {c["chart"].removeprefix("chart chart-") for c in charts}
    assert {"symptoms", "adherence", "experiment"} <= kinds, kinds
    for chart in charts:  # on paper they may be smaller; on a screen none shrinks below 12 px
        assert chart["smallest"] * chart["scale"] >= 12.0, chart
