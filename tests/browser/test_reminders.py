"""Reminders in Chromium: the times save from Settings, permission is asked only on a click,
and with permission granted a reminder is shown through the service worker."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

ASKED = """() => {
  window.__asked = 0;
  const original = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...args) => { window.__asked += 1; return original(...args); };
}"""


def test_reminder_times_save_and_permission_is_asked_only_on_a_click(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/settings")
        page.evaluate(ASKED)
        page.fill("#reminder-evening_session", "21:30")
        page.fill("#reminder-morning_checkin", "07:15")
        with page.expect_navigation():
            page.get_by_role("button", name="Save reminder times").click()
        assert page.input_value("#reminder-evening_session") == "21:30"
        assert page.input_value("#reminder-morning_checkin") == "07:15"
        page.evaluate(ASKED)
        page.wait_for_timeout(300)  # the page settles: nothing asks by itself
        assert page.evaluate("() => window.__asked") == 0
        page.get_by_role("button", name="Show reminders on this device").click()
        page.wait_for_function(
            "() => !['idle'].includes(document.getElementById('notify').dataset.state)"
        )
        assert page.evaluate("() => window.__asked") == 1
        state = page.evaluate("() => document.getElementById('notify').dataset.state")
        assert state in ("scheduled", "open-only"), page.inner_text("#notify-status")
        shown = page.evaluate("() => window.legcareReminders.showNow('morning_checkin')")
        assert shown is True
        titles = page.evaluate(
            """async () => {
              const reg = await navigator.serviceWorker.ready;
              const list = await reg.getNotifications();
              return list.map(n => [n.title, n.body, n.data && n.data.url]);
            }"""
        )
        assert ["Morning check-in", titles[0][1], "/checkin"] in [list(t) for t in titles]
    finally:
        context.close()


def test_without_permission_the_page_points_to_the_calendar(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/settings")
        page.evaluate("() => { Notification.requestPermission = () => Promise.resolve('denied'); }")
        page.get_by_role("button", name="Show reminders on this device").click()
        page.wait_for_function("() => document.getElementById('notify').dataset.state === 'denied'")
        assert "calendar" in page.inner_text("#notify-status")
        assert page.get_by_role("link", name="add your plan to a calendar").is_visible()
    finally:
        context.close()
