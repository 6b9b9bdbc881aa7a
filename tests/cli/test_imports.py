"""Everyday commands import only what they use: which modules a fresh process loads.

Start-up time is measured by the benchmarks (benchmarks/bench_startup.py); these tests pin the
cause instead: the names in `sys.modules` when a fresh process running the command exits. A
command that neither analyses nor draws must not pull in numpy, SciPy, matplotlib or Alembic; a
command whose content is unchanged since the last run must not parse YAML (the built content is
cached); and a command builds only its own part of the CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("numpy", "scipy", "matplotlib", "alembic", "fastapi", "jinja2", "weasyprint", "yaml")
# Typer converts option values with pydantic only for a value that needs converting
# (cli/_coercion.py); settings are read without pydantic-settings; Rich only when printing.
LIGHT = ("pydantic", "pydantic_settings", "pydantic_core", "rich")


# Runs the real command in a fresh process and writes the names in sys.modules when it exits.
_RUN = """
import atexit, json, sys
atexit.register(lambda: open(sys.argv[1], "w").write(json.dumps(sorted(sys.modules))))
from legcare.cli import main
main(sys.argv[2:])
"""


def _imported(args: list[str], data_dir: Path) -> tuple[set[str], int]:
    env = {**os.environ, "LEGCARE_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    env.pop("LEGCARE_DATABASE_URL", None)
    env.pop("LEGCARE_MODE", None)
    listing = data_dir / "modules.json"
    listing.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(listing), *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    names = set(json.loads(listing.read_text()))
    # top-level packages, and the CLI's own command modules by their full name
    modules = {n.split(".")[0] for n in names} | {n for n in names if n.startswith("legcare.cli.")}
    return modules, out.returncode


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose database exists and runs an experiment without massage."""
    folder = tmp_path_factory.mktemp("imports")
    _imported(
        ["experiment", "new", "--arms", "orthotics,none", "--outcome", "rls", "--seed", "3"], folder
    )
    _imported(["log", "evening", "5", "--yes"], folder)
    _imported(["safety"], folder)  # builds and caches the content (the first run parses YAML)
    _imported(["learn"], folder)
    return folder


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["experiment", "today"], ()),
        (["log", "list"], ()),
        (["insights"], ("numpy",)),  # trends and associations are computed with numpy
        (["experiment", "results"], ()),  # not enough data yet: nothing to analyse
        (["experiment", "today", "--json"], ()),
        (["experiment", "status"], ()),
        (["log", "evening", "6", "--yes"], ()),
        (["safety"], ()),
        (["plan"], ()),
        (["learn"], ()),
        (["check", "--history", "--json"], ()),
        (["session", "list"], ()),
    ],
)
def test_everyday_commands_import_no_heavy_library(
    data_dir: Path, args: list[str], allowed: tuple[str, ...]
) -> None:
    modules, code = _imported(args, data_dir)
    assert code == 0
    assert "legcare" in modules and "sqlalchemy" in modules  # the command really ran
    assert sorted(set(HEAVY) & modules) == sorted(allowed)


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["log", "list"], "legcare.cli.log"),
        (["experiment", "today"], "legcare.cli.experiment"),
        (["safety"], "legcare.cli.safety"),
        (["learn"], "legcare.cli.learn"),
    ],
)
def test_a_command_imports_only_its_own_command_module(
    data_dir: Path, args: list[str], module: str
) -> None:
    modules, code = _imported(args, data_dir)
    assert code == 0
    helpers = {"legcare.cli.output", "legcare.cli.runtime", "legcare.cli._coercion"}
    assert {m for m in modules if m.startswith("legcare.cli.")} - helpers == {module}


@pytest.mark.parametrize(
    "args",
    [
        ["log", "list", "--json"],
        ["experiment", "today", "--json"],
        ["experiment", "status", "--json"],
        ["safety", "--json"],
        ["check", "--history", "--json"],
        ["session", "list", "--json"],
        ["insights", "--json"],
        ["experiment", "results", "--json"],
    ],
)
def test_json_reads_import_neither_pydantic_nor_rich(data_dir: Path, args: list[str]) -> None:
    modules, code = _imported(args, data_dir)
    assert code == 0
    assert "legcare" in modules and "sqlalchemy" in modules  # the command really ran
    assert sorted(set(LIGHT) & modules) == []


def test_help_still_lists_every_command(data_dir: Path) -> None:
    env = {**os.environ, "LEGCARE_DATA_DIR": str(data_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "legcare", "--help"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0
    for name in ("check", "questions", "log", "experiment", "import", "delete", "serve", "db"):
        assert f"  {name} " in out.stdout
