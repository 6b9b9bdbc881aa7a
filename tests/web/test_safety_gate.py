"""The gate, proved by construction: every route of the app, taken from the router (not a hand
list), under a possible-clot state, offers, starts, resumes or schedules no massage and no
stretching.

The world: a calm check and a plan with evening massage and daily stretches, an evening
massage session quit halfway, a massage experiment running; then a possible clot, either
answered in a check not yet finished or in a completed check. Then:

- every GET route (pages and API, path parameters filled in) is fetched and its body checked:
  no playable step (a step with instructions) of a blocked kind in JSON, no how-to of a blocked
  technique or exercise without ``not_for_you_now``, no experiment day on a blocked arm, no
  blocked step or session inside a form, and a page that names one carries the safety banner;
- every other route (POST, PUT, DELETE) must be listed below: either as a way to start or
  schedule something, tried here with a blocked choice and refused, or with the reason it starts
  nothing. A new route that is neither walked nor listed fails ``test_every_route_is_covered``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from legcare.domain.safety import (
    Activity,
    activity_of_arm,
    activity_of_step,
    activity_of_topic,
)
from legcare.domain.sessions import player
from legcare.domain.sessions.player import PlayerState
from legcare.services import experiments, plans, screening, sessions
from legcare.settings import Settings
from legcare.web.app import create_app
from legcare.web.contexts.experiments import EXPERIMENT_PRESETS
from tests.web.cross_user import routes, urls_for
from tests.web.pages.conftest import csrf_from

ANSWERS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "answers.json"
CLOT = {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
BLOCKED = {Activity.MASSAGE, Activity.LEG_LOADING}
TOPICS = ["trigger-point", "calf-stretch-gastrocnemius", "restless_legs", "heel-raises"]
SKIP_GET = {"/sw.js", "/manifest.webmanifest", "/api/v1/openapi.json"}
# The person's own records, exported whole (old plan versions included): a copy, not an offer.
RECORDS = {"/api/v1/export", "/data/export"}

# Every route that is not a GET: how it is tried here, or why it starts nothing.
STARTS = {
    ("POST", "/api/v1/sessions"): "tried: start or resume a blocked session",
    ("POST", "/session/start"): "tried: start or resume a blocked session",
    ("POST", "/api/v1/experiments"): "tried: a massage or stretching experiment",
    ("POST", "/experiments/new"): "tried: a massage or stretching experiment",
}
STARTS_NOTHING = {
    ("PUT", "/api/v1/sessions/{log_id}/progress"): "saves progress; refuses a blocked step "
    "(tests/services/test_safety.py: the player cannot go on into a blocked step)",
    ("POST", "/api/v1/sessions/{log_id}/finish"): "ends and logs a session",
    ("POST", "/session/{log_id}/finish"): "ends and logs a session",
    ("POST", "/api/v1/experiments/stop"): "stops an experiment",
    ("POST", "/experiments/stop"): "stops an experiment",
    ("PUT", "/api/v1/experiments/shared"): "shares results",
    ("POST", "/api/v1/plan"): "stores the plan GET shows; the plan is gated",
    ("POST", "/plan/save"): "stores the plan GET shows; the plan is gated",
    ("POST", "/api/v1/plan/review"): "makes the weekly proposal; the plan is gated",
    ("POST", "/plan/review"): "makes the weekly proposal; the plan is gated",
    ("POST", "/api/v1/plan/review/{review_id}"): "changes amounts; the plan is gated",
    ("POST", "/plan/review/{review_id}"): "changes amounts; the plan is gated",
    ("POST", "/api/v1/plan/feed"): "a new calendar feed address; the feed is the gated plan",
    ("POST", "/plan/feed"): "a new calendar feed address; the feed is the gated plan",
    ("PUT", "/api/v1/profile"): "the profile; the plan built from it is gated",
    ("POST", "/settings"): "the profile; the plan built from it is gated",
    ("POST", "/settings/reminders"): "reminder times; the reminders offered are gated",
    ("PUT", "/api/v1/reminders"): "reminder times; the reminders offered are gated",
    ("POST", "/api/v1/checkins"): "a diary entry",
    ("POST", "/checkin"): "a diary entry",
    ("PUT", "/api/v1/checkins/{kind}/{day}"): "a diary entry",
    ("DELETE", "/api/v1/checkins/{kind}/{day}"): "a diary entry",
    ("POST", "/api/v1/screenings"): "a check (it can only add a warning sign)",
    ("POST", "/api/v1/screenings/draft"): "a check answer",
    ("POST", "/api/v1/screenings/draft/back"): "a check answer",
    ("POST", "/api/v1/screenings/draft/complete"): "completes a check",
    ("DELETE", "/api/v1/screenings/draft"): "discards an unfinished check",
    ("POST", "/check/answer"): "a check answer",
    ("POST", "/check/complete"): "completes a check",
    ("POST", "/check/back"): "a check answer",
    ("POST", "/check/restart"): "discards an unfinished check",
    ("POST", "/api/v1/import"): "imports data",
    ("POST", "/data/import"): "imports data",
    ("DELETE", "/api/v1/data"): "deletes data",
    ("POST", "/data/delete"): "deletes data",
    ("POST", "/api/v1/login"): "accounts",
    ("POST", "/api/v1/register"): "accounts",
    ("POST", "/api/v1/logout"): "accounts",
    ("POST", "/login"): "accounts",
    ("POST", "/register"): "accounts",
    ("POST", "/logout"): "accounts",
    ("POST", "/api/v1/shares"): "sharing with a clinician",
    ("DELETE", "/api/v1/shares/{clinician}"): "sharing with a clinician",
    ("POST", "/account/shares"): "sharing with a clinician",
    ("POST", "/account/shares/remove"): "sharing with a clinician",
    ("DELETE", "/api/v1/account"): "deletes the account and its data",
    ("POST", "/account/delete"): "deletes the account and its data",
    ("POST", "/api/v1/medicines"): "a medicine record; it offers no session or step",
    ("POST", "/medicines"): "a medicine record; it offers no session or step",
    ("POST", "/api/v1/medicines/{medicine_id}/stop"): "a medicine's stop date",
    ("POST", "/medicines/{medicine_id}/stop"): "a medicine's stop date",
    ("POST", "/api/v1/medicines/{medicine_id}/uses"): "an as-needed use of a medicine",
    ("POST", "/medicines/{medicine_id}/use"): "an as-needed use of a medicine",
    ("POST", "/api/v1/factors"): "one of the person's own factors",
    ("POST", "/factors"): "one of the person's own factors",
    ("POST", "/api/v1/factors/{factor_id}/archive"): "archives an own factor",
    ("POST", "/factors/{factor_id}/archive"): "archives an own factor",
    ("POST", "/api/v1/factors/values"): "a diary value of an own factor",
    ("POST", "/api/v1/weekly"): "a weekly score's answers",
    ("POST", "/weekly"): "a weekly score's answers",
    ("POST", "/api/v1/health-data/import"): "imports sleep, steps and heart rate",
    ("POST", "/health-import"): "imports sleep, steps and heart rate",
}


class World:
    def __init__(self, client: TestClient, blocked_titles: set[str], ids: list[int]) -> None:
        self.client = client
        self.blocked_titles = blocked_titles
        self.ids = ids


@pytest.fixture(params=["unfinished check", "completed check"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    app = create_app(Settings(data_dir=tmp_path, mode="local"))
    with TestClient(app) as client:
        ctx = app.state.ctx
        screening.run_check(ctx=ctx, answers=json.loads(ANSWERS.read_text(encoding="utf-8")))
        plans.save_profile(ctx=ctx, data={"days": "all", "tools": "hands,tennis_ball,foam_roller"})
        before = plans.current_plan(ctx=ctx)
        titles = {
            s["title"]
            for session in before["sessions"]
            for s in session["steps"]
            if activity_of_step(s["kind"]) in BLOCKED
        }
        titles |= {  # sessions with nothing but blocked steps
            session["title"]
            for session in before["sessions"]
            if all(activity_of_step(s["kind"]) in BLOCKED for s in session["steps"])
        }
        titles |= {label for arms, label in EXPERIMENT_PRESETS if _arms_blocked(arms)}
        run = sessions.start_session(ctx=ctx, session_id="evening_massage", get_ready_s=0)
        state, _ = player.tick(PlayerState.from_dict(run["state"]), ctx.now().timestamp() + 200)
        sessions.save_progress(ctx=ctx, log_id=run["log_id"], state=state.to_dict(), quit=True)
        started = experiments.new_experiment(ctx=ctx, arms="evening massage,none", seed=1)
        if request.param == "unfinished check":
            for qid, value in CLOT.items():
                screening.answer_draft(ctx=ctx, question_id=qid, value=value)
        else:
            from tests.web.pages.conftest import complete_check

            complete_check(ctx, CLOT)
        ids = sorted({1, 2, run["log_id"], started["id"]})
        yield World(client, titles, ids)
    app.state.ctx.store.dispose()


def _arms_blocked(arms: str) -> bool:
    return any(activity_of_arm(a) in BLOCKED for a in arms.split(","))


def _urls(world: World, route: APIRoute) -> list[str]:
    if "{topic}" in route.path:
        return [route.path.replace("{topic}", t) for t in TOPICS]
    if route.path == "/calendar/{name}.ics":
        return ["/calendar/feed.ics"]  # the local-mode feed
    return urls_for(world.client.app, route, "GET", world.ids, [date.today()])  # type: ignore[arg-type]


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _open_steps(body: Any) -> Any:
    """A session run (``session`` + player ``state``) offers only the steps from ``first_open``
    on: the ones before it are closed (the player cannot go back to them)."""
    if isinstance(body, dict):
        if isinstance(body.get("session"), dict) and isinstance(body.get("state"), dict):
            first = int(body["state"].get("first_open") or 0)
            session = {**body["session"], "steps": body["session"]["steps"][first:]}
            return {**body, "session": session}
        return {k: _open_steps(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_open_steps(v) for v in body]
    return body


def _json_problems(url: str, body: Any) -> list[str]:
    problems = []
    today = date.today().isoformat()
    for item in _walk(_open_steps(body)):
        kind = item.get("kind")
        playable = isinstance(kind, str) and "instructions" in item and "seconds" in item
        if playable and activity_of_step(str(kind)) in BLOCKED:
            problems.append(f"{url}: offers the {kind} step {item.get('title')!r}")
        how_to = isinstance(kind, str) and "steps" in item and "evidence" in item
        if how_to and activity_of_topic(str(kind)) in BLOCKED and not item.get("not_for_you_now"):
            problems.append(f"{url}: the how-to of {item.get('id')!r} has no warning")
        arm = item.get("arm") if "day_number" in item and not item.get("blocked") else None
        if arm and item.get("day", today) >= today and activity_of_arm(str(arm)) in BLOCKED:
            problems.append(f"{url}: schedules a {arm!r} day today")
    return problems


def _html_problems(url: str, html: str, titles: set[str]) -> list[str]:
    problems = []
    named = sorted(t for t in titles if t in html)
    forms = re.findall(r"<form\b.*?</form>", html, flags=re.S)
    for form in forms:
        inside = sorted(t for t in titles if t in form)
        if inside:
            problems.append(f"{url}: a form offers {inside}")
    if named and 'data-safety="blocked"' not in html:
        problems.append(f"{url}: names {named[:3]} without the safety banner")
    return problems


def test_every_get_route_offers_nothing_blocked(world: World) -> None:
    problems: list[str] = []
    walked = 0
    for route in routes(world.client.app):  # type: ignore[arg-type]
        if "GET" not in route.methods or route.path in SKIP_GET:
            continue
        for url in _urls(world, route):
            for accept in ("text/html", "application/json"):
                response = world.client.get(url, headers={"accept": accept})
                assert response.status_code < 500, f"{url}: {response.status_code}"
                walked += 1
                if response.status_code >= 300:
                    continue
                kind = response.headers.get("content-type", "")
                if route.path in RECORDS:
                    continue
                if "json" in kind:
                    problems += _json_problems(url, response.json())
                elif "html" in kind:
                    problems += _html_problems(url, response.text, world.blocked_titles)
                elif kind.startswith("text/"):
                    named = sorted(t for t in world.blocked_titles if t in response.text)
                    if named:
                        problems.append(f"{url}: schedules {named[:3]}")
    assert walked > 100
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_route_is_covered() -> None:
    """A new route that starts or changes something must be listed above (and tried)."""
    app = create_app(Settings(mode="local", database_url="sqlite://"))
    unlisted = []
    for route in routes(app):
        for method in route.methods - {"GET", "HEAD"}:
            if (method, route.path) not in STARTS and (method, route.path) not in STARTS_NOTHING:
                unlisted.append(f"{method} {route.path}")
    assert not unlisted, f"say how these are gated: {unlisted}"
    listed = {*STARTS, *STARTS_NOTHING}
    existing = {(m, r.path) for r in routes(app) for m in r.methods}
    assert listed <= existing, f"listed but gone: {listed - existing}"


def test_no_start_route_starts_anything_blocked(world: World) -> None:
    client = world.client
    for session_id in ("evening_massage", "daily_stretches", "strengthening", None):
        for resume in (True, False):
            body = {"session_id": session_id, "resume": resume}
            response = client.post("/api/v1/sessions", json=body)
            assert response.status_code in (201, 404, 409, 422), response.text
            if response.status_code == 201:
                assert not _json_problems("POST /api/v1/sessions", response.json())
            token = csrf_from(client.get("/session", headers={"accept": "text/html"}).text)
            form = {"csrf_token": token, "session_id": session_id or "", "resume": "1"}
            page = client.post("/session/start", data=form, headers={"accept": "text/html"})
            assert page.status_code in (200, 404, 409, 422)
            problems = _html_problems("/session/start", page.text, world.blocked_titles)
            assert not [p for p in problems if "form offers" in p], problems
    for arms in ("evening massage,none", "foam roller,ball", "calf stretch,none"):
        api = client.post("/api/v1/experiments/stop", json={"reason": "trying"})
        assert api.status_code in (200, 409)
        body = {"arms": arms.split(","), "outcome": "rls"}
        refused = client.post("/api/v1/experiments", json=body)
        assert refused.status_code == 409 and "Not for you now" in refused.text, arms
        token = csrf_from(client.get("/experiments", headers={"accept": "text/html"}).text)
        form = {"csrf_token": token, "arms": arms}
        page = client.post("/experiments/new", data=form, follow_redirects=False)
        assert page.status_code == 409 and "Not for you now" in page.text, arms
