"""The Check services: complete checks, bad input, the resumable interview, history, KB names."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

from legcare.domain.screening.interview import default_answer, next_question
from legcare.domain.screening.result import ScreeningResult
from legcare.domain.screening.vocabulary import PatternStatus, TriageLevel
from legcare.errors import InvalidInput, NotFound
from legcare.services import screening
from legcare.services.context import AppContext
from legcare.store.questionnaire_files import load_screening_content
from legcare.store.tables import users
from tests.conftest import FIXED_NOW


def complete_answers(**given: Any) -> dict[str, Any]:
    """A complete answer set: ``given`` where asked, plain answers elsewhere (JSON types)."""
    content = load_screening_content()
    answers: dict[str, Any] = {}
    question = next_question(content, answers)
    while question is not None:
        value = given.get(question.id, default_answer(question))
        answers[question.id] = list(value) if isinstance(value, tuple) else value
        question = next_question(
            content, {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}
        )
    return answers


RLS = {
    "complaints": ["restless"],
    "rls_urge": "yes",
    "rls_rest": "yes",
    "rls_relief": "yes",
    "rls_evening": "yes",
    "rls_days_per_week": 4,
    "rls_sleep": 7,
}


def test_run_check_saves_answers_result_and_version(ctx: AppContext) -> None:
    saved = screening.run_check(ctx=ctx, answers=complete_answers(**RLS))
    assert saved["status"] == "complete"
    assert datetime.fromisoformat(saved["completed_at"]) == FIXED_NOW
    assert saved["answers"]["rls_urge"] == "yes"
    assert saved["content_version"] == load_screening_content().version
    assert saved["result"]["triage"]["level"] == "see_clinician_soon"
    latest = screening.latest_result(ctx=ctx)
    assert isinstance(latest, ScreeningResult)
    assert latest.status_of("restless_legs") is PatternStatus.CONSISTENT
    assert latest.triage.level is TriageLevel.SEE_CLINICIAN_SOON
    assert [c["id"] for c in screening.history(ctx=ctx)] == [saved["id"]]
    assert (
        screening.latest_check(ctx=ctx)
        == saved
        == screening.get_check(ctx=ctx, check_id=saved["id"])
    )


def test_bad_input_lists_every_problem_and_saves_nothing(ctx: AppContext) -> None:
    bad = complete_answers(**RLS) | {"rls_sleep": 11, "nonsense": 1, "rls_urge": "maybe"}
    with pytest.raises(InvalidInput) as err:
        screening.run_check(ctx=ctx, answers=bad)
    assert len(err.value.details) == 3
    assert screening.history(ctx=ctx) == [] and screening.latest_result(ctx=ctx) is None


def test_an_incomplete_check_names_the_missing_questions(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as err:
        screening.run_check(ctx=ctx, answers={"rf_emergency": ["none"], "rf_urgent": ["none"]})
    assert err.value.details[0].startswith("complaints: needs an answer (a list of restless")
    assert any(d.startswith("ctx_pregnant:") for d in err.value.details)
    assert screening.history(ctx=ctx) == []


def test_an_emergency_answer_is_a_complete_check(ctx: AppContext) -> None:
    saved = screening.run_check(ctx=ctx, answers={"rf_emergency": ["breathless_chest"]})
    result = saved["result"]
    assert result["stopped_early"] is True and result["triage"]["level"] == "emergency"
    assert [p["kind"] for p in result["precautions"]] == ["no_massage"]
    latest = screening.latest_result(ctx=ctx)
    assert latest is not None and latest.massage_blocked


def test_no_check_yet(ctx: AppContext) -> None:
    assert screening.latest_result(ctx=ctx) is None
    with pytest.raises(NotFound):
        screening.latest_check(ctx=ctx)
    with pytest.raises(NotFound):
        screening.get_check(ctx=ctx, check_id=99)


def test_the_interview_saves_each_answer_goes_back_and_resumes(ctx: AppContext) -> None:
    state = screening.draft_state(ctx=ctx)
    assert state["next_question"]["id"] == "rf_emergency" and not screening.has_draft(ctx=ctx)
    state = screening.answer_draft(ctx=ctx, question_id="rf_emergency", value=["none"])
    assert screening.has_draft(ctx=ctx) and state["progress"]["answered"] == 1
    state = screening.answer_draft(ctx=ctx, question_id="rf_urgent", value=["none"])
    assert state["next_question"]["id"] == "complaints"
    state = screening.back_draft(ctx=ctx)
    assert state["next_question"]["id"] == "rf_urgent" and state["previous_answer"] == ["none"]
    # a new context on the same store (a new process) resumes where it stopped
    again = AppContext(settings=ctx.settings, store=ctx.store, clock=ctx.clock)
    state = screening.draft_state(ctx=again)
    assert state["answers"] == {"rf_emergency": ["none"]}
    with pytest.raises(InvalidInput, match="not asked now"):
        screening.answer_draft(ctx=again, question_id="heel_weeks", value=3)
    with pytest.raises(InvalidInput):
        screening.answer_draft(ctx=again, question_id="rf_urgent", value="none")
    with pytest.raises(InvalidInput, match="not finished"):
        screening.complete_draft(ctx=again)
    for qid, value in complete_answers(complaints=["none"]).items():
        if qid != "rf_emergency":
            state = screening.answer_draft(ctx=again, question_id=qid, value=value)
    assert state["done"] and state["next_question"] is None
    saved = screening.complete_draft(ctx=again)
    assert saved["result"]["triage"]["level"] == "self_care"
    assert not screening.has_draft(ctx=again)
    with pytest.raises(InvalidInput, match="nothing to go back to"):
        screening.back_draft(ctx=again)


def test_the_interview_stops_at_an_emergency(ctx: AppContext) -> None:
    state = screening.answer_draft(ctx=ctx, question_id="rf_emergency", value=["self_harm"])
    assert state["done"] and state["stopped_early"]
    with pytest.raises(InvalidInput, match="not asked now"):
        screening.answer_draft(ctx=ctx, question_id="rf_urgent", value=["none"])
    saved = screening.complete_draft(ctx=ctx)
    assert saved["result"]["red_flags"][0]["id"] == "suicidal_thoughts"
    assert screening.discard_draft(ctx=ctx) is False


def test_checks_belong_to_their_user(ctx: AppContext) -> None:
    screening.run_check(ctx=ctx, answers=complete_answers(**RLS))
    with ctx.store.transaction() as conn:
        other = conn.execute(
            sa.insert(users)
            .values(username="b", role="client", created_at=FIXED_NOW)
            .returning(users.c.id)
        ).scalar_one()
    assert screening.history(ctx=ctx.for_user(other)) == []
    assert screening.latest_result(ctx=ctx.for_user(other)) is None


def test_patterns_exist_in_the_knowledge_base_and_take_its_names(ctx: AppContext) -> None:
    kb = ctx.kb
    content = screening.screening_content(ctx=ctx)
    for rule in content.rules.patterns:
        condition = kb.condition(rule.id)  # KeyError if the KB lacks a pattern id
        assert rule.name == condition.title
    saved = screening.run_check(ctx=ctx, answers=complete_answers(**RLS))
    pattern = saved["result"]["patterns"][0]
    assert pattern["name"] == kb.condition("restless_legs").title
    assert pattern["sources"] and "see_clinician" in pattern
    assert "you have" not in json.dumps(saved["result"]).lower()


def test_precaution_ids_are_knowledge_base_ids(ctx: AppContext) -> None:
    kb_ids = {p.id for p in ctx.kb.precautions}
    ours = {p.id for p in load_screening_content().rules.precautions}
    assert ours - kb_ids == {"red_flag_present"}


def test_questionnaire_lists_every_question_with_allowed_values(ctx: AppContext) -> None:
    data = screening.questionnaire(ctx=ctx)
    assert data["content_version"] == load_screening_content().version
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["rls_urge"]["allowed_values"] == ["yes", "no", "not_sure"]
    assert by_id["rls_urge"]["show_when"] == {"any_in": ["complaints", ["restless"]]}
    assert by_id["rls_days_per_week"]["maximum"] == 7
    assert "left_calf" in by_id["ctx_wound_areas"]["allowed_values"]
    assert by_id["ctx_wound_areas"]["multiple"] is True
