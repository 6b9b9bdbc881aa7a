"""/api/v1/experiments: the same JSON as the services (and so as the CLI's --json)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta

import numpy as np

from legcare.cli.output import to_json
from legcare.services import diary
from legcare.services import experiments as svc


def _as_cli_json(data) -> object:
    return json.loads(to_json(data))


def test_create_today_status_stop(client) -> None:
    created = client.post("/api/v1/experiments", json={"arms": ["evening massage", "none"],
                                                       "outcome": "rls", "seed": 5})  # fmt: skip
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "active" and body["seed"] is None and len(body["schedule"]) == 7
    ctx = client.app.state.ctx
    assert client.get("/api/v1/experiments/status").json() == _as_cli_json(
        svc.experiment_status(ctx=ctx)
    )
    today = client.get("/api/v1/experiments/today").json()
    assert today == _as_cli_json(svc.todays_arm(ctx=ctx))
    assert today["day_number"] == 1
    assert client.get(f"/api/v1/experiments/{body['id']}").json()["id"] == body["id"]
    conflict = client.post("/api/v1/experiments", json={"arms": ["a", "b"], "outcome": "rls"})
    assert conflict.status_code == 409 and conflict.json()["ok"] is False
    stopped = client.post("/api/v1/experiments/stop", json={"reason": "cold"})
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    assert client.get("/api/v1/experiments/today").json() is None
    listing = client.get("/api/v1/experiments").json()
    assert listing["count"] == 1 and listing["experiments"][0]["status"] == "stopped"


def test_validation_errors_use_the_error_shape(client) -> None:
    bad = client.post("/api/v1/experiments", json={"arms": ["only"], "outcome": "mood"})
    assert bad.status_code == 422
    details = " ".join(bad.json()["details"])
    assert "2 to 6 arms" in details and "is not one of" in details
    extra = client.post("/api/v1/experiments", json={"arms": ["a", "b"], "outcome": "rls",
                                                     "colour": "red"})  # fmt: skip
    assert extra.status_code == 422
    assert client.get("/api/v1/experiments/status").status_code == 404
    assert client.get("/api/v1/experiments/999").status_code == 404
    assert client.get("/api/v1/experiments/99999999999999999999").status_code in (404, 422)
    assert client.get("/api/v1/experiments/status?experiment_id=4294967296").status_code == 404


def test_results_match_the_service_and_chart(client) -> None:
    ctx = client.app.state.ctx
    start = ctx.today() - timedelta(days=60)

    def at(day):
        moment = datetime.combine(day, time(21, 0)).astimezone()
        return replace(ctx, clock=lambda: moment)

    status = svc.new_experiment(ctx=at(start), arms=["foot massage", "calf massage"],
                                outcome="leg_pain", seed=9, start=start)  # fmt: skip
    rng = np.random.default_rng(2)
    for entry in svc.experiment_status(ctx=ctx)["schedule"]:
        day = datetime.fromisoformat(entry["day"]).date()
        value = 5 + rng.normal(0, 1.2) - (1.5 if entry["arm"] == "foot massage" else 0)
        diary.log_checkin(ctx=at(day), kind="evening", day=day,
                          values={"rls": 3, "leg_pain": int(np.clip(round(value), 0, 10)),
                                  "massage_done": True})  # fmt: skip
    got = client.get("/api/v1/experiments/results", params={"noticeable": 1.5, "clear": 2.5})
    assert got.status_code == 200, got.text
    assert got.json() == _as_cli_json(svc.experiment_results(ctx=ctx, noticeable=1.5, clear=2.5))
    body = got.json()
    assert body["experiment_id"] == status["id"] and body["enough_data"]
    assert body["practice_adherence"] == 1.0  # massage on every day, both arms are massages
    assert body["comparisons"][0]["arm"] == "foot massage"
    chart = client.get("/api/v1/experiments/results.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert "foot massage vs calf massage" in chart.text
    assert chart.text == client.get("/api/v1/experiments/results.svg").text  # deterministic
    for bad in ({"noticeable": "nan"}, {"clear": "inf"}, {"noticeable": 3, "clear": 2}):
        refused = client.get("/api/v1/experiments/results", params=bad)
        assert refused.status_code == 422 and refused.json()["ok"] is False
    shared = client.put("/api/v1/experiments/shared", json={"shared": True})
    assert shared.status_code == 200 and shared.json()["shared"] is True


def test_pooled_view_is_refused_in_local_mode(client) -> None:
    response = client.get("/api/v1/experiments/pooled")
    assert response.status_code == 403 and "server mode" in response.json()["error"]


def test_openapi_lists_the_endpoints(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/experiments", "/api/v1/experiments/today",
                 "/api/v1/experiments/results", "/api/v1/experiments/stop"):  # fmt: skip
        assert path in paths


def test_the_api_returns_the_service_field_for_field_with_a_size_check(client) -> None:
    ctx = client.app.state.ctx
    rng = np.random.default_rng(4)
    for i in range(1, 15):
        day = ctx.today() - timedelta(days=i)
        value = int(np.clip(round(5 + rng.normal(0, 2)), 0, 10))
        diary.log_checkin(ctx=ctx, kind="evening", day=day, values={"rls": value})
    size = client.get("/api/v1/experiments/size", params={"outcome": "rls"})
    assert size.status_code == 200 and size.json() == _as_cli_json(
        svc.size_estimates(ctx=ctx, outcome="rls")
    )
    bad = client.get("/api/v1/experiments/size", params={"noticeable": "nan"})
    assert bad.status_code == 422 and any("noticeable" in d for d in bad.json()["details"])
    created = client.post("/api/v1/experiments", json={"arms": ["orthotics", "none"],
                                                       "outcome": "rls", "seed": 2})  # fmt: skip
    body = created.json()
    assert body["size_check"]["from"] == "the four weeks before the start"
    assert body == _as_cli_json(svc.experiment_status(ctx=ctx))  # nothing dropped or renamed
    assert client.get("/api/v1/experiments/results").json() == _as_cli_json(
        svc.experiment_results(ctx=ctx)
    )
