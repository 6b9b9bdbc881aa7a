"""Ranked, forgiving search over topics: token overlap plus difflib similarity. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

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
    title_words: str
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
            title_words=normalise(entry.title),
            names=frozenset(names),
            id_tokens=frozenset(tokens(entry.id)),
            name_tokens=frozenset(name_tokens),
            body_tokens=frozenset(tokens(entry.search_text())) - name_tokens,
        )


FUZZY_CUTOFF = 0.75


@dataclass(frozen=True, slots=True)
class _Query:
    """A query prepared once per search: its phrase, its words and their near-miss spellings."""

    phrase: str
    words: tuple[str, ...]
    fuzzy: dict[str, dict[str, float]]  # word -> {name token: similarity >= FUZZY_CUTOFF}


def vocabulary(index: Sequence[IndexedEntry]) -> frozenset[str]:
    """Every name token of ``index`` (build once; its hash is cached by Python)."""
    words: set[str] = set()
    for entry in index:
        words.update(entry.name_tokens)
    return frozenset(words)


@lru_cache(maxsize=4096)
def _close_names(word: str, names: frozenset[str]) -> dict[str, float]:
    """Name tokens spelled like ``word`` (a typo), with their difflib similarity."""
    matcher = SequenceMatcher()
    matcher.set_seq2(word)
    close: dict[str, float] = {}
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.quick_ratio() >= FUZZY_CUTOFF:
            ratio = matcher.ratio()
            if ratio >= FUZZY_CUTOFF:
                close[name] = ratio
    return close


def _prepare(query: str, names: frozenset[str]) -> _Query:
    phrase = normalise(query)
    words = tuple(tokens(query) or phrase.split())
    return _Query(phrase, words, {w: _close_names(w, names) for w in set(words)})


SUFFIX_MAX = 3  # "stretches" is "stretch" + "es"; "nonexistent" is not "non" + anything


def _inflects(word: str, name: str) -> bool:
    """``word`` is ``name`` with a short ending ("rollers", "stretching"), not a longer word
    that merely begins the same way ("nonexistent" and "non")."""
    return len(name) >= 3 and word.startswith(name) and len(word) - len(name) <= SUFFIX_MAX


def _token_score(word: str, entry: IndexedEntry, query: _Query) -> float:
    names, body = entry.name_tokens, entry.body_tokens
    if word in entry.id_tokens:
        return 1.0
    if word in names:
        return 0.9
    if len(word) >= 3 and any(n.startswith(word) or _inflects(word, n) for n in names):
        return 0.8
    if word in body:
        return 0.5
    close = query.fuzzy.get(word, {})
    best = max((close[n] for n in names if n in close), default=0.0)
    if best:
        return 0.7 * best
    if len(word) >= 4 and any(b.startswith(word) for b in body):
        return 0.4
    return 0.0


def _score(query: _Query, entry: IndexedEntry) -> float:
    if not query.phrase:
        return 0.0
    if query.phrase in entry.names:
        return 1.0
    coverage = sum(_token_score(w, entry, query) for w in query.words) / len(query.words)
    # quick_ratio (shared letters) is a cheap upper bound of ratio(); enough for a 15% weight
    similarity = SequenceMatcher(None, query.phrase, entry.title_words).quick_ratio()
    return round(min(0.99, 0.85 * coverage + 0.15 * similarity), 4)


def score(query: str, entry: IndexedEntry) -> float:
    """How well ``query`` matches ``entry``, from 0 (nothing) to 1 (the exact name)."""
    return _score(_prepare(query, vocabulary([entry])), entry)


def rank(
    query: str, index: Sequence[IndexedEntry], names: frozenset[str] | None = None
) -> list[SearchHit]:
    """Every entry scored against ``query``, best first (ties by id, so the order is stable).

    ``names`` is ``vocabulary(index)``, passed in by callers that search the same index often.
    """
    prepared = _prepare(query, vocabulary(index) if names is None else names)
    hits = [SearchHit(e.id, e.kind, e.title, _score(prepared, e)) for e in index]
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits
