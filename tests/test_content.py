"""The curated content is complete, consistent and safe.

Generic checks read every ``src/legcare/content/**/*.yaml`` file (including files owned by other
areas, such as the screening questions): every seed fact F01-F50 is covered somewhere, and no text
makes a diagnosis or gives a dose. The knowledge-base checks then load the typed model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from legcare.domain.knowledge import (
    SEED_FACTS,
    Dose,
    EntryKind,
    EvidenceGrade,
    KnowledgeBase,
    PrecautionKind,
    TimeOfDay,
    Tool,
)
from legcare.store.knowledge_files import CONTENT_DIR, KB_FILES, load_knowledge_base

CONTENT_FILES = sorted(CONTENT_DIR.rglob("*.yaml"))
DOSE = re.compile(r"\d+(\.\d+)? ?(mg|mcg|µg|ug|milligrams?|micrograms?)\b", re.IGNORECASE)
# "you have <a condition>" is a diagnosis; "you have been seen / tried / had" is not.
DIAGNOSIS = re.compile(r"\byou have\b(?! (been|tried|had|to)\b)", re.IGNORECASE)
VERIFIED_CODES = {"32914008", "G25.81", "202882003", "M72.2", "S76.311A", "S76.312A", "S76.319A"}
SEED_TITLES = {
    "S0": "Restless leg syndrome and plantar fasciitis",
    "S1": "Dealing with the Endless Disruption of Restless Leg Syndrome",
    "S2": "Massage Treatments for Restless Leg Syndrome",
    "S3": "Can foot massage help Restless Leg Syndrome?",
    "S4": "Can Plantar Fasciitis Cause Hamstring Pain?",
}


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def walk(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair anywhere in a YAML document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield str(k), v
            yield from walk(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield key, item
            yield from walk(item, key)


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def test_content_files_are_found() -> None:
    names = {p.name for p in CONTENT_FILES}
    assert set(KB_FILES) <= names


def test_every_seed_fact_is_covered_by_some_content() -> None:
    covered: set[str] = set()
    for path in CONTENT_FILES:
        for key, value in walk(load_yaml(path)):
            if key == "seed_facts" and isinstance(value, list):
                covered.update(str(v) for v in value)
    missing = [fact for fact in SEED_FACTS if fact not in covered]
    assert missing == [], f"seed facts covered by nothing: {missing}"


def test_the_knowledge_base_alone_covers_every_seed_fact(kb: KnowledgeBase) -> None:
    missing = [fact for fact, refs in kb.seed_fact_coverage().items() if not refs]
    assert missing == [], f"seed facts not covered by the knowledge base: {missing}"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_no_text_diagnoses_or_gives_a_dose(path: Path) -> None:
    bad = [text for text in strings(load_yaml(path)) if DOSE.search(text) or DIAGNOSIS.search(text)]
    assert bad == []


def test_ids_are_unique_and_references_resolve(kb: KnowledgeBase) -> None:
    assert kb.problems() == []
    ids = [e.id for e in kb.entries()]
    raw_ids = [
        item["id"]
        for name in KB_FILES
        for key, items in load_yaml(CONTENT_DIR / name).items()
        if isinstance(items, list)
        for item in items
    ]
    assert len(raw_ids) == len(set(raw_ids)) == len(ids) + len(kb.sources)


def test_every_entry_carries_provenance(kb: KnowledgeBase) -> None:
    for entry in kb.entries():
        assert entry.sources and entry.seed_facts, entry.id
        assert isinstance(entry.evidence.grade, EvidenceGrade), entry.id
        for source_id in entry.sources:
            kb.source(source_id)


def test_every_technique_has_evidence_and_resolving_precautions(kb: KnowledgeBase) -> None:
    precaution_ids = {p.id for p in kb.precautions}
    for technique in kb.techniques:
        assert technique.evidence.note, technique.id
        assert technique.precautions, technique.id
        assert set(technique.precautions) <= precaution_ids
        assert "blood_clot" in technique.precautions, technique.id


def test_the_fixed_ids_other_areas_rely_on_exist(kb: KnowledgeBase) -> None:
    conditions = {
        "restless_legs", "plantar_fasciitis", "plmt", "hamstring_strain", "hamstring_tightness",
        "calf_tightness", "leg_cramps", "positional_discomfort", "peripheral_neuropathy",
        "arthritis", "venous_disease_oedema", "claudication", "akathisia",
        "habitual_foot_tapping", "dvt",
    }  # fmt: skip
    techniques = {
        "myofascial_release", "trigger_point", "deep_tissue", "sports_massage",
        "full_leg_self_massage", "elbow_trigger_point_search", "lacrosse_ball_rollout",
        "swedish_massage", "foot_massage_reflexology",
    }  # fmt: skip
    exercises = {
        "plantar_fascia_stretch", "calf_stretch_gastrocnemius", "calf_stretch_soleus",
        "hamstring_stretch", "towel_toe_curls", "calf_raises", "hamstring_bridge", "arch_rolling",
    }  # fmt: skip
    precautions = {
        "blood_clot", "anticoagulants_bleeding", "varicose_veins", "open_wounds_skin",
        "acute_injury", "numb_skin_neuropathy", "pregnancy", "kidney_disease_dialysis", "diabetes",
    }  # fmt: skip
    assert conditions <= {c.id for c in kb.conditions}
    assert techniques == {t.id for t in kb.techniques}
    assert exercises <= {e.id for e in kb.exercises}
    assert precautions <= {p.id for p in kb.precautions}
    assert {f"S{i}" for i in range(5)} <= {s.id for s in kb.sources}


def test_seed_article_sources_carry_their_titles(kb: KnowledgeBase) -> None:
    for source_id, title in SEED_TITLES.items():
        assert kb.source(source_id).title == title


def test_a_possible_blood_clot_blocks_every_technique(kb: KnowledgeBase) -> None:
    clot = kb.precaution("blood_clot")
    assert clot.precaution_kind is PrecautionKind.NO_MASSAGE and clot.blocks_all
    assert kb.blocked_techniques(["blood_clot"]) == {t.id for t in kb.techniques}
    assert "blood_clot" in kb.condition("dvt").precautions


def test_precaution_kinds_match_the_notes(kb: KnowledgeBase) -> None:
    expected = {
        "anticoagulants_bleeding": PrecautionKind.GENTLE_ONLY,
        "varicose_veins": PrecautionKind.AVOID_AREA,
        "open_wounds_skin": PrecautionKind.AVOID_AREA,
        "acute_injury": PrecautionKind.AVOID_AREA,
        "numb_skin_neuropathy": PrecautionKind.NO_TOOLS_ON_NUMB_SKIN,
        "pregnancy": PrecautionKind.ASK_CLINICIAN_FIRST,
        "kidney_disease_dialysis": PrecautionKind.ASK_CLINICIAN_FIRST,
    }
    for pid, kind in expected.items():
        assert kb.precaution(pid).precaution_kind is kind, pid
    assert "trigger_point" in kb.precaution("anticoagulants_bleeding").techniques
    assert "fistula" in kb.precaution("kidney_disease_dialysis").instruction


def test_seed_doses_are_carried(kb: KnowledgeBase) -> None:
    tp = kb.technique("trigger_point")
    assert (tp.dose.minutes_min, tp.dose.minutes_max) == (3, 5)
    assert tp.dose.times_per_day_min is not None and tp.dose.times_per_day_min >= 2
    assert {Tool.HANDS, Tool.MASSAGE_CANE} <= set(tp.tools)
    assert "away from" in tp.summary
    mfr = kb.technique("myofascial_release")
    assert (mfr.dose.hold_seconds_min, mfr.dose.hold_seconds_max) == (30, 90)
    session = kb.advice("rls_evening_massage_session")
    assert session.dose is not None
    assert (session.dose.minutes_min, session.dose.minutes_max) == (30, 60)
    assert session.dose.times_per_week_min == 2 and session.dose.times_per_week_max is None
    assert TimeOfDay.EVENING in session.dose.time_of_day
    assert "45" in session.dose.note


def test_evidence_is_graded_honestly(kb: KnowledgeBase) -> None:
    assert kb.technique("full_leg_self_massage").evidence.grade is EvidenceGrade.LOW
    assert kb.advice("rls_evening_massage_session").evidence.grade is EvidenceGrade.LOW
    assert kb.exercise("plantar_fascia_stretch").evidence.grade is EvidenceGrade.STRONG
    reflexology = kb.technique("foot_massage_reflexology").evidence
    organ = [c for c in reflexology.claims if "organ" in c.text]
    assert organ and organ[0].grade is EvidenceGrade.TRADITION
    rls_pf = [
        link
        for link in kb.links()
        if link.target == "restless_legs" and link.relation.value == "may_trigger"
    ]
    assert rls_pf and all(link.grade is EvidenceGrade.THEORY for link in rls_pf)
    strong = [e.id for e in kb.entries(EntryKind.TECHNIQUE) if e.evidence.grade.rank <= 1]
    assert strong == [], "no massage technique has moderate or strong evidence overall"


def test_the_kinetic_chain_reaches_the_plantar_fascia(kb: KnowledgeBase) -> None:
    relations = [
        [link.relation.value for link in path]
        for path in kb.chain_paths("calf_tightness", "plantar_fasciitis")
    ]
    assert ["limits", "loads"] in relations
    hamstring = [
        [link.target for link in path]
        for path in kb.chain_paths("hamstring_tightness", "plantar_fasciitis")
    ]
    assert ["knee_bend_in_gait", "forefoot_loading", "plantar_fasciitis"] in hamstring
    limping = kb.chain_paths("plantar_fasciitis", "hamstring_tightness")
    assert any(p[-1].relation.value == "shifts_load_to" for p in limping)


def test_prevalence_is_stated_as_an_honest_range(kb: KnowledgeBase) -> None:
    notes = " ".join(kb.condition("restless_legs").notes)
    assert "4-30%" in notes and "10%" in notes


def test_iron_and_medicines_never_give_doses(kb: KnowledgeBase) -> None:
    iron = kb.advice("iron_check_first")
    text = " ".join((iron.summary, *iron.points))
    assert "ferritin" in text and "transferrin saturation" in text
    assert "doctor" in text or "clinician" in text
    meds = kb.advice("medicines_exist")
    assert "doctor" in meds.summary and "never suggests" in meds.summary


def test_only_verified_codes_are_shipped(kb: KnowledgeBase) -> None:
    shipped = {code.code for c in kb.conditions for code in c.codes}
    assert shipped <= VERIFIED_CODES
    assert {"32914008", "G25.81", "202882003", "M72.2"} <= shipped
    assert kb.condition("plmt").codes == ()


def test_every_look_alike_says_how_it_differs_from_rls(kb: KnowledgeBase) -> None:
    for condition in kb.conditions:
        if condition.category.value == "look_alike":
            assert condition.differs_from_rls, condition.id
            assert any(link.target == "restless_legs" for link in condition.links), condition.id


SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed articles are not beside the checkout")
def test_no_sentence_is_copied_from_the_seed_articles() -> None:
    run = 8
    seen: set[tuple[str, ...]] = set()
    for path in SEEDS_DIR.glob("*.txt"):
        words = _words(path.read_text(encoding="utf-8"))
        seen.update(tuple(words[i : i + run]) for i in range(len(words) - run + 1))
    copied = []
    for name in KB_FILES:
        if name == "sources.yaml":  # article titles are cited verbatim on purpose
            continue
        for text in strings(load_yaml(CONTENT_DIR / name)):
            words = _words(text)
            runs = (tuple(words[i : i + run]) for i in range(len(words) - run + 1))
            copied += [f"{name}: {' '.join(r)}" for r in runs if r in seen]
    assert copied == []


# -- one source for every dose: the plan reads its templates from the content ---------------


def test_plan_and_learn_show_the_same_dose_from_one_entry(kb: KnowledgeBase) -> None:
    from legcare.domain.plans.catalogue import Catalogue
    from legcare.domain.plans.generator import USED_IDS
    from legcare.services.knowledge import dose_json

    catalogue = Catalogue.from_knowledge(kb)
    assert set(catalogue.templates) >= USED_IDS
    for template in catalogue.templates.values():
        entry = kb.find(template.technique)
        assert entry is not None, template.id
        learn = dose_json(getattr(entry, "dose", None) or Dose())["text"]
        assert learn and template.dose == learn, template.id
        assert template.why.evidence == entry.evidence.grade.value, template.id
        assert template.why.sources == entry.sources, template.id


def test_every_scheduled_technique_and_exercise_has_one_plan_entry(kb: KnowledgeBase) -> None:
    shapes = [shape.id for entry in kb.entries() for shape in entry.plan]
    assert len(shapes) == len(set(shapes))
    exercises = {e.id for e in kb.exercises}
    scheduled = {entry.id for entry in kb.entries() if entry.plan}
    assert exercises <= scheduled
    self_massage = {t.id for t in kb.techniques if t.delivery.value != "therapist"}
    assert self_massage <= scheduled
    # an advice entry that schedules a technique (the trigger-point breaks) keeps no dose of its
    # own: the technique's dose is the one
    for advice in kb.advice_entries():
        if advice.category.value == "session" and len(advice.techniques) == 1:
            assert advice.dose is None, advice.id


def test_a_plan_block_cannot_carry_its_own_dose(tmp_path: Path) -> None:
    import shutil

    from legcare.errors import KnowledgeBaseError
    from legcare.store.knowledge_files import read_knowledge_base

    for name in KB_FILES:
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    path = tmp_path / "techniques.yaml"
    text = path.read_text(encoding="utf-8")
    marker = '        title: "Calf: trigger-point work"\n'
    assert marker in text
    path.write_text(text.replace(marker, marker + "        seconds: 240\n"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        read_knowledge_base(tmp_path)
    assert "trigger_point" in str(err.value) and "seconds" in str(err.value)
    path.write_text(text.replace(marker, marker + "        dose: 4 min\n"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError):
        read_knowledge_base(tmp_path)


def test_the_issue_doses_agree_everywhere(kb: KnowledgeBase) -> None:
    from legcare.domain.plans.catalogue import Catalogue

    catalogue = Catalogue.from_knowledge(kb)
    trigger = catalogue.templates["trigger_point"]
    assert "3-5 min; at least twice a day; per knot" in trigger.dose
    assert catalogue.templates["trigger_point_break"].dose == trigger.dose
    foot = catalogue.templates["foot_massage_reflexology"]
    assert foot.why.evidence == kb.technique("foot_massage_reflexology").evidence.grade.value


# -- citations: real works, checkable identifiers, nothing internal -----------------------------

RESEARCH_KINDS = {"guideline", "systematic_review", "trial", "observational", "case_report"}
IDENTIFIER = re.compile(
    r"doi\.org/10\.\d{4,}/\S+|\bPMID \d{6,}|\bPMC\d{5,}|\b(NG|CG)\d{2,4}\b|\bCD\d{6}\b"
)
# Works for which no DOI, PMID or guideline number could be confirmed: each note says so (or,
# for the web-only journals, the journal's own article page is the identifier).
NO_CONFIRMED_IDENTIFIER = {
    "russell_2007", "digiovanni_2003", "ghanbari_reflexology", "shahgholian_reflexology",
    "hassan_2012", "alvarez_2008", "riddle_2003", "harty_2005", "labovitz_2011", "bolivar_2013",
    "afp_2025", "tu_2011", "batavia_2004", "ajimsha_2014", "renan_ordine_2011", "ishoi_2020",
    "boast_compartment",
}  # fmt: skip
INTERNAL = re.compile(
    r"clinical[- ]notes|clinical commander|internal (notes|document)", re.IGNORECASE
)


def _identifier_text(source: Any) -> str:
    return " ".join((source.url, source.published_in, source.note))


def test_every_research_source_has_a_checkable_identifier(kb: KnowledgeBase) -> None:
    missing = [
        s.id
        for s in kb.sources
        if s.kind.value in RESEARCH_KINDS
        and s.id not in NO_CONFIRMED_IDENTIFIER
        and not IDENTIFIER.search(_identifier_text(s))
    ]
    assert missing == [], f"sources without a DOI, PMID or guideline number: {missing}"
    for source_id in NO_CONFIRMED_IDENTIFIER:
        source = kb.source(source_id)
        assert source.year or source.url, source_id
        assert source.published_in, source_id


def test_every_source_names_where_it_was_published(kb: KnowledgeBase) -> None:
    for source in kb.sources:
        if source.kind.value in RESEARCH_KINDS:
            assert source.published_in and (source.year or source.url), source.id
        assert not INTERNAL.search(" ".join((source.title, source.published_in))), source.id


def test_no_entry_or_plan_step_cites_an_internal_document(kb: KnowledgeBase) -> None:
    from legcare.domain.plans.catalogue import Catalogue
    from legcare.domain.plans.check import CheckSummary
    from legcare.domain.plans.generator import generate_plan
    from legcare.domain.plans.model import Plan
    from legcare.domain.plans.profile import default_profile

    known = {s.id for s in kb.sources}
    internal = {s.id for s in kb.sources if INTERNAL.search(s.title + " " + s.published_in)}
    cited: list[tuple[str, str]] = []
    for entry in kb.entries():
        cited += [(entry.id, s) for s in entry.sources]
        cited += [(entry.id, s) for c in entry.evidence.claims for s in c.sources]
    patterns = dict.fromkeys(
        ("restless_legs", "plantar_fasciitis", "calf_tightness", "hamstring_strain",
         "leg_cramps", "venous_disease_oedema"),
        "consistent",
    )  # fmt: skip
    plan = generate_plan(
        CheckSummary(patterns=patterns),
        default_profile(),
        catalogue=Catalogue.from_knowledge(kb),
    )
    assert isinstance(plan, Plan)
    for step in plan.all_steps():
        cited += [(step.id, s) for s in step.why.sources]
    for checklist in plan.checklists:
        cited += [(checklist.id, s) for s in checklist.why.sources]
    assert [(who, s) for who, s in cited if s not in known] == []
    assert [(who, s) for who, s in cited if s in internal] == []


def _rule_citations() -> list[str]:
    rules = load_yaml(CONTENT_DIR / "screening_rules.yaml")
    return [str(v) for key, value in walk(rules) if key == "sources" for v in value or []]


def test_no_screening_rule_cites_an_internal_document() -> None:
    citations = _rule_citations()
    assert citations
    assert [c for c in citations if INTERNAL.search(c)] == []


def _text(entry: Any) -> str:
    parts = [entry.summary, *getattr(entry, "points", ()), *getattr(entry, "notes", ())]
    parts += [*getattr(entry, "risk_factors", ()), *getattr(entry, "see_clinician", ())]
    return " ".join(parts).lower()


def test_the_self_care_good_patient_resources_give_is_there(kb: KnowledgeBase) -> None:
    heel = _text(kb.advice("heel_home_care"))
    for word in ("night splint", "tap", "heel cups", "cold pack", "body weight", "pharmacist"):
        assert word in heel, word
    assert "about a year" in heel and "about 2 weeks" in heel
    assert "steroid" in _text(kb.advice("clinician_heel_treatments"))
    triggers = _text(kb.advice("triggers_caffeine_alcohol_nicotine"))
    for word in (
        "antihistamines",
        "sleep aids",
        "antidepressants",
        "anti-sickness",
        "antipsychotic",
    ):
        assert word in triggers, word
    rls = _text(kb.condition("restless_legs"))
    assert "sleep apnoea" in rls and "periodic limb movements" in rls and "family" in rls
    strain = _text(kb.advice("hamstring_strain_care"))
    assert "nordic hamstring exercise" in strain and "jogging" in strain and "sprints" in strain
    assert "hamstring_strain_care" in kb.condition("hamstring_strain").self_care
    assert "heel_home_care" in kb.condition("plantar_fasciitis").self_care


def test_graded_by_what_the_source_found(kb: KnowledgeBase) -> None:
    ankle = [
        c for c in kb.technique("myofascial_release").evidence.claims if "ankle" in c.text.lower()
    ]
    assert ankle and all(c.grade.rank >= EvidenceGrade.VERY_LOW.rank for c in ankle)
    clinician = kb.advice("clinician_heel_treatments").evidence
    assert clinician.grade is not EvidenceGrade.STRONG
    shockwave = [c for c in clinician.claims if "shockwave" in c.text.lower()]
    assert shockwave and shockwave[0].grade.rank >= EvidenceGrade.LOW.rank
    letters = re.compile(r"\bgrade[- ][A-F]\b|\(grade [A-F]\)")
    for name in KB_FILES:
        found = [t for t in strings(load_yaml(CONTENT_DIR / name)) if letters.search(t)]
        assert found == [], name
    assert not any("10%" in p for p in kb.advice("activity_modification").points)


def test_seed_facts_f05_f07_f30_f31_are_carried_in_full(kb: KnowledgeBase) -> None:
    rls = kb.condition("restless_legs")
    assert "F07" in rls.seed_facts and "F05" in rls.seed_facts
    assert any(
        c.grade is EvidenceGrade.THEORY and "trigger points" in c.text for c in rls.evidence.claims
    )
    assert "2-3%" in " ".join(rls.notes)
    swedish = kb.technique("swedish_massage").evidence.note
    assert "not Swedish" in swedish and "russell" in swedish.lower()
    foot = kb.technique("foot_massage_reflexology")
    assert "older adults" in foot.summary and "women" in foot.summary
