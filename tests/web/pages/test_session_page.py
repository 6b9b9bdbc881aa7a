"""Session player pages: start (shortened with ?fast=N), play, save progress, finish and log."""

from __future__ import annotations

import html
import json
import re

from legcare.web.contexts import build_player_context
from tests.web.pages.conftest import RLS_AND_HEEL, complete_check, csrf_from


def _start(client, fast: int = 2) -> tuple[str, dict, str]:
    page = client.get(f"/session?fast={fast}").text
    token = csrf_from(page)
    session_id = re.search(r'name="session_id" value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "session_id": session_id, "step_seconds": str(fast)}
    started = client.post("/session/start", data=data, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"] == "/session/play"
    player = client.get("/session/play").text
    raw = re.search(r'<script type="application/json" id="session-data">(.*?)</script>', player)
    return player, json.loads(raw.group(1)), token


def test_start_page_lists_sessions_and_keeps_the_fast_timer(html_client) -> None:
    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    page = html_client.get("/session?fast=3").text
    assert 'name="step_seconds" value="3"' in page
    assert html_client.get("/session?fast=0").status_code == 422


def test_the_player_gets_the_session_with_shortened_steps(html_client) -> None:
    player, data, _ = _start(html_client, fast=2)
    assert '<script src="/static/player.js' in player
    assert all(step["seconds"] == 2 for step in data["state"]["steps"])
    assert data["state"]["get_ready_s"] == 1.0
    assert data["session"]["steps"][0]["instructions"]
    for control in ("begin", "pause", "skip", "extend", "back", "quit"):
        assert f'id="{control}"' in player


def test_progress_is_saved_and_finish_logs_the_session(html_client) -> None:
    player, data, token = _start(html_client)
    log_id = data["log_id"]
    saved = html_client.put(
        f"/api/v1/sessions/{log_id}/progress",
        json={"state": data["state"], "quit": False},
        headers={"x-csrf-token": token},
    )
    assert saved.status_code == 200 and saved.json()["status"] == "in_progress"
    state = html.unescape(re.search(r"id=\"state-field\" value='([^']+)'", player).group(1))
    finished = html_client.post(
        f"/session/{log_id}/finish",
        data={"csrf_token": token, "state": state, "note": "calmer", "tender_calf": "4"},
        follow_redirects=False,
    )
    assert finished.status_code == 303
    page = html_client.get(finished.headers["location"]).text
    assert "Logged:" in page and "calmer" in page and "calf 4" in page
    assert html_client.get("/session/play", follow_redirects=False).status_code == 303


def test_bad_state_or_tenderness_is_refused(html_client) -> None:
    _, data, token = _start(html_client)
    log_id = data["log_id"]
    bad = html_client.put(
        f"/api/v1/sessions/{log_id}/progress", json={"state": "x"}, headers={"x-csrf-token": token}
    )
    assert bad.status_code == 422
    not_json = html_client.post(
        f"/session/{log_id}/finish", data={"csrf_token": token, "state": "{oops"}
    )
    assert not_json.status_code == 422
    state = json.dumps(data["state"])
    too_tender = html_client.post(
        f"/session/{log_id}/finish",
        data={"csrf_token": token, "state": state, "tender_calf": "11"},
    )
    assert too_tender.status_code == 422


def test_a_quit_session_is_offered_for_resume(html_client) -> None:
    _, data, token = _start(html_client)
    html_client.put(
        f"/api/v1/sessions/{data['log_id']}/progress",
        json={"state": data["state"], "quit": True},
        headers={"x-csrf-token": token},
    )
    page = html_client.get("/session").text
    assert "Carry on where you stopped?" in page and 'name="resume" value="1"' in page


def test_player_context_collects_tenderness_areas(ctx) -> None:
    run = {
        "log_id": 1,
        "log": {},
        "state": {},
        "session": {
            "title": "T",
            "steps": [
                {"technique": "sports_massage", "areas": ["left_calf", "right_calf", "foot"]}
            ],
        },
    }
    assert build_player_context(ctx, run)["areas"] == ["calf", "foot"]


def test_each_player_step_carries_its_figure(ctx) -> None:
    steps = [
        {"technique": "myofascial_release", "areas": ["calf"]},
        {"technique": "myofascial_release", "areas": ["hamstring"]},
        {"technique": "calf_stretch_soleus", "areas": ["calf"]},
        {"technique": "no_such_entry", "areas": []},
    ]
    run = {"log_id": 1, "log": {}, "state": {}, "session": {"title": "T", "steps": steps}}
    shown = build_player_context(ctx, run)["player_data"]["session"]["steps"]
    files = [s["figure"]["file"] if s["figure"] else None for s in shown]
    assert files == ["calf_roller.svg", "hamstring_roller.svg", "wall_soleus_stretch.svg", None]
    assert all(s["figure"]["url"].startswith("/static/figures/") for s in shown[:3])
