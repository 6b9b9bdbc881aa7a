"""The generated documents match the code, and every CLI command explains itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from legcare.cli import register_commands
from legcare.cli_reference import cli_markdown
from legcare.settings import settings_markdown
from legcare.web.api_reference import api_markdown, openapi_schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HINT = "run python scripts/gen_docs.py"


def _read(name: str) -> str:
    path = DOCS / name
    assert path.exists(), f"docs/{name} is missing: {HINT}"
    return path.read_text()


def test_settings_md_matches_the_code() -> None:
    assert _read("settings.md") == settings_markdown(), HINT


def test_cli_md_matches_the_code() -> None:
    assert _read("cli.md") == cli_markdown(), HINT


def test_api_md_matches_the_code() -> None:
    assert _read("api.md") == api_markdown(), HINT


def _commands(cmd: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, cmd)]
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(register_commands()), ("legcare",))


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help(path: tuple[str, ...], cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"`{' '.join(path)}` has no help text"
    for param in cmd.params:
        if param.name == "help":
            continue
        text = getattr(param, "help", None)
        assert (text or "").strip(), f"`{' '.join(path)}` {param.name} has no help text"


def test_api_md_lists_every_operation() -> None:
    text = _read("api.md")
    schema = openapi_schema()
    for route, item in schema["paths"].items():
        for method in item:
            assert f"### `{method.upper()} {route}`" in text, f"{method} {route}: {HINT}"
    for name in schema["components"]["schemas"]:
        assert f"### `{name}`" in text, f"schema {name}: {HINT}"
