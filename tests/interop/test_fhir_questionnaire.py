"""The questionnaire and a completed check as FHIR R4 (validated with fhir.resources R4B)."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcare.domain.screening.questions import QuestionType
from legcare.interop.fhir_questionnaire import (
    EXT,
    QUESTIONNAIRE_URL,
    SDC_ENABLE_WHEN,
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
    # "yes or not sure" to four questions: each answered and not "no", all of them
    days = items["rls_days_per_week"]
    assert days["enableBehavior"] == "all" and len(days["enableWhen"]) == 8
    assert {c["operator"] for c in days["enableWhen"]} == {"exists", "!="}
    # every rule is also kept exactly in the extension
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


# -- every conditional question carries its condition in a form FHIR tools evaluate ----------


def _fhir_answer(question, value):  # type: ignore[no-untyped-def]
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        key = "valueInteger" if question.integer else "valueDecimal"
        return [{key: v} for v in (value if isinstance(value, tuple) else (value,))]
    return [{"valueCoding": {"code": v}} for v in (value if isinstance(value, tuple) else (value,))]


def _enabled_by_enable_when(item, answers) -> bool:  # type: ignore[no-untyped-def]
    """R4 enableWhen, evaluated here independently of legcare's code."""
    results = []
    for condition in item["enableWhen"]:
        given = answers.get(condition["question"], [])
        op = condition["operator"]
        if op == "exists":
            results.append(bool(given) == condition["answerBoolean"])
            continue
        key = next(k for k in condition if k.startswith("answer"))
        expected = condition[key]["code"] if key == "answerCoding" else condition[key]
        values = [a.get("valueCoding", {}).get("code") if "valueCoding" in a else
                  next(iter(a.values())) for a in given]  # fmt: skip
        if op == "=":
            results.append(expected in values)
        elif op == "!=":
            results.append(expected not in values)
        elif op == ">=":
            results.append(any(v >= expected for v in values))
        elif op == "<=":
            results.append(any(v <= expected for v in values))
        else:
            raise AssertionError(op)
    behaviour = item.get("enableBehavior", "all")
    return all(results) if behaviour == "all" else any(results)


def _conditional():  # type: ignore[no-untyped-def]
    content = load_screening_content()
    return [q for q in content.questionnaire.questions if q.show_when is not None]


def _answer_strategy(question):  # type: ignore[no-untyped-def]
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        low = int(question.minimum if question.minimum is not None else 0)
        high = int(question.maximum if question.maximum is not None else 30)
        return st.integers(low, high) if question.integer else st.integers(low, high).map(float)
    if question.type in (QuestionType.MULTI, QuestionType.BODY_REGION):
        return st.lists(st.sampled_from(question.allowed_values), unique=True, min_size=1).map(
            tuple
        )
    return st.sampled_from(question.allowed_values)


@pytest.mark.parametrize("question", _conditional(), ids=lambda q: q.id)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fhir_condition_agrees_with_legcares_rule(resource, question, data) -> None:  # type: ignore[no-untyped-def]
    from fhirpathpy import evaluate
    from fhirpathpy.models import models

    from legcare.domain.screening.rules import facts_used, holds

    content = load_screening_content()
    item = _items(resource)[question.id]
    facts = {}
    for fact in sorted(facts_used(question.show_when)):
        asked = content.questionnaire.get(fact)
        assert asked is not None, f"{question.id} depends on a derived fact {fact}"
        if data.draw(st.booleans(), label=f"{fact} answered"):
            facts[fact] = data.draw(_answer_strategy(asked), label=fact)
    expected = holds(question.show_when, facts)
    answers = {
        fact: _fhir_answer(content.questionnaire.get(fact), value) for fact, value in facts.items()
    }
    if "enableWhen" in item:
        assert _enabled_by_enable_when(item, answers) == expected
        return
    (extension,) = [e for e in item.get("extension", []) if e["url"] == SDC_ENABLE_WHEN]
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "in-progress",
        "item": [{"linkId": "all", "item": [
            {"linkId": fact, "answer": given} for fact, given in answers.items()
        ]}],
    }  # fmt: skip
    expression = extension["valueExpression"]["expression"]
    assert evaluate(response, expression, {"resource": response}, models["r4"]) == [expected]


def test_every_conditional_question_has_a_condition_fhir_can_evaluate(resource) -> None:  # type: ignore[no-untyped-def]
    items = _items(resource)
    plain, expression = [], []
    for question in _conditional():
        item = items[question.id]
        if "enableWhen" in item:
            plain.append(question.id)
        else:
            assert any(e["url"] == SDC_ENABLE_WHEN for e in item["extension"]), question.id
            expression.append(question.id)
    # only rules enableWhen cannot say ("any of (all of ...)", "all of (any of ...)") use the
    # SDC FHIRPath expression
    content = load_screening_content()
    for question in _conditional():
        if question.id in expression:
            assert enable_when(question.show_when, content) == ([], ""), question.id
    assert expression  # nested rules exist in the check, and they are all covered
    assert len(plain) + len(expression) == len(_conditional()) and plain
