"""Checking raw answers (from a JSON file, an API body or a prompt) against the questionnaire.

``validate_answers`` lists EVERY problem (unknown id, wrong type, value out of range), each with
what is allowed, in one ``InvalidInput``; nothing is half-accepted.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from legcare.domain.screening.questions import (
    NONE_OPTION,
    Question,
    Questionnaire,
    QuestionType,
)
from legcare.domain.screening.result import AnswerValue
from legcare.errors import InvalidInput


def _fmt(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def given(raw: object) -> str:
    """What was given, in plain words (never a Python type name)."""
    if raw is None or raw == "":
        return "no answer was given"
    if isinstance(raw, bool):
        return f"got {'yes' if raw else 'no'} (true/false)"
    if isinstance(raw, int | float):
        return f"got the number {raw:g}"
    if isinstance(raw, str):
        return f"got the text {raw!r}"
    if isinstance(raw, list | tuple):
        return "got a list" if raw else "got an empty list"
    if isinstance(raw, Mapping):
        return "got a set of named values"
    return "got a value of another kind"


def _check_choice(question: Question, raw: object) -> tuple[AnswerValue | None, str | None]:
    allowed = question.allowed_values
    if not isinstance(raw, str):
        return None, f"must be one of: {_fmt(allowed)} ({given(raw)})"
    if raw not in allowed:
        return None, f"{raw!r} is not allowed; allowed: {_fmt(allowed)}"
    return raw, None


def _check_list(question: Question, raw: object) -> tuple[AnswerValue | None, str | None]:
    allowed = question.allowed_values
    if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
        return None, f"must be a list of one or more of: {_fmt(allowed)} ({given(raw)})"
    if not raw:
        hint = f" (use [{NONE_OPTION!r}] for none)" if NONE_OPTION in allowed else ""
        return None, f"must list at least one of: {_fmt(allowed)}{hint}"
    bad = [v for v in raw if v not in allowed]
    if bad:
        return None, f"{_fmt(tuple(bad))} not allowed; allowed: {_fmt(allowed)}"
    if len(set(raw)) != len(raw):
        return None, "lists a value twice"
    if NONE_OPTION in raw and len(raw) > 1:
        return None, f"{NONE_OPTION!r} cannot be combined with other values"
    ordered = tuple(v for v in allowed if v in raw)
    return ordered, None


def _check_number(question: Question, raw: object) -> tuple[AnswerValue | None, str | None]:
    lo, hi = question.minimum, question.maximum
    unit = f" {question.unit}" if question.unit else ""
    allowed = f"a {'whole ' if question.integer else ''}number from {lo:g} to {hi:g}{unit}"
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None, f"must be {allowed} ({given(raw)})"
    if question.integer and raw != int(raw):
        return None, f"must be {allowed} ({given(raw)})"
    if (lo is not None and raw < lo) or (hi is not None and raw > hi):
        return None, f"{raw!r} is out of range; allowed: {allowed}"
    return (int(raw) if question.integer else float(raw)), None


_CHECKERS = {
    QuestionType.YES_NO: _check_choice,
    QuestionType.SINGLE: _check_choice,
    QuestionType.MULTI: _check_list,
    QuestionType.BODY_REGION: _check_list,
    QuestionType.SCALE: _check_number,
    QuestionType.NUMBER: _check_number,
}


def check_answer(question: Question, raw: object) -> tuple[AnswerValue | None, str | None]:
    """(the typed answer, None) or (None, a description of the problem and what is allowed)."""
    return _CHECKERS[question.type](question, raw)


def validate_answer(questionnaire: Questionnaire, question_id: str, raw: object) -> AnswerValue:
    """One answer, typed; raises InvalidInput saying what is allowed."""
    return validate_answers(questionnaire, {question_id: raw})[question_id]


def _unknown(questionnaire: Questionnaire, qid: str) -> str:
    ids = [q.id for q in questionnaire.questions]
    close = difflib.get_close_matches(qid, ids, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{qid}: unknown question id{hint}; allowed ids are listed by `legcare questions --json`"


def validate_answers(
    questionnaire: Questionnaire, raw: Mapping[str, object]
) -> dict[str, AnswerValue]:
    """Typed answers by question id, in questionnaire order; InvalidInput lists each problem."""
    if not isinstance(raw, Mapping):
        raise InvalidInput(
            "Answers must be a JSON object keyed by question id.",
            details=[f'{given(raw)}; e.g. {{"rf_emergency": ["none"]}}'],
        )
    problems: list[str] = []
    typed: dict[str, AnswerValue] = {}
    for qid, value in raw.items():
        question = questionnaire.get(str(qid))
        if question is None:
            problems.append(_unknown(questionnaire, str(qid)))
            continue
        answer, problem = check_answer(question, value)
        if problem is not None:
            problems.append(f"{qid}: {problem}")
        elif answer is not None:
            typed[question.id] = answer
    if problems:
        n = len(problems)
        raise InvalidInput(
            f"{n} answer{'s are' if n > 1 else ' is'} not valid; nothing was saved.",
            details=problems,
        )
    return {q.id: typed[q.id] for q in questionnaire.questions if q.id in typed}
