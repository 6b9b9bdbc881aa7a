"""Screening: evaluating a complete answer set (target: median < 1 ms), validating it, and one
interview step, against json.loads of the same answers measured in the same run."""

from __future__ import annotations

import json

from benchmarks.harness import Row, make_row, peak_memory_mib, time_call


def _answers() -> dict[str, object]:
    """A large, realistic complete answer set: RLS, heel and posterior-chain branches open."""
    from legcare.domain.screening.interview import default_answer, next_question
    from legcare.store.questionnaire_files import load_screening_content

    content = load_screening_content()
    given: dict[str, object] = {
        "complaints": ("restless", "heel", "calf", "thigh"),
        "rls_urge": "yes",
        "rls_rest": "yes",
        "rls_relief": "yes",
        "rls_evening": "yes",
        "rls_days_per_week": 4,
        "rls_sleep": 7,
        "la_cramp_knot": "yes",
        "heel_first_steps": "yes",
        "thigh_onset": "gradual",
        "ctx_varicose": "yes",
        "ctx_varicose_areas": ("left_calf",),
        "ctx_rls_medicine": "yes",
    }
    answers: dict[str, object] = {}
    question = next_question(content, answers)  # type: ignore[arg-type]
    while question is not None:
        answers[question.id] = given.get(question.id, default_answer(question))
        question = next_question(content, answers)  # type: ignore[arg-type]
    return answers


def rows(quick: bool) -> list[Row]:
    from legcare.domain.screening.answers import validate_answers
    from legcare.domain.screening.evaluation import evaluate
    from legcare.domain.screening.interview import next_question
    from legcare.store.questionnaire_files import load_screening_content

    content = load_screening_content()
    answers = _answers()
    raw = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    text = json.dumps(raw)
    repeat = 300 if quick else 3000
    note = f"{len(answers)} answers"
    base = make_row(
        "screening", "json.loads of the answers", time_call(lambda: json.loads(text), repeat=repeat)
    )
    extra = {"baseline_ms": base.median_ms, "baseline_name": "json.loads"}
    evaluate_row = make_row(
        "screening",
        "evaluate a complete answer set",
        time_call(lambda: evaluate(content, answers), repeat=repeat),  # type: ignore[arg-type]
        target="< 1 ms",
        peak_mib=peak_memory_mib(lambda: evaluate(content, answers)),  # type: ignore[arg-type]
        note=note,
        **extra,
    )
    validate_row = make_row(
        "screening",
        "validate the raw answers",
        time_call(lambda: validate_answers(content.questionnaire, raw), repeat=repeat),
        note=note,
        **extra,
    )
    step_row = make_row(
        "screening",
        "next question (interview step)",
        time_call(lambda: next_question(content, answers), repeat=repeat),  # type: ignore[arg-type]
        **extra,
    )
    return [base, evaluate_row, validate_row, step_row]
