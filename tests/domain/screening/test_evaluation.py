"""Evaluation details: reasons, look-alikes, triage text, precaution areas, the clot safety net."""

from __future__ import annotations

from dataclasses import replace

from legcare.domain.screening.evaluation import evaluate
from legcare.domain.screening.vocabulary import (
    PATTERN_IDS,
    PatternStatus,
    PrecautionKind,
    TriageLevel,
    most_urgent,
)
from tests.domain.screening.conftest import RLS_CORE, make_answers


def test_reasons_name_the_answers_that_led_to_a_pattern(content) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(content, make_answers(complaints=["restless"], **RLS_CORE))
    rls = result.pattern("restless_legs")
    assert rls is not None and rls.status is PatternStatus.CONSISTENT
    assert [r.question_id for r in rls.reasons] == list(RLS_CORE)
    assert all(r.answer == "yes" and r.why for r in rls.reasons)
    assert any("ferritin" in p for p in result.clinician_points)


def test_a_lookalike_downgrades_rls_and_is_named_in_the_summary(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(complaints=["restless"], la_cramp_knot="yes", **RLS_CORE)
    result = evaluate(content, answers)
    rls = result.pattern("restless_legs")
    assert rls is not None and rls.status is PatternStatus.POSSIBLE
    assert rls.lookalikes == ("leg_cramps",)
    assert "leg cramps, which can feel similar" in result.summary
    assert "not a diagnosis" in result.summary


def test_a_lookalike_told_apart_is_reported_beside_rls(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(complaints=["restless"], la_cramp_knot="yes", **RLS_CORE)
    result = evaluate(content, answers | {"la_separate_feeling": "yes"})
    rls = result.pattern("restless_legs")
    assert rls is not None and rls.status is PatternStatus.CONSISTENT and rls.lookalikes == ()
    assert result.status_of("leg_cramps") is PatternStatus.CONSISTENT
    assert "consistent with the leg cramps pattern" in result.summary
    # a look-alike that cannot coexist still downgrades, and is the only one named
    both = answers | {"la_separate_feeling": "yes", "la_position_once": "yes"}
    rls = evaluate(content, both).pattern("restless_legs")
    assert rls is not None and rls.status is PatternStatus.POSSIBLE
    assert rls.lookalikes == ("positional_discomfort",)


def test_coexisting_needs_the_rule_that_tells_the_feelings_apart(content) -> None:  # type: ignore[no-untyped-def]
    rules = replace(
        content.rules,
        patterns=tuple(
            replace(p, coexisting_when=None) if p.id == "restless_legs" else p
            for p in content.rules.patterns
        ),
    )
    answers = make_answers(complaints=["restless"], la_cramp_knot="yes", **RLS_CORE)
    result = evaluate(replace(content, rules=rules), answers | {"la_separate_feeling": "yes"})
    assert result.status_of("restless_legs") is PatternStatus.POSSIBLE


def test_summary_puts_triage_first(content) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(content, make_answers(complaints=["heel"], heel_sides="both"))
    assert result.summary.startswith("See a clinician soon.")
    assert result.triage.level is TriageLevel.SEE_CLINICIAN_SOON


def test_nothing_found_is_self_care_with_the_no_pattern_text(content) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(content, make_answers(complaints=["none"]))
    assert result.patterns == () and result.triage.level is TriageLevel.SELF_CARE
    assert content.rules.no_pattern_text in result.summary


def test_precaution_areas_come_from_the_body_region_answers(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(ctx_wounds="yes", ctx_wound_areas=["left_shin", "right_foot"])
    result = evaluate(content, answers)
    wound = next(p for p in result.precautions if p.id == "open_wounds_skin")
    assert wound.kind is PrecautionKind.AVOID_AREA and wound.areas == ("left_shin", "right_foot")


def test_an_emergency_marks_the_result_stopped_early(content) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(content, {"rf_emergency": ("cold_pale_limb",)})
    assert result.stopped_early and result.triage.level is TriageLevel.EMERGENCY
    assert "emergency" in result.triage.what_to_do.lower()


def test_the_clot_block_holds_even_if_the_data_forgets_it(content) -> None:  # type: ignore[no-untyped-def]
    rules = replace(
        content.rules,
        precautions=tuple(p for p in content.rules.precautions if p.id != "blood_clot"),
    )
    broken = replace(content, rules=rules)
    result = evaluate(broken, make_answers(rf_urgent=["one_sided_swelling"]))
    assert result.massage_blocked
    assert result.precautions[0].id == "blood_clot"


def test_vocabulary_helpers() -> None:
    assert most_urgent([]) is TriageLevel.SELF_CARE
    assert most_urgent([TriageLevel.MENTION_NEXT_VISIT, TriageLevel.URGENT]) is TriageLevel.URGENT
    assert TriageLevel.EMERGENCY.more_urgent_than(TriageLevel.URGENT)
    assert TriageLevel.SELF_CARE.label == "Self-care is reasonable"
    assert len(PATTERN_IDS) == 16 and "sciatica" in PATTERN_IDS


def test_every_pattern_id_is_in_the_fixed_vocabulary(content) -> None:  # type: ignore[no-untyped-def]
    assert {p.id for p in content.rules.patterns} == set(PATTERN_IDS)


def test_result_from_dict_reads_older_shapes() -> None:
    from legcare.domain.screening.result import result_from_dict

    result = result_from_dict(
        {
            "patterns": [
                {
                    "id": "restless_legs",
                    "name": "RLS",
                    "status": "possible",
                    "reasons": [{"question_id": "q", "answer": ["a", "b"], "why": "w"}],
                }
            ],
            "triage": {"level": "urgent", "what_to_do": "go"},
            "red_flags": [{"id": "f", "label": "l", "what_to_do": "w"}],
            "precautions": [{"id": "p", "kind": "avoid_area", "label": "l"}],
            "clinician_points": [],
            "summary": "s",
            "content_version": "v",
        }
    )
    assert result.patterns[0].reasons[0].answer == ("a", "b")
    assert result.red_flags[0].level is TriageLevel.URGENT and result.has_red_flag
    assert result.status_of("plmt") is PatternStatus.NOT_SUGGESTED
    assert not result.stopped_early and not result.massage_blocked
    assert PrecautionKind.NO_MASSAGE.rank < PrecautionKind.ASK_CLINICIAN_FIRST.rank


def test_the_do_not_stop_advice_is_said_once() -> None:
    from legcare.domain.screening.evaluation import join_advice

    text = join_advice(
        [
            "Restlessness after a new medicine is for the prescriber. Do not stop a prescribed "
            "medicine on your own.",
            "Whole-body restlessness is worth discussing. Do not stop or change a prescribed "
            "medicine on your own.",
        ]
    )
    assert text.count("Do not stop") == 1
    assert "Do not stop or change a prescribed medicine on your own." in text
    assert text.index("Do not stop") < text.index("Whole-body")
    assert join_advice(["Rest. Do not run.", "Do not swim."]) == "Rest. Do not run. Do not swim."
