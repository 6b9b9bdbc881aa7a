"""schemathesis against the served OpenAPI schema (local mode): every operation, generated
requests, no 5xx ever, and every error in the one JSON error shape.

The quick run (``max_examples=EXAMPLES`` per operation) is part of the normal suite; the long
one is marked slow.
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


def fuzz_every_operation(tmp_path: Path, examples: int) -> tuple[int, int, list[str]]:
    """Run ``examples`` generated cases against each operation; returns (operations, calls,
    failures)."""
    from schemathesis.checks import not_a_server_error

    schema = _schema(tmp_path)
    operations = 0
    calls = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(checks=[not_a_server_error, error_shape])

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
