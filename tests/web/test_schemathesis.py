"""schemathesis against the served OpenAPI schema: every operation, generated requests, no 5xx
ever, and every error in the one JSON error shape.

The quick run (``max_examples=EXAMPLES`` per operation, local mode) is part of the normal suite;
the long one, and a run in server mode signed in as a client who shares with a clinician (with
a fresh seed each time), are marked slow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from legcare.settings import Settings
from legcare.web.app import create_app

EXAMPLES = 20
SLOW_EXAMPLES = 150


def _schema(tmp_path: Path) -> Any:
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'f.db'}"))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx/5xx JSON answer is ``{"ok": false, "error", "status", "details"}``."""
    del ctx, case
    if response.status_code < 400:
        return None
    if "json" not in str(response.headers.get("content-type", "")):
        return None
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("ok") is False, body
    assert body.get("status") == response.status_code, body
    assert isinstance(body.get("error"), str) and body["error"], body
    assert isinstance(body.get("details"), list), body
    assert "Traceback" not in response.text
    return True


def _signed_in_server_schema(tmp_path: Path) -> tuple[Any, dict[str, str]]:
    """A server-mode app with a client who shares with a clinician; the client's headers."""
    from fastapi.testclient import TestClient

    from tests.web.server_helpers import add_user, server_app

    app = server_app(f"sqlite:///{tmp_path / 's.db'}", tmp_path)
    add_user(app, "alice")
    add_user(app, "drjones", role="clinician")
    with TestClient(app) as client:
        login = client.post(
            "/api/v1/login", json={"username": "alice", "password": "correct horse battery"}
        )
        assert login.status_code == 200, login.text
        token = client.cookies.get("legcare_session")
        headers = {"Cookie": f"legcare_session={token}", "X-CSRF-Token": login.json()["csrf_token"]}
        shared = client.post("/api/v1/shares", json={"clinician": "drjones"}, headers=headers)
        assert shared.status_code == 201, shared.text
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app), headers


# Operations that would end the signed-in session the rest of the run relies on.
SESSION_ENDING = ("POST /api/v1/logout", "DELETE /api/v1/account", "POST /api/v1/login")


def fuzz_every_operation(
    tmp_path: Path, examples: int, *, server: bool = False
) -> tuple[int, int, list[str]]:
    """Run ``examples`` generated cases against each operation; returns (operations, calls,
    failures). ``server``: signed in, in server mode, with a seed that changes every run."""
    from schemathesis.checks import not_a_server_error

    if server:
        schema, headers = _signed_in_server_schema(tmp_path)
    else:
        schema, headers = _schema(tmp_path), {}
    operations = 0
    calls = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if server and operation.label in SESSION_ENDING:
            continue
        operations += 1

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=not server,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call_and_validate(
                headers=headers, checks=[not_a_server_error, error_shape]
            )
            if server and response.status_code == 401:
                failures.append(f"{case.operation.label}: 401, the signed-in session was not used")

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    return operations, calls, failures


def test_api_never_answers_5xx(tmp_path: Path) -> None:
    operations, calls, failures = fuzz_every_operation(tmp_path, EXAMPLES)
    print(f"schemathesis: {operations} operations, {calls} calls")  # noqa: T201
    assert operations >= 20
    assert failures == [], "\n\n".join(failures)


@pytest.mark.slow
def test_api_never_answers_5xx_long(tmp_path: Path) -> None:
    operations, calls, failures = fuzz_every_operation(tmp_path, SLOW_EXAMPLES)
    print(f"schemathesis (long): {operations} operations, {calls} calls")  # noqa: T201
    assert failures == []


@pytest.mark.slow
def test_api_never_answers_5xx_in_server_mode_signed_in(tmp_path: Path) -> None:
    operations, calls, failures = fuzz_every_operation(tmp_path, EXAMPLES, server=True)
    print(f"schemathesis (server mode): {operations} operations, {calls} calls")  # noqa: T201
    assert operations >= 20
    assert failures == [], "\n\n".join(failures)
