"""`legcare session` played for real in a pseudo-terminal (pexpect), with shortened timers."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from legcare.domain.screening.vocabulary import TriageLevel
from legcare.services import plans, sessions
from legcare.services.context import AppContext, build_context
from legcare.settings import Settings
from tests.services.plan_helpers import store_check

LEGCARE = str(Path(sys.executable).parent / "legcare")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def app(data_dir: Path) -> AppContext:
    ctx = build_context(Settings(data_dir=data_dir))
    store_check(ctx, "restless_legs", triage=TriageLevel.SELF_CARE)
    plans.save_profile(ctx=ctx, data={"days": "all", "tools": "foam_roller"})
    return ctx


def _spawn(data_dir: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "LEGCARE_DATA_DIR": str(data_dir),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "40",
    }
    env.pop("LEGCARE_DATABASE_URL", None)
    return pexpect.spawn(
        LEGCARE,
        ["session", "--session", "evening_massage", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )


def _log(app: AppContext) -> dict:  # type: ignore[type-arg]
    logs = sessions.session_logs(ctx=app, start=app.today(), end=app.today())
    assert len(logs) == 1
    return logs[0]


def test_keys_pause_extend_skip_back_and_quit(app: AppContext, data_dir: Path) -> None:
    child = _spawn(data_dir, "--step-seconds", "20", "--get-ready", "1")
    child.expect("Get ready: step 1 of")
    child.expect("\x07")  # the bell rings when the step starts
    child.expect("Now: step 1 of")
    child.expect("Cues: Slow breath out")
    child.expect("░░░")  # the progress bar for the whole session
    child.expect("p pause/resume")  # the key help is on screen
    child.send("p")
    child.expect("Paused: step 1 of")
    child.send("p")
    child.expect("Now: step 1 of")
    child.send("+")
    child.expect("0:4\\d left")  # 20 s + 30 s, less the seconds gone
    child.send("s")
    child.expect("Get ready: step 2 of")
    child.expect("Pressure: moderate")  # the calf roll's cues
    child.send("b")
    child.expect("Get ready: step 1 of")
    child.send("s")
    child.expect("step 2 of")
    child.send("q")
    child.expect("Saved: 0 of \\d+ steps done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    log = _log(app)
    assert log["status"] == "quit"
    first = log["steps"][0]
    assert first["extended"] == 30 and first["outcome"] == "skipped" and first["seconds"] >= 1


def test_resume_after_quit_then_finish_with_tenderness_and_note(
    app: AppContext, data_dir: Path
) -> None:
    child = _spawn(data_dir, "--step-seconds", "1", "--get-ready", "0")
    child.expect("Now: step 2 of")
    child.send("q")
    child.expect("Saved: ")
    child.expect(pexpect.EOF)
    done_before = _log(app)["done"]
    assert done_before >= 1

    child = _spawn(data_dir, "--step-seconds", "1", "--get-ready", "0", "--speed", "8")
    child.expect("Resume Evening leg massage")
    child.sendline("y")
    child.expect("Tenderness 0-10 per area")
    child.sendline("calf=12")
    child.expect("outside 0-10")
    child.expect("Tenderness 0-10 per area")
    child.sendline("calf=3 hamstring=1")
    child.expect("A note")
    child.sendline("legs calmer tonight")
    child.expect("Logged: (\\d+) of (\\d+) steps done")
    done, total = (int(g) for g in child.match.groups())
    child.expect(pexpect.EOF)
    log = _log(app)
    assert log["status"] == "finished" and done == total == log["total"]
    assert log["tenderness"] == {"calf": 3, "hamstring": 1}
    assert log["note"] == "legs calmer tonight"


def test_a_crash_keeps_what_was_done(app: AppContext, data_dir: Path) -> None:
    child = _spawn(data_dir, "--step-seconds", "1", "--get-ready", "0")
    child.expect("Now: step 3 of")
    child.kill(signal.SIGKILL)
    child.close()
    log = _log(app)
    assert log["status"] == "in_progress" and log["done"] >= 2
    child = _spawn(data_dir, "--step-seconds", "1", "--get-ready", "0")
    child.expect("Resume Evening leg massage")
    child.sendline("n")  # start afresh instead: the crashed one is kept as quit
    child.expect("Now: step 1 of")
    child.send("q")
    child.expect(pexpect.EOF)
    statuses = [
        entry["status"]
        for entry in sessions.session_logs(ctx=app, start=app.today(), end=app.today())
    ]
    assert statuses == ["quit", "quit"]


def test_todays_experiment_arm_is_shown_at_the_start(app: AppContext, data_dir: Path) -> None:
    from legcare.services.experiments import new_experiment, todays_arm

    new_experiment(ctx=app, arms="evening massage,none", outcome="rls", seed=3)
    message = todays_arm(ctx=app)
    assert message is not None
    child = _spawn(data_dir, "--step-seconds", "20", "--get-ready", "1")
    child.expect_exact("Experiment: ")
    child.expect_exact("day 1 of 56")
    child.sendintr()
    child.expect(pexpect.EOF)


def test_without_a_terminal_the_session_is_logged_without_questions(
    app: AppContext, data_dir: Path
) -> None:
    """Run from a script (no terminal): it plays, asks nothing, logs and says so."""
    import subprocess

    env = {**os.environ, "LEGCARE_DATA_DIR": str(data_dir)}
    env.pop("LEGCARE_DATABASE_URL", None)
    run = subprocess.run(
        [LEGCARE, "session", "--session", "evening_massage", "--step-seconds", "1",
         "--get-ready", "1", "--speed", "16", "--no-speak"],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Tenderness" not in run.stdout and "A note" not in run.stdout
    assert "Session complete. Well done.\n" in run.stdout and "Logged: " in run.stdout
    log = _log(app)
    assert log["status"] == "finished" and log["note"] is None
