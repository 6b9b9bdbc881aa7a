"""The session player keeps what was done: stop and save for later, then resume."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(120),
]


def test_stop_for_later_then_resume_where_it_stopped(phone) -> None:
    page = phone.page
    phone.goto("/session?fast=5")
    with page.expect_navigation():
        page.locator("main form button.wide").click()
    page.click("#begin")
    page.wait_for_function("() => document.getElementById('phase').textContent === 'Now'")
    page.click("#skip")  # step 1 skipped: now getting ready for step 2
    assert page.locator("#step-count").inner_text().startswith("Step 2 of")
    page.click("#back")  # and back to step 1
    assert page.locator("#step-count").inner_text().startswith("Step 1 of")
    page.click("#skip")
    with page.expect_navigation():
        page.click("#quit")
    assert page.url.endswith("/session")
    assert "Carry on where you stopped?" in page.locator("main").inner_text()
    phone.screenshot("session-resume-offer")
    assert phone.axe_violations() == []
    with page.expect_navigation():
        page.click("button:text-is('Resume')")
    assert page.url.endswith("/session/play")
    assert page.locator("#step-count").inner_text().startswith("Step 2 of")
    page.click("#begin")
    assert page.locator("#phase").inner_text() == "Get ready"
