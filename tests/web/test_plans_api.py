"""/api/v1/profile, /plan, /plan.ics, /plan/history, /plan/review and /sessions."""

from __future__ import annotations

import json
from datetime import timedelta

import vobject
from fastapi.testclient import TestClient

from legcare.domain.screening.vocabulary import TriageLevel
from legcare.services import plans
from legcare.services.context import AppContext
from tests.services.plan_helpers import later, store_check


def test_profile_get_put_and_clear_errors(client: TestClient) -> None:
    got = client.get("/api/v1/profile").json()
    assert got["saved"] is False and got["profile"]["tools"] == ["hands"]
    put = client.put("/api/v1/profile", json={"tools": "foam_roller", "minutes_per_day": 30})
    assert put.status_code == 200, put.text
    assert put.json()["profile"]["tools"] == ["hands", "foam_roller"]
    assert client.get("/api/v1/profile").json()["saved"] is True
    bad = client.put("/api/v1/profile", json={"minutes_per_day": 1, "side": "middle"})
    assert bad.status_code == 422
    body = bad.json()
    assert body["ok"] is False and len(body["details"]) == 2
    assert any("5-180" in d for d in body["details"])
    extra = client.put("/api/v1/profile", json={"colour": "red"})
    assert extra.status_code == 422


def test_plan_matches_the_cli_json(client: TestClient, ctx: AppContext, cli) -> None:  # type: ignore[no-untyped-def]
    store_check(ctx, "restless_legs", "hamstring_tightness")
    shown = cli("plan", "--json")  # reads only, like GET /api/v1/plan
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout) == client.get("/api/v1/plan").json()
    assert json.loads(shown.stdout)["saved"] is False
    result = cli("plan", "save", "--json")  # stores the version (what POST /api/v1/plan does)
    assert result.exit_code == 0, result.stderr
    api = client.get("/api/v1/plan")
    assert api.status_code == 200, api.text
    assert json.loads(result.stdout) == api.json()
    assert api.json()["saved"] is True
    data = api.json()
    assert {s["id"] for s in data["sessions"]} >= {"evening_massage", "daily_stretches"}
    assert sum(1 for d in data["week"] if d["today"]) == 1


def test_emergency_is_a_409_with_what_to_do(client: TestClient, ctx: AppContext) -> None:
    store_check(ctx, "restless_legs", triage=TriageLevel.EMERGENCY)
    response = client.get("/api/v1/plan")
    assert response.status_code == 409
    assert any("emergency" in d for d in response.json()["details"])


def test_calendar_download(client: TestClient, ctx: AppContext) -> None:
    store_check(ctx, "plantar_fasciitis")
    response = client.get("/api/v1/plan.ics", params={"weeks": 1})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = vobject.readOne(response.text)
    assert len(calendar.vevent_list) == 7 + 7 + 3  # morning, stretches daily; strength 3x
    for event in calendar.vevent_list:
        assert event.valarm.trigger.value == timedelta(minutes=-30)
    assert client.get("/api/v1/plan.ics", params={"weeks": 0}).status_code == 422


def test_history_and_review(client: TestClient, ctx: AppContext) -> None:
    past = later(ctx, days=-8)
    store_check(past, "restless_legs")
    plans.save_plan(ctx=past)
    assert [h["version"] for h in client.get("/api/v1/plan/history").json()] == [1]
    assert client.get("/api/v1/plan/review").json()["review"] is None  # due: POST makes it
    review = client.post("/api/v1/plan/review").json()["review"]
    assert review["decision"] is None
    decided = client.post(f"/api/v1/plan/review/{review['id']}", json={"accept": True})
    assert decided.status_code == 200, decided.text
    assert decided.json()["review"]["decision"] == "accepted"
    again = client.post(f"/api/v1/plan/review/{review['id']}", json={"accept": False})
    assert again.status_code == 409
    assert client.post("/api/v1/plan/review/999", json={"accept": True}).status_code == 404
    assert client.get("/api/v1/plan/review").json()["review"]["decision"] == "accepted"


def test_session_start_progress_finish_list(client: TestClient, ctx: AppContext, cli) -> None:  # type: ignore[no-untyped-def]
    store_check(ctx, "restless_legs")
    started = client.post(
        "/api/v1/sessions", json={"session_id": "evening_massage", "step_seconds": 1}
    )
    assert started.status_code == 201, started.text
    run = started.json()
    log_id = run["log_id"]
    assert client.get("/api/v1/sessions/pending").json()["id"] == log_id
    saved = client.put(f"/api/v1/sessions/{log_id}/progress", json={"state": run["state"]})
    assert saved.status_code == 200 and saved.json()["status"] == "in_progress"
    quit_ = client.put(
        f"/api/v1/sessions/{log_id}/progress", json={"state": run["state"], "quit": True}
    )
    assert quit_.json()["status"] == "quit"
    resumed = client.post("/api/v1/sessions", json={}).json()
    assert resumed["resumed"] is True and resumed["log_id"] == log_id
    bad = client.post(
        f"/api/v1/sessions/{log_id}/finish",
        json={"state": resumed["state"], "tenderness": {"ear": 3, "calf": True}},
    )
    assert bad.status_code == 422
    details = bad.json()["details"]
    assert len(details) == 2 and "ear" in details[0] and "calf" in details[1]
    done = client.post(
        f"/api/v1/sessions/{log_id}/finish",
        json={"state": resumed["state"], "tenderness": {"calf": 2}, "note": "ok"},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "finished" and done.json()["tenderness"] == {"calf": 2}
    listing = client.get("/api/v1/sessions").json()
    assert listing["count"] == 1 and listing["sessions"][0]["id"] == log_id
    listed = cli("session", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert json.loads(listed.stdout) == listing
    text = cli("session", "list")
    assert "Evening leg massage: finished" in text.stdout and "tenderness calf" in text.stdout
    assert client.get(f"/api/v1/sessions/{log_id}").json()["note"] == "ok"
    assert client.get("/api/v1/sessions/999").status_code == 404
    assert client.get("/api/v1/sessions/pending").json() is None


def test_session_list_near_the_first_date_is_not_a_server_error(client) -> None:
    response = client.get("/api/v1/sessions", params={"to": "0001-01-01"})
    assert response.status_code == 200
    assert response.json() == {"count": 0, "sessions": []}
