"""Ranked, forgiving search over topics: token overlap plus difflib similarity. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from legcare.domain.knowledge.entry import Entry, EntryKind

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "should",
        "the",
        "to",
        "what",
        "with",
        "you",
        "your",
    }
)


def normalise(text: str) -> str:
    """Lower case, words joined by single spaces ("Trigger-point_therapy" -> "trigger point
    therapy")."""
    return " ".join(_WORD.findall(text.lower().replace("_", " ")))


def as_id(text: str) -> str:
    """The id a person probably meant: "trigger-point" and "Trigger point" -> "trigger_point"."""
    return normalise(text).replace(" ", "_")


def tokens(text: str) -> list[str]:
    return [t for t in normalise(text).split() if t not in STOPWORDS]


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    kind: EntryKind
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class IndexedEntry:
    """An entry's words, prepared once so that each search is cheap."""

    id: str
    kind: EntryKind
    title: str
    names: frozenset[str]  # exact phrases: id, title, also-called, all normalised
    id_tokens: frozenset[str]
    name_tokens: frozenset[str]
    body_tokens: frozenset[str]

    @classmethod
    def of(cls, entry: Entry) -> IndexedEntry:
        names = {normalise(entry.id), normalise(entry.title)}
        names.update(normalise(a) for a in entry.also_called)
        name_tokens = set(tokens(entry.id)) | set(tokens(entry.title))
        for alias in entry.also_called:
            name_tokens.update(tokens(alias))
        return cls(
            id=entry.id,
            kind=entry.kind,
            title=entry.title,
            names=frozenset(names),
            id_tokens=frozenset(tokens(entry.id)),
            name_tokens=frozenset(name_tokens),
            body_tokens=frozenset(tokens(entry.search_text())) - name_tokens,
        )


def _token_score(word: str, entry: IndexedEntry) -> float:
    names, body = entry.name_tokens, entry.body_tokens
    if word in entry.id_tokens:
        return 1.0
    if word in names:
        return 0.9
    if len(word) >= 3 and any(
        n.startswith(word) or (len(n) >= 3 and word.startswith(n)) for n in names
    ):
        return 0.8
    if word in body:
        return 0.5
    best = 0.0
    for name in names:
        matcher = SequenceMatcher(None, word, name)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            best = max(best, matcher.ratio())
    if best >= 0.75:
        return 0.7 * best
    if len(word) >= 4 and any(b.startswith(word) for b in body):
        return 0.4
    return 0.0


def score(query: str, entry: IndexedEntry) -> float:
    """How well ``query`` matches ``entry``, from 0 (nothing) to 1 (the exact name)."""
    phrase = normalise(query)
    if not phrase:
        return 0.0
    if phrase in entry.names:
        return 1.0
    words = tokens(query) or phrase.split()
    coverage = sum(_token_score(w, entry) for w in words)
    coverage /= len(words)
    similarity = SequenceMatcher(None, phrase, normalise(entry.title)).ratio()
    return round(min(0.99, 0.85 * coverage + 0.15 * similarity), 4)


def rank(query: str, index: Iterable[IndexedEntry]) -> list[SearchHit]:
    """Every entry scored against ``query``, best first (ties by id, so the order is stable)."""
    hits = [SearchHit(e.id, e.kind, e.title, score(query, e)) for e in index]
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits
