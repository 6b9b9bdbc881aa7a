"""The forms work from the keyboard alone, and without JavaScript (server-rendered POSTs)."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(120),
]


def _tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_evening_check_in_with_the_keyboard_only(phone) -> None:
    page = phone.page
    phone.goto("/checkin?kind=evening")
    _tab_to(page, "rls-0")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.locator("#rls-4").is_checked()
    _tab_to(page, "t-alcohol")
    page.keyboard.press("Space")
    assert page.locator("#t-alcohol").is_checked()
    focus_ring = page.evaluate(
        "() => getComputedStyle(document.querySelector('label[for=t-alcohol]')).outlineStyle"
    )
    assert focus_ring != "none"  # the label shows where the keyboard is
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form from the focused control
    assert "Saved." in page.locator("main").inner_text()


def test_check_in_and_check_without_javascript(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/checkin?kind=morning")
        page.click('label[for="sleep_quality-7"]')
        page.click('label[for="first_step_heel_pain-3"]')
        with page.expect_navigation():
            page.click("button:text-is('Save')")
        assert "Saved." in page.locator("main").inner_text()
        page.goto(live_server.url + "/check")
        assert page.locator("h1").count() == 1
        page.click('label[for="a-none"]')
        with page.expect_navigation():
            page.click("button:text-is('Next')")
        assert page.locator('input[name="question_id"]').get_attribute("value") != "rf_emergency"
    finally:
        context.close()
