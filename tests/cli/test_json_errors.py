"""A command given --json answers in JSON when it fails, in the API's error shape."""

from __future__ import annotations

import json

import pytest

FAILING = [
    (("learn", "no-such-topic-at-all", "--json"), 3),
    (("log", "evening", "99", "--json"), 2),
    (("insights", "--from", "not-a-date", "--json"), 2),
    (("import", "/no/such/file.json", "--json"), 2),
    (("plan", "--json", "--no-such-option"), 2),
]


@pytest.mark.parametrize(("args", "code"), FAILING)
def test_json_commands_fail_in_json(cli, args: tuple[str, ...], code: int) -> None:
    result = cli(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    body = json.loads(result.stdout)
    assert body["ok"] is False and body["error"] and isinstance(body["details"], list)
    assert body["status"] in (404, 422)
    assert result.stderr  # the one-line message for a person stays on stderr


def test_without_json_errors_stay_plain_text(cli) -> None:
    result = cli("learn", "no-such-topic-at-all")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith("legcare: ")
