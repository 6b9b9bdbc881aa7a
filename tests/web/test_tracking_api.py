"""The tracking API reads print exactly what the matching CLI command prints with ``--json``.

Data is made through the CLI (medicines, factors, weekly answers, an Apple Health import) in one
data folder; the app is opened on the same SQLite file and each pair is compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legcare.settings import Settings
from legcare.web.app import create_app
from tests.interop.apple_health_files import write_export_zip

WEEK_AGO = (date.today() - timedelta(days=7)).isoformat()
TODAY = date.today().isoformat()
PAIRS = [
    (("meds", "list", "--json"), "/api/v1/medicines"),
    (("factors", "list", "--json"), "/api/v1/factors"),
    (("factors", "values", "--json"), "/api/v1/factors/values"),
    (
        ("factors", "values", "--from", WEEK_AGO, "--to", TODAY, "--json"),
        f"/api/v1/factors/values?from={WEEK_AGO}&to={TODAY}",
    ),
    (("weekly", "questions", "heel", "--json"), "/api/v1/weekly/questions?kind=heel"),
    (("weekly", "history", "--json"), "/api/v1/weekly"),
    (("weekly", "history", "heel", "--weeks", "4", "--json"), "/api/v1/weekly?kind=heel&weeks=4"),
    (("health-data", "--json"), "/api/v1/health-data"),
    (("health-data", "--source", "fitbit", "--json"), "/api/v1/health-data?source=fitbit"),
]


@pytest.fixture
def world(cli: Any, app_env: Path, tmp_path: Path) -> Iterator[tuple[Any, TestClient]]:
    steps = [
        ("meds", "add", "Sertraline", "--start", WEEK_AGO, "--dose-text", "my own words"),
        ("meds", "add", "paracetamol", "--as-needed", "--start", WEEK_AGO),
        ("meds", "took", "2"),
        ("factors", "add", "Stress", "--kind", "scale"),
        ("factors", "set", "stress", "7"),
        ("weekly", "answer", "rls", "5", "6", "4", "3"),
        ("weekly", "answer", "heel", "6", "4", "2"),
        ("import-health", str(write_export_zip(tmp_path / "e.zip", date.today(), days=1))),
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, f"{args}: {result.stderr}"
    app = create_app(Settings(data_dir=app_env, mode="local"))
    with TestClient(app) as client:
        yield cli, client
    app.state.ctx.store.dispose()


def test_cli_json_equals_the_api(world: tuple[Any, TestClient]) -> None:
    run, client = world
    for args, url in PAIRS:
        from_cli = json.loads(run(*args).stdout)
        response = client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.text}"
        assert from_cli == response.json(), f"legcare {' '.join(args)} differs from GET {url}"
    assert json.loads(run("meds", "list", "--json").stdout)["flagged"] == 1
    assert len(client.get("/api/v1/health-data").json()["values"]) == 3


def test_bad_input_is_a_clear_422(world: tuple[Any, TestClient]) -> None:
    _, client = world
    response = client.get("/api/v1/weekly?kind=irls")
    assert response.status_code == 422
    assert "allowed: rls" in response.json()["error"]
    response = client.get("/api/v1/health-data?source=garmin")
    assert response.status_code == 422 and "allowed: manual" in response.json()["error"]


def test_write_endpoints_round_trip_through_the_reads(client: TestClient) -> None:
    med = client.post(
        "/api/v1/medicines", json={"name": "quetiapine", "as_needed": True, "own_dose_text": "x"}
    )
    assert med.status_code == 201, med.text
    assert med.json()["flag"]["class_id"] == "dopamine_blocking_antipsychotics"
    med_id = med.json()["id"]
    assert client.post(f"/api/v1/medicines/{med_id}/uses", json={}).status_code == 201
    stopped = client.post(f"/api/v1/medicines/{med_id}/stop", json={"stopped": TODAY})
    assert stopped.json()["stopped"] == TODAY and stopped.json()["uses"] == 1

    factor = client.post("/api/v1/factors", json={"name": "stress", "kind": "scale_0_10"})
    assert factor.status_code == 201
    fid = factor.json()["id"]
    assert (
        client.post("/api/v1/factors/values", json={"name": "stress", "value": 7}).json()["value"]
        == 7
    )
    assert client.post(f"/api/v1/factors/{fid}/archive", json={}).json()["archived"] is True
    assert client.get("/api/v1/factors").json()["factors"][0]["archived"] is True

    items = [i["id"] for i in client.get("/api/v1/weekly/questions?kind=heel").json()["items"]]
    week = client.post("/api/v1/weekly", json={"kind": "heel", "answers": dict.fromkeys(items, 5)})
    assert week.status_code == 200 and week.json()["score"] == 50
    assert client.get("/api/v1/weekly?kind=heel").json()["weeks"][-1]["score"] == 50


def test_write_endpoints_say_what_is_allowed(client: TestClient) -> None:
    bad = client.post("/api/v1/factors", json={"name": "stress", "kind": "often"})
    assert bad.status_code == 422 and "yes_no" in bad.json()["error"]
    bad = client.post("/api/v1/factors/values", json={"name": "nope", "value": 1})
    assert bad.status_code == 404
    bad = client.post("/api/v1/weekly", json={"kind": "rls", "answers": {}})
    assert bad.status_code == 422
    bad = client.post("/api/v1/medicines", json={"name": "x", "dose": "10 mg"})
    assert bad.status_code == 422  # no such field: legcare has no dose field of its own


def test_health_upload_through_the_api(client: TestClient, tmp_path: Path) -> None:
    """An upload is a form post: it carries the CSRF token like every form (refused without)."""
    bare = client.post(
        "/api/v1/health-data/import", files={"file": ("export.zip", b"x", "application/zip")}
    )
    assert bare.status_code == 403
    client.headers["x-csrf-token"] = client.get("/api/v1/me").json()["csrf_token"]
    path = write_export_zip(tmp_path / "export.zip", date.today() - timedelta(days=5), 3)
    with path.open("rb") as fh:
        response = client.post(
            "/api/v1/health-data/import", files={"file": ("export.zip", fh, "application/zip")}
        )
    assert response.status_code == 200, response.text
    assert response.json()["source"] == "apple_health" and response.json()["file"] == "export.zip"
    wrong = client.post(
        "/api/v1/health-data/import", files={"file": ("export.zip", b"nope", "application/zip")}
    )
    assert wrong.status_code == 422 and "not a file legcare can import" in wrong.json()["error"]


def test_server_mode_needs_a_login_and_keeps_each_person_to_their_own(tmp_path: Path) -> None:
    from tests.web.server_helpers import Browser, add_user, server_app

    app = server_app(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    add_user(app, "ann")
    add_user(app, "bob")
    ann, bob = Browser(app), Browser(app)
    ann.login("ann")
    bob.login("bob")
    anon = TestClient(app)
    assert anon.post("/api/v1/factors", json={"name": "x", "kind": "yes_no"}).status_code == 401
    assert anon.get(
        "/factors", headers={"accept": "text/html"}, follow_redirects=False
    ).status_code in (303, 307)
    made = ann.post("/api/v1/factors", json={"name": "stress", "kind": "scale_0_10"}).json()
    med = ann.post("/api/v1/medicines", json={"name": "quetiapine"}).json()
    assert bob.post(f"/api/v1/factors/{made['id']}/archive", json={}).status_code == 404
    assert bob.post(f"/api/v1/medicines/{med['id']}/stop", json={}).status_code == 404
    assert bob.post(f"/api/v1/medicines/{med['id']}/uses", json={}).status_code == 404
    body = {"kind": "evening", "values": {"rls": 3}, "factors": {"stress": 4}}
    refused = bob.post("/api/v1/checkins", json=body)
    assert refused.status_code == 422 and "not one of your active factors" in refused.text
    assert bob.get("/api/v1/factors").json()["factors"] == []
    assert ann.get("/api/v1/factors").json()["factors"][0]["archived"] is False
