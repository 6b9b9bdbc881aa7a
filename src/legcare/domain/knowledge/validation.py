"""Cross-reference checks over a whole knowledge base; each problem names entry and field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from legcare.domain.knowledge.advice import Advice
from legcare.domain.knowledge.conditions import ChainLink, ChainNode, Condition
from legcare.domain.knowledge.dose import Dose
from legcare.domain.knowledge.entry import Entry, EntryKind
from legcare.domain.knowledge.exercises import Exercise
from legcare.domain.knowledge.precautions import Precaution
from legcare.domain.knowledge.questions import ClinicianQuestion
from legcare.domain.knowledge.techniques import Technique

SEED_FACTS = tuple(f"F{n:02d}" for n in range(1, 51))
ENTRY_ID = re.compile(r"^[a-z][a-z0-9_]*$")
SOURCE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: ``kind`` is an EntryKind value or "source"."""

    kind: str
    entry_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.entry_id}', field '{self.field}': {self.message}"


class _Checker:
    def __init__(
        self, entries: Mapping[str, Entry], source_ids: Iterable[str], problems: list[Problem]
    ) -> None:
        self.entries = entries
        self.source_ids = frozenset(source_ids)
        self.problems = problems

    def add(self, entry: Entry, field: str, message: str) -> None:
        self.problems.append(Problem(entry.kind.value, entry.id, field, message))

    def refs(self, entry: Entry, field: str, ids: Iterable[str], *kinds: EntryKind) -> None:
        allowed = " or ".join(k.value for k in kinds)
        for i, ref in enumerate(ids):
            target = self.entries.get(ref)
            if target is None:
                self.add(entry, f"{field}[{i}]", f"'{ref}' is not a known {allowed} id")
            elif target.kind not in kinds:
                self.add(entry, f"{field}[{i}]", f"'{ref}' is a {target.kind.value}, not {allowed}")

    def facts(self, entry: Entry, field: str, facts: Iterable[str]) -> None:
        for i, fact in enumerate(facts):
            if fact not in SEED_FACTS:
                self.add(entry, f"{field}[{i}]", f"'{fact}' is not a seed fact (F01-F50)")

    def common(self, entry: Entry) -> None:
        if not ENTRY_ID.match(entry.id):
            self.add(entry, "id", "use lower case letters, digits and underscores")
        for name in ("title", "summary"):
            if not getattr(entry, name).strip():
                self.add(entry, name, "must not be empty")
        self.sources(entry)
        if not entry.seed_facts:
            self.add(entry, "seed_facts", "name the seed facts this entry covers")
        self.facts(entry, "seed_facts", entry.seed_facts)

    def sources(self, entry: Entry) -> None:
        """The entry's sources and its claims' sources are known source ids."""
        if not entry.sources:
            self.add(entry, "sources", "name at least one source id")
        refs = [(f"sources[{i}]", ref) for i, ref in enumerate(entry.sources)]
        refs += [
            (f"evidence.claims[{i}].sources[{j}]", ref)
            for i, claim in enumerate(entry.evidence.claims)
            for j, ref in enumerate(claim.sources)
        ]
        for field, ref in refs:
            if ref not in self.source_ids:
                self.add(entry, field, f"'{ref}' is not a known source id")

    def links(self, entry: Entry, links: Iterable[ChainLink]) -> None:
        chain_kinds = (EntryKind.CONDITION, EntryKind.CHAIN_NODE)
        for i, link in enumerate(links):
            target = self.entries.get(link.target)
            if target is None or target.kind not in chain_kinds:
                message = f"'{link.target}' is not a known condition or chain_node id"
                self.add(entry, f"links[{i}].to", message)
            elif link.target == entry.id:
                self.add(entry, f"links[{i}].to", "a link cannot point at its own entry")
            self.facts(entry, f"links[{i}].seed_facts", link.seed_facts)

    def plan(self, entry: Entry, dose: Dose | None, tools: tuple[str, ...] = ()) -> None:
        """A plan shape must take its length from the dose, unless the dose has none."""
        allowed = set(tools) | {"hands"}
        timed = dose is not None and (
            dose.minutes_min is not None
            or (dose.hold_seconds_min is not None and dose.reps is not None)
        )
        per_spot = dose is not None and dose.hold_seconds_min is not None and dose.reps is None
        for i, step in enumerate(entry.plan):
            where = f"plan[{i}]"
            if step.seconds is not None and (timed or per_spot):
                self.add(entry, f"{where}.seconds", "the length comes from the dose; remove it")
            if step.seconds is None and not timed and not per_spot:
                self.add(entry, f"{where}.seconds", "the dose has no length, so give seconds")
            if per_spot and step.seconds is None and step.spots is None:
                self.add(entry, f"{where}.spots", "a per-spot hold needs how many spots")
            if step.spots is not None and not per_spot:
                self.add(entry, f"{where}.spots", "spots need a per-spot hold in the dose")
            if tools and not set(step.tools) <= allowed:
                extra = ", ".join(sorted(set(step.tools) - allowed))
                self.add(entry, f"{where}.tools", f"not among the entry's tools: {extra}")

    def nonempty(self, entry: Entry, **fields: tuple[object, ...]) -> None:
        for name, value in fields.items():
            if not value:
                self.add(entry, name, "must not be empty")


def _check_condition(c: _Checker, e: Condition) -> None:
    c.nonempty(e, presentation=e.presentation, see_clinician=e.see_clinician)
    kinds = (EntryKind.TECHNIQUE, EntryKind.EXERCISE, EntryKind.ADVICE)
    c.refs(e, "self_care", e.self_care, *kinds)
    c.refs(e, "precautions", e.precautions, EntryKind.PRECAUTION)
    c.links(e, e.links)


def _check_technique(c: _Checker, e: Technique) -> None:
    c.nonempty(e, steps=e.steps, tools=e.tools, body_regions=e.body_regions)
    c.nonempty(e, precautions=e.precautions)
    c.refs(e, "precautions", e.precautions, EntryKind.PRECAUTION)
    c.refs(e, "conditions", e.conditions, EntryKind.CONDITION)
    for field, message in e.dose.problems():
        c.add(e, f"dose.{field}", message)
    c.plan(e, e.dose, tuple(t.value for t in e.tools))


def _check_exercise(c: _Checker, e: Exercise) -> None:
    c.nonempty(e, steps=e.steps, ramp=e.ramp, body_regions=e.body_regions)
    c.refs(e, "precautions", e.precautions, EntryKind.PRECAUTION)
    c.refs(e, "conditions", e.conditions, EntryKind.CONDITION)
    for field, message in e.dose.problems():
        c.add(e, f"dose.{field}", message)
    c.plan(e, e.dose, tuple(t.value for t in e.tools))


def _check_advice(c: _Checker, e: Advice) -> None:
    c.nonempty(e, points=e.points)
    c.refs(e, "techniques", e.techniques, EntryKind.TECHNIQUE)
    c.refs(e, "exercises", e.exercises, EntryKind.EXERCISE)
    c.refs(e, "conditions", e.conditions, EntryKind.CONDITION)
    c.refs(e, "precautions", e.precautions, EntryKind.PRECAUTION)
    if e.dose is not None:
        for field, message in e.dose.problems():
            c.add(e, f"dose.{field}", message)
    c.plan(e, e.dose)


def _check_precaution(c: _Checker, e: Precaution) -> None:
    c.nonempty(e, applies_when=e.applies_when)
    if e.blocks_all and e.techniques:
        c.add(e, "blocks", "use either 'all' or a list of technique ids, not both")
    if not e.blocks_all and not e.techniques:
        c.add(e, "blocks", "name the techniques it blocks or limits, or 'all'")
    c.refs(e, "blocks", e.techniques, EntryKind.TECHNIQUE)
    c.refs(e, "exercises", e.exercises, EntryKind.EXERCISE)
    c.refs(e, "conditions", e.conditions, EntryKind.CONDITION)


def _check_question(c: _Checker, e: ClinicianQuestion) -> None:
    c.refs(e, "conditions", e.conditions, EntryKind.CONDITION)


def _check_plan_ids(c: _Checker, entries: Iterable[Entry]) -> None:
    """Plan step ids name one plan shape each, across the whole knowledge base."""
    owner: dict[str, str] = {}
    for entry in entries:
        ids = [step.id for step in entry.plan]
        for i, step_id in enumerate(ids):
            if owner.setdefault(step_id, entry.id) != entry.id or ids.count(step_id) > 1:
                c.add(entry, f"plan[{i}].id", f"plan step id '{step_id}' is used twice")


def check_entries(entries: Iterable[Entry], source_ids: Iterable[str]) -> list[Problem]:
    """Every problem in ``entries``: duplicate ids, dangling references, empty required fields."""
    problems: list[Problem] = []
    by_id: dict[str, Entry] = {}
    everything = list(entries)
    for entry in everything:
        if entry.id in by_id:
            other = by_id[entry.id].kind.value
            problems.append(
                Problem(entry.kind.value, entry.id, "id", f"duplicate id (also a {other})")
            )
        by_id.setdefault(entry.id, entry)
    checker = _Checker(by_id, source_ids, problems)
    _check_plan_ids(checker, everything)
    for entry in everything:
        checker.common(entry)
        _check_kind(checker, entry)
    return problems


def _check_kind(checker: _Checker, entry: Entry) -> None:
    """The checks of the entry's own kind."""
    if isinstance(entry, Condition):
        _check_condition(checker, entry)
    elif isinstance(entry, ChainNode):
        checker.links(entry, entry.links)
    elif isinstance(entry, Technique):
        _check_technique(checker, entry)
    elif isinstance(entry, Exercise):
        _check_exercise(checker, entry)
    elif isinstance(entry, Advice):
        _check_advice(checker, entry)
    elif isinstance(entry, Precaution):
        _check_precaution(checker, entry)
    elif isinstance(entry, ClinicianQuestion):
        _check_question(checker, entry)


def check_source_ids(source_ids: Iterable[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for sid in source_ids:
        if not SOURCE_ID.match(sid):
            problems.append(Problem("source", sid, "id", "use letters, digits and underscores"))
        if sid in seen:
            problems.append(Problem("source", sid, "id", "duplicate source id"))
        seen.add(sid)
    return problems
