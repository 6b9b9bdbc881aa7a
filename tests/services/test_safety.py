"""The safety state through the services, on a real SQLite store: a warning sign answered in an
unfinished check blocks massage and stretching everywhere at once, resumed sessions included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legcare.domain.safety import Activity, activity_of_step
from legcare.domain.sessions import player
from legcare.domain.sessions.player import PlayerState
from legcare.errors import InvalidInput, SafetyStop
from legcare.services import experiments, knowledge, plans, safety, screening, sessions
from legcare.services.context import AppContext
from legcare.services.views import report
from tests.services.plan_helpers import later

ANSWERS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "answers.json"
CLOT = {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
BLOCKED = {Activity.MASSAGE, Activity.LEG_LOADING}


@pytest.fixture
def checked(ctx: AppContext) -> AppContext:
    """A calm completed check and a plan with evening massage and daily stretches."""
    screening.run_check(ctx=ctx, answers=json.loads(ANSWERS.read_text(encoding="utf-8")))
    plans.save_profile(ctx=ctx, data={"days": "all", "tools": "hands,tennis_ball,foam_roller"})
    return ctx


def _quit_halfway(ctx: AppContext, session_id: str) -> dict[str, Any]:
    run = sessions.start_session(ctx=ctx, session_id=session_id, get_ready_s=0)
    state = PlayerState.from_dict(run["state"])
    first = run["session"]["steps"][0]["seconds"]
    state, _ = player.tick(state, ctx.now().timestamp() + first + 5)
    return sessions.save_progress(
        ctx=later(ctx, seconds=first + 5), log_id=run["log_id"], state=state.to_dict(), quit=True
    )


def _answer_clot(ctx: AppContext) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for qid, value in CLOT.items():
        state = screening.answer_draft(ctx=ctx, question_id=qid, value=value)
    return state


def _kinds(run: dict[str, Any]) -> set[Activity]:
    return {activity_of_step(s["kind"]) for s in run["session"]["steps"]}


def test_a_warning_sign_counts_the_moment_it_is_answered(checked: AppContext) -> None:
    assert safety.current_state(ctx=checked).massage_blocked is False
    first = screening.answer_draft(ctx=checked, question_id="rf_emergency", value=["none"])
    assert first["urgent"] is None and first["interrupt"] is False
    state = screening.answer_draft(ctx=checked, question_id="rf_urgent", value=CLOT["rf_urgent"])
    assert state["interrupt"] is True and state["urgent"]["level"] == "urgent"
    assert "blood clot" in state["urgent"]["what_to_do"]
    assert state["next_question"] is not None  # the person may carry on with the check
    now = safety.current_state(ctx=checked)
    assert now.massage_blocked and now.needs_help_now and now.unfinished_check
    assert [w.id for w in now.warnings] == ["possible_clot"]
    again = screening.answer_draft(ctx=checked, question_id="rf_clot_risk", value=["none"])
    assert again["urgent"] is not None and again["interrupt"] is False  # said once, not again


def test_a_resumed_massage_session_is_not_offered_and_stretches_are_refiltered(
    checked: AppContext,
) -> None:
    quit_log = _quit_halfway(checked, "evening_massage")
    assert sessions.pending_session(ctx=checked)["id"] == quit_log["id"]
    _answer_clot(checked)
    pending = sessions.pending_session(ctx=checked)
    # relaxation and the bedtime habit are still allowed: the session is offered without massage
    assert pending is not None and pending["id"] == quit_log["id"]
    resumed = sessions.start_session(ctx=later(checked, minutes=5))
    assert resumed["resumed"] is True and resumed["log_id"] == quit_log["id"]
    ahead = PlayerState.from_dict(resumed["state"])
    titles = {s["id"]: s["kind"] for s in resumed["session"]["steps"]}
    assert [titles[s.id] for s in ahead.steps[ahead.index :]] == ["habit"]
    assert (
        not _kinds(resumed)
        - {Activity.OTHER}
        - {activity_of_step(titles[s.id]) for s in ahead.steps[: ahead.index]}
    )


def test_a_session_of_nothing_but_blocked_steps_is_never_resumed(checked: AppContext) -> None:
    _quit_halfway(checked, "daily_stretches")
    _answer_clot(checked)
    assert sessions.pending_session(ctx=checked) is None
    with pytest.raises(InvalidInput):  # the plan no longer has it
        sessions.start_session(ctx=checked, session_id="daily_stretches")
    view = plans.current_plan(ctx=checked)
    steps = [s for session in view["sessions"] for s in session["steps"]]
    assert steps and not {activity_of_step(s["kind"]) for s in steps} & BLOCKED


def test_the_player_cannot_go_on_into_a_step_blocked_meanwhile(checked: AppContext) -> None:
    run = sessions.start_session(ctx=checked, session_id="evening_massage", get_ready_s=0)
    state = PlayerState.from_dict(run["state"])
    state, _ = player.tick(state, checked.now().timestamp() + 1000)  # into the rolling steps
    _answer_clot(checked)
    with pytest.raises(SafetyStop, match="cannot go on"):
        sessions.save_progress(ctx=checked, log_id=run["log_id"], state=state.to_dict())
    kept = sessions.save_progress(
        ctx=checked, log_id=run["log_id"], state=state.to_dict(), quit=True
    )
    assert kept["status"] == "quit" and kept["seconds"] > 0  # what was done is kept


def test_experiments_learn_and_report_ask_the_same_state(checked: AppContext) -> None:
    _answer_clot(checked)
    with pytest.raises(SafetyStop, match="cannot start"):
        experiments.new_experiment(ctx=checked, arms="evening massage,none", seed=1)
    with pytest.raises(SafetyStop):
        experiments.new_experiment(ctx=checked, arms="calf stretch,none", seed=1)
    assert experiments.new_experiment(ctx=checked, arms="orthotics,none", seed=1)
    for topic, blocked in (("trigger-point", True), ("calf-stretch-gastrocnemius", True)):
        page = knowledge.show_topic(ctx=checked, topic=topic)
        assert bool(page["not_for_you_now"]) is blocked, topic
    condition = knowledge.show_topic(ctx=checked, topic="restless_legs")
    assert condition["not_for_you_now"] is None


def test_answers_with_only_the_warning_signs_give_the_advice_and_are_kept(
    ctx: AppContext,
) -> None:
    with pytest.raises(SafetyStop) as stop:
        screening.run_check(ctx=ctx, answers=CLOT)
    assert "Be seen today" in stop.value.message
    assert "unfinished check" in " ".join(stop.value.details)
    assert screening.draft_state(ctx=ctx)["answers"] == CLOT
    assert safety.current_state(ctx=ctx).massage_blocked
    with pytest.raises(InvalidInput, match="not complete"):  # no warning sign: nothing saved
        screening.run_check(ctx=ctx, answers={"rf_emergency": ["none"], "rf_urgent": ["none"]})


def test_finishing_a_calm_check_lifts_the_block_of_an_unfinished_one(ctx: AppContext) -> None:
    _answer_clot(ctx)
    assert safety.current_state(ctx=ctx).massage_blocked
    screening.discard_draft(ctx=ctx)
    screening.run_check(ctx=ctx, answers=json.loads(ANSWERS.read_text(encoding="utf-8")))
    assert not safety.current_state(ctx=ctx).massage_blocked


def test_the_report_shows_an_unfinished_checks_warning_sign(ctx: AppContext) -> None:
    """No completed check: the report still says what was answered and that massage is off."""
    _answer_clot(ctx)
    day = ctx.now().date()
    html = report.render_report_html(ctx=ctx, start=day, end=day)
    assert "not finished" in html and "Massage is blocked in the app" in html
    assert "possible blood clot" in html.lower() and html.count("Be seen today") == 1


def test_the_report_raises_a_calm_check_to_an_unfinished_checks_warning(
    checked: AppContext,
) -> None:
    day = checked.now().date()
    calm = report.build_report(ctx=checked, start=day, end=day).check
    assert calm is not None and calm.triage_level not in ("urgent", "emergency")
    _answer_clot(checked)
    raised = report.build_report(ctx=checked, start=day, end=day).check
    assert raised is not None and raised.triage_level == "urgent" and raised.massage_blocked
    assert any("not finished yet" in label for label, _ in raised.red_flags)
    assert "not finished yet" in raised.what_to_do


def test_advice_that_teaches_massage_or_stretching_is_not_for_you_now(checked: AppContext) -> None:
    """Advice pages are judged by what they teach: sessions, routines and exercise advice."""
    _answer_clot(checked)
    for topic in (
        "rls_evening_massage_session",
        "trigger_point_breaks",
        "daily_stretch_routine",
        "heel_first_steps_routine",
        "hamstring_strain_care",
        "yoga_relaxation",
        "exercise_moderate",
    ):
        assert knowledge.show_topic(ctx=checked, topic=topic)["not_for_you_now"], topic
    assert knowledge.show_topic(ctx=checked, topic="sleep_habits")["not_for_you_now"] is None
