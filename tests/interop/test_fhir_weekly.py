"""The weekly scores as FHIR R4 Questionnaire and QuestionnaireResponse (fhir.resources R4B)."""

from __future__ import annotations

from datetime import date

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from legcare.domain.tracking.weekly_scores import ITEMS, WeeklyScoreKind, weekly_score
from legcare.interop.fhir_weekly import weekly_questionnaire, weekly_response
from legcare.store.tracking_content import load_weekly_items


@pytest.mark.parametrize("kind", list(WeeklyScoreKind))
def test_questionnaire_is_valid_r4_and_says_it_is_not_validated(kind: WeeklyScoreKind) -> None:
    resource = weekly_questionnaire(load_weekly_items()[kind], version="0.1")
    parsed = Questionnaire.model_validate(resource)
    assert [i.linkId for i in parsed.item] == [*ITEMS[kind], "score"]
    assert "not a validated instrument" in (parsed.description or "")
    assert "IRLS" not in str(resource)


def test_response_is_valid_and_carries_answers_and_score() -> None:
    answers = {"first_step_pain": 6, "pain_after_standing": 4, "function": 2}
    day = date(2026, 12, 3)
    score = weekly_score(WeeklyScoreKind.HEEL, day, answers, today=day)
    resource = weekly_response(score, version="0.1", subject="Patient/abc")
    parsed = QuestionnaireResponse.model_validate(resource)
    got = {i.linkId: i.answer[0].valueInteger for i in parsed.item}
    assert got == {**answers, "score": 40}
    assert parsed.questionnaire == "urn:legcare:questionnaire:heel_weekly|0.1"
