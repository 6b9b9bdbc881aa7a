from dataclasses import replace
from datetime import time

from legcare.domain.knowledge import KnowledgeBase
from legcare.domain.plans.catalogue import Catalogue
from legcare.domain.plans.check import Precaution, PrecautionKind, TriageLevel
from legcare.domain.plans.generator import USED_IDS, generate_plan, spread_days
from legcare.domain.plans.model import MASSAGE_KINDS as MASSAGE_KINDS_ALL
from legcare.domain.plans.model import Adjustments, NoPlan, Plan, StepKind
from legcare.domain.plans.profile import Pressure, Side
from legcare.store.knowledge_files import load_knowledge_base
from tests.domain.plans.strategies import CATALOGUE, make_check, make_profile


def _plan(*patterns: str, **kwargs: object) -> Plan:
    precautions = kwargs.pop("precautions", ())
    triage = kwargs.pop("triage", TriageLevel.SELF_CARE)
    adjustments = kwargs.pop("adjustments", None)
    check = make_check(*patterns, triage=triage, precautions=precautions)  # type: ignore[arg-type]
    plan = generate_plan(check, make_profile(**kwargs), adjustments, catalogue=CATALOGUE)  # type: ignore[arg-type]
    assert isinstance(plan, Plan)
    return plan


def test_rls_evening_sessions_default_to_45_minutes_twice_a_week_before_bed() -> None:
    plan = _plan("restless_legs", minutes_per_day=60, bedtime=time(23, 0))
    evening = plan.session("evening_massage")
    assert evening is not None
    assert evening.minutes == 45
    assert len(evening.weekdays) == 2
    gap = (evening.weekdays[1] - evening.weekdays[0]) % 7
    assert min(gap, 7 - gap) >= 2  # two or three days apart
    end_minutes = evening.start.hour * 60 + evening.start.minute + evening.minutes
    assert 22 * 60 <= end_minutes <= 23 * 60  # done before bed
    assert not any(n.level == "dose" for n in plan.notices)


def test_rls_session_doses_follow_the_articles() -> None:
    plan = _plan("restless_legs", minutes_per_day=60)
    steps = plan.session("evening_massage").steps  # type: ignore[union-attr]
    by_technique = {s.technique: s for s in steps}
    assert 180 <= by_technique["trigger_point"].seconds <= 300
    assert "30 s" in by_technique["myofascial_release"].dose
    assert "30-90 s" in by_technique["myofascial_release"].dose
    assert "Toward the heart" in by_technique["full_leg_self_massage"].cues
    massage = [s for s in steps if s.kind in MASSAGE_KINDS_ALL]
    assert massage[-1].technique == "full_leg_self_massage"  # full-leg massage finishes
    rolling = [i for i, s in enumerate(steps) if s.kind is StepKind.ROLLING]
    assert max(rolling) < steps.index(massage[-1])
    assert steps[0].kind is StepKind.RELAXATION
    assert steps[-1].technique == "sleep_wind_down"
    assert {c.id for c in plan.checklists} >= {"sleep_habits", "triggers", "clinician_topics"}


def test_only_owned_tools_are_used_and_hands_always_work() -> None:
    plan = _plan("restless_legs", tools=frozenset())
    tools = {s.tool for s in plan.all_steps()}
    assert tools == {"hands"}
    techniques = {s.technique for s in plan.all_steps()}
    assert "myofascial_release" not in techniques
    assert "trigger_point" in techniques


def test_short_time_gives_the_studied_dose_for_comparison_without_scolding() -> None:
    plan = _plan("restless_legs", minutes_per_day=15)
    evening = plan.session("evening_massage")
    assert evening is not None and evening.minutes <= 15
    dose = [n.text for n in plan.notices if n.level == "dose"]
    assert any("For comparison, the one case report used 45 minutes" in t for t in dose)
    assert any("the articles suggest 30-60 minutes" in t for t in dose)
    assert not any("below" in t for t in dose)


def test_one_free_evening_is_flagged() -> None:
    plan = _plan("restless_legs", days=frozenset({5}))
    assert plan.session("evening_massage").weekdays == (5,)  # type: ignore[union-attr]
    assert any("twice a week" in n.text for n in plan.notices)


def test_heel_pain_plan() -> None:
    plan = _plan("plantar_fasciitis", side=Side.LEFT)
    ids = [s.id for s in plan.sessions]
    assert ids[:2] == ["morning_first_steps", "daily_stretches"]
    morning = plan.session("morning_first_steps")
    assert morning is not None and morning.weekdays == tuple(range(7))
    assert morning.start == time(6, 30)  # eight hours after a 22:30 bedtime
    assert morning.steps[0].technique == "plantar_fascia_stretch"
    stretches = {s.technique for s in plan.session("daily_stretches").steps}  # type: ignore[union-attr]
    assert {"calf_stretch_gastrocnemius", "calf_stretch_soleus", "arch_rolling"} <= stretches
    arch = next(s for s in plan.all_steps() if s.technique == "arch_rolling")
    assert arch.tool == "water_bottle"
    assert all(s.leg in (None, "left") for s in plan.all_steps())
    assert {c.id for c in plan.checklists} == {"footwear_orthotics", "activity_return"}
    assert plan.session("evening_massage") is None


def test_posterior_chain_ramps_strength_gradually() -> None:
    level1 = _plan("hamstring_tightness", "calf_tightness")
    level3 = _plan(
        "hamstring_tightness", "calf_tightness", adjustments=Adjustments(strength_level=3)
    )
    s1 = level1.session("strengthening")
    s3 = level3.session("strengthening")
    assert s1 is not None and s3 is not None
    assert "2 sets of 8" in s1.steps[0].dose and "3 sets of 12" in s3.steps[0].dose
    assert {s.technique for s in s1.steps} == {"calf_raises", "hamstring_bridge"}
    assert len(s1.weekdays) == 3
    stretches = {s.technique for s in level1.session("daily_stretches").steps}  # type: ignore[union-attr]
    assert "hamstring_stretch" in stretches


def test_strength_days_avoid_massage_evenings() -> None:
    plan = _plan("restless_legs", "calf_tightness")
    evenings = set(plan.session("evening_massage").weekdays)  # type: ignore[union-attr]
    strength = set(plan.session("strengthening").weekdays)  # type: ignore[union-attr]
    assert not evenings & strength


def test_emergency_gives_no_plan_only_what_to_do_now() -> None:
    check = make_check("restless_legs", triage=TriageLevel.EMERGENCY)
    result = generate_plan(check, make_profile(), catalogue=CATALOGUE)
    assert isinstance(result, NoPlan)
    assert "emergency" in result.what_to_do_now[0]
    assert result.to_dict()["kind"] == "emergency"
    assert "sessions" not in result.to_dict()


def test_triage_above_self_care_puts_see_a_clinician_on_top() -> None:
    for level in (
        TriageLevel.URGENT,
        TriageLevel.SEE_CLINICIAN_SOON,
        TriageLevel.MENTION_NEXT_VISIT,
    ):
        plan = _plan("plantar_fasciitis", triage=level)
        assert plan.notices[0].level == level.value
        assert plan.notices[0].text.startswith("See a clinician")
    plan = _plan("plantar_fasciitis")
    assert not any(n.text.startswith("See a clinician") for n in plan.notices)


def test_possible_clot_removes_every_massage_step() -> None:
    plan = _plan(
        "restless_legs",
        "plantar_fasciitis",
        "calf_tightness",
        triage=TriageLevel.URGENT,
        precautions=(Precaution(PrecautionKind.NO_MASSAGE, frozenset({"left_calf"})),),
    )
    kinds = {s.kind for s in plan.all_steps()}
    assert not kinds & {StepKind.MASSAGE, StepKind.ROLLING, StepKind.STRETCH, StepKind.STRENGTH}
    assert plan.session("evening_wind_down") is not None
    assert any("blood clot" in n.text for n in plan.notices)


def test_gentle_only_keeps_light_hand_strokes() -> None:
    plan = _plan(
        "restless_legs",
        "plantar_fasciitis",
        pressure=Pressure.FIRM,
        precautions=(Precaution(PrecautionKind.GENTLE_ONLY),),
    )
    massage = [s for s in plan.all_steps() if s.kind in MASSAGE_KINDS_ALL]
    assert massage
    assert all(s.tool == "hands" and s.pressure == "light" and s.softened for s in massage)
    techniques = {s.technique for s in massage}
    assert not techniques & {"trigger_point", "deep_tissue", "myofascial_release", "arch_rolling"}


def test_numb_feet_get_no_tools_but_the_calves_keep_theirs() -> None:
    plan = _plan(
        "restless_legs",
        "plantar_fasciitis",
        precautions=(Precaution(PrecautionKind.NO_TOOLS_ON_NUMB_SKIN, frozenset({"feet"})),),
    )
    feet = [s for s in plan.all_steps() if "foot" in s.areas and s.kind in MASSAGE_KINDS_ALL]
    assert feet and all(s.tool == "hands" and s.pressure == "light" for s in feet)
    assert not any(s.technique == "arch_rolling" for s in plan.all_steps())
    calf_rolls = [s for s in plan.all_steps() if s.technique == "myofascial_release"]
    assert calf_rolls and calf_rolls[0].tool == "foam_roller"
    assert any("numb (the foot)" in n.text for n in plan.notices)


def test_avoided_area_has_no_massage() -> None:
    plan = _plan(
        "restless_legs",
        precautions=(Precaution(PrecautionKind.AVOID_AREA, frozenset({"calves"})),),
    )
    for step in plan.all_steps():
        if step.kind in MASSAGE_KINDS_ALL and "calf" in step.areas:
            assert "leave out the calf" in step.softened
    assert not any(s.areas == ("calf",) and s.kind in MASSAGE_KINDS_ALL for s in plan.all_steps())
    assert any(n.text.startswith("No massage on the calf") for n in plan.notices)


def test_plmt_leaves_out_the_rls_massage_and_says_see_a_doctor() -> None:
    plan = _plan("restless_legs", "plmt")
    assert plan.session("evening_massage") is None
    assert plan.session("evening_wind_down") is not None
    assert any("toe" in n.text for n in plan.notices)
    assert "sleep_habits" in {c.id for c in plan.checklists}


def test_every_step_says_why() -> None:
    plan = _plan("restless_legs", "plantar_fasciitis", "hamstring_strain")
    for step in plan.all_steps():
        assert step.why.conditions and step.why.evidence and step.why.sources
        assert step.why.seed_facts and all(f.startswith("F") for f in step.why.seed_facts)


def test_every_step_takes_its_dose_and_reasons_from_one_content_entry() -> None:
    kb = load_knowledge_base()
    plan = _plan("restless_legs", "plantar_fasciitis", "hamstring_tightness", "leg_cramps")
    assert plan.all_steps()
    for step in plan.all_steps():
        entry = kb.find(step.technique)
        assert entry is not None and entry.plan, step.technique
        dose = getattr(entry, "dose", None)
        assert dose is not None and dose.describe() in step.dose, step.id
        assert step.why.evidence == entry.evidence.grade.value
        assert step.why.sources == entry.sources and step.why.seed_facts == entry.seed_facts


def test_a_dose_changed_in_the_content_changes_the_plan() -> None:
    kb = load_knowledge_base()
    longer = replace(kb.technique("trigger_point").dose, minutes_min=4, minutes_max=6)
    techniques = [replace(t, dose=longer) if t.id == "trigger_point" else t for t in kb.techniques]
    changed = KnowledgeBase(
        sources=kb.sources,
        conditions=kb.conditions,
        techniques=techniques,
        exercises=kb.exercises,
        advice=kb.advice_entries(),
        precautions=kb.precautions,
    )
    plan = generate_plan(
        make_check("restless_legs"),
        make_profile(),
        catalogue=Catalogue.from_knowledge(changed),
    )
    assert isinstance(plan, Plan)
    steps = [s for s in plan.all_steps() if s.technique == "trigger_point"]
    assert steps and all(240 <= s.seconds <= 360 and "4-6 min" in s.dose for s in steps)


def test_the_catalogue_holds_every_template_the_generator_uses() -> None:
    assert set(CATALOGUE.templates) >= USED_IDS


def test_trigger_point_breaks_are_scheduled_twice_a_day() -> None:
    plan = _plan("restless_legs")
    breaks = [s for s in plan.sessions if s.id.startswith("trigger_point_break")]
    assert len(breaks) == 2
    assert all(s.weekdays == tuple(range(7)) for s in breaks)
    assert breaks[0].start != breaks[1].start
    for session in breaks:
        assert [s.technique for s in session.steps] == ["trigger_point"]
        assert 180 <= session.steps[0].seconds <= 300
    assert "at least twice a day" in breaks[0].steps[0].dose
    clot = _plan("restless_legs", precautions=(Precaution(PrecautionKind.NO_MASSAGE, frozenset()),))
    assert not [s for s in clot.sessions if s.id.startswith("trigger_point_break")]


def test_night_cramps_get_calf_stretches() -> None:
    plan = _plan("leg_cramps")
    stretches = plan.session("daily_stretches")
    assert stretches is not None
    assert {s.technique for s in stretches.steps} == {
        "calf_stretch_gastrocnemius",
        "calf_stretch_soleus",
    }
    assert "cramp" in stretches.note
    assert plan.session("evening_massage") is None
    assert not any("did not suggest" in n.text for n in plan.notices)


def test_calf_tightness_gets_footwear_advice() -> None:
    plan = _plan("calf_tightness")
    assert "footwear_orthotics" in {c.id for c in plan.checklists}


def test_leg_swelling_gets_elevation_and_a_clinician() -> None:
    plan = _plan("venous_disease_oedema")
    swelling = next(c for c in plan.checklists if c.id == "leg_elevation")
    assert any("Raise your legs" in item for item in swelling.items)
    # the same words as the Learn page: one source
    assert swelling.items == load_knowledge_base().advice("leg_elevation").points
    clinician = [n for n in plan.notices if n.level == "clinician"]
    assert clinician and "worth discussing with a clinician" in clinician[0].text
    assert "same day" in clinician[0].text
    assert not any("did not suggest" in n.text for n in plan.notices)


def test_excluded_technique_is_left_out() -> None:
    plan = _plan("restless_legs", adjustments=Adjustments(excluded=frozenset({"trigger_point"})))
    assert "trigger_point" not in {s.technique for s in plan.all_steps()}


def test_longer_holds_lengthen_the_rolling() -> None:
    short = _plan("restless_legs", adjustments=Adjustments(hold_seconds=30))
    long = _plan("restless_legs", adjustments=Adjustments(hold_seconds=90))
    roll = next(s for s in long.all_steps() if s.technique == "myofascial_release")
    assert "hold 90 s" in roll.dose
    assert roll.seconds >= 180
    assert short.session("evening_massage").minutes <= 45  # type: ignore[union-attr]


def test_plan_round_trips_through_json() -> None:
    plan = _plan("restless_legs", "plantar_fasciitis", "hamstring_tightness")
    assert Plan.from_dict(plan.to_dict()) == plan


def test_no_pattern_gives_a_wind_down() -> None:
    plan = _plan()
    assert [s.id for s in plan.sessions] == ["evening_wind_down"]
    assert any("no check yet" in n.text for n in plan.notices)


def test_spread_days() -> None:
    assert spread_days(range(7), 2) == (0, 3)
    assert spread_days([0, 1, 2], 2) == (0, 2)
    assert spread_days([4], 2) == (4,)
    assert spread_days(range(7), 3, avoid=frozenset({0, 3})) == (1, 4, 6)


def test_screening_area_names_are_understood() -> None:
    from legcare.domain.plans.safety import normalise_areas

    assert normalise_areas(["left_foot", "right_ankle"]) == {"foot"}
    assert normalise_areas(["thigh_back", "thigh_front"]) == {"hamstring", "thigh"}
    assert normalise_areas(["lower_leg"]) == {"calf", "shin", "foot"}
    assert normalise_areas(["legs"]) == frozenset()  # everywhere
    plan = _plan(
        "restless_legs",
        precautions=(Precaution(PrecautionKind.AVOID_AREA, frozenset({"knee", "thigh_back"})),),
    )
    assert not any(
        s.areas == ("hamstring",) and s.kind in MASSAGE_KINDS_ALL for s in plan.all_steps()
    )
    full_leg = next(s for s in plan.all_steps() if s.technique == "full_leg_self_massage")
    assert "go around the back of the knee" in full_leg.softened
