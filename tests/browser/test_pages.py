"""Each page in Chromium at 360 px: it renders, axe-core finds nothing serious, nothing loads from
outside, the keyboard reaches the main content, and it works offline once loaded."""

from __future__ import annotations

import pytest

from legcare.web.contexts import NAV

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PATHS = [item.path for item in NAV] + ["/offline"]


def _name(path: str) -> str:
    return "page-" + (path.strip("/").replace("/", "-") or "today")


@pytest.mark.parametrize("path", PATHS)
def test_page_is_accessible_at_phone_size(phone, path: str) -> None:
    response = phone.goto(path)
    assert response.status == 200
    assert phone.page.locator("h1").count() == 1
    phone.screenshot(_name(path))
    assert phone.axe_violations() == []
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways ({width}px)"
    assert phone.console_errors == []


def test_keyboard_skip_link_reaches_the_main_content(phone) -> None:
    phone.goto("/")
    phone.page.keyboard.press("Tab")
    focused = phone.page.evaluate("() => document.activeElement.textContent")
    assert focused == "Skip to content"
    phone.page.keyboard.press("Enter")
    assert phone.page.evaluate("() => document.activeElement.id") == "main"


def test_works_offline_once_loaded(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        page.reload()  # now controlled by the worker, which saves the page
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        page.reload()
        assert page.locator("h1").inner_text() == "Today"
        page.goto(live_server.url + "/never-opened-before")
        assert page.locator("h1").inner_text() == "You are offline"
    finally:
        context.close()
