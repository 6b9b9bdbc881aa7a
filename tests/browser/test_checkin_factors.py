"""The evening check-in with the person's own factors, in Chromium on a 390 px phone."""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.browser.test_charts_on_a_phone import MIN_RENDERED_FONT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _add_factor(base_url: str, name: str, kind: str) -> None:
    request = urllib.request.Request(
        base_url + "/api/v1/factors",
        data=json.dumps({"name": name, "kind": kind}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def test_evening_check_in_with_own_factors_on_a_phone(browser, live_server, axe_source) -> None:
    from tests.browser.conftest import Phone

    _add_factor(live_server.url, "stress", "scale_0_10")
    _add_factor(live_server.url, "long drive", "yes_no")
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    phone = Phone(page, live_server.url, axe_source)
    try:
        phone.goto("/checkin?kind=evening")
        assert page.get_by_role("group", name="Your own factors").is_visible()
        assert page.get_by_role("checkbox", name="long drive").count() == 1
        assert page.get_by_role("radio", name="6").count() >= 2  # rls and stress scales
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390, f"the page is {wide} px wide on a 390 px phone"
        assert phone.axe_violations() == []
        page.click('label[for="rls-4"]')
        page.click('label[for="factor-1"]')  # long drive (names sort: long drive, stress)
        page.click('label[for="factor-2-6"]')
        with page.expect_navigation():
            page.click("button:text-is('Save')")
        assert "Saved." in page.locator("main").inner_text()
        assert page.locator("#factor-1").is_checked() and page.locator("#factor-2-6").is_checked()
        with urllib.request.urlopen(live_server.url + "/api/v1/checkins", timeout=10) as r:
            [entry] = json.loads(r.read())["checkins"]
        assert entry["factors"] == {"long drive": 1, "stress": 6}
        assert phone.outside == [] and phone.console_errors == []
    finally:
        context.close()


def _post(base_url: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        base_url + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("path", ["/medicines", "/factors", "/weekly", "/health-import"])
def test_tracking_pages_with_records_are_accessible_on_a_phone(phone, live_server, path) -> None:
    base = live_server.url
    if path == "/medicines":
        _post(base, "/api/v1/medicines", {"name": "diphenhydramine", "as_needed": True})
    elif path == "/factors":
        made = _post(base, "/api/v1/factors", {"name": "new shoes", "kind": "yes_no"})
        _post(base, f"/api/v1/factors/{made['id']}/archive", {"archived": True})
    elif path == "/weekly":
        with urllib.request.urlopen(base + "/api/v1/weekly/questions", timeout=10) as r:
            items = [i["id"] for i in json.loads(r.read())["items"]]
        _post(base, "/api/v1/weekly", {"kind": "rls", "answers": dict.fromkeys(items, 6)})
    phone.goto(path)
    assert phone.page.locator("h1").count() == 1
    phone.screenshot("tracking" + path.replace("/", "-"))
    assert phone.axe_violations() == []
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways ({width}px)"
    assert phone.console_errors == []
    if path == "/weekly":
        # the chart is the report's weekly chart as an image: the browser's own SVG parser
        # reads its source, and its rendered width gives the scale of its text
        (chart,) = phone.page.evaluate(MIN_RENDERED_FONT)
        assert chart["shown"] <= 360, chart
        assert chart["smallest"] * chart["shown"] / chart["width"] >= 12.0, chart
        assert "week of" in chart["alt"] and chart["caption"] not in chart["alt"]


def test_insights_with_own_factors_and_a_medicine_fit_a_phone(phone, live_server) -> None:
    from datetime import date, timedelta

    base = live_server.url
    _post(base, "/api/v1/factors", {"name": "work deadline", "kind": "scale_0_10"})
    start = (date.today() - timedelta(days=20)).isoformat()
    _post(base, "/api/v1/medicines", {"name": "mirtazapine", "started": start})
    for i in range(28):
        day = (date.today() - timedelta(days=i)).isoformat()
        stressed = i % 3 == 0
        body = {
            "kind": "evening",
            "day": day,
            "values": {"rls": 8 if stressed else 3, "alcohol": i % 2 == 0},
            "factors": {"work deadline": 7 if stressed else 2},
            "replace": True,
        }
        _post(base, "/api/v1/checkins", body)
    phone.goto("/insights")
    text = phone.page.locator("main").inner_text()
    assert "We looked at" in text and "work deadline at 5 or more (of 10)" in text
    first = phone.page.locator("main ol li").first.inner_text()
    assert first.startswith("Nights with work deadline at 5 or more")  # the clearest first
    phone.screenshot("tracking-insights")
    assert phone.axe_violations() == []
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"/insights scrolls sideways ({width}px)"
