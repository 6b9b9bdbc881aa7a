"""The Check use-cases: the questionnaire, the interview (a draft answered one question at a
time), evaluation, saving and history.

Interface other parts rely on:

- ``latest_result(ctx=ctx) -> ScreeningResult | None``: the user's newest completed check, as a
  ``legcare.domain.screening.result.ScreeningResult`` (None when there is none). Plans read
  ``result.patterns`` (``status_of(pattern_id)``), ``result.triage.level``,
  ``result.precautions`` (``massage_blocked`` is True for a possible blood clot) and
  ``result.red_flags``.
- ``run_check(ctx=ctx, answers={...})``: validate a complete answer set (keyed by question id),
  evaluate and save it; returns the saved check as JSON (``check_to_dict``). The CLI's
  ``check --answers FILE --json`` and ``POST /api/v1/screenings`` return exactly this.
- The draft functions (``draft_state``, ``answer_draft``, ``back_draft``, ``complete_draft``,
  ``discard_draft``) drive the one-question-at-a-time interview; every answer is saved as it is
  given, so an interrupted check resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import NotRequired, TypedDict, cast

from legcare.domain.counting import count
from legcare.domain.jsontypes import JsonObject, JsonValue
from legcare.domain.knowledge.conditions import Condition
from legcare.domain.safety import HELP_NOW
from legcare.domain.screening.answers import check_answer, validate_answers
from legcare.domain.screening.evaluation import evaluate
from legcare.domain.screening.interview import (
    go_back,
    next_question,
    progress,
    visible_answers,
)
from legcare.domain.screening.questions import Question, QuestionType
from legcare.domain.screening.result import (
    AnswerJson,
    AnswerValue,
    RedFlagJson,
    ResultJson,
    ScreeningResult,
    answer_json,
    red_flag_json,
    result_from_dict,
    result_to_dict,
)
from legcare.domain.screening.rules import holds, rule_to_dict
from legcare.domain.screening.ruleset import ScreeningContent
from legcare.domain.screening.vocabulary import TriageLevel
from legcare.errors import InvalidInput, KnowledgeBaseError, NotFound, SafetyStop
from legcare.services.context import AppContext
from legcare.store import screenings as screenings_repo
from legcare.store.content_cache import load_screening_content
from legcare.store.screenings import ScreeningRecord

JsonAnswers = dict[str, AnswerJson]


# -- what the Check use-cases return (tests/web/test_response_models.py checks the API's
# response models against these) --------------------------------------------------------------


class OptionView(TypedDict):
    value: str
    label: str


class QuestionView(TypedDict):
    """One question: a number question has minimum..unit, a choice question its options."""

    id: str
    section: str
    type: str
    text: str
    help: str
    minimum: NotRequired[float | None]
    maximum: NotRequired[float | None]
    integer: NotRequired[bool]
    unit: NotRequired[str]
    allowed_values: NotRequired[list[str]]
    options: NotRequired[list[OptionView]]
    multiple: bool
    show_when: JsonValue  # the rule as YAML/JSON (``rule_to_dict``), None when always asked
    seed_facts: list[str]
    sources: list[str]


class SectionView(TypedDict):
    id: str
    title: str


class QuestionnaireView(TypedDict):
    """Every question (``legcare questions --json``, ``GET /api/v1/questionnaire``)."""

    content_version: str
    sections: list[SectionView]
    questions: list[QuestionView]


class CheckView(TypedDict):
    """A saved check (``legcare check --answers FILE --json``, ``/api/v1/screenings``)."""

    id: int
    status: str
    started_at: str
    completed_at: str | None
    content_version: str
    answers: dict[str, AnswerJson]
    result: ResultJson | None


class UrgentView(TypedDict):
    """What to do now: the answers so far hold a same-day or emergency warning sign."""

    level: str
    label: str
    what_to_do: str
    red_flags: list[RedFlagJson]


class ProgressView(TypedDict):
    answered: int
    remaining_estimate: int
    total_estimate: int
    low: int
    high: int
    label: str


class DraftView(TypedDict):
    """Where the interview stands (``GET /api/v1/screenings/draft``)."""

    urgent: UrgentView | None
    interrupt: bool
    answers: dict[str, AnswerJson]
    next_question: QuestionView | None
    section_title: str | None
    previous_answer: AnswerJson | None
    progress: ProgressView
    done: bool
    stopped_early: bool
    content_version: str


# ---------------------------------------------------------------------------- content


def _kb_conditions(ctx: AppContext) -> dict[str, Condition]:
    """Knowledge-base conditions by id, or {} while the knowledge base cannot be read."""
    try:
        kb = ctx.kb
    except (KnowledgeBaseError, ImportError):
        return {}
    return {c.id: c for c in kb.conditions}


# (id of the loaded content, names) -> (that content, the content with names). Keyed by identity:
# hashing the whole questionnaire and rules on every call cost more than building them again.
_NAMED: dict[
    tuple[int, tuple[tuple[str, str], ...]], tuple[ScreeningContent, ScreeningContent]
] = {}


def _with_names(content: ScreeningContent, names: tuple[tuple[str, str], ...]) -> ScreeningContent:
    key = (id(content), names)
    found = _NAMED.get(key)
    if found is not None and found[0] is content:
        return found[1]
    by_id = dict(names)
    patterns = tuple(replace(p, name=by_id.get(p.id, p.name)) for p in content.rules.patterns)
    named = replace(content, rules=replace(content.rules, patterns=patterns))
    if len(_NAMED) > 16:
        _NAMED.clear()
    _NAMED[key] = (content, named)
    return named


def screening_content(*, ctx: AppContext) -> ScreeningContent:
    """The questionnaire and rules, with pattern names from the knowledge base where it has them."""
    content = load_screening_content()
    conditions = _kb_conditions(ctx)
    names = tuple(
        sorted((p.id, conditions[p.id].title) for p in content.rules.patterns if p.id in conditions)
    )
    return _with_names(content, names)


def question_to_dict(question: Question) -> QuestionView:
    """One question as JSON: id, type, text, allowed values and its show-when rule."""
    data: QuestionView = {
        "id": question.id,
        "section": question.section,
        "type": question.type.value,
        "text": question.text,
        "help": question.help,
        "multiple": question.type in (QuestionType.MULTI, QuestionType.BODY_REGION),
        "show_when": rule_to_dict(question.show_when),
        "seed_facts": list(question.seed_facts),
        "sources": list(question.sources),
    }
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        data["minimum"] = question.minimum
        data["maximum"] = question.maximum
        data["integer"] = question.integer
        data["unit"] = question.unit
    else:
        data["allowed_values"] = list(question.allowed_values)
        data["options"] = [
            {"value": v, "label": question.option_label(v)} for v in question.allowed_values
        ]
    return data


def questionnaire(*, ctx: AppContext) -> QuestionnaireView:
    """Every question with its id, type, allowed values and show-when (``questions --json``)."""
    content = screening_content(ctx=ctx)
    qn = content.questionnaire
    return {
        "content_version": content.version,
        "sections": [{"id": s.id, "title": s.title} for s in qn.sections],
        "questions": [question_to_dict(q) for q in qn.questions],
    }


# ---------------------------------------------------------------------------- results


def _answers_json(answers: Mapping[str, AnswerValue]) -> JsonAnswers:
    return {k: answer_json(v) for k, v in answers.items()}


def _enrich(result: ScreeningResult, ctx: AppContext) -> ResultJson:
    data = result_to_dict(result)
    conditions = _kb_conditions(ctx)
    for pattern in data["patterns"]:
        condition = conditions.get(pattern["id"])
        pattern["sources"] = list(condition.sources) if condition is not None else []
        pattern["see_clinician"] = list(condition.see_clinician) if condition is not None else []
    return data


def summary_after_triage(result: ResultJson) -> str:
    """The summary without its opening triage sentence, for screens that show the triage
    (label and what to do) just above it, so the sentence is not read twice."""
    triage = result["triage"]
    opening = f"{triage['label']}. {triage['what_to_do']}"
    summary = result["summary"]
    return summary.removeprefix(opening).strip() if summary.startswith(opening) else summary


def check_to_dict(record: ScreeningRecord) -> CheckView:
    """A saved check as JSON: id, dates, content version, answers and result."""
    return {
        "id": record.id,
        "status": record.status,
        "started_at": record.started_at.isoformat(),
        "completed_at": record.completed_at.isoformat() if record.completed_at else None,
        "content_version": record.content_version,
        "answers": record.answers,
        # stored as written by ``_save_complete`` (``result_to_dict`` with sources)
        "result": cast("ResultJson | None", record.result),
    }


def _missing(content: ScreeningContent, answers: Mapping[str, AnswerValue]) -> list[str]:
    """The questions still to answer that can be known now (none after an emergency)."""
    if next_question(content, answers) is None:
        return []
    kept = visible_answers(content, answers)
    problems = []
    for q in content.questionnaire.questions:
        if q.id not in kept and holds(q.show_when, kept):
            allowed = (
                f"a number from {q.minimum:g} to {q.maximum:g}"
                if q.type in (QuestionType.SCALE, QuestionType.NUMBER)
                else (
                    "a list of " if q.type in (QuestionType.MULTI, QuestionType.BODY_REGION) else ""
                )
                + ", ".join(q.allowed_values)
            )
            problems.append(f"{q.id}: needs an answer ({allowed})")
    return problems


def _save_complete(
    ctx: AppContext,
    content: ScreeningContent,
    answers: Mapping[str, AnswerValue],
    *,
    from_draft: bool,
) -> CheckView:
    kept = visible_answers(content, answers)
    result = _enrich(evaluate(content, kept), ctx)
    with ctx.store.transaction() as conn:
        check_id = screenings_repo.complete(
            conn,
            user_id=ctx.user_id,
            answers=_answers_json(kept),
            result=result,
            content_version=content.version,
            now=ctx.now(),
            from_draft=from_draft,
        )
        record = screenings_repo.get_completed(conn, user_id=ctx.user_id, screening_id=check_id)
    assert record is not None
    return check_to_dict(record)


def run_check(*, ctx: AppContext, answers: Mapping[str, object]) -> CheckView:
    """Validate a complete answer set, evaluate it and save it; InvalidInput lists each problem.

    Nothing is saved when any answer is invalid or a question the check needs is unanswered.
    """
    content = screening_content(ctx=ctx)
    typed = validate_answers(content.questionnaire, answers)
    missing = _missing(content, typed)
    if missing:
        _save_partial_if_urgent(ctx, content, typed, missing)
        raise InvalidInput(
            f"The check is not complete: {len(missing)} question(s) need an answer; "
            "nothing was saved.",
            details=missing,
        )
    return _save_complete(ctx, content, typed, from_draft=False)


def _urgent(result: ScreeningResult) -> UrgentView | None:
    """What to do now when the answers so far hold a same-day or emergency warning sign."""
    flags = [f for f in result.red_flags if f.level in HELP_NOW]
    if not flags:
        return None
    level = flags[0].level  # sorted most urgent first
    return {
        "level": level.value,
        "label": level.label,
        "what_to_do": " ".join(dict.fromkeys(f.what_to_do for f in flags if f.level is level)),
        "red_flags": [red_flag_json(f) for f in flags],
    }


def _save_partial_if_urgent(
    ctx: AppContext,
    content: ScreeningContent,
    typed: Mapping[str, AnswerValue],
    missing: list[str],
) -> None:
    """An incomplete answer set with a warning sign: keep it as the unfinished check and stop
    with what to do now (``SafetyStop``) instead of a plain "not complete"."""
    kept = visible_answers(content, typed)
    urgent = _urgent(evaluate(content, kept))
    if urgent is None:
        return
    _save_draft(ctx, content, _answers_json(kept))
    raise SafetyStop(
        f"{urgent['label']}. {urgent['what_to_do']}",
        details=[
            *(f"{f['label']}: {f['what_to_do']}" for f in urgent["red_flags"][1:]),
            "Your answers so far were saved as an unfinished check "
            f"({count(len(missing), 'question')} still open); the check carries on from there "
            "when you come back to it.",
        ],
    )


def draft_result(*, ctx: AppContext) -> ScreeningResult | None:
    """The unfinished check's answers so far, evaluated (None when there is none)."""
    with ctx.store.read() as conn:
        draft = screenings_repo.get_draft(conn, user_id=ctx.user_id)
    return None if draft is None else evaluate_answers(ctx=ctx, stored=draft.answers)


def evaluate_answers(*, ctx: AppContext, stored: Mapping[str, object]) -> ScreeningResult | None:
    """Stored answers of an unfinished check, evaluated (None when none of them still fits)."""
    content = screening_content(ctx=ctx)
    answers = _typed_answers(content, stored)
    if not answers:
        return None
    return evaluate(content, visible_answers(content, answers))


def latest_result(*, ctx: AppContext) -> ScreeningResult | None:
    """The user's newest completed check, or None if they have not completed one."""
    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
    if record is None or record.result is None:
        return None
    return result_from_dict(record.result)


def latest_check(*, ctx: AppContext) -> CheckView:
    """The newest completed check as JSON; NotFound when there is none."""
    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
    if record is None:
        raise NotFound("No check has been completed yet: do the check first.")
    return check_to_dict(record)


def history(*, ctx: AppContext, limit: int = 100) -> list[CheckView]:
    """The user's completed checks, newest first."""
    with ctx.store.read() as conn:
        records = screenings_repo.list_completed(conn, user_id=ctx.user_id, limit=limit)
    return [check_to_dict(r) for r in records]


# ---------------------------------------------------------------------------- the interview


def _draft_answers(ctx: AppContext, content: ScreeningContent) -> dict[str, AnswerValue]:
    with ctx.store.read() as conn:
        draft = screenings_repo.get_draft(conn, user_id=ctx.user_id)
    return {} if draft is None else _typed_answers(content, draft.answers)


def _typed_answers(
    content: ScreeningContent, stored: Mapping[str, object]
) -> dict[str, AnswerValue]:
    typed: dict[str, AnswerValue] = {}
    for qid, raw in stored.items():
        question = content.questionnaire.get(qid)
        if question is not None:
            value, problem = check_answer(question, raw)
            if problem is None and value is not None:
                typed[qid] = value  # answers from older content that no longer fit are dropped
    return typed


def _state(
    content: ScreeningContent,
    answers: Mapping[str, AnswerValue],
    previous: AnswerValue | None = None,
    *,
    before: Mapping[str, AnswerValue] | None = None,
) -> DraftView:
    """The interview state. ``urgent`` says what to do now while the answers hold a same-day
    or emergency warning sign; ``interrupt`` is True when the answer just given raised it (the
    next screen shows only that advice before any other question)."""
    kept = visible_answers(content, answers)
    question = next_question(content, kept)
    prog = progress(content, kept)
    result = evaluate(content, kept)
    urgent = _urgent(result)
    interrupt = False
    if urgent is not None and before is not None:
        earlier = _urgent(evaluate(content, visible_answers(content, before)))
        interrupt = earlier is None or TriageLevel(urgent["level"]).more_urgent_than(
            TriageLevel(earlier["level"])
        )
    return {
        "urgent": urgent,
        "interrupt": interrupt,
        "answers": _answers_json(kept),
        "next_question": question_to_dict(question) if question is not None else None,
        "section_title": (
            content.questionnaire.section_title(question.section) if question else None
        ),
        "previous_answer": answer_json(previous) if previous is not None else None,
        "progress": {
            "answered": prog.answered,
            "remaining_estimate": prog.remaining_estimate,
            "total_estimate": prog.total_estimate,
            "low": prog.low,
            "high": prog.high,
            "label": prog.label(),
        },
        "done": question is None,
        "stopped_early": result.stopped_early,
        "content_version": content.version,
    }


def _save_draft(ctx: AppContext, content: ScreeningContent, answers: JsonAnswers) -> None:
    with ctx.store.transaction() as conn:
        screenings_repo.save_draft(
            conn,
            user_id=ctx.user_id,
            answers=answers,
            content_version=content.version,
            now=ctx.now(),
        )


def draft_state(*, ctx: AppContext) -> DraftView:
    """Where the interview stands: answers so far, the next question, progress, done."""
    content = screening_content(ctx=ctx)
    return _state(content, _draft_answers(ctx, content))


def has_draft(*, ctx: AppContext) -> bool:
    with ctx.store.read() as conn:
        return screenings_repo.get_draft(conn, user_id=ctx.user_id) is not None


def answer_draft(*, ctx: AppContext, question_id: str, value: object) -> DraftView:
    """Record one answer (saved at once) and return the new state.

    The question must be one the interview asks now (shown given the earlier answers).
    """
    content = screening_content(ctx=ctx)
    answers = visible_answers(content, _draft_answers(ctx, content))
    typed = validate_answers(content.questionnaire, {question_id: value})[question_id]
    question = content.questionnaire.get(question_id)
    assert question is not None
    if not holds(question.show_when, answers) or (
        question_id not in answers and next_question(content, answers) is None
    ):
        raise InvalidInput(
            f"{question_id}: this question is not asked now.",
            details=[f"{question_id}: answer the current question or go back first"],
        )
    before = dict(answers)
    answers[question_id] = typed
    kept = visible_answers(content, answers)
    _save_draft(ctx, content, _answers_json(kept))
    return _state(content, kept, before=before)


def back_draft(*, ctx: AppContext) -> DraftView:
    """Undo the last answer; the state's next question is the one to answer again."""
    content = screening_content(ctx=ctx)
    answers = _draft_answers(ctx, content)
    try:
        kept, question = go_back(content, answers)
    except ValueError:
        raise InvalidInput(
            "There is nothing to go back to.", details=["no question has been answered yet"]
        ) from None
    previous = visible_answers(content, answers)[question.id]
    _save_draft(ctx, content, _answers_json(kept))
    return _state(content, kept, previous)


def complete_draft(*, ctx: AppContext) -> CheckView:
    """Evaluate and save the finished interview (the draft becomes a completed check)."""
    content = screening_content(ctx=ctx)
    answers = _draft_answers(ctx, content)
    question = next_question(content, answers)
    if question is not None:
        raise InvalidInput(
            "The check is not finished yet.",
            details=[f"{question.id}: needs an answer before the check can be completed"],
        )
    return _save_complete(ctx, content, answers, from_draft=True)


def discard_draft(*, ctx: AppContext) -> bool:
    """Throw away the check in progress; True if there was one."""
    with ctx.store.transaction() as conn:
        return screenings_repo.discard_draft(conn, user_id=ctx.user_id)


# ---------------------------------------------------------------------------- FHIR


def get_check(*, ctx: AppContext, check_id: int) -> CheckView:
    """One completed check of this user; NotFound otherwise."""
    with ctx.store.read() as conn:
        record = screenings_repo.get_completed(conn, user_id=ctx.user_id, screening_id=check_id)
    if record is None:
        raise NotFound(f"No completed check with id {check_id}.")
    return check_to_dict(record)


def fhir_questionnaire(*, ctx: AppContext) -> JsonObject:
    """The questionnaire as a FHIR R4 Questionnaire (validated with fhir.resources R4B)."""
    from legcare.interop.fhir_questionnaire import questionnaire_resource

    return questionnaire_resource(screening_content(ctx=ctx))


def fhir_response(*, ctx: AppContext, check_id: int) -> JsonObject:
    """A completed check as a FHIR R4 QuestionnaireResponse (validated, R4B models)."""
    from legcare.interop.fhir_questionnaire import questionnaire_response

    return questionnaire_response(screening_content(ctx=ctx), get_check(ctx=ctx, check_id=check_id))
