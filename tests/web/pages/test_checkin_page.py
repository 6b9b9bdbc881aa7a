"""The check-in page: a few taps and a save, without JavaScript; errors keep what was typed."""

from __future__ import annotations

from datetime import date, timedelta

from legcare.web.contexts import build_checkin_context, default_checkin_kind
from tests.web.pages.conftest import csrf_from


def _post(client, **fields):
    token = csrf_from(client.get("/checkin?kind=evening").text)
    return client.post("/checkin", data={"csrf_token": token, **fields}, follow_redirects=False)


def _stored(client, kind: str, day: date):
    from legcare.services import diary

    return diary.find_checkin(ctx=client.app.state.ctx, kind=kind, day=day)


def test_evening_in_three_taps_and_a_save(html_client) -> None:
    today = html_client.app.state.ctx.today()
    response = _post(
        html_client, kind="evening", day=today.isoformat(), rls="6", leg_pain="3", caffeine="yes"
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("saved=1")
    entry = _stored(html_client, "evening", today)
    assert entry.values["rls"] == 6 and entry.values["leg_pain"] == 3
    assert entry.values["caffeine"] is True and entry.values["alcohol"] is False
    page = html_client.get(response.headers["location"]).text
    assert "Saved." in page
    assert 'id="rls-6" name="rls" value="6" checked' in page
    assert 'name="replace" value="1"' in page


def test_morning_check_in_saves_its_scales(html_client) -> None:
    today = html_client.app.state.ctx.today()
    response = _post(
        html_client,
        kind="morning",
        day=today.isoformat(),
        sleep_quality="4",
        first_step_heel_pain="7",
        hours_slept="6.5",
    )
    assert response.status_code == 303
    entry = _stored(html_client, "morning", today)
    assert entry.values["sleep_quality"] == 4
    assert entry.values["first_step_heel_pain"] == 7
    assert entry.values["hours_slept"] == 6.5


def test_missing_required_rating_is_422_with_the_reason_and_nothing_saved(html_client) -> None:
    today = html_client.app.state.ctx.today()
    response = _post(html_client, kind="evening", day=today.isoformat(), alcohol="yes")
    assert response.status_code == 422
    assert (
        "Not saved" in response.text
        and "Restless-legs symptoms tonight: is required" in response.text
    )
    assert "rls:" not in response.text
    assert 'id="t-alcohol" name="alcohol" value="yes" checked' in response.text
    assert _stored(html_client, "evening", today) is None


def test_out_of_range_value_is_refused(html_client) -> None:
    today = html_client.app.state.ctx.today()
    response = _post(html_client, kind="morning", day=today.isoformat(), times_woken_by_legs="99")
    assert response.status_code == 422
    errors = response.text.split('role="alert"')[1].split("</div>")[0]
    assert "Times woken by the legs: " in errors and "times_woken_by_legs" not in errors


def test_saving_again_replaces_the_entry(html_client) -> None:
    day = html_client.app.state.ctx.today().isoformat()
    assert _post(html_client, kind="evening", day=day, rls="6").status_code == 303
    again = _post(html_client, kind="evening", day=day, rls="2", replace="1")
    assert again.status_code == 303
    assert _stored(html_client, "evening", date.fromisoformat(day)).values["rls"] == 2


def test_back_fill_an_earlier_day_and_refuse_the_future(html_client) -> None:
    today = html_client.app.state.ctx.today()
    earlier = today - timedelta(days=3)
    page = html_client.get(f"/checkin?kind=evening&day={earlier.isoformat()}")
    assert earlier.isoformat() in page.text
    assert _post(html_client, kind="evening", day=earlier.isoformat(), rls="1").status_code == 303
    future = (today + timedelta(days=1)).isoformat()
    assert _post(html_client, kind="evening", day=future, rls="1").status_code == 422


def test_bad_kind_or_day_in_the_address_is_422(html_client) -> None:
    assert html_client.get("/checkin?kind=noon").status_code == 422
    assert html_client.get("/checkin?day=yesterday").status_code == 422


def test_context_groups_fields_into_scales_toggles_and_details(ctx) -> None:
    context = build_checkin_context(ctx, kind="evening", day=ctx.today())
    assert [s["name"] for s in context["scales"]] == ["rls", "leg_pain"]
    assert {"caffeine", "alcohol", "iron_supplement"} <= {t["name"] for t in context["toggles"]}
    assert "note" in {d["name"] for d in context["details"]}
    assert context["scales"][0]["low"] == "none" and context["scales"][0]["high"] == "worst"
    morning = build_checkin_context(ctx, kind="morning", day=ctx.today())
    sleep = next(s for s in morning["scales"] if s["name"] == "sleep_quality")
    assert (sleep["low"], sleep["high"]) == ("worst", "best")


def test_default_kind_follows_the_clock(ctx) -> None:
    assert default_checkin_kind(ctx.now()) == "evening"  # FIXED_NOW is 20:30
    assert default_checkin_kind(ctx.now().replace(hour=7)) == "morning"


def test_evening_form_has_a_labelled_field_per_active_factor_and_saves_them(html_client) -> None:
    from legcare.services import factors
    from tests.web.pages.htmlcheck import parse, unlabelled_controls

    ctx = html_client.app.state.ctx
    factors.add_factor(ctx=ctx, name="stress", kind="scale_0_10")
    factors.add_factor(ctx=ctx, name="long drive", kind="yes_no")
    old = factors.add_factor(ctx=ctx, name="old shoes", kind="yes_no")
    factors.archive_factor(ctx=ctx, factor_id=old.id)
    page = html_client.get("/checkin?kind=evening").text
    assert unlabelled_controls(parse(page)) == []
    assert "<legend>Your own factors</legend>" in page
    assert '<label for="factor-1">long drive</label>' in page
    assert "<legend>stress (0 to 10)</legend>" in page and 'id="factor-2-6"' in page
    assert "old shoes" not in page
    today = ctx.today().isoformat()
    token = csrf_from(page)
    response = html_client.post(
        "/checkin",
        data={
            "csrf_token": token,
            "kind": "evening",
            "day": today,
            "rls": "4",
            "factor-1-name": "long drive",
            "factor-1-kind": "yes_no",
            "factor-2-name": "stress",
            "factor-2-kind": "scale_0_10",
            "factor-2": "7",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _stored(html_client, "evening", ctx.today()).factors == {"long drive": 0, "stress": 7}
    again = html_client.get(response.headers["location"]).text
    assert 'id="factor-2-7" name="factor-2" value="7" checked' in again


def test_a_bad_factor_value_names_the_factor_and_saves_nothing(html_client) -> None:
    from legcare.services import factors

    ctx = html_client.app.state.ctx
    factors.add_factor(ctx=ctx, name="stress", kind="scale_0_10")
    response = _post(
        html_client,
        kind="evening",
        day=ctx.today().isoformat(),
        rls="3",
        **{"factor-1-name": "stress", "factor-1-kind": "scale_0_10", "factor-1": "12"},
    )
    assert response.status_code == 422
    assert "stress: 12; allowed: a whole number from 0 to 10" in response.text
    assert _stored(html_client, "evening", ctx.today()) is None


def test_the_morning_form_has_no_own_factors(html_client) -> None:
    from legcare.services import factors

    factors.add_factor(ctx=html_client.app.state.ctx, name="stress", kind="scale_0_10")
    assert "Your own factors" not in html_client.get("/checkin?kind=morning").text


def test_a_future_day_is_refused_before_the_form_is_shown(html_client) -> None:
    from datetime import date, timedelta

    ahead = (date.today() + timedelta(days=30)).isoformat()
    response = html_client.get(f"/checkin?day={ahead}")
    assert response.status_code == 422
    assert "is in the future" in response.text and "today or an earlier date" in response.text
