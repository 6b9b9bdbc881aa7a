"""A first run, as a person on a phone would do it: the check (with the leg-and-foot map), the
plan, a session with a shortened timer, a check-in, insights and the report. Screenshots are
saved, and axe-core checks each page on the way."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

ANSWERS = {
    "rf_emergency": ["none"],
    "rf_urgent": ["none"],
    "rf_clot_risk": ["none"],
    "complaints": ["restless", "heel"],
    "ctx_numb_skin": ["yes"],
    "heel_risks": ["none"],
}
YES = ("rls_urge", "rls_rest", "rls_relief", "rls_evening", "heel_first_steps")


def _check_page(phone, name: str) -> None:
    phone.screenshot(name)
    assert phone.axe_violations() == [], name


def _answer_question(phone, qid: str) -> None:
    page = phone.page
    if qid == "ctx_numb_areas":
        _use_the_leg_map(phone)
    elif qid in ANSWERS:
        for value in ANSWERS[qid]:
            if not page.locator(f"#a-{value}").is_checked():
                page.click(f'label[for="a-{value}"]')
    elif qid in YES:
        page.click('label[for="a-yes"]')
    elif page.locator('input[type="number"]').count():
        page.fill('input[type="number"]', "4")
    elif page.locator('label[for="a-5"]').count():
        page.click('label[for="a-5"]')
    elif page.locator('label[for="a-no"]').count():
        page.click('label[for="a-no"]')
    elif page.locator('label[for="a-none"]').count():
        page.click('label[for="a-none"]')
    else:
        page.locator(".choices label").first.click()
    with page.expect_navigation():
        page.click("button:text-is('Next')")


def _use_the_leg_map(phone) -> None:
    page = phone.page
    assert page.locator(".region-fallback").is_hidden()  # the map replaces the list
    _check_page(phone, "check-leg-map")
    calf = page.locator('.region[data-value="right_calf"]')
    calf.click()
    assert calf.get_attribute("aria-checked") == "true"
    foot = page.locator('.region[data-value="left_foot"]')
    foot.focus()
    page.keyboard.press("Space")
    assert foot.get_attribute("aria-checked") == "true"
    assert page.locator("#a-left_foot").is_checked() and page.locator("#a-right_calf").is_checked()


def _run_the_check(phone) -> None:
    page = phone.page
    phone.goto("/")
    _check_page(phone, "01-today-first-run")
    with page.expect_navigation():
        page.click("text=Start the check")
    seen: list[str] = []
    went_back = False
    for _ in range(80):
        if "/check/result/" in page.url:
            break
        qid = page.locator('input[name="question_id"]').get_attribute("value")
        if not seen:
            _check_page(phone, "02-check-first-question")
        seen.append(qid)
        if len(seen) == 3 and not went_back:  # go back once: the answer is shown again
            with page.expect_navigation():
                page.click("button:text-is('Back')")
            assert page.locator('input[name="question_id"]').get_attribute("value") == seen[1]
            assert page.locator("#a-none").is_checked()
            seen, went_back = seen[:1], True
            continue
        _answer_question(phone, qid)
    assert "/check/result/" in page.url
    assert "ctx_numb_areas" in seen
    main = page.locator("main").inner_text()
    assert main.index("Your check result") < main.index("Patterns")
    assert "you have" not in main.lower()
    _check_page(phone, "03-check-result")


def _look_at_the_plan(phone) -> None:
    page = phone.page
    with page.expect_navigation():
        page.click("text=See your plan")
    assert page.locator("h1").inner_text() == "Your plan"
    assert page.locator(".today-row").count() == 1
    page.locator("details summary").first.click()
    _check_page(phone, "04-plan")
    with page.expect_download() as download:
        page.click("text=Add to your calendar")
    assert download.value.suggested_filename.endswith(".ics")


def _play_a_session(phone) -> None:
    page = phone.page
    phone.goto("/session?fast=3")
    _check_page(phone, "05-session-start")
    with page.expect_navigation():
        page.locator("main form button.wide").click()
    assert page.url.endswith("/session/play")
    assert page.locator("#controls").is_hidden() and page.locator("#finish").is_hidden()
    page.click("#begin")
    assert page.locator("#controls").is_visible() and page.locator("#begin").is_hidden()
    page.wait_for_function("() => document.getElementById('phase').textContent === 'Now'")
    _check_page(phone, "06-session-running")
    page.click("#pause")
    assert page.locator("#phase").inner_text() == "Paused"
    page.click("#extend")  # +30 s on the paused step: the countdown stands still meanwhile
    left = page.locator("#countdown").inner_text()
    assert re.fullmatch(r"0:3[0-3]", left), left
    page.click("#pause")  # resume
    assert page.locator("#phase").inner_text() == "Now"
    steps = int(page.locator("#step-count").inner_text().split(" of ")[1])
    for _ in range(steps):
        if page.locator("#finish").is_visible():
            break
        page.click("#skip")
    page.wait_for_selector("#finish", state="visible")
    assert page.locator("#phase").inner_text() == "Session ended"  # every step was skipped
    beeps = int(page.evaluate("() => document.body.dataset.beeps || '0'"))
    assert beeps >= steps  # a sound at every change
    assert page.evaluate("() => document.body.dataset.wakeLock") in ("on", "off", "unavailable")
    if page.locator("#tender-calf").count():
        page.select_option("#tender-calf", "3")
    page.fill("#session-note", "Felt calmer")
    with page.expect_navigation():
        page.click("text=Save the session")
    assert re.search(r"/session/\d+$", page.url)
    assert "Logged:" in page.locator("main").inner_text()
    _check_page(phone, "07-session-logged")


def _check_in(phone) -> None:
    page = phone.page
    phone.goto("/checkin?kind=evening")
    page.click('label[for="rls-6"]')
    page.click('label[for="leg_pain-3"]')
    page.click('label[for="t-caffeine"]')
    _check_page(phone, "08-checkin-evening")
    with page.expect_navigation():
        page.click("button:text-is('Save')")
    assert "Saved." in page.locator("main").inner_text()
    phone.goto("/")
    assert "Evening: done" in page.locator("main").inner_text()
    _check_page(phone, "09-today-after")


def _insights_and_report(phone) -> None:
    page = phone.page
    phone.goto("/insights")
    assert page.locator("h1").count() == 1
    _check_page(phone, "10-insights")
    phone.goto("/report")
    assert page.locator("h1").count() == 1
    _check_page(phone, "11-report")
    with page.expect_download() as download:
        page.click("text=Download the PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    with page.expect_navigation():
        page.click("text=View the report")
    assert "/api/v1/report" in page.url
    phone.screenshot("12-report-view")
    assert "ferritin" in page.locator("body").inner_text().lower()


def test_first_run_through_every_flow(phone) -> None:
    _run_the_check(phone)
    _look_at_the_plan(phone)
    _play_a_session(phone)
    _check_in(phone)
    _insights_and_report(phone)
    assert phone.console_errors == []
