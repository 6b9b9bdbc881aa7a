"""Independent clinical cases through the real interview, with loose, clinically set expectations.

The cases in ``cases.yaml`` and ``cases_more.yaml`` were written from the clinical criteria, and
their answers from the question texts alone, by people who did not write the rules. Unlike the
main vignette corpus, a case answers every question, as the person would, and the interview
decides what to ask; so a case also shows whether adaptive branching reaches the question that
matters for it.

Run ``python -m tests.vignettes.independent.test_independent_cases`` for a per-case table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from legcare.domain.screening.answers import validate_answer
from legcare.domain.screening.evaluation import evaluate
from legcare.domain.screening.interview import next_question
from legcare.domain.screening.result import AnswerValue, ScreeningResult, Triage
from legcare.domain.screening.vocabulary import PatternStatus, TriageLevel
from legcare.store.questionnaire_files import load_screening_content

CASE_FILES = ("cases.yaml", "cases_more.yaml")
CASES: list[dict[str, Any]] = [
    case
    for name in CASE_FILES
    for case in yaml.safe_load((Path(__file__).parent / name).read_text())
]
FOUND = {PatternStatus.CONSISTENT, PatternStatus.POSSIBLE}


def interview(case: dict[str, Any]) -> tuple[ScreeningResult, list[str]]:
    """The result of the case's interview, and the ids of the questions it asked."""
    content = load_screening_content()
    answers: dict[str, AnswerValue] = {}
    asked: list[str] = []
    question = next_question(content, answers)
    while question is not None:
        asked.append(question.id)
        assert question.id in case["answers"], f"{case['id']}: no answer to {question.id}"
        answers[question.id] = validate_answer(
            content.questionnaire, question.id, case["answers"][question.id]
        )
        question = next_question(content, answers)
    return evaluate(content, answers), asked


def misses(case: dict[str, Any], result: ScreeningResult) -> list[str]:
    """What the result misses of the case's expectations, in words."""
    expect = case["expect"]
    status = {p.id: p.status for p in result.patterns}
    out = [f"{p} not found" for p in expect.get("found", []) if status.get(p) not in FOUND]
    out += [
        f"{p} called consistent"
        for p in expect.get("not_consistent", [])
        if status.get(p) is PatternStatus.CONSISTENT
    ]
    out += [f"{p} offered" for p in expect.get("not_found", []) if status.get(p) in FOUND]
    floor = TriageLevel(expect.get("triage_at_least", "self_care"))
    if result.triage.level.rank > floor.rank:
        out.append(f"triage {result.triage.level.value} below {floor.value}")
    kinds = {p.kind.value for p in result.precautions}
    out += [f"no {k} precaution" for k in expect.get("precaution_kinds", []) if k not in kinds]
    if "massage_blocked" in expect and result.massage_blocked != expect["massage_blocked"]:
        out.append(f"massage_blocked is {result.massage_blocked}")
    summary = result.summary.lower()
    out += [f"advice lacks {w!r}" for w in expect.get("summary_include", []) if w not in summary]
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_independent_case(case: dict[str, Any]) -> None:
    result, _ = interview(case)
    assert not misses(case, result), f"{case['id']}: {case['description']}"


def test_case_ids_are_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


def test_the_expectations_can_fail() -> None:
    """A result that finds nothing and says self-care misses every case that expects anything."""
    empty = ScreeningResult((), Triage(TriageLevel.SELF_CARE, ""), (), (), (), "", "")
    assert all(misses(case, empty) for case in CASES if case["expect"].get("found"))


if __name__ == "__main__":
    found = 0
    for case in CASES:
        result, asked = interview(case)
        missed = misses(case, result)
        found += not missed
        print(f"{case['id']}  asked {len(asked):>2}  {missed if missed else 'ok'}")
    print(f"{found}/{len(CASES)} cases meet every expectation")
