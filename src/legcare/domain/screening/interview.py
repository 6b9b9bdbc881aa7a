"""The adaptive interview: which question comes next, going back, and progress.

Questions are asked in questionnaire order (red flags first). A question is asked only when its
``show_when`` holds for the answers given so far, so branches that cannot change the result are
skipped. The interview stops at the first answer that means an emergency.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from legcare.domain.screening.questions import NO, NONE_OPTION, Question, QuestionType
from legcare.domain.screening.result import AnswerValue
from legcare.domain.screening.rules import holds
from legcare.domain.screening.ruleset import ScreeningContent
from legcare.domain.screening.vocabulary import TriageLevel

Answers = Mapping[str, AnswerValue]
AnswerRule = Callable[[Question], AnswerValue]


def visible_answers(content: ScreeningContent, answers: Answers) -> dict[str, AnswerValue]:
    """The answers that count: those whose question is shown given the earlier answers.

    An answer left behind after going back and changing an earlier one is dropped here.
    """
    kept: dict[str, AnswerValue] = {}
    for question in content.questionnaire.questions:
        if question.id in answers and holds(question.show_when, kept):
            kept[question.id] = answers[question.id]
    return kept


def emergency_reached(content: ScreeningContent, answers: Answers) -> bool:
    """True once an answer means an emergency: the interview stops there."""
    return any(
        flag.level is TriageLevel.EMERGENCY and flag.when.holds(answers)
        for flag in content.rules.red_flags
    )


def next_question(content: ScreeningContent, answers: Answers) -> Question | None:
    """The next question to ask, or None when the interview is over."""
    kept = visible_answers(content, answers)
    if emergency_reached(content, kept):
        return None
    for question in content.questionnaire.questions:
        if question.id not in kept and holds(question.show_when, kept):
            return question
    return None


def last_answered(content: ScreeningContent, answers: Answers) -> Question | None:
    """The question to go back to: the last one answered (in questionnaire order)."""
    kept = visible_answers(content, answers)
    for question in reversed(content.questionnaire.questions):
        if question.id in kept:
            return question
    return None


def go_back(content: ScreeningContent, answers: Answers) -> tuple[dict[str, AnswerValue], Question]:
    """Undo the last answer: returns the answers without it and the question to ask again.

    Raises ValueError when nothing has been answered yet.
    """
    question = last_answered(content, answers)
    if question is None:
        raise ValueError("nothing to go back to")
    kept = visible_answers(content, answers)
    del kept[question.id]
    return kept, question


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the check is. ``remaining_estimate`` assumes the plainest answers from here on;
    ``low``-``high`` is the range of the whole check's length to show, which only narrows as
    answers come in (never a jump from "about 10" to "about 39")."""

    answered: int
    remaining_estimate: int
    low: int = 0
    high: int = 0

    @property
    def total_estimate(self) -> int:
        return self.answered + self.remaining_estimate

    def label(self) -> str:
        """ "Question 3 of 10 to 50" (the range narrows as answers come in), or "of 12" once the
        length is known."""
        number = self.answered + 1
        high = max(self.high, number)
        low = min(max(self.low, number), high)
        return (
            f"Question {number} of {high}"
            if low == high
            else f"Question {number} of {low} to {high}"
        )


def default_answer(question: Question) -> AnswerValue:
    """The plainest answer to a question ("no", "none", the first option, the minimum)."""
    if question.type is QuestionType.YES_NO:
        return NO
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        low = question.minimum or 0.0
        return int(low) if question.integer else low
    allowed = question.allowed_values
    if question.type in (QuestionType.MULTI, QuestionType.BODY_REGION):
        return (NONE_OPTION,) if NONE_OPTION in allowed else allowed[:1]
    return allowed[0]


def widest_answer(question: Question) -> AnswerValue:
    """The answer that opens the most: "yes", every option but "none", the maximum."""
    allowed = question.allowed_values
    if question.type is QuestionType.YES_NO:
        return "yes" if "yes" in allowed else allowed[0]
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        high = question.maximum if question.maximum is not None else question.minimum or 0.0
        return int(high) if question.integer else high
    if question.type in (QuestionType.MULTI, QuestionType.BODY_REGION):
        opened = tuple(v for v in allowed if v != NONE_OPTION)
        return opened or allowed[:1]
    return next((v for v in allowed if v not in (NO, NONE_OPTION)), allowed[0])


def _walk_length(content: ScreeningContent, kept: Answers, answer_with: AnswerRule) -> int:
    walk = dict(kept)
    remaining = 0
    question = next_question(content, walk)
    while question is not None:
        remaining += 1
        walk[question.id] = answer_with(question)
        if emergency_reached(content, walk):  # a wide walk does not end at an emergency
            walk[question.id] = default_answer(question)
        question = next_question(content, walk)
    return remaining


def _asked_in_order(content: ScreeningContent, kept: Answers) -> list[str]:
    return [q.id for q in content.questionnaire.questions if q.id in kept]


def progress(content: ScreeningContent, answers: Answers) -> Progress:
    """Answered so far, how many questions remain if the rest were answered plainly, and the
    range of the check's length to show.

    The range is taken over every step of the way so far (each earlier set of answers, in
    questionnaire order): its low end is the longest plain estimate seen, its high end the
    shortest wide estimate seen (every branch opened). So it only narrows as answers come in.
    """
    kept = visible_answers(content, answers)
    remaining = _walk_length(content, kept, default_answer)
    order = _asked_in_order(content, kept)
    low, high = 0, None
    for k in range(len(order) + 1):
        plain, wide = _step_lengths(content, tuple((qid, kept[qid]) for qid in order[:k]))
        low = max(low, plain)
        high = wide if high is None else min(high, wide)
    high = max(high or 0, low)
    return Progress(len(kept), remaining, low, high)


_LENGTHS: dict[tuple[int, str, tuple[tuple[str, AnswerValue], ...]], tuple[int, int]] = {}
_LENGTHS_MAX = 4096


def _step_lengths(
    content: ScreeningContent, prefix: tuple[tuple[str, AnswerValue], ...]
) -> tuple[int, int]:
    """(plain, wide) length of the whole check after the answers in ``prefix``. Remembered:
    each new answer adds one step to a path whose earlier steps were worked out already."""
    key = (id(content), content.version, prefix)
    found = _LENGTHS.get(key)
    if found is None:
        answers = dict(prefix)
        found = (
            len(prefix) + _walk_length(content, answers, default_answer),
            len(prefix) + _walk_length(content, answers, widest_answer),
        )
        if len(_LENGTHS) >= _LENGTHS_MAX:
            _LENGTHS.clear()
        _LENGTHS[key] = found
    return found
