"""Every read command's ``--json`` prints exactly what the matching API endpoint returns.

One data folder: the CLI reaches it through ``LEGCARE_DATA_DIR`` (the ``cli`` fixture), the app
through ``create_app(Settings(data_dir=...))`` on the same SQLite file. The data is made through
the CLI (a check, a profile, check-ins, an experiment), then each pair is compared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legcare.settings import Settings
from legcare.web.app import create_app
from tests.clirunner import CliResult

Run = Callable[..., CliResult]
ANSWERS = Path(__file__).resolve().parent.parent / "docs" / "examples" / "answers.json"


@pytest.fixture
def world(cli: Run, app_env: Path) -> Iterator[tuple[Run, TestClient]]:
    """Data made through the CLI, and an API client on the same database."""
    checked = cli("check", "--answers", str(ANSWERS))
    assert checked.exit_code == 0, checked.stderr
    setup = cli(
        "plan", "setup", "--tools", "hands,tennis_ball", "--minutes", "20", "--bedtime", "22:30",
        "--days", "all", "--pressure", "moderate", "--side", "both",
    )  # fmt: skip
    assert setup.exit_code == 0, setup.stderr
    today = date.today()
    for back in range(1, 6):
        day = (today - timedelta(days=back)).isoformat()
        evening = cli("log", "evening", str(back + 2), "--date", day, "--caffeine", "--yes")
        morning = cli("log", "morning", "--sleep", str(8 - back), "--date", day, "--yes")
        assert evening.exit_code == 0 and morning.exit_code == 0, evening.stderr + morning.stderr
    started = cli("experiment", "new", "--arms", "massage,none", "--outcome", "rls", "--seed", "7")
    assert started.exit_code == 0, started.stderr
    app = create_app(Settings(data_dir=app_env, mode="local"))
    with TestClient(app) as client:
        yield cli, client
    app.state.ctx.store.dispose()


def _cli_json(run: Run, *args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, f"legcare {' '.join(args)}: {result.stderr}"
    return json.loads(result.stdout)


def _api_json(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.text}"
    return response.json()


WEEK_AGO = (date.today() - timedelta(days=7)).isoformat()
TODAY = date.today().isoformat()

# (CLI arguments, API path): the pairs that must print the same JSON
PAIRS = [
    (("learn", "--json"), "/api/v1/learn"),
    (("learn", "trigger-point", "--json"), "/api/v1/learn/trigger-point"),
    (("learn", "--search", "calf", "stretch", "--json"), "/api/v1/learn?q=calf%20stretch"),
    (("questions", "--json"), "/api/v1/questionnaire"),
    (("safety", "--json"), "/api/v1/safety"),
    (("questions", "--fhir"), "/api/v1/questionnaire/fhir"),
    (("check", "--history", "--json"), "/api/v1/screenings"),
    (("log", "list", "--json"), "/api/v1/checkins"),
    (
        ("log", "list", "--from", WEEK_AGO, "--to", TODAY, "--kind", "evening", "--json"),
        f"/api/v1/checkins?from={WEEK_AGO}&to={TODAY}&kind=evening",
    ),
    (("insights", "--json"), "/api/v1/insights"),
    (
        ("insights", "--from", WEEK_AGO, "--to", TODAY, "--json"),
        f"/api/v1/insights?from={WEEK_AGO}&to={TODAY}",
    ),
    (("plan", "--json"), "/api/v1/plan"),
    (("plan", "history", "--json"), "/api/v1/plan/history"),
    (("plan", "review", "--json"), "/api/v1/plan/review"),
    (("experiment", "list", "--json"), "/api/v1/experiments"),
    (("experiment", "status", "--json"), "/api/v1/experiments/status"),
    (("experiment", "today", "--json"), "/api/v1/experiments/today"),
    (("experiment", "results", "--json"), "/api/v1/experiments/results"),
]


@pytest.mark.parametrize("args,url", PAIRS, ids=[" ".join(a) for a, _ in PAIRS])
def test_cli_json_equals_the_api(
    world: tuple[Run, TestClient], args: tuple[str, ...], url: str
) -> None:
    run, client = world
    from_cli = _cli_json(run, *args)
    from_api = _api_json(client, url)
    assert from_cli == from_api, f"legcare {' '.join(args)} differs from GET {url}"


def test_the_data_is_there(world: tuple[Run, TestClient]) -> None:
    """The comparison is not between two empty answers."""
    run, client = world
    assert len(_api_json(client, "/api/v1/checkins")["checkins"]) == 10
    assert len(_api_json(client, "/api/v1/screenings")) == 1
    assert _api_json(client, "/api/v1/experiments/status")
    assert _cli_json(run, "plan", "--json") == _api_json(client, "/api/v1/plan")
