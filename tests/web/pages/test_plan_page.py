"""Plan: the week, steps with why, checklists, calendar download; an emergency gives no plan."""

from __future__ import annotations

import re

from legcare.web.contexts import build_plan_context
from tests.web.pages.conftest import RLS_AND_HEEL, complete_check, csrf_from
from tests.web.pages.htmlcheck import PAGE_BUDGET_BYTES, parse


def test_without_a_check_the_plan_says_to_take_it(html_client) -> None:
    html = html_client.get("/plan").text
    assert "There is no check yet" in html
    assert 'href="/check"' in html
    assert parse(html).h1_count == 1


def test_plan_after_a_check_shows_the_week_steps_and_why(html_client) -> None:
    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    html = html_client.get("/plan").text
    assert html.count("<tr") == 8  # header + seven days
    assert 'class="today-row"' in html
    assert "Evening leg massage" in html and "Morning first steps" in html
    assert "Why: for restless legs" in html
    assert re.search(r'class="tag grade-\w+">Evidence: ', html)
    assert "Sources: " in html
    assert "Footwear and orthotics" in html  # a checklist
    assert "below the dose" not in html
    assets = sum(len(html_client.get(u).content) for u in ("/static/style.css", "/static/app.js"))
    assert len(html.encode()) + assets < PAGE_BUDGET_BYTES


def test_calendar_download_is_an_icalendar_file(html_client) -> None:
    from icalendar import Calendar

    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    response = html_client.get("/plan/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert events and all(e.walk("VALARM") for e in events)


def test_local_plan_page_offers_the_calendar_feed(html_client) -> None:
    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    html = html_client.get("/plan").text
    link = re.search(r'href="(webcal://[^"]+)" class="feed-link"', html)
    assert link and link.group(1) == "webcal://testserver/calendar/feed.ics"
    assert 'action="/plan/feed"' not in html  # local mode: nothing secret to make
    feed = html_client.get("/calendar/feed.ics")
    assert feed.status_code == 200 and "BEGIN:VALARM" in feed.text


def test_server_plan_page_makes_and_replaces_the_secret_feed(sqlite_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.server_helpers import Browser, add_user, server_app

    app = server_app(sqlite_url, tmp_path)
    add_user(app, "ann")
    browser = Browser(app)
    browser.login("ann")
    browser.client.headers["accept"] = "text/html"
    html = browser.get("/plan").text
    assert "feed-link" not in html and "Make my feed address" in html  # none until asked
    made = browser.client.post("/plan/feed", data={"csrf_token": csrf_from(html)})
    assert made.status_code in (200, 303)
    html = browser.get("/plan").text
    first = re.search(r'href="webcal://testserver(/calendar/[^"]+\.ics)"', html)
    assert first and "Share it with no one" in html
    browser.client.post("/plan/feed", data={"csrf_token": csrf_from(html)})
    second = re.search(
        r'href="webcal://testserver(/calendar/[^"]+\.ics)"', browser.get("/plan").text
    )
    assert second and second.group(1) != first.group(1)
    anonymous = browser.client.__class__(app)
    assert anonymous.get(first.group(1)).status_code == 404
    assert anonymous.get(second.group(1)).status_code == 200
    browser.close()
    app.state.ctx.store.dispose()


def test_an_emergency_check_gives_no_plan_only_what_to_do(html_client) -> None:
    complete_check(html_client.app.state.ctx, {"rf_emergency": ["breathless_chest"]})
    response = html_client.get("/plan")
    assert response.status_code == 200
    html = response.text
    assert "No self-care plan now" in html and 'role="alert"' in html
    assert "Sessions" not in html and ".ics" not in html


def test_review_decision_must_be_accept_or_decline(html_client) -> None:
    token = csrf_from(html_client.get("/checkin").text)
    response = html_client.post("/plan/review/1", data={"csrf_token": token, "decision": "maybe"})
    assert response.status_code == 422


def test_context_maps_source_ids_to_titles(ctx) -> None:
    complete_check(ctx, RLS_AND_HEEL)
    context = build_plan_context(ctx)
    assert context["stopped"] is None
    step = context["sessions"][0]["steps"][0]
    assert len(step["why"]["source_titles"]) == len(step["why"]["sources"])
    pairs = zip(step["why"]["source_titles"], step["why"]["sources"], strict=True)
    assert any(title != source_id for title, source_id in pairs)


def test_each_plan_step_shows_its_figure(html_client) -> None:
    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    html = html_client.get("/plan").text
    figures = re.findall(r'<figure class="illustration small" data-figure="([a-z_]+\.svg)">', html)
    assert len(figures) >= 4
    assert "wall_calf_stretch.svg" in figures or "wall_soleus_stretch.svg" in figures
    assert re.search(r'<img src="/static/figures/[a-z_]+\.svg" alt="[^"]{40,}"', html)


def test_plan_leads_with_today_and_puts_the_reasoning_behind_a_tap(html_client) -> None:
    from legcare.services import plans

    ctx = html_client.app.state.ctx
    complete_check(ctx, RLS_AND_HEEL)
    plans.save_profile(ctx=ctx, data={"minutes_per_day": 15})
    html = html_client.get("/plan").text
    today = html.index('id="tonight-h"')
    assert today < html.index('id="week-h"') < html.index("<h2>Sessions</h2>")
    levels = re.findall(r'<div class="banner triage-(\w+)"', html[:today])
    assert len(levels) <= 1  # only the triage line, never a dose or info banner
    assert set(levels) <= {"urgent", "see_clinician_soon", "mention_next_visit"}
    reasoning = html[html.index('<details class="card reasoning"') :]
    assert "For comparison, the one case report used 45 minutes" in reasoning
    assert "For comparison" not in html[: html.index('<details class="card reasoning"')]


def test_unticked_days_get_no_session_on_the_page(html_client) -> None:
    from legcare.services import plans

    ctx = html_client.app.state.ctx
    complete_check(ctx, RLS_AND_HEEL)
    plans.save_profile(ctx=ctx, data={"days": ["mon", "wed", "fri"]})
    view = build_plan_context(ctx)
    for day in view["week"]:
        if day["weekday"] in ("tue", "thu", "sat", "sun"):
            assert day["sessions"] == [] and not day["chosen"], day
    html = html_client.get("/plan").text
    assert html.count("Not one of your days") == 4


def test_start_this_session_opens_that_very_session(html_client) -> None:
    """Each Start button is a form that starts its own session: the player opens on it."""
    from legcare.services import sessions

    ctx = html_client.app.state.ctx
    complete_check(ctx, RLS_AND_HEEL)
    html = html_client.get("/plan").text
    ids = re.findall(
        r'<form method="post" action="/session/start" class="start-session">\s*'
        r'<input type="hidden" name="csrf_token" value="[^"]+">\s*'
        r'<input type="hidden" name="session_id" value="([^"]+)">',
        html,
    )
    view = build_plan_context(ctx)
    assert set(ids) == {s["id"] for s in view["sessions"]}
    for session_id in dict.fromkeys(ids):
        played = html_client.post(
            "/session/start",
            data={"csrf_token": csrf_from(html), "session_id": session_id},
            follow_redirects=True,
        )
        assert played.status_code == 200 and str(played.url).endswith("/session/play")
        run = sessions.start_session(ctx=ctx, resume=True)
        assert run["session"]["id"] == session_id


def test_every_source_on_the_plan_is_named_by_its_title(html_client) -> None:
    """Checklists cite sources no step cites: each still shows a title, never a raw id."""
    from legcare.services import knowledge

    ctx = html_client.app.state.ctx
    complete_check(ctx, RLS_AND_HEEL)
    view = build_plan_context(ctx)
    whys = [st["why"] for s in view["sessions"] for st in s["steps"]]
    whys += [c["why"] for c in view["checklists"]]
    titles = set(knowledge.source_titles(ctx=ctx).values())
    shown = [t for w in whys for t in w["source_titles"]]
    assert shown and set(shown) <= titles
