"""`KnowledgeBase`: every entry by id, ranked search, precautions and kinetic-chain queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from legcare.domain.knowledge.advice import Advice
from legcare.domain.knowledge.conditions import ChainLink, ChainNode, Condition
from legcare.domain.knowledge.entry import Entry, EntryKind
from legcare.domain.knowledge.evidence import Source
from legcare.domain.knowledge.exercises import Exercise
from legcare.domain.knowledge.precautions import Precaution
from legcare.domain.knowledge.questions import ClinicianQuestion
from legcare.domain.knowledge.search import (
    IndexedEntry,
    SearchHit,
    as_id,
    normalise,
    rank,
    vocabulary,
)
from legcare.domain.knowledge.techniques import Technique
from legcare.domain.knowledge.validation import (
    SEED_FACTS,
    Problem,
    check_entries,
    check_source_ids,
)

E = TypeVar("E", bound=Entry)

# A resolved search must match clearly: at least this score ...
RESOLVE_MIN_SCORE = 0.6
# ... and this far ahead of the runner-up (otherwise the person is shown the choices).
RESOLVE_MIN_MARGIN = 0.08


class KnowledgeBase:
    """The curated content, read-only. Build it with lists of entries; call ``problems()``."""

    def __init__(  # noqa: PLR0913 - one list per content file
        self,
        *,
        sources: Sequence[Source] = (),
        conditions: Sequence[Condition] = (),
        chain_nodes: Sequence[ChainNode] = (),
        techniques: Sequence[Technique] = (),
        exercises: Sequence[Exercise] = (),
        advice: Sequence[Advice] = (),
        precautions: Sequence[Precaution] = (),
        questions: Sequence[ClinicianQuestion] = (),
        content_version: str = "",
    ) -> None:
        self.content_version = content_version
        self.sources: tuple[Source, ...] = tuple(sources)
        self._all: tuple[Entry, ...] = (
            *conditions,
            *chain_nodes,
            *techniques,
            *exercises,
            *advice,
            *precautions,
            *questions,
        )
        self._by_id: dict[str, Entry] = {}
        for entry in self._all:
            self._by_id.setdefault(entry.id, entry)
        self._sources_by_id = {s.id: s for s in self.sources}
        self._index = tuple(IndexedEntry.of(e) for e in self._by_id.values())
        self._vocabulary = vocabulary(self._index)
        self._names = {name: e.id for e in self._index for name in e.names}

    # ---- lookups -------------------------------------------------------------------------
    def entries(self, kind: EntryKind | None = None) -> tuple[Entry, ...]:
        """Entries in file order; only those of ``kind`` if given."""
        if kind is None:
            return tuple(self._by_id.values())
        return tuple(e for e in self._by_id.values() if e.kind is kind)

    def find(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def get(self, entry_id: str) -> Entry:
        """The entry with ``entry_id``; KeyError if there is none."""
        return self._by_id[entry_id]

    def _typed(self, entry_id: str, cls: type[E]) -> E:
        entry = self._by_id[entry_id]
        if not isinstance(entry, cls):
            raise KeyError(f"{entry_id} is a {entry.kind.value}, not a {cls.__name__}")
        return entry

    def condition(self, entry_id: str) -> Condition:
        return self._typed(entry_id, Condition)

    def chain_node(self, entry_id: str) -> ChainNode:
        return self._typed(entry_id, ChainNode)

    def technique(self, entry_id: str) -> Technique:
        return self._typed(entry_id, Technique)

    def exercise(self, entry_id: str) -> Exercise:
        return self._typed(entry_id, Exercise)

    def advice(self, entry_id: str) -> Advice:
        return self._typed(entry_id, Advice)

    def precaution(self, entry_id: str) -> Precaution:
        return self._typed(entry_id, Precaution)

    def question(self, entry_id: str) -> ClinicianQuestion:
        return self._typed(entry_id, ClinicianQuestion)

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(e for e in self._by_id.values() if isinstance(e, Condition))

    @property
    def techniques(self) -> tuple[Technique, ...]:
        return tuple(e for e in self._by_id.values() if isinstance(e, Technique))

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(e for e in self._by_id.values() if isinstance(e, Exercise))

    @property
    def precautions(self) -> tuple[Precaution, ...]:
        return tuple(e for e in self._by_id.values() if isinstance(e, Precaution))

    @property
    def questions(self) -> tuple[ClinicianQuestion, ...]:
        return tuple(e for e in self._by_id.values() if isinstance(e, ClinicianQuestion))

    def advice_entries(self) -> tuple[Advice, ...]:
        return tuple(e for e in self._by_id.values() if isinstance(e, Advice))

    # ---- search --------------------------------------------------------------------------
    def search(self, text: str, *, limit: int = 10, min_score: float = 0.3) -> list[SearchHit]:
        """Topics matching ``text``, best first; empty when nothing matches well enough."""
        return [h for h in rank(text, self._index, self._vocabulary) if h.score >= min_score][
            : max(limit, 0)
        ]

    def closest(self, text: str, *, n: int = 5) -> list[SearchHit]:
        """The ``n`` nearest topics to ``text`` however weak the match (for "did you mean")."""
        return rank(text, self._index, self._vocabulary)[: max(n, 0)]

    def resolve_exact(self, text: str) -> Entry | None:
        """The topic ``text`` names exactly: an id (hyphens or spaces allowed), a title or an
        alias. None otherwise (an address names a page; it is not a search)."""
        return self._by_id.get(as_id(text)) or self._by_id.get(self._names.get(normalise(text), ""))

    def resolve(self, text: str) -> Entry | None:
        """The one topic ``text`` names: an id (hyphens or spaces allowed), a title, an alias,
        or search words that clearly match one topic best. None when it is unclear."""
        exact = self.resolve_exact(text)
        if exact is not None:
            return exact
        hits = rank(text, self._index, self._vocabulary)
        if not hits or hits[0].score < RESOLVE_MIN_SCORE:
            return None
        if len(hits) > 1 and hits[0].score - hits[1].score < RESOLVE_MIN_MARGIN:
            return None
        return self._by_id[hits[0].id]

    # ---- provenance ----------------------------------------------------------------------
    def sources_of(self, entry: Entry) -> list[Source]:
        return [self._sources_by_id[s] for s in entry.sources if s in self._sources_by_id]

    def seed_fact_coverage(self) -> dict[str, list[str]]:
        """For each seed fact F01-F50, the ids of the entries (and chain links) that cover it."""
        coverage: dict[str, list[str]] = {fact: [] for fact in SEED_FACTS}
        for entry in self._by_id.values():
            for fact in entry.seed_facts:
                coverage.setdefault(fact, []).append(entry.id)
        for link in self.links():
            for fact in link.seed_facts:
                coverage.setdefault(fact, []).append(link.describe())
        return coverage

    def problems(self) -> list[Problem]:
        """Every integrity problem: duplicates, dangling references, empty required fields."""
        return check_source_ids(s.id for s in self.sources) + check_entries(
            self._all, self._sources_by_id
        )

    # ---- precautions ---------------------------------------------------------------------
    def precautions_for(self, technique_id: str) -> list[Precaution]:
        """The precautions a technique lists plus every precaution that blocks or limits it."""
        technique = self.technique(technique_id)
        listed = [self.precaution(p) for p in technique.precautions if p in self._by_id]
        extra = [p for p in self.precautions if p.affects(technique_id) and p not in listed]
        return listed + extra

    def restrictions(self, precaution_ids: Iterable[str]) -> dict[str, list[Precaution]]:
        """For each technique, the given precautions that block or limit it (empty: none)."""
        active = [self.precaution(p) for p in precaution_ids]
        return {t.id: [p for p in active if p.affects(t.id)] for t in self.techniques}

    def blocked_techniques(self, precaution_ids: Iterable[str]) -> frozenset[str]:
        """Technique ids that must not be offered at all under the given precautions."""
        return frozenset(
            tid
            for tid, found in self.restrictions(precaution_ids).items()
            if any(p.precaution_kind.blocks for p in found)
        )

    # ---- kinetic chain -------------------------------------------------------------------
    def links(self) -> list[ChainLink]:
        found: list[ChainLink] = []
        for entry in self._by_id.values():
            if isinstance(entry, Condition | ChainNode):
                found.extend(entry.links)
        return found

    def links_from(self, entry_id: str) -> list[ChainLink]:
        return [link for link in self.links() if link.source == entry_id]

    def links_to(self, entry_id: str) -> list[ChainLink]:
        return [link for link in self.links() if link.target == entry_id]

    def chain_paths(
        self, start: str, end: str | None = None, *, max_links: int = 4
    ) -> list[tuple[ChainLink, ...]]:
        """Simple paths from ``start`` (to ``end`` if given), shortest first.

        The first link may be of any relation; later links must be mechanical (limits, loads,
        increases, prolongs, causes, shifts load to), so that an association such as "coexists
        with" is never chained into a causal-looking path.
        """
        outgoing: dict[str, list[ChainLink]] = {}
        for link in self.links():
            outgoing.setdefault(link.source, []).append(link)
        paths: list[tuple[ChainLink, ...]] = []
        stack: list[tuple[str, tuple[ChainLink, ...], frozenset[str]]] = [
            (start, (), frozenset({start}))
        ]
        while stack:
            node, path, seen = stack.pop()
            for link in outgoing.get(node, []):
                if link.target in seen or (path and not link.relation.is_mechanical):
                    continue
                new_path = (*path, link)
                if end is None or link.target == end:
                    paths.append(new_path)
                if len(new_path) < max_links and link.target != end and link.relation.is_mechanical:
                    stack.append((link.target, new_path, seen | {link.target}))
        paths.sort(key=lambda p: (len(p), [link.describe() for link in p]))
        return paths

    def paths_into(self, end: str, *, max_links: int = 4) -> list[tuple[ChainLink, ...]]:
        """Every chain path that ends at ``end`` (what loads the plantar fascia?)."""
        starts = {link.source for link in self.links()}
        paths = [
            p
            for s in sorted(starts)
            if s != end
            for p in self.chain_paths(s, end, max_links=max_links)
        ]
        paths.sort(key=lambda p: (len(p), [link.describe() for link in p]))
        return paths
