"""The experiments page in Chromium on a 390 px phone: the pairs estimate on the start form,
the daily ratings chart readable (text at 12 px or more), and the table of other things that
changed within the width or in its own keyboard-reachable scroll area."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.test_charts_on_a_phone import MIN_RENDERED_FONT, PHONE_390

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_experiments_page_on_a_390_px_phone(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE_390, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(20_000)
    url = live_server.url
    try:
        today = date.today()
        for i in range(0, 15):  # two weeks before today, and today with a factor
            day = (today - timedelta(days=i)).isoformat()
            body = {"kind": "evening", "day": day, "replace": True,
                    "values": {"rls": 3 + i % 5, "long_sitting": i % 2 == 0}}  # fmt: skip
            response = page.request.post(f"{url}/api/v1/checkins", data=body)
            assert response.status in (200, 201), response.text()
        page.goto(f"{url}/experiments")
        page.get_by_text("How many pairs you may need").click()
        assert page.get_by_text("14 ratings").is_visible()
        body = {"arms": ["orthotics", "none"], "outcome": "rls", "pairs": 2}
        started = page.request.post(f"{url}/api/v1/experiments", data=body)
        assert started.status == 201, started.text()
        page.goto(f"{url}/experiments")
        charts = page.evaluate(MIN_RENDERED_FONT)
        assert charts, "the daily ratings chart is shown from day one"
        for chart in charts:
            rendered = chart["smallest"] * chart["shown"] / chart["width"]
            assert rendered >= 12.0, chart
            assert chart["shown"] <= PHONE_390["width"], chart
            assert chart["caption"] and chart["caption"] not in chart["alt"]
        page.get_by_text("Other things that changed").click()
        region = page.get_by_role("region", name="Other recorded factors by arm")
        assert region.is_visible()
        box = region.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE_390["width"]
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE_390["width"], f"the page scrolls sideways ({width}px)"
    finally:
        page.request.post(f"{url}/api/v1/experiments/stop", data={"reason": "test"})
        context.close()
