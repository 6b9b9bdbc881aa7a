"""The adaptive interview: order, stopping at an emergency, skipping, going back, progress."""

from __future__ import annotations

import pytest

from legcare.domain.screening.interview import (
    default_answer,
    go_back,
    last_answered,
    next_question,
    progress,
    visible_answers,
)
from tests.domain.screening.conftest import RLS_CORE, make_answers


def test_red_flags_come_first(content) -> None:  # type: ignore[no-untyped-def]
    assert next_question(content, {}).id == "rf_emergency"
    assert next_question(content, {"rf_emergency": ("none",)}).id == "rf_urgent"
    sections = [q.section for q in content.questionnaire.questions]
    assert sections[: sections.count("red_flags")] == ["red_flags"] * sections.count("red_flags")


def test_the_interview_stops_at_the_first_emergency_answer(content) -> None:  # type: ignore[no-untyped-def]
    assert next_question(content, {"rf_emergency": ("self_harm",)}) is None
    assert progress(content, {"rf_emergency": ("self_harm",)}).remaining_estimate == 0


def test_an_urgent_flag_does_not_stop_but_asks_about_clot_risk(content) -> None:  # type: ignore[no-untyped-def]
    answers = {"rf_emergency": ("none",), "rf_urgent": ("one_sided_swelling",)}
    assert next_question(content, answers).id == "rf_clot_risk"


def test_lookalikes_are_reached_when_an_rls_criterion_fails(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(complaints=["restless"], rls_urge="yes", rls_rest="yes")
    answers |= {"rls_relief": "no", "rls_evening": "yes"}
    asked = _walk(content, answers)
    assert {"la_cramp_knot", "la_numb_burning", "la_joint_pain", "la_swelling_heavy"} <= set(asked)
    assert {"la_whole_body", "la_walking_pain", "la_toe_movements"} <= set(asked)
    # moving does not ease it, so one change of position cannot either
    assert "la_position_once" not in asked
    assert "rls_days_per_week" not in asked
    with_core = _walk(content, make_answers(complaints=["restless"], **RLS_CORE))
    assert {"la_cramp_knot", "la_numb_burning", "la_whole_body", "la_new_medicine"} <= set(
        with_core
    )
    # a clear urge with unpleasant feelings is not habitual tapping
    assert "la_habit_tapping" not in with_core
    no_urge = _walk(content, make_answers(complaints=["restless"], rls_urge="no"))
    assert {"la_habit_tapping", "la_position_once", "la_numb_burning"} <= set(no_urge)
    # whole-body restlessness (akathisia) has no leg feelings: "no" to the urge must reach it
    assert "la_whole_body" in no_urge
    # a need to move without the evening pattern can be a habit
    no_evening = _walk(
        content, make_answers(complaints=["restless"], **RLS_CORE) | {"rls_evening": "no"}
    )
    assert "la_habit_tapping" in no_evening


def test_discomfort_without_an_urge_routes_to_every_lookalike(content) -> None:  # type: ignore[no-untyped-def]
    asked = _walk(content, make_answers(complaints=["discomfort"]))
    lookalikes = {q.id for q in content.questionnaire.questions if q.section == "lookalikes"}
    conditional = {"la_new_medicine", "la_medicine_kind", "la_separate_feeling"}
    assert lookalikes - conditional <= set(asked)
    assert "rls_urge" not in asked
    medicine = _walk(content, make_answers(complaints=["discomfort"], la_whole_body="yes"))
    assert "la_new_medicine" in medicine
    assert "la_medicine_kind" in _walk(
        content, make_answers(complaints=["discomfort"], la_whole_body="yes", la_new_medicine="yes")
    )


def test_the_separate_feeling_question_follows_a_lookalike_beside_the_rls_core(content) -> None:  # type: ignore[no-untyped-def]
    plain = _walk(content, make_answers(complaints=["restless"], **RLS_CORE))
    assert "la_separate_feeling" not in plain
    for feature in ("la_cramp_knot", "la_numb_burning", "la_joint_pain", "la_swelling_heavy"):
        answers = make_answers(complaints=["restless"], **RLS_CORE) | {feature: "yes"}
        assert "la_separate_feeling" in _walk(content, answers), feature


def test_back_and_leg_complaints_ask_about_pain_spreading_from_the_back(content) -> None:  # type: ignore[no-untyped-def]
    for complaint in ("back", "thigh", "calf"):
        assert "back_radiating" in _walk(content, make_answers(complaints=[complaint]))
    assert "back_radiating" not in _walk(content, make_answers(complaints=["heel"]))


def test_sciatica_in_both_legs_stops_the_interview(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(complaints=["back"], back_radiating="both_legs")
    assert next_question(content, answers) is None


def test_calf_tightness_is_not_asked_when_a_clot_is_possible(content) -> None:  # type: ignore[no-untyped-def]
    clot = make_answers(
        rf_urgent=["one_sided_swelling"], rf_clot_risk=["none"], complaints=["calf"]
    )
    assert "calf_tight" not in _walk(content, clot)
    assert "calf_tight" in _walk(content, make_answers(complaints=["calf"]))


def test_stress_fracture_question_is_asked_only_when_the_heel_story_suggests_it(content) -> None:  # type: ignore[no-untyped-def]
    typical = make_answers(complaints=["heel"], heel_eases_then_returns="yes")
    typical["heel_risks"] = ("more_activity",)
    assert "heel_stress_fracture" not in _walk(content, typical)
    worse = make_answers(complaints=["heel"], heel_eases_then_returns="no")
    worse["heel_risks"] = ("more_activity",)
    assert "heel_stress_fracture" in _walk(content, worse)
    assert "heel_stress_fracture" in _walk(
        content, make_answers(complaints=["heel"], heel_night_pain="yes")
    )


def test_branches_follow_the_complaints(content) -> None:  # type: ignore[no-untyped-def]
    heel = _walk(content, make_answers(complaints=["heel"]))
    assert "heel_first_steps" in heel and "rls_urge" not in heel and "thigh_onset" not in heel
    nothing = _walk(content, make_answers(complaints=["none"]))
    assert [q for q in nothing if not q.startswith(("rf_", "ctx_"))] == ["complaints"]


def test_going_back_removes_the_last_answer_and_asks_it_again(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(complaints=["heel"], la_toe_movements="no", heel_first_steps="yes")
    kept, question = go_back(content, answers)
    assert question.id == "heel_first_steps" and "heel_first_steps" not in kept
    assert next_question(content, kept).id == "heel_first_steps"
    with pytest.raises(ValueError):
        go_back(content, {})
    assert last_answered(content, {}) is None


def test_answers_hidden_by_a_changed_earlier_answer_are_dropped(content) -> None:  # type: ignore[no-untyped-def]
    answers = make_answers(complaints=["heel"], heel_first_steps="yes")
    answers["complaints"] = ("calf",)
    assert "heel_first_steps" not in visible_answers(content, answers)


def test_progress_estimate_grows_when_a_branch_opens(content) -> None:  # type: ignore[no-untyped-def]
    before = progress(content, make_answers())
    after = progress(content, make_answers(complaints=["restless", "heel"]))
    assert before.answered == 2 and after.answered == 3
    assert after.total_estimate > before.total_estimate
    plain = _walk(content, make_answers(complaints=["restless", "heel"]))
    assert after.total_estimate == len(plain)


def _walk(content, answers):  # type: ignore[no-untyped-def]
    """Answer plainly from ``answers`` onward; the ids of every question asked, in order."""
    answers = dict(answers)
    asked = list(visible_answers(content, answers))
    question = next_question(content, answers)
    while question is not None:
        asked.append(question.id)
        answers[question.id] = default_answer(question)
        question = next_question(content, answers)
    return asked


def test_moving_toes_are_asked_on_the_heel_route_unless_pain_is_worst_at_first_steps(
    content,
) -> None:  # type: ignore[no-untyped-def]
    typical = _walk(content, make_answers(complaints=["heel"], heel_first_steps="yes"))
    assert "la_toe_movements" not in typical
    other = _walk(content, make_answers(complaints=["heel"], heel_first_steps="no"))
    assert "la_toe_movements" in other
    assert other.index("heel_first_steps") < other.index("la_toe_movements")
