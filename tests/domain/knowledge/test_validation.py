"""Property tests for the cross-reference validator: it flags exactly the dangling references."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.knowledge.builders import chain_kb, make_technique

KNOWN_PRECAUTIONS = ["blood_clot", "numb_skin"]
unknown_ids = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda s: s not in {"blood_clot", "numb_skin", "trigger_point"}
)
references = st.lists(st.sampled_from(KNOWN_PRECAUTIONS) | unknown_ids, max_size=6)


@settings(max_examples=100, deadline=None)
@given(references)
def test_exactly_the_unknown_precaution_references_are_flagged(refs: list[str]) -> None:
    kb = chain_kb(techniques=[make_technique(precautions=tuple(refs))])
    flagged = {
        p.field
        for p in kb.problems()
        if p.entry_id == "trigger_point" and p.field.startswith("precautions")
    }
    expected = {f"precautions[{i}]" for i, ref in enumerate(refs) if ref not in KNOWN_PRECAUTIONS}
    if not refs:
        expected = {"precautions"}  # a technique must name at least one precaution
    assert flagged == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["S0"]) | st.from_regex(r"S[1-9][0-9]?", fullmatch=True),
        min_size=1,
        max_size=5,
    )
)
def test_exactly_the_unknown_sources_are_flagged(sources: list[str]) -> None:
    kb = chain_kb(techniques=[make_technique(sources=tuple(sources))])
    flagged = {p.field for p in kb.problems() if p.entry_id == "trigger_point"}
    assert flagged == {f"sources[{i}]" for i, s in enumerate(sources) if s != "S0"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.from_regex(r"F[0-9]{2}", fullmatch=True), min_size=1, max_size=5))
def test_seed_fact_ids_outside_f01_f50_are_flagged(facts: list[str]) -> None:
    kb = chain_kb(techniques=[make_technique(seed_facts=tuple(facts))])
    flagged = {p.field for p in kb.problems() if p.entry_id == "trigger_point"}
    valid = {f"F{n:02d}" for n in range(1, 51)}
    assert flagged == {f"seed_facts[{i}]" for i, f in enumerate(facts) if f not in valid}
