"""Settings: the profile form saves, refuses bad values with reasons, and changes the plan."""

from __future__ import annotations

from tests.web.pages.conftest import csrf_from


def _save(client, **fields):
    token = csrf_from(client.get("/settings").text)
    return client.post("/settings", data={"csrf_token": token, **fields}, follow_redirects=False)


GOOD = {
    "tools": ["foam_roller", "tennis_ball"],
    "minutes_per_day": "30",
    "bedtime": "23:00",
    "days": ["mon", "wed", "fri"],
    "pressure": "light",
    "side": "left",
}


def test_profile_saves_and_shows_again(html_client) -> None:
    from legcare.services import plans

    response = _save(html_client, **GOOD)
    assert response.status_code == 303
    profile = plans.get_profile(ctx=html_client.app.state.ctx)["profile"]
    assert profile["tools"] == ["hands", "foam_roller", "tennis_ball"]
    assert profile["minutes_per_day"] == 30 and profile["bedtime"] == "23:00"
    assert profile["days"] == ["mon", "wed", "fri"] and profile["side"] == "left"
    html = html_client.get(response.headers["location"]).text
    assert "Saved." in html
    assert 'id="tool-foam_roller" name="tools" value="foam_roller" checked' in html
    assert 'id="day-tue" name="days" value="tue">' in html  # not checked


def test_bad_values_are_422_with_reasons_and_nothing_saved(html_client) -> None:
    from legcare.services import plans

    response = _save(html_client, **{**GOOD, "minutes_per_day": "500", "days": []})
    assert response.status_code == 422
    assert "Minutes a day: 500 is outside" in response.text
    assert "minutes_per_day:" not in response.text
    assert "choose at least one day" in response.text
    assert plans.get_profile(ctx=html_client.app.state.ctx)["saved"] is False


def _save_plan(client) -> str:
    token = csrf_from(client.get("/plan").text)
    saved = client.post("/plan/save", data={"csrf_token": token}, follow_redirects=False)
    assert saved.status_code == 303
    return client.get(saved.headers["location"]).text


def test_a_changed_profile_makes_a_new_plan_version(html_client) -> None:
    assert "Not saved yet" in html_client.get("/plan").text  # a GET stores nothing
    assert "Version 1" in _save_plan(html_client)
    _save(html_client, **GOOD)
    assert "Not saved yet" in html_client.get("/plan").text
    assert "Version 2" in _save_plan(html_client)


def test_reminder_times_are_saved_from_the_settings_page(html_client) -> None:
    from tests.web.pages.conftest import csrf_from

    html = html_client.get("/settings").text
    assert 'id="reminder-evening_session"' in html and 'id="notify-on"' in html
    assert 'href="/plan#calendar"' in html
    data = {"csrf_token": csrf_from(html), "evening_session": "21:15", "evening_checkin": "",
            "morning_checkin": "07:00"}  # fmt: skip
    saved = html_client.post("/settings/reminders", data=data, follow_redirects=False)
    assert saved.status_code == 303
    page = html_client.get("/settings").text
    assert 'name="evening_session" value="21:15"' in page
    assert 'name="morning_checkin" value="07:00"' in page
    bad = html_client.post("/settings/reminders", data={**data, "evening_checkin": "late"})
    assert bad.status_code == 422
    assert "Evening check-in: &#39;late&#39; is not a time" in bad.text
    assert "evening_checkin" not in bad.text.split('class="errors"')[1].split("</div>")[0]
    api = html_client.get("/api/v1/reminders", headers={"accept": "application/json"}).json()
    assert api["times"]["evening_session"] == "21:15"
