"""Everyday commands import only what they use: which modules a fresh process loads.

Start-up time is measured by the benchmarks (benchmarks/bench_startup.py); these tests pin the
cause instead: `python -X importtime` lists every module a command imported, and a command that
neither analyses nor draws must not pull in numpy, SciPy, matplotlib or Alembic.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("numpy", "scipy", "matplotlib", "alembic", "fastapi", "jinja2", "weasyprint")


def _imported(args: list[str], data_dir: Path) -> tuple[set[str], int]:
    env = {**os.environ, "LEGCARE_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    env.pop("LEGCARE_DATABASE_URL", None)
    env.pop("LEGCARE_MODE", None)
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "legcare", *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    modules = {
        line.split("|")[2].strip().split(".")[0]
        for line in out.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    return modules, out.returncode


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose database exists and runs an experiment without massage."""
    folder = tmp_path_factory.mktemp("imports")
    _imported(
        ["experiment", "new", "--arms", "orthotics,none", "--outcome", "rls", "--seed", "3"], folder
    )
    _imported(["log", "evening", "5", "--yes"], folder)
    return folder


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["experiment", "today"], ()),
        (["log", "list"], ()),
        (["insights"], ("numpy",)),  # trends and associations are computed with numpy
        (["experiment", "results"], ()),  # not enough data yet: nothing to analyse
        (["experiment", "today", "--json"], ()),
    ],
)
def test_everyday_commands_import_no_heavy_library(
    data_dir: Path, args: list[str], allowed: tuple[str, ...]
) -> None:
    modules, code = _imported(args, data_dir)
    assert code == 0
    assert "legcare" in modules and "sqlalchemy" in modules  # the command really ran
    assert sorted(set(HEAVY) & modules) == sorted(allowed)
