"""KnowledgeBase lookups, precautions, kinetic-chain queries and cross-reference validation."""

from __future__ import annotations

import pytest

from legcare.domain.knowledge import EntryKind, Technique
from tests.domain.knowledge.builders import (
    chain_kb,
    link,
    make_condition,
    make_precaution,
    make_technique,
)


def test_lookup_by_id_and_kind() -> None:
    kb = chain_kb()
    assert kb.technique("trigger_point").id == "trigger_point"
    assert isinstance(kb.get("trigger_point"), Technique)
    assert kb.find("nope") is None
    assert [e.id for e in kb.entries(EntryKind.PRECAUTION)] == ["blood_clot", "numb_skin"]
    with pytest.raises(KeyError):
        kb.get("nope")
    with pytest.raises(KeyError, match="not a Technique"):
        kb.technique("blood_clot")


def test_a_clean_knowledge_base_has_no_problems() -> None:
    assert chain_kb().problems() == []


def test_dangling_references_are_named_by_entry_and_field() -> None:
    kb = chain_kb(
        techniques=[make_technique(precautions=("blood_clot", "no_such_precaution"))],
        conditions=[
            make_condition(
                "calf_tightness",
                sources=("S9",),
                self_care=("blood_clot",),
                links=(link("calf_tightness", "limits", "nowhere"),),
            )
        ],
        chain_nodes=[],
    )
    found = {(p.entry_id, p.field) for p in kb.problems()}
    assert ("trigger_point", "precautions[1]") in found
    assert ("calf_tightness", "sources[0]") in found
    assert ("calf_tightness", "self_care[0]") in found  # a precaution is not self-care
    assert ("calf_tightness", "links[0].to") in found


def test_duplicate_ids_across_kinds_are_reported() -> None:
    kb = chain_kb(conditions=[make_condition("trigger_point")], chain_nodes=[])
    assert any(p.field == "id" and "duplicate" in p.message for p in kb.problems())


def test_a_technique_without_precautions_is_a_problem() -> None:
    kb = chain_kb(techniques=[make_technique(precautions=())])
    assert any(p.entry_id == "trigger_point" and p.field == "precautions" for p in kb.problems())


def test_a_precaution_must_block_all_or_name_techniques() -> None:
    kb = chain_kb(precautions=[make_precaution(blocks_all=False, techniques=())])
    assert any(p.field == "blocks" for p in kb.problems())


def test_unknown_seed_fact_is_a_problem() -> None:
    kb = chain_kb(techniques=[make_technique(seed_facts=("F51",))])
    assert any(p.field == "seed_facts[0]" for p in kb.problems())


def test_blocks_all_reaches_every_technique() -> None:
    kb = chain_kb()
    assert kb.blocked_techniques(["blood_clot"]) == {"trigger_point", "foot_massage_reflexology"}
    # a limiting precaution restricts but does not block
    assert kb.blocked_techniques(["numb_skin"]) == frozenset()
    limits = kb.restrictions(["numb_skin"])
    assert [p.id for p in limits["foot_massage_reflexology"]] == ["numb_skin"]
    assert limits["trigger_point"] == []


def test_precautions_for_a_technique_include_those_that_name_it() -> None:
    kb = chain_kb(
        techniques=[make_technique("foot_massage_reflexology", precautions=("blood_clot",))]
    )
    assert [p.id for p in kb.precautions_for("foot_massage_reflexology")] == [
        "blood_clot",
        "numb_skin",
    ]


def test_chain_links_and_paths() -> None:
    kb = chain_kb()
    assert [lk.describe() for lk in kb.links_from("calf_tightness")] == [
        "calf_tightness --limits--> ankle_dorsiflexion"
    ]
    paths = kb.chain_paths("calf_tightness", "plantar_fasciitis")
    assert [[lk.target for lk in p] for p in paths] == [["ankle_dorsiflexion", "plantar_fasciitis"]]
    into = kb.paths_into("plantar_fasciitis")
    starts = {p[0].source for p in into}
    assert {"calf_tightness", "hamstring_tightness", "ankle_dorsiflexion"} <= starts
    hamstring = [p for p in into if p[0].source == "hamstring_tightness"]
    assert [lk.relation.value for lk in hamstring[0]] == ["increases", "prolongs", "loads"]


def test_chain_paths_respect_max_links_and_cycles() -> None:
    kb = chain_kb(
        conditions=[
            make_condition("a", links=(link("a", "loads", "b"),)),
            make_condition("b", links=(link("b", "loads", "a"), link("b", "loads", "c"))),
            make_condition("c"),
        ],
        chain_nodes=[],
    )
    assert [len(p) for p in kb.chain_paths("a")] == [1, 2]
    assert kb.chain_paths("a", max_links=1)[0][0].target == "b"


def test_seed_fact_coverage_counts_entries_and_links() -> None:
    coverage = chain_kb().seed_fact_coverage()
    assert "trigger_point" in coverage["F01"]
    assert any("knee_bend_in_gait" in ref for ref in coverage["F19"])
    assert coverage["F50"] == []


def test_associations_are_shown_but_never_chained_into_a_path() -> None:
    kb = chain_kb(
        conditions=[
            make_condition("rls", links=(link("rls", "coexists_with", "heel"),)),
            make_condition("heel", links=(link("heel", "causes", "gait"),)),
            make_condition("gait", links=(link("gait", "mimics", "rls"),)),
        ],
        chain_nodes=[],
    )
    assert [[lk.target for lk in p] for p in kb.chain_paths("rls")] == [["heel"]]
    assert [[lk.target for lk in p] for p in kb.chain_paths("heel")] == [["gait"]]
