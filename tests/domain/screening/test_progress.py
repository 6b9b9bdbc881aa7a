"""The check's length shown to the person: a range that only narrows along any answer path,
and that holds the real length (Hypothesis over answer paths through the real questionnaire)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcare.domain.screening.interview import next_question, progress
from legcare.domain.screening.result import AnswerValue
from legcare.store.questionnaire_files import load_screening_content
from tests.domain.screening.test_properties import _answer

CONTENT = load_screening_content()


@st.composite
def answer_paths(draw: st.DrawFn) -> list[dict[str, AnswerValue]]:
    """The answers after each step of one walk through the interview."""
    answers: dict[str, AnswerValue] = {}
    path = [dict(answers)]
    question = next_question(CONTENT, answers)
    while question is not None:
        answers[question.id] = draw(_answer(question))
        path.append(dict(answers))
        question = next_question(CONTENT, answers)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_paths())
def test_the_range_only_narrows_and_holds_the_real_length(path) -> None:
    asked = len(path) - 1
    shown = [progress(CONTENT, answers) for answers in path]
    for before, after in zip(shown, shown[1:], strict=False):
        assert after.low >= before.low
        assert after.high <= before.high
    for step in shown:
        assert step.low <= step.high
        if step.answered < asked:  # a question is still to come: it fits in the range
            assert step.answered + 1 <= step.high
    final = shown[-1]
    assert final.answered == asked


def test_the_first_range_is_wide_enough_for_a_person_with_every_complaint() -> None:
    first = progress(CONTENT, {})
    assert first.low < first.high
    assert first.high >= 30  # not "about 10" when every branch can open


def test_the_label_shows_the_range_until_the_length_is_known() -> None:
    from legcare.domain.screening.interview import Progress

    assert Progress(0, 9, low=10, high=50).label() == "Question 1 of 10 to 50"
    assert Progress(11, 1, low=12, high=12).label() == "Question 12 of 12"
    assert Progress(12, 0, low=12, high=12).label() == "Question 13 of 13"  # never "13 of 12"
