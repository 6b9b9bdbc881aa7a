"""The navigation in Chromium: a bottom bar with the four daily places and "More" on a phone,
every place in one row on a wide screen; the keyboard reaches each link."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _visible_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [link.inner_text() for link in page.locator("nav.nav a").all() if link.is_visible()]


def test_phone_shows_a_bottom_bar_with_more(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        labels = _visible_labels(page)
        assert labels[-1] == "More"
        assert set(labels[:-1]) == {"Today", "Plan", "Session", "Check-in"}
        box = page.locator("nav.nav").bounding_box()
        assert box is not None and box["y"] + box["height"] == pytest.approx(844, abs=1)
        page.get_by_role("link", name="More").click()
        page.wait_for_url("**/more")
        assert page.locator("h1").inner_text() == "More"
        more = page.get_by_role("navigation", name="More places")
        assert more.get_by_role("link", name="Settings").is_visible()
        assert more.get_by_role("link", name="Insights").is_visible()
        current = page.locator('nav.nav a[aria-current="page"]')
        assert current.inner_text() == "More"
    finally:
        context.close()


def test_wide_screen_shows_every_place_and_no_more(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 800}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        labels = _visible_labels(page)
        assert "More" not in labels
        assert {"Today", "Plan", "Settings", "Your data"} <= set(labels)
        page.locator("nav.nav a").first.focus()
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
    finally:
        context.close()
