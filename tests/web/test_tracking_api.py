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
