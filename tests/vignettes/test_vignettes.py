"""The vignette corpus: clinical descriptions -> expected patterns, triage and precautions.

Each case in ``tests/vignettes/*.yaml`` is run through the real interview: the runner asks the
questions in order, answers from the case (or plainly: "no", "none", the first option, the
minimum) and stops where the interview stops. Every answer a case gives must have been asked,
so a case also proves the adaptive branching reaches it. The evaluation must then match the
expected patterns (exactly the consistent / possible ones), triage level, precaution ids,
and, where given, red flags, look-alikes, precaution areas, clinician points and words the
plain-language summary must contain (safety-net wording).

Run ``python -m tests.vignettes.test_vignettes`` for accuracy figures and question counts.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest
import yaml

from legcare.domain.screening.answers import validate_answer
from legcare.domain.screening.evaluation import evaluate
from legcare.domain.screening.interview import default_answer, next_question
from legcare.domain.screening.result import AnswerValue, ScreeningResult
from legcare.store.questionnaire_files import load_screening_content

HERE = Path(__file__).parent


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text()):
            case["file"] = path.name
            cases.append(case)
    return cases


CASES = load_cases()


def interview(case: dict[str, Any]) -> tuple[dict[str, AnswerValue], list[str]]:
    """Run the interview for a case: (answers given, ids of the questions asked in order)."""
    content = load_screening_content()
    given = case["answers"]
    answers: dict[str, AnswerValue] = {}
    asked: list[str] = []
    question = next_question(content, answers)
    while question is not None:
        asked.append(question.id)
        raw = given.get(question.id, default_answer(question))
        answers[question.id] = validate_answer(content.questionnaire, question.id, raw)
        question = next_question(content, answers)
    return answers, asked


def mismatches(case: dict[str, Any], result: ScreeningResult) -> dict[str, tuple[Any, Any]]:
    """Field -> (expected, got) for every expectation the result misses."""
    expect = case["expect"]
    got_patterns = {p.id: p.status.value for p in result.patterns}
    checks: dict[str, tuple[Any, Any]] = {
        "patterns": (expect["patterns"], got_patterns),
        "triage": (expect["triage"], result.triage.level.value),
        "precautions": (sorted(expect["precautions"]), sorted(p.id for p in result.precautions)),
    }
    if "red_flags" in expect:
        checks["red_flags"] = (sorted(expect["red_flags"]), sorted(f.id for f in result.red_flags))
    if "stopped_early" in expect:
        checks["stopped_early"] = (expect["stopped_early"], result.stopped_early)
    for pid, names in expect.get("lookalikes", {}).items():
        found = result.pattern(pid)
        checks[f"lookalikes.{pid}"] = (sorted(names), sorted(found.lookalikes if found else ()))
    for cid, areas in expect.get("areas", {}).items():
        found_areas = next((p.areas for p in result.precautions if p.id == cid), ())
        checks[f"areas.{cid}"] = (sorted(areas), sorted(found_areas))
    for word in expect.get("clinician_points_include", []):
        hit = any(word.lower() in p.lower() for p in result.clinician_points)
        checks[f"clinician_points~{word}"] = (True, hit)
    for word in expect.get("summary_include", []):
        checks[f"summary~{word}"] = (True, word.lower() in result.summary.lower())
    return {k: v for k, v in checks.items() if v[0] != v[1]}


def test_there_are_at_least_sixty_cases_with_unique_ids() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 60
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vignette(case: dict[str, Any]) -> None:
    answers, asked = interview(case)
    never_asked = sorted(set(case["answers"]) - set(asked))
    assert not never_asked, f"{case['id']}: answers for questions the interview never asked"
    result = evaluate(load_screening_content(), answers)
    assert not mismatches(case, result), (
        f"{case['id']} ({case['file']}): {mismatches(case, result)}"
    )


def test_every_red_flag_and_pattern_is_hit_by_some_vignette() -> None:
    content = load_screening_content()
    flags: set[str] = set()
    patterns: set[str] = set()
    for case in CASES:
        result = evaluate(content, interview(case)[0])
        flags |= {f.id for f in result.red_flags}
        patterns |= {p.id for p in result.patterns}
    assert {f.id for f in content.rules.red_flags} <= flags
    assert {p.id for p in content.rules.patterns} <= patterns


def report() -> str:
    """Accuracy per field and question counts over the corpus."""
    content = load_screening_content()
    fields = {"patterns": 0, "triage": 0, "precautions": 0, "all": 0}
    counts: list[int] = []
    failures = []
    for case in CASES:
        answers, asked = interview(case)
        counts.append(len(asked))
        missed = mismatches(case, evaluate(content, answers))
        for field in ("patterns", "triage", "precautions"):
            fields[field] += field not in missed
        fields["all"] += not missed
        if missed:
            failures.append(f"  {case['id']}: {missed}")
    n = len(CASES)
    lines = [f"{n} vignettes"]
    lines += [f"  {k:<12} {v}/{n} = {v / n:.1%}" for k, v in fields.items()]
    lines.append(
        f"questions asked: median {statistics.median(counts)}, min {min(counts)}, "
        f"max {max(counts)} (of {len(content.questionnaire.questions)} in the questionnaire)"
    )
    return "\n".join(lines + failures)


if __name__ == "__main__":
    print(report())
