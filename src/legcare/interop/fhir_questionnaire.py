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
from collections.abc import Callable, Mapping
from typing import Any

from legcare.domain.screening.questions import Question, QuestionType
from legcare.domain.screening.rules import All, Answered, AnyOf, Compare, Not, Rule, rule_to_dict
from legcare.domain.screening.ruleset import ScreeningContent

QUESTIONNAIRE_URL = "urn:legcare:questionnaire:check"
ANSWER_SYSTEM = "urn:legcare:codes:check-answer"
EXT = "urn:legcare:fhir:extension:"


def _coding(question: Question, value: str) -> dict[str, Any]:
    return {"system": ANSWER_SYSTEM, "code": value, "display": question.option_label(value)}


def _numeric_type(question: Question) -> str:
    return "integer" if question.integer else "decimal"


def _fhir_type(question: Question) -> str:
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        return _numeric_type(question)
    return "choice"


def _numeric(question: Question) -> bool:
    return question.type in (QuestionType.SCALE, QuestionType.NUMBER)


def _condition(question: Question, op: str, value: Any) -> dict[str, Any]:
    if _numeric(question):
        key = "answerInteger" if question.integer else "answerDecimal"
        return {"question": question.id, "operator": op, key: value}
    return {"question": question.id, "operator": op, "answerCoding": _coding(question, str(value))}


def _repeats(question: Question) -> bool:
    return question.type in (QuestionType.MULTI, QuestionType.BODY_REGION)


def _exists(question: Question) -> dict[str, Any]:
    return {"question": question.id, "operator": "exists", "answerBoolean": True}


def _values(leaf: Compare) -> tuple[Any, ...]:
    return leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)


def _leaf_any(leaf: Compare | Answered, question: Question) -> list[dict[str, Any]] | None:
    """Conditions whose disjunction (enableBehavior any) is exactly ``leaf``, or None."""
    if isinstance(leaf, Answered):
        return [_exists(question)]
    if leaf.op in ("in", "any_in", "=="):
        return [_condition(question, "=", v) for v in _values(leaf)]
    if leaf.op in (">=", "<=") and _numeric(question):
        return [_condition(question, leaf.op, leaf.value)]
    return None  # "!=" is true on an unanswered question in FHIR, false here


def _leaf_all(leaf: Compare | Answered, question: Question) -> list[dict[str, Any]] | None:
    """Conditions whose conjunction (enableBehavior all) is exactly ``leaf``, or None.

    FHIR's ``!=`` is true when a question is unanswered, legcare's comparisons never are, so
    each ``!=`` comes with an ``exists``; "one of these answers" on a single-choice question
    is "answered, and none of the other answers"."""
    if isinstance(leaf, Answered):
        return [_exists(question)]
    values = _values(leaf)
    if leaf.op in (">=", "<=") and _numeric(question):
        return [_condition(question, leaf.op, leaf.value)]
    if leaf.op in ("==", "in", "any_in") and len(values) == 1:
        return [_condition(question, "=", values[0])]
    if leaf.op == "!=":
        return [_exists(question), _condition(question, "!=", leaf.value)]
    if leaf.op == "in" and not _repeats(question) and not _numeric(question):
        others = [v for v in question.allowed_values if v not in values]
        return [_exists(question)] + [_condition(question, "!=", v) for v in others]
    return None


def enable_when(rule: Rule | None, content: ScreeningContent) -> tuple[list[dict[str, Any]], str]:
    """(enableWhen list, enableBehavior) when FHIR's enableWhen can say ``rule`` exactly,
    else ([], "")."""

    def question(leaf: Compare | Answered) -> Question:
        found = content.questionnaire.get(leaf.fact)
        if found is None:
            raise LookupError(leaf.fact)  # a derived fact, not a question
        return found

    try:
        if isinstance(rule, Compare | Answered):
            anyof = _leaf_any(rule, question(rule))
            if anyof is not None:
                return anyof, "any"
            allof = _leaf_all(rule, question(rule))
            if allof is not None:
                return allof, "all"
        elif isinstance(rule, All | AnyOf) and all(
            isinstance(i, Compare | Answered) for i in rule.items
        ):
            return _joined(rule, question)
    except LookupError:
        pass
    return [], ""


def _joined(
    rule: All | AnyOf, question: Callable[[Compare | Answered], Question]
) -> tuple[list[dict[str, Any]], str]:
    """All or AnyOf of plain leaves: every leaf's conditions, joined the rule's way."""
    leaf, behaviour = (_leaf_all, "all") if isinstance(rule, All) else (_leaf_any, "any")
    parts = [leaf(i, question(i)) for i in rule.items]  # type: ignore[arg-type]
    if all(p is not None for p in parts):
        return [c for p in parts for c in p or []], behaviour
    return [], ""


_FHIRPATH_OPS = {"==": "=", "!=": "!=", ">=": ">=", "<=": "<="}


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return repr(value)


def _answers_path(fact: str, content: ScreeningContent) -> str:
    if content.questionnaire.get(fact) is None:
        raise LookupError(fact)  # a derived fact, not a question
    return f"%resource.repeat(item).where(linkId = {_literal(fact)}).answer.value"


def _compare_path(node: Compare, content: ScreeningContent) -> str:
    question = content.questionnaire.get(node.fact)
    values = _answers_path(node.fact, content)
    values += "" if question is not None and _numeric(question) else ".code"
    if node.op in ("in", "any_in"):
        listed = " | ".join(_literal(v) for v in _values(node))
        return f"{values}.where($this in ({listed})).exists()"
    value = _literal(node.value)
    if node.op == "!=":
        return f"({values}.exists() and {values}.where($this = {value}).empty())"
    return f"{values}.where($this {_FHIRPATH_OPS[node.op]} {value}).exists()"


def _path(node: Rule, content: ScreeningContent) -> str:
    if isinstance(node, Answered):
        return f"{_answers_path(node.fact, content)}.exists()"
    if isinstance(node, Compare):
        return _compare_path(node, content)
    if isinstance(node, All | AnyOf):
        joiner = " and " if isinstance(node, All) else " or "
        return "(" + joiner.join(_path(i, content) for i in node.items) + ")"
    if isinstance(node, Not):
        return f"({_path(node.item, content)}).not()"
    raise LookupError(type(node).__name__)


def enable_when_expression(rule: Rule | None, content: ScreeningContent) -> str | None:
    """``rule`` as a FHIRPath expression over the response (for the SDC extension
    ``sdc-questionnaire-enableWhenExpression``), or None when it names a derived fact."""
    if rule is None:
        return None
    try:
        return _path(rule, content)
    except LookupError:
        return None


SDC_ENABLE_WHEN = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)


def _bounds(question: Question) -> list[dict[str, Any]]:
    """The minValue and maxValue extensions of a scale or number question."""
    extensions: list[dict[str, Any]] = []
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        key = "valueInteger" if question.integer else "valueDecimal"
        for name, bound in (("minValue", question.minimum), ("maxValue", question.maximum)):
            if bound is not None:
                value = int(bound) if question.integer else bound
                extensions.append(
                    {"url": f"http://hl7.org/fhir/StructureDefinition/{name}", key: value}
                )
    return extensions


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
    extensions = _bounds(question)
    if question.show_when is not None:
        extensions.append(
            {"url": EXT + "show-when", "valueString": json.dumps(rule_to_dict(question.show_when))}
        )
        conditions, behaviour = enable_when(question.show_when, content)
        if conditions:
            item["enableWhen"] = conditions
            if len(conditions) > 1:
                item["enableBehavior"] = behaviour
        else:
            expression = enable_when_expression(question.show_when, content)
            if expression is not None:
                extensions.append(
                    {
                        "url": SDC_ENABLE_WHEN,
                        "valueExpression": {"language": "text/fhirpath", "expression": expression},
                    }
                )
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
