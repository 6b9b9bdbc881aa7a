"""The gate in the command line, built from the Typer app (not a hand list): under a possible
clot, no command offers, starts, resumes or schedules massage or stretching.

Every command is found by walking the app. Each one that reads (it has ``--json``) is run, with
and without ``--json``: its JSON must offer no blocked step, how-to or experiment day (the same
rules as the web gate test), and its text must put "Not for you now" before any blocked name.
Every other command must be listed below, either as a way to start or schedule something
(tried here and refused, or played without any blocked step) or with why it starts nothing; a
new command that is neither fails ``test_every_command_is_covered``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from legcare.cli import register_commands
from legcare.domain.safety import Activity, activity_of_arm, activity_of_step
from legcare.domain.sessions import player
from legcare.domain.sessions.player import PlayerState
from legcare.services import experiments, plans, screening, sessions
from tests.clirunner import CliResult
from tests.web.test_safety_gate import _json_problems

ANSWERS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "answers.json"
CLOT = {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
BLOCKED = {Activity.MASSAGE, Activity.LEG_LOADING}
WARNING = "Not for you now"

# Extra arguments for reads that show more with them (each is also run bare).
READ_SAMPLES: dict[str, list[list[str]]] = {
    "learn": [["trigger-point"], ["calf-stretch-gastrocnemius"], ["heel-raises"]],
    "plan": [["--details"]],
}
STARTS = {
    "session": "tried: resume and start afresh, played to the end",
    "experiment new": "tried: massage and stretching arms are refused",
    "plan": "tried: --ics (the calendar) schedules nothing blocked",
}
STARTS_NOTHING = {
    "check": "the check (it can only add a warning sign); tried in tests/cli/test_check.py",
    "db backup": "a copy of the database",
    "db info": "database facts",
    "db restore": "restores a copy",
    "db upgrade": "the schema",
    "delete": "deletes data",
    "experiment stop": "stops an experiment",
    "experiment share": "shares results",
    "export": "the person's own records, exported whole",
    "factors add": "a factor of the person's own",
    "factors archive": "archives or restores a factor of the person's own",
    "factors set": "a factor's value for a day",
    "import-health": "imports sleep, steps and heart rate",
    "meds add": "a medicine the person takes (flags only; never a dose)",
    "meds delete": "deletes a medicine",
    "meds stop": "a medicine's stop date",
    "meds took": "an as-needed use",
    "weekly answer": "a weekly score of the person's own answers",
    "import": "imports data",
    "log delete": "a diary entry",
    "log evening": "a diary entry",
    "log morning": "a diary entry",
    "plan review": "changes amounts; the plan is gated",
    "plan save": "stores the plan version; the plan is gated",
    "plan setup": "the profile; the plan built from it is gated",
    "report": "writes the clinician report (its HTML is checked by the web gate test)",
    "serve": "runs the web app (every route is checked by the web gate test)",
    "users add": "accounts",
    "users delete": "deletes an account and its data",
}


def _commands() -> dict[str, Any]:
    """Every command of the app by its words ("experiment new"); groups with their own
    callback (``plan``, ``session``) count as commands too."""
    found: dict[str, Any] = {}

    def walk(command: Any, words: list[str]) -> None:
        subs = getattr(command, "commands", None)
        if subs is None or (words and getattr(command, "invoke_without_command", False)):
            found[" ".join(words)] = command
        for name, sub in (subs or {}).items():
            walk(sub, [*words, name])

    walk(typer.main.get_command(register_commands()), [])
    return found


def _has_json(command: Any) -> bool:
    return any(p.name == "as_json" for p in command.params)


def _reads() -> list[str]:
    return sorted(
        words
        for words, command in _commands().items()
        if _has_json(command) and words not in STARTS and words not in STARTS_NOTHING
    )


def test_every_command_is_covered() -> None:
    commands = _commands()
    unlisted = [
        words
        for words, command in commands.items()
        if not _has_json(command) and words not in STARTS and words not in STARTS_NOTHING
    ]
    assert not unlisted, f"say how these are gated: {unlisted}"
    assert {*STARTS, *STARTS_NOTHING} <= set(commands), "listed but gone"
    assert {"safety", "learn", "experiment status", "experiment today", "plan history"} <= set(
        _reads()
    )


@pytest.fixture(params=["unfinished check", "completed check"])
def blocked(request: pytest.FixtureRequest, cli: Any) -> Iterator[tuple[Any, set[str]]]:
    from legcare.cli import runtime

    ctx = runtime.context()
    screening.run_check(ctx=ctx, answers=json.loads(ANSWERS.read_text(encoding="utf-8")))
    plans.save_profile(ctx=ctx, data={"days": "all", "tools": "hands,tennis_ball,foam_roller"})
    before = plans.current_plan(ctx=ctx)
    titles = {
        s["title"]
        for session in before["sessions"]
        for s in session["steps"]
        if activity_of_step(s["kind"]) in BLOCKED
    }
    run = sessions.start_session(ctx=ctx, session_id="evening_massage", get_ready_s=0)
    state, _ = player.tick(PlayerState.from_dict(run["state"]), ctx.now().timestamp() + 200)
    sessions.save_progress(ctx=ctx, log_id=run["log_id"], state=state.to_dict(), quit=True)
    experiments.new_experiment(ctx=ctx, arms="evening massage,none", seed=1)
    if request.param == "unfinished check":
        for qid, value in CLOT.items():
            screening.answer_draft(ctx=ctx, question_id=qid, value=value)
    else:
        from tests.web.pages.conftest import complete_check

        complete_check(ctx, CLOT)
    yield cli, titles


def _text_problems(words: str, text: str, titles: set[str]) -> list[str]:
    named = [t for t in titles if t in text]
    if not named:
        return []
    first = min(text.index(t) for t in named)
    if WARNING in text and text.index(WARNING) < first:
        return []
    return [f"legcare {words}: names {sorted(named)[:3]} before (or without) {WARNING!r}"]


def test_every_read_command_offers_nothing_blocked(blocked: tuple[Any, set[str]]) -> None:
    cli, titles = blocked
    problems: list[str] = []
    reads = _reads()
    assert len(reads) >= 10
    for words in reads:
        for extra in [[], *READ_SAMPLES.get(words, [])]:
            args = [*words.split(), *extra]
            as_json: CliResult = cli(*args, "--json")
            # 3: nothing found; 5: not allowed here (the clinicians' pooled view)
            assert as_json.exit_code in (0, 3, 5), f"{args}: {as_json.stderr}"
            if as_json.exit_code == 0:
                problems += _json_problems(" ".join(args), json.loads(as_json.stdout))
            text = cli(*args)
            problems += _text_problems(" ".join(args), text.stdout, titles)
    assert not problems, "\n".join(problems)


def test_no_command_starts_or_schedules_anything_blocked(
    blocked: tuple[Any, set[str]], tmp_path: Path
) -> None:
    cli, titles = blocked
    for arms in (
        "evening massage,none",
        "foam roller,ball",
        "calf stretch,none",
        "calf_raises,none",
        "calf rub,none",
        "yoga,none",
    ):
        cli("experiment", "stop", "--yes")
        refused = cli("experiment", "new", "--arms", arms, "--outcome", "rls")
        assert refused.exit_code == 7 and WARNING in refused.stderr, (arms, refused.stderr)
    ics = tmp_path / "plan.ics"
    calendar = cli("plan", "--ics", str(ics))
    assert calendar.exit_code == 0, calendar.stderr
    text = ics.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in text and not [t for t in titles if t in text]
    for reply in ("y\n\n\n", "n\n\n\n"):  # resume, then start afresh
        played = cli("session", "--step-seconds", "1", "--speed", "600", "--get-ready", "0",
                     input=reply)  # fmt: skip
        shown = played.stdout + played.stderr
        assert played.exit_code in (0, 3, 7), shown
        assert shown.index(WARNING) == min(
            [shown.index(t) for t in titles if t in shown] + [shown.index(WARNING)]
        )
        steps = [line for line in shown.splitlines() if "step " in line and " of " in line]
        assert not [t for t in titles for line in steps if t in line], steps
    arms = [a for a in ("evening massage", "calf stretch") if activity_of_arm(a) in BLOCKED]
    assert arms == ["evening massage", "calf stretch"]


def test_experiment_status_marks_every_blocked_day(blocked: tuple[Any, set[str]]) -> None:
    cli, _ = blocked
    shown = cli("experiment", "status")
    assert shown.exit_code == 0, shown.stderr
    days = [
        line for line in shown.stdout.splitlines() if line.startswith("  2") and "massage" in line
    ]
    assert days and all("(not for you now)" in line for line in days), days
