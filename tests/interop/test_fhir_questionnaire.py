"""The questionnaire and a completed check as FHIR R4 (validated with fhir.resources R4B)."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from legcare.interop.fhir_questionnaire import (
    EXT,
    QUESTIONNAIRE_URL,
    enable_when,
    questionnaire_resource,
    questionnaire_response,
)
from legcare.store.questionnaire_files import load_screening_content


@pytest.fixture(scope="module")
def resource() -> dict:  # type: ignore[type-arg]
    return questionnaire_resource(load_screening_content())


def _items(resource):  # type: ignore[no-untyped-def]
    return {item["linkId"]: item for group in resource["item"] for item in group["item"]}


def test_questionnaire_is_valid_r4_with_every_question(resource) -> None:  # type: ignore[no-untyped-def]
    Questionnaire.model_validate(resource)  # raises if not valid
    content = load_screening_content()
    items = _items(resource)
    assert list(items) == [q.id for q in content.questionnaire.questions]
    assert [g["type"] for g in resource["item"]] == ["group"] * len(resource["item"])
    assert resource["url"] == QUESTIONNAIRE_URL and resource["version"] == content.version


def test_item_types_options_and_ranges(resource) -> None:  # type: ignore[no-untyped-def]
    items = _items(resource)
    urge = items["rls_urge"]
    assert urge["type"] == "choice"
    assert [o["valueCoding"]["code"] for o in urge["answerOption"]] == ["yes", "no", "not_sure"]
    assert items["complaints"]["repeats"] is True
    days = items["rls_days_per_week"]
    assert days["type"] == "integer"
    bounds = {e["url"].rsplit("/", 1)[-1]: e.get("valueInteger") for e in days["extension"]}
    assert bounds["minValue"] == 0 and bounds["maxValue"] == 7


def test_show_when_becomes_enable_when_where_fhir_can_say_it(resource) -> None:  # type: ignore[no-untyped-def]
    items = _items(resource)
    rest = items["rls_rest"]
    assert rest["enableBehavior"] == "any"
    assert {c["answerCoding"]["code"] for c in rest["enableWhen"]} == {"yes", "not_sure"}
    weeks = items["heel_self_care_tried"]["enableWhen"]
    assert {"question": "heel_weeks", "operator": ">=", "answerInteger": 6} in weeks
    # a nested rule has no enableWhen form, but is kept exactly in the extension
    days = items["rls_days_per_week"]
    assert "enableWhen" not in days
    kept = next(e for e in days["extension"] if e["url"] == EXT + "show-when")
    assert json.loads(kept["valueString"])["all"][0] == {"in": ["rls_urge", ["yes", "not_sure"]]}
    assert enable_when(None, load_screening_content()) == ([], "")


def test_a_completed_check_as_questionnaire_response() -> None:
    content = load_screening_content()
    check = {
        "id": 7,
        "status": "complete",
        "completed_at": "2026-11-20T19:30:00+00:00",
        "content_version": content.version,
        "answers": {
            "rf_emergency": ["none"],
            "rf_urgent": ["none"],
            "complaints": ["heel"],
            "heel_weeks": 4,
        },
        "result": {"triage": {"level": "self_care"}},
    }
    response = questionnaire_response(content, check, subject="Patient/1")
    QuestionnaireResponse.model_validate(response)
    assert response["status"] == "completed"
    assert response["questionnaire"] == f"{QUESTIONNAIRE_URL}|{content.version}"
    items = {i["linkId"]: i for g in response["item"] for i in g["item"]}
    assert items["complaints"]["answer"] == [
        {
            "valueCoding": {
                "system": "urn:legcare:codes:check-answer",
                "code": "heel",
                "display": "Pain under the heel or the sole of the foot",
            }
        }
    ]
    assert items["heel_weeks"]["answer"] == [{"valueInteger": 4}]
    assert response["extension"][0]["valueCode"] == "self_care"
    assert response["subject"] == {"reference": "Patient/1"}
