"""Validating raw answers: every problem listed with what is allowed, nothing half-accepted."""

from __future__ import annotations

import pytest

from legcare.domain.screening.answers import validate_answer, validate_answers
from legcare.errors import InvalidInput


def test_valid_answers_are_typed_and_ordered(content) -> None:  # type: ignore[no-untyped-def]
    typed = validate_answers(
        content.questionnaire,
        {"rls_sleep": 4, "complaints": ["heel", "restless"], "rf_emergency": ["none"]},
    )
    assert list(typed) == ["rf_emergency", "complaints", "rls_sleep"]
    assert typed["complaints"] == ("restless", "heel")  # questionnaire option order
    assert typed["rls_sleep"] == 4


def test_each_problem_is_listed_with_what_is_allowed(content) -> None:  # type: ignore[no-untyped-def]
    raw = {
        "rls_urg": "yes",
        "rls_urge": True,
        "rf_emergency": ["none", "self_harm"],
        "rls_days_per_week": 8,
        "rls_sleep": 2.5,
        "heel_location": "toe",
        "complaints": [],
        "ctx_numb_areas": ["left_elbow"],
        "heel_risks": "footwear",
    }
    with pytest.raises(InvalidInput) as err:
        validate_answers(content.questionnaire, raw)
    details = err.value.details
    assert len(details) == len(raw)
    text = "\n".join(details)
    assert "rls_urg: unknown question id (did you mean 'rls_urge'?)" in text
    assert "rls_urge: must be one of: yes, no, not_sure (got yes (true/false))" in text
    assert "'none' cannot be combined" in text
    assert "rls_days_per_week: 8 is out of range; allowed: a whole number from 0 to 7" in text
    assert "rls_sleep: must be a whole number from 0 to 10" in text
    assert "heel_location: 'toe' is not allowed; allowed: underside_inner" in text
    assert "complaints: must list at least one of" in text
    assert "ctx_numb_areas: left_elbow not allowed; allowed: left_foot, right_foot" in text
    assert "heel_risks: must be a list of one or more of" in text
    assert "nothing was saved" in err.value.message


def test_duplicates_and_non_objects_are_refused(content) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="1 answer is not valid"):
        validate_answers(content.questionnaire, {"complaints": ["heel", "heel"]})
    with pytest.raises(InvalidInput, match="JSON object"):
        validate_answers(content.questionnaire, ["rf_emergency"])  # type: ignore[arg-type]


def test_body_region_and_single_answer(content) -> None:  # type: ignore[no-untyped-def]
    assert validate_answer(content.questionnaire, "ctx_wound_areas", ["right_calf"]) == (
        "right_calf",
    )
    question = content.questionnaire.get("ctx_wound_areas")
    assert question.option_label("left_thigh_back") == "Back of the thigh (left)"


def test_labels_for_each_question_type(content) -> None:  # type: ignore[no-untyped-def]
    qn = content.questionnaire
    assert qn.get("rls_urge").option_label("not_sure") == "Not sure"
    assert qn.get("heel_sides").option_label("both") == "Both heels"
    assert qn.get("heel_sides").option_label("odd") == "odd"
    assert qn.section_title("heel") == "Heel pain" and qn.section_title("x") == "x"
    assert qn.get("rls_sleep").allowed_values == ()
