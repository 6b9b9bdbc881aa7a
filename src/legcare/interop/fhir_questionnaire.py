"""The Check as FHIR: the questionnaire as a ``Questionnaire`` and a completed check as a
``QuestionnaireResponse``.

Validated with ``fhir.resources`` 8 through its ``R4B`` models (the package's top level is R5;
R4B is the R4-compatible release it ships; Questionnaire and QuestionnaireResponse have the same
shape in R4 and R4B). Each section becomes a ``group`` item. A ``show_when`` rule that FHIR can
express (one question compared with values, ``answered``, or a flat ``all``/``any`` of those) is
written as ``enableWhen``; every rule is also kept exactly in the extension
``urn:legcare:fhir:extension:show-when`` (JSON), because nested rules have no ``enableWhen`` form.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from legcare.domain.screening.questions import Question, QuestionType
from legcare.domain.screening.rules import All, Answered, AnyOf, Compare, Rule, rule_to_dict
from legcare.domain.screening.ruleset import ScreeningContent

QUESTIONNAIRE_URL = "urn:legcare:questionnaire:check"
ANSWER_SYSTEM = "urn:legcare:codes:check-answer"
EXT = "urn:legcare:fhir:extension:"
_FHIR_OPS = {"==": "=", "!=": "!=", ">=": ">=", "<=": "<=", "in": "=", "any_in": "="}


def _coding(question: Question, value: str) -> dict[str, Any]:
    return {"system": ANSWER_SYSTEM, "code": value, "display": question.option_label(value)}


def _numeric_type(question: Question) -> str:
    return "integer" if question.integer else "decimal"


def _fhir_type(question: Question) -> str:
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        return _numeric_type(question)
    return "choice"


def _enable_when_leaf(leaf: Compare | Answered, content: ScreeningContent) -> list[dict[str, Any]]:
    question = content.questionnaire.get(leaf.fact)
    if question is None:
        raise ValueError(leaf.fact)
    if isinstance(leaf, Answered):
        return [{"question": leaf.fact, "operator": "exists", "answerBoolean": True}]
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        key = "answerInteger" if question.integer else "answerDecimal"
        return [{"question": leaf.fact, "operator": _FHIR_OPS[leaf.op], key: leaf.value}]
    values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    return [
        {
            "question": leaf.fact,
            "operator": _FHIR_OPS[leaf.op],
            "answerCoding": _coding(question, str(v)),
        }
        for v in values
    ]


def enable_when(rule: Rule | None, content: ScreeningContent) -> tuple[list[dict[str, Any]], str]:
    """(enableWhen list, enableBehavior) for rules FHIR can express, else ([], "")."""
    try:
        if isinstance(rule, Compare | Answered):
            conditions = _enable_when_leaf(rule, content)
            return conditions, ("any" if len(conditions) > 1 else "all")
        if isinstance(rule, All | AnyOf):
            leaves = [i for i in rule.items if isinstance(i, Compare | Answered)]
            if len(leaves) == len(rule.items):
                parts = [_enable_when_leaf(leaf, content) for leaf in leaves]
                if isinstance(rule, AnyOf):
                    return [c for part in parts for c in part], "any"
                if all(len(part) == 1 for part in parts):
                    return [part[0] for part in parts], "all"
    except ValueError:
        pass  # a derived fact, not a question: no enableWhen form
    return [], ""


def _item(question: Question, content: ScreeningContent) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.text,
        "type": _fhir_type(question),
        "required": True,
    }
    if question.type in (QuestionType.MULTI, QuestionType.BODY_REGION):
        item["repeats"] = True
    if item["type"] == "choice":
        item["answerOption"] = [
            {"valueCoding": _coding(question, v)} for v in question.allowed_values
        ]
    extensions = []
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        key = "valueInteger" if question.integer else "valueDecimal"
        for name, bound in (("minValue", question.minimum), ("maxValue", question.maximum)):
            if bound is not None:
                value = int(bound) if question.integer else bound
                extensions.append(
                    {"url": f"http://hl7.org/fhir/StructureDefinition/{name}", key: value}
                )
    if question.show_when is not None:
        extensions.append(
            {"url": EXT + "show-when", "valueString": json.dumps(rule_to_dict(question.show_when))}
        )
        conditions, behaviour = enable_when(question.show_when, content)
        if conditions:
            item["enableWhen"] = conditions
            if len(conditions) > 1:
                item["enableBehavior"] = behaviour
    if extensions:
        item["extension"] = extensions
    return item


def questionnaire_resource(content: ScreeningContent) -> dict[str, Any]:
    """The questionnaire as a validated FHIR R4 (R4B) Questionnaire, as JSON."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    qn = content.questionnaire
    groups = [
        {
            "linkId": section.id,
            "text": section.title,
            "type": "group",
            "item": [_item(q, content) for q in qn.questions if q.section == section.id],
        }
        for section in qn.sections
    ]
    data = {
        "resourceType": "Questionnaire",
        "id": "legcare-check",
        "url": QUESTIONNAIRE_URL,
        "version": content.version,
        "name": "LegcareCheck",
        "title": "legcare check: restless legs, heel pain and posterior-chain leg pain",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "A self-screening in legcare's own words from published criteria; "
        "its results are patterns the answers are consistent with, never a diagnosis.",
        "item": [g for g in groups if g["item"]],
    }
    resource: dict[str, Any] = json.loads(Questionnaire.model_validate(data).model_dump_json())
    return resource


def _answer(question: Question, value: Any) -> list[dict[str, Any]]:
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        key = "valueInteger" if question.integer else "valueDecimal"
        return [{key: value}]
    values = value if isinstance(value, list | tuple) else [value]
    return [{"valueCoding": _coding(question, str(v))} for v in values]


def questionnaire_response(
    content: ScreeningContent, check: Mapping[str, Any], *, subject: str | None = None
) -> dict[str, Any]:
    """A completed check (``services.screening.check_to_dict``) as a validated
    QuestionnaireResponse; the triage level and result JSON ride in legcare extensions."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    qn = content.questionnaire
    answers = check["answers"]
    groups = []
    for section in qn.sections:
        items = [
            {"linkId": q.id, "text": q.text, "answer": _answer(q, answers[q.id])}
            for q in qn.questions
            if q.section == section.id and q.id in answers
        ]
        if items:
            groups.append({"linkId": section.id, "text": section.title, "item": items})
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"legcare-check-{check['id']}")),
        "questionnaire": f"{QUESTIONNAIRE_URL}|{check['content_version']}",
        "status": "completed" if check.get("status", "complete") == "complete" else "in-progress",
        "item": groups,
    }
    if check.get("completed_at"):
        data["authored"] = check["completed_at"]
    if subject:
        data["subject"] = {"reference": subject}
    if check.get("result"):
        data["extension"] = [
            {"url": EXT + "triage-level", "valueCode": check["result"]["triage"]["level"]},
            {"url": EXT + "screening-result", "valueString": json.dumps(check["result"])},
        ]
    response: dict[str, Any] = json.loads(
        QuestionnaireResponse.model_validate(data).model_dump_json()
    )
    return response
