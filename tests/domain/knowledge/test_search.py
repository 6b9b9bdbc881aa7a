"""Search ranks topics by token overlap and similarity; resolve finds the one topic meant."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.knowledge.search import as_id, normalise, tokens
from tests.domain.knowledge.builders import chain_kb

KB = chain_kb()
IDS = {e.id for e in KB.entries()}


def test_normalise_and_as_id() -> None:
    assert normalise("  Trigger-Point_therapy!! ") == "trigger point therapy"
    assert as_id("Trigger point") == "trigger_point"
    assert tokens("how do I do the trigger point") == ["trigger", "point"]


def test_resolve_accepts_hyphens_spaces_titles_and_aliases() -> None:
    for text in ("trigger_point", "trigger-point", "Trigger Point", "TRIGGER POINT"):
        entry = KB.resolve(text)
        assert entry is not None and entry.id == "trigger_point"
    entry = KB.resolve("reflexology")
    assert entry is not None and entry.id == "foot_massage_reflexology"


def test_resolve_uses_clear_search_words_but_not_ambiguous_ones() -> None:
    entry = KB.resolve("heel pain")
    assert entry is not None and entry.id == "plantar_fasciitis"
    assert KB.resolve("tightness") is None  # calf or hamstring: ambiguous
    assert KB.resolve("qqqq") is None


def test_search_ranks_best_first_and_tolerates_typos() -> None:
    hits = KB.search("triger pont")
    assert hits and hits[0].id == "trigger_point"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert KB.search("zzzz qqqq") == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_search_never_raises_and_returns_known_ids(text: str) -> None:
    hits = KB.search(text, limit=5)
    assert len(hits) <= 5
    assert all(h.id in IDS and 0.0 <= h.score <= 1.0 for h in hits)
    resolved = KB.resolve(text)
    assert resolved is None or resolved.id in IDS


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60), st.integers(min_value=0, max_value=20))
def test_closest_always_offers_matches(text: str, n: int) -> None:
    closest = KB.closest(text, n=n)
    assert len(closest) == min(n, len(IDS))
    assert len({h.id for h in closest}) == len(closest)
    scores = [h.score for h in closest]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(IDS)), st.sampled_from(["-", " ", "_"]))
def test_every_id_resolves_to_itself_whatever_the_separator(entry_id: str, sep: str) -> None:
    entry = KB.resolve(entry_id.replace("_", sep).upper())
    assert entry is not None and entry.id == entry_id


def test_an_ending_is_the_same_word_a_longer_word_is_not() -> None:
    from legcare.domain.knowledge.search import _inflects

    assert _inflects("stretches", "stretch") and _inflects("rollers", "roller")
    assert _inflects("stretching", "stretch")
    assert not _inflects("nonexistent", "non") and not _inflects("calfskin", "cal")
