"""The adaptive interview: which question comes next, going back, and progress.

Questions are asked in questionnaire order (red flags first). A question is asked only when its
``show_when`` holds for the answers given so far, so branches that cannot change the result are
skipped. The interview stops at the first answer that means an emergency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from legcare.domain.screening.questions import NO, NONE_OPTION, Question, QuestionType
from legcare.domain.screening.result import AnswerValue
from legcare.domain.screening.rules import holds
from legcare.domain.screening.ruleset import ScreeningContent
from legcare.domain.screening.vocabulary import TriageLevel

Answers = Mapping[str, AnswerValue]


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
    answered: int
    remaining_estimate: int

    @property
    def total_estimate(self) -> int:
        return self.answered + self.remaining_estimate


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


def progress(content: ScreeningContent, answers: Answers) -> Progress:
    """Answered so far, and how many questions remain if the rest were answered plainly.

    The estimate walks the rest of the interview with ``default_answer``; it grows when an
    answer opens a branch.
    """
    kept = visible_answers(content, answers)
    walk = dict(kept)
    remaining = 0
    question = next_question(content, walk)
    while question is not None:
        remaining += 1
        walk[question.id] = default_answer(question)
        question = next_question(content, walk)
    return Progress(len(kept), remaining)
