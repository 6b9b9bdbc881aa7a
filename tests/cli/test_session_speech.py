"""`legcare session` speaks its cues through a speech engine on PATH: here a fake `espeak-ng`
script that records what it was asked to say (the real player in a pseudo-terminal)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest

from legcare.domain.screening.vocabulary import TriageLevel
from legcare.domain.sessions.cues import StepFacts, switches_legs
from legcare.services import plans
from legcare.services.context import AppContext, build_context
from legcare.settings import Settings
from tests.services.plan_helpers import store_check

LEGCARE = str(Path(sys.executable).parent / "legcare")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

FAKE_ENGINE = """#!/bin/sh
for last; do :; done
printf '%s\\n' "$last" >> "{said}"
"""


@pytest.fixture
def app(tmp_path: Path) -> AppContext:
    ctx = build_context(Settings(data_dir=tmp_path))
    store_check(ctx, "restless_legs", triage=TriageLevel.SELF_CARE)
    plans.save_profile(ctx=ctx, data={"days": "all", "tools": "foam_roller"})
    return ctx


def _bin_with_engine(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "bin"
    folder.mkdir()
    said = tmp_path / "said.txt"
    engine = folder / "espeak-ng"
    engine.write_text(FAKE_ENGINE.format(said=said))
    engine.chmod(0o755)
    return folder, said


def _play_to_the_end(tmp_path: Path, path: str, *args: str) -> str:
    env = {**os.environ, "LEGCARE_DATA_DIR": str(tmp_path), "PATH": path, "TERM": "xterm"}
    env.pop("LEGCARE_DATABASE_URL", None)
    child = pexpect.spawn(
        LEGCARE,
        ["session", "--session", "evening_massage", *args],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )
    child.expect("Tenderness 0-10 per area")
    screen = str(child.before)
    child.sendline("")
    child.expect("A note")
    child.sendline("")
    child.expect("Logged: ")
    child.expect(pexpect.EOF)
    return screen


def _wait_for_lines(path: Path, n: int) -> list[str]:
    for _ in range(100):  # the engine runs detached: give the last one a moment to write
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= n:
            return lines
        time.sleep(0.05)
    return path.read_text().splitlines() if path.exists() else []


def test_cues_are_spoken_in_order_by_the_engine_on_path(app: AppContext, tmp_path: Path) -> None:
    folder, said = _bin_with_engine(tmp_path)
    _play_to_the_end(
        tmp_path,
        f"{folder}:/usr/bin:/bin",
        *["--step-seconds", "16", "--get-ready", "4", "--speed", "16"],
    )
    steps = plans.current_plan(ctx=app)["sessions"]
    session = next(s for s in steps if s["id"] == "evening_massage")
    facts = [
        StepFacts(s["title"], s["technique"], tuple(s["areas"]), s["leg"]) for s in session["steps"]
    ]
    expected = []
    for i, step in enumerate(facts):
        coming = "Switch legs. " if switches_legs(facts[i - 1] if i else None, step) else "Next: "
        expected += [f"{coming}{step.title}. Get ready.", f"{step.title}. Hold for 16 seconds."]
        expected.append("10 seconds left.")
    expected.append("Session complete. Well done.")
    assert _wait_for_lines(said, len(expected)) == expected
    assert any(line.startswith("Switch legs. ") for line in expected)  # left then right leg


def test_no_speak_or_no_engine_stays_silent(app: AppContext, tmp_path: Path) -> None:
    folder, said = _bin_with_engine(tmp_path)
    quick = ["--step-seconds", "1", "--get-ready", "0", "--speed", "8"]
    _play_to_the_end(tmp_path, f"{folder}:/usr/bin:/bin", *quick, "--no-speak")
    assert not said.exists()
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    screen = _play_to_the_end(tmp_path, str(empty), *quick, "--speak")
    assert "No speech engine found" in screen
