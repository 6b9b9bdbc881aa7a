"""The entry point turns every way a command can end into the right exit code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer

from legcare import cli
from legcare.errors import InvalidInput
from tests.clirunner import run_cli


@pytest.fixture(autouse=True)
def _remove_probe_commands() -> Iterator[None]:
    """The probe commands added here leave the app as it was, for tests that list commands."""
    cli.register_commands()
    before = list(cli.app.registered_commands)
    yield
    cli.app.registered_commands[:] = before


def _add(name: str, fn) -> None:  # type: ignore[no-untyped-def]
    cli.register_commands()
    if not any(c.name == name for c in cli.app.registered_commands):
        cli.app.command(name, hidden=True)(fn)


def test_typer_exit_code_is_kept(app_env) -> None:
    def exits_three() -> None:
        raise typer.Exit(3)

    _add("zz-exit-three", exits_three)
    assert run_cli("zz-exit-three").exit_code == 3


def test_ctrl_c_exits_130_and_says_nothing_was_lost(app_env) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    _add("zz-interrupted", interrupted)
    result = run_cli("zz-interrupted")
    assert result.exit_code == 130
    assert "Nothing was lost" in result.stderr


def test_legcare_error_is_one_line_with_its_code(app_env) -> None:
    def bad() -> None:
        raise InvalidInput("That value is not allowed.", details=["rls: allowed 0-10"])

    _add("zz-bad", bad)
    result = run_cli("zz-bad")
    assert result.exit_code == 2
    assert result.stderr.startswith("legcare: That value is not allowed.")
    assert "Traceback" not in result.stderr


def test_help_lists_the_flows(app_env) -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("check", "plan", "session", "log", "insights", "learn", "db", "serve"):
        assert command in result.stdout


def test_a_question_ends_the_command_by_its_reason(app_env) -> None:
    """No to a confirmation is 1, nothing typing an answer is a usage error (2), Ctrl-C 130."""

    def asks() -> None:
        typer.confirm("Go on?", abort=True)

    _add("zz-asks", asks)
    declined = run_cli("zz-asks", input="n\n")
    assert declined.exit_code == 1 and "nothing was changed" in declined.stderr
    unanswered = run_cli("zz-asks", input="")
    assert unanswered.exit_code == 2
    assert "nothing answered it" in unanswered.stderr and "--help" in unanswered.stderr
