"""Safety invariants as Hypothesis properties over random answer sets."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcare.domain.screening.evaluation import evaluate
from legcare.domain.screening.interview import visible_answers
from legcare.domain.screening.questions import NONE_OPTION, Question, QuestionType
from legcare.domain.screening.result import (
    AnswerValue,
    result_from_dict,
    result_to_dict,
)
from legcare.domain.screening.rules import facts_used
from legcare.domain.screening.vocabulary import PatternStatus, PrecautionKind, TriageLevel
from legcare.store.questionnaire_files import load_screening_content

CONTENT = load_screening_content()
QUESTIONS = CONTENT.questionnaire.questions
RLS_RULE = next(p for p in CONTENT.rules.patterns if p.id == "restless_legs")
LOOKALIKES = RLS_RULE.lookalikes
COEXISTING = RLS_RULE.coexisting
EMERGENCY_FACTS = {
    fact
    for flag in CONTENT.rules.red_flags
    if flag.level is TriageLevel.EMERGENCY
    for fact in facts_used(flag.when)
}
CAUDA_EQUINA_SIGNS = ("bladder", "saddle", "both legs")
RED_FLAG_QUESTIONS = ("rf_emergency", "rf_urgent")
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _answer(question: Question) -> st.SearchStrategy[AnswerValue]:
    allowed = question.allowed_values
    if question.type is QuestionType.YES_NO or question.type is QuestionType.SINGLE:
        return st.sampled_from(allowed)
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        return st.integers(int(question.minimum or 0), int(question.maximum or 10))
    others = [v for v in allowed if v != NONE_OPTION]
    subsets = st.lists(st.sampled_from(others), min_size=1, unique=True).map(
        lambda vs: tuple(v for v in allowed if v in vs)
    )
    return st.one_of(st.just((NONE_OPTION,)), subsets) if NONE_OPTION in allowed else subsets


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for question in QUESTIONS:
        value = draw(st.one_of(st.none(), _answer(question)))
        if value is not None:
            answers[question.id] = value
    return answers


def _text(answers: dict[str, AnswerValue]) -> str:
    return json.dumps(result_to_dict(evaluate(CONTENT, answers))).lower()


@SETTINGS
@given(answer_sets())
def test_any_red_flag_never_yields_self_care(answers: dict[str, AnswerValue]) -> None:
    result = evaluate(CONTENT, answers)
    if result.red_flags:
        assert result.triage.level is not TriageLevel.SELF_CARE
        assert result.triage.level.rank <= min(f.level.rank for f in result.red_flags)


@SETTINGS
@given(answer_sets())
def test_a_possible_blood_clot_always_blocks_all_massage(answers: dict[str, AnswerValue]) -> None:
    result = evaluate(CONTENT, answers)
    clot = result.status_of("dvt") is not PatternStatus.NOT_SUGGESTED or any(
        f.id in ("possible_clot", "suspected_pe") for f in result.red_flags
    )
    if clot:
        assert any(
            p.id == "blood_clot" and p.kind is PrecautionKind.NO_MASSAGE for p in result.precautions
        )
        assert result.massage_blocked


@SETTINGS
@given(answer_sets(), st.sampled_from(RED_FLAG_QUESTIONS), st.data())
def test_adding_a_red_flag_answer_never_lowers_triage(
    answers: dict[str, AnswerValue], qid: str, data: st.DataObject
) -> None:
    question = CONTENT.questionnaire.get(qid)
    assert question is not None
    flag = data.draw(st.sampled_from([v for v in question.allowed_values if v != NONE_OPTION]))
    before = evaluate(CONTENT, answers).triage.level
    current = answers.get(qid, ())
    chosen = {v for v in (current if isinstance(current, tuple) else ()) if v != NONE_OPTION}
    more = dict(answers)
    more[qid] = tuple(v for v in question.allowed_values if v in chosen | {flag})
    after = evaluate(CONTENT, more)
    assert after.triage.level.rank <= before.rank
    assert after.red_flags


@SETTINGS
@given(answer_sets())
def test_no_output_says_you_have_or_gives_a_dose(answers: dict[str, AnswerValue]) -> None:
    text = _text(answers)
    assert "you have" not in text
    assert not re.search(r"\d\s*mg\b|\bmg\b", text)


def test_no_question_says_you_have() -> None:
    for question in QUESTIONS:
        words = " ".join([question.text, question.help] + [o.label for o in question.options])
        assert "you have" not in words.lower(), question.id


@SETTINGS
@given(answer_sets())
def test_rls_consistent_needs_all_four_criteria_and_no_unexplained_lookalike(
    answers: dict[str, AnswerValue],
) -> None:
    result = evaluate(CONTENT, answers)
    seen = visible_answers(CONTENT, answers)
    if result.status_of("restless_legs") is PatternStatus.CONSISTENT:
        for qid in ("rls_urge", "rls_rest", "rls_relief", "rls_evening"):
            assert answers.get(qid) == "yes"
        present = [o for o in LOOKALIKES if result.status_of(o) is not PatternStatus.NOT_SUGGESTED]
        # only a condition that can coexist, and only when told apart from the urge to move
        assert all(o in COEXISTING for o in present)
        if present:
            assert seen.get("la_separate_feeling") == "yes"


@SETTINGS
@given(answer_sets(), st.sampled_from(LOOKALIKES))
def test_a_lookalike_makes_rls_possible_and_is_named(
    answers: dict[str, AnswerValue], lookalike: str
) -> None:
    core = {"complaints": ("restless",), "rls_urge": "yes", "rls_rest": "yes"}
    core |= {"rls_relief": "yes", "rls_evening": "yes"}
    result = evaluate(CONTENT, answers | core)
    apart = visible_answers(CONTENT, answers | core).get("la_separate_feeling") == "yes"
    present = [o for o in LOOKALIKES if result.status_of(o) is not PatternStatus.NOT_SUGGESTED]
    unexplained = [o for o in present if not (apart and o in COEXISTING)]
    rls = result.pattern("restless_legs")
    assert rls is not None
    if unexplained:
        assert rls.status is PatternStatus.POSSIBLE
        assert list(rls.lookalikes) == unexplained
    else:
        assert rls.status is PatternStatus.CONSISTENT and not rls.lookalikes
    del lookalike


@SETTINGS
@given(answer_sets())
def test_plmt_routes_to_a_clinician_never_to_self_care(answers: dict[str, AnswerValue]) -> None:
    result = evaluate(CONTENT, answers)
    if result.status_of("plmt") is not PatternStatus.NOT_SUGGESTED:
        assert result.triage.level.rank <= TriageLevel.SEE_CLINICIAN_SOON.rank


@SETTINGS
@given(answer_sets())
def test_result_round_trips_through_json(answers: dict[str, AnswerValue]) -> None:
    result = evaluate(CONTENT, answers)
    data: dict[str, Any] = json.loads(json.dumps(result_to_dict(result)))
    assert result_from_dict(data) == result
    assert set(data) == {
        "patterns",
        "triage",
        "red_flags",
        "precautions",
        "clinician_points",
        "summary",
        "content_version",
        "stopped_early",
    }


@SETTINGS
@given(st.data())
def test_a_random_interview_ends_asks_each_question_once_and_stops_at_emergencies(
    data: st.DataObject,
) -> None:
    from legcare.domain.screening.interview import next_question

    answers: dict[str, AnswerValue] = {}
    asked: list[str] = []
    question = next_question(CONTENT, answers)
    while question is not None:
        assert question.id not in asked and len(asked) < len(QUESTIONS)
        asked.append(question.id)
        answers[question.id] = data.draw(_answer(question))
        question = next_question(CONTENT, answers)
    result = evaluate(CONTENT, answers)
    emergency = any(f.level is TriageLevel.EMERGENCY for f in result.red_flags)
    assert result.stopped_early is emergency
    if emergency:
        assert asked[-1] in EMERGENCY_FACTS
        if asked[-1] in RED_FLAG_QUESTIONS:
            assert "complaints" not in asked
    else:
        assert asked[-1].startswith("ctx_")  # it always ends with the precaution context


@SETTINGS
@given(answer_sets())
def test_every_emergency_stop_comes_with_a_massage_block(answers: dict[str, AnswerValue]) -> None:
    result = evaluate(CONTENT, answers)
    if any(f.level is TriageLevel.EMERGENCY for f in result.red_flags):
        assert result.massage_blocked


@SETTINGS
@given(answer_sets())
def test_a_possible_clot_is_never_explained_away_and_carries_the_emergency_net(
    answers: dict[str, AnswerValue],
) -> None:
    result = evaluate(CONTENT, answers)
    if any(f.id == "possible_clot" for f in result.red_flags):
        assert result.status_of("calf_tightness") is PatternStatus.NOT_SUGGESTED
        assert result.status_of("leg_cramps") is PatternStatus.NOT_SUGGESTED
        if result.triage.level is TriageLevel.URGENT:
            text = result.triage.what_to_do.lower()
            assert "emergency number" in text and "breathless" in text and "chest pain" in text


@SETTINGS
@given(answer_sets())
def test_back_and_nerve_results_carry_the_cauda_equina_warning_signs(
    answers: dict[str, AnswerValue],
) -> None:
    result = evaluate(CONTENT, answers)
    nerve = ("sciatica", "peripheral_neuropathy", "plmt")
    if result.triage.level is TriageLevel.SEE_CLINICIAN_SOON and any(
        result.status_of(p) is not PatternStatus.NOT_SUGGESTED for p in nerve
    ):
        text = result.triage.what_to_do.lower()
        assert all(sign in text for sign in CAUDA_EQUINA_SIGNS)


@SETTINGS
@given(answer_sets())
def test_diabetes_with_normal_feeling_never_bans_tools_on_numb_skin(
    answers: dict[str, AnswerValue],
) -> None:
    seen = visible_answers(CONTENT, answers)
    result = evaluate(CONTENT, answers)
    reduced = seen.get("ctx_numb_skin") in ("yes", "not_sure") or "yes" in (
        seen.get("la_numb_burning"),
        seen.get("heel_nerve"),
    )
    neuropathy = result.status_of("peripheral_neuropathy") is not PatternStatus.NOT_SUGGESTED
    if seen.get("ctx_diabetes") == "yes" and not reduced and not neuropathy:
        assert not any(p.kind is PrecautionKind.NO_TOOLS_ON_NUMB_SKIN for p in result.precautions)


@SETTINGS
@given(answer_sets())
def test_augmentation_always_says_not_to_change_the_medicine_yourself(
    answers: dict[str, AnswerValue],
) -> None:
    result = evaluate(CONTENT, answers)
    if visible_answers(CONTENT, answers).get("ctx_augmentation") == "yes":
        assert any("do not stop or change" in p.lower() for p in result.clinician_points)
        if result.triage.level is TriageLevel.SEE_CLINICIAN_SOON:
            assert "do not stop or change" in result.triage.what_to_do.lower()


def _with(answers: dict[str, AnswerValue], **fixed: AnswerValue) -> dict[str, AnswerValue]:
    return {**answers, **fixed}


@SETTINGS
@given(answer_sets(), st.sampled_from(["yes", "no", "not_sure"]))
def test_pain_at_the_back_of_the_heel_is_never_offered_plantar_heel_pain(
    answers: dict[str, AnswerValue], first_steps: str
) -> None:
    """The CPG's plantar heel pain is under the heel; the back of the heel is the Achilles' area."""
    answers = _with(
        answers,
        complaints=("heel",),
        heel_location="back_of_heel",
        heel_first_steps=first_steps,
    )
    result = evaluate(CONTENT, answers)
    assert result.status_of("plantar_fasciitis") is PatternStatus.NOT_SUGGESTED
    if not result.stopped_early:
        assert result.triage.level.rank <= TriageLevel.MENTION_NEXT_VISIT.rank
    if result.triage.level is TriageLevel.MENTION_NEXT_VISIT:
        assert "achilles" in result.triage.what_to_do.lower()


@SETTINGS
@given(answer_sets(), st.sampled_from(["yes", "no", "not_sure"]))
def test_legs_only_evening_restlessness_on_an_antipsychotic_is_not_called_akathisia(
    answers: dict[str, AnswerValue], whole_body: str
) -> None:
    """Akathisia is whole-body restlessness without the evening pattern (clinical notes 2.2)."""
    answers = _with(
        answers,
        complaints=("restless",),
        rls_urge="yes",
        rls_evening="yes",
        la_whole_body=whole_body,
        la_new_medicine="yes",
        la_medicine_kind=("antipsychotic_antisickness",),
    )
    status = evaluate(CONTENT, answers).status_of("akathisia")
    if whole_body == "no":
        assert status is PatternStatus.NOT_SUGGESTED
    else:
        assert status is PatternStatus.CONSISTENT


@SETTINGS
@given(answer_sets(), st.sampled_from(["one", "both"]), st.integers(0, 520))
def test_heel_pain_with_inflammatory_features_is_never_left_to_self_care(
    answers: dict[str, AnswerValue], sides: str, weeks: int
) -> None:
    """Heel pain that is bilateral or inflammatory needs a clinician (clinical notes 7.1)."""
    answers = _with(
        answers,
        complaints=("heel",),
        heel_sides=sides,
        heel_weeks=weeks,
        heel_inflammatory="yes",
    )
    asked = "heel_inflammatory" in visible_answers(CONTENT, answers)
    assert asked == (sides == "both" or weeks >= 4)
    result = evaluate(CONTENT, answers)
    if asked:
        assert result.triage.level.rank <= TriageLevel.SEE_CLINICIAN_SOON.rank


@SETTINGS
@given(answer_sets(), st.sampled_from(["yes", "no", "not_sure"]), st.sampled_from(["yes", "no"]))
def test_augmentation_is_asked_and_sent_to_the_prescriber_without_the_evening_pattern(
    answers: dict[str, AnswerValue], evening: str, relief: str
) -> None:
    """Severe restless legs or augmentation can lose the evening pattern (IRLSSG 2012)."""
    answers = _with(
        answers,
        rf_emergency=("none",),
        rf_urgent=("none",),
        complaints=("restless",),
        rls_urge="yes",
        rls_evening=evening,
        rls_relief=relief,
        ctx_rls_medicine="yes",
        ctx_augmentation="yes",
    )
    seen = visible_answers(CONTENT, answers)
    assert seen.get("ctx_augmentation") == "yes"
    result = evaluate(CONTENT, answers)
    assert result.triage.level.rank <= TriageLevel.SEE_CLINICIAN_SOON.rank
    assert result.status_of("restless_legs") is not PatternStatus.NOT_SUGGESTED
