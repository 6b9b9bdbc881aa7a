"""A Hypothesis state machine over start / quit / resume / check / experiment sequences on a
real SQLite store: whatever the order, nothing blocked is ever offered, started, resumed or
scheduled, and the safety state is exactly what the checks say."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from legcare.domain.safety import Activity, activity_of_arm, activity_of_step
from legcare.domain.sessions import player
from legcare.domain.sessions.player import PlayerState
from legcare.errors import Conflict, InvalidInput, NotFound, SafetyStop
from legcare.services import experiments, plans, safety, screening, sessions
from legcare.services.context import AppContext, build_context
from legcare.settings import Settings

ANSWERS = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "examples" / "answers.json").read_text(
        encoding="utf-8"
    )
)
CLOT = {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
BLOCKED = {Activity.MASSAGE, Activity.LEG_LOADING}
START = datetime(2026, 11, 20, 20, 30, tzinfo=timezone(timedelta(hours=1)))
pytestmark = pytest.mark.slow
SESSIONS = [None, "evening_massage", "daily_stretches", "morning_first_steps", "evening_wind_down"]
ARMS = ["evening massage,none", "foam roller,ball", "calf stretch,none", "orthotics,none"]


def _open_kinds(run: dict[str, Any]) -> set[Activity]:
    first = int(run["state"].get("first_open") or 0)
    return {activity_of_step(s["kind"]) for s in run["session"]["steps"][first:]}


class SafetyMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.mkdtemp(prefix="legcare-safety-")
        self.minutes = 0
        self.base = build_context(Settings(data_dir=Path(self.folder)))
        screening.run_check(ctx=self.ctx, answers=ANSWERS)
        plans.save_profile(
            ctx=self.ctx, data={"days": "all", "tools": "hands,tennis_ball,foam_roller"}
        )
        self.draft_clot = False  # the model: what the checks say
        self.latest_clot = False
        self.run: dict[str, Any] | None = None

    @property
    def ctx(self) -> AppContext:
        moment = START + timedelta(minutes=self.minutes)
        return replace(self.base, clock=lambda: moment)

    def teardown(self) -> None:
        self.base.store.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def blocked(self) -> bool:
        return self.draft_clot or self.latest_clot

    # ------------------------------------------------------------------ checks

    @rule()
    def answer_a_clot_in_an_unfinished_check(self) -> None:
        screening.discard_draft(ctx=self.ctx)
        for qid, value in CLOT.items():
            screening.answer_draft(ctx=self.ctx, question_id=qid, value=value)
        self.draft_clot = True

    @rule()
    def discard_the_unfinished_check(self) -> None:
        screening.discard_draft(ctx=self.ctx)
        self.draft_clot = False

    @rule()
    def complete_a_calm_check(self) -> None:
        screening.run_check(ctx=self.ctx, answers=ANSWERS)
        self.latest_clot = False

    @rule()
    def complete_a_clot_check(self) -> None:
        from tests.web.pages.conftest import complete_check

        screening.discard_draft(ctx=self.ctx)
        complete_check(self.ctx, CLOT)
        self.draft_clot, self.latest_clot = False, True

    # ------------------------------------------------------------------ sessions

    @rule(session_id=st.sampled_from(SESSIONS), resume=st.booleans())
    def start_or_resume(self, session_id: str | None, resume: bool) -> None:
        try:
            run = sessions.start_session(
                ctx=self.ctx, session_id=session_id, resume=resume, get_ready_s=0
            )
        except (SafetyStop, InvalidInput, NotFound):
            return
        assert not (self.blocked and _open_kinds(run) & BLOCKED), run["session"]["id"]
        self.run = run

    @precondition(lambda self: self.run is not None)
    @rule(seconds=st.integers(0, 400))
    def play_then_quit(self, seconds: int) -> None:
        assert self.run is not None
        state = PlayerState.from_dict(self.run["state"])
        state, _ = player.tick(state, self.ctx.now().timestamp() + seconds)
        self.minutes += 1 + seconds // 60
        with contextlib.suppress(InvalidInput):  # a newer session may have replaced it
            sessions.save_progress(
                ctx=self.ctx, log_id=self.run["log_id"], state=state.to_dict(), quit=True
            )
        self.run = None

    # ------------------------------------------------------------------ experiments

    @rule(arms=st.sampled_from(ARMS))
    def start_an_experiment(self, arms: str) -> None:
        wanted_blocked = any(activity_of_arm(a) in BLOCKED for a in arms.split(","))
        try:
            experiments.new_experiment(ctx=self.ctx, arms=arms, seed=1)
        except SafetyStop:
            assert self.blocked and wanted_blocked
            return
        except Conflict:  # one experiment at a time
            return
        assert not (self.blocked and wanted_blocked)

    @rule()
    def stop_the_experiment(self) -> None:
        with contextlib.suppress(Conflict, NotFound):
            experiments.stop_experiment(ctx=self.ctx, reason="sequence")

    # ------------------------------------------------------------------ invariants

    @invariant()
    def the_state_is_what_the_checks_say(self) -> None:
        state = safety.current_state(ctx=self.ctx)
        assert state.massage_blocked is self.blocked
        assert state.unfinished_check is (self.draft_clot and not self.latest_clot)

    @invariant()
    def nothing_blocked_is_offered(self) -> None:
        if not self.blocked:
            return
        pending = sessions.pending_session(ctx=self.ctx)
        if pending is not None:
            kinds = {
                activity_of_step(str(s["kind"]))
                for s in pending["steps"]
                if s["outcome"] == "pending"
            }
            assert not kinds & BLOCKED
        today = experiments.todays_arm(ctx=self.ctx)
        assert today is None or not today["arm"] or activity_of_arm(today["arm"]) not in BLOCKED
        plan = plans.current_plan(ctx=self.ctx)
        steps = [s for session in plan["sessions"] for s in session["steps"]]
        assert not {activity_of_step(s["kind"]) for s in steps} & BLOCKED


SafetyMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_safety_over_any_sequence = SafetyMachine.TestCase
