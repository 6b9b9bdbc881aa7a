"""The screening rules as data: red flags, patterns, triage, precautions, clinician points."""

from __future__ import annotations

from dataclasses import dataclass

from legcare.domain.screening.questions import Questionnaire
from legcare.domain.screening.rules import Rule
from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    """A warning sign: when it holds, triage is at least ``level`` and ``what_to_do`` is shown."""

    id: str
    label: str
    what_to_do: str
    level: TriageLevel
    when: Rule
    seed_facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PatternRule:
    """How answers map to a pattern's status.

    ``consistent_when`` is checked first, then ``possible_when``. If the pattern would be
    consistent but one of ``lookalikes`` is consistent or possible, it becomes ``possible`` and
    names them: those conditions could explain the same feelings.

    A look-alike listed in ``coexisting`` can also be present *beside* the pattern. When
    ``coexisting_when`` holds (the person tells the two feelings apart), such a look-alike no
    longer downgrades the pattern: both are reported.
    """

    id: str
    name: str
    consistent_when: Rule | None
    possible_when: Rule | None
    lookalikes: tuple[str, ...] = ()
    seed_facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    coexisting: tuple[str, ...] = ()
    coexisting_when: Rule | None = None


@dataclass(frozen=True, slots=True)
class TriageRule:
    id: str
    level: TriageLevel
    when: Rule
    what_to_do: str
    seed_facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PrecautionRule:
    """A massage precaution; areas are ``areas`` plus the answers to ``areas_from`` questions."""

    id: str
    kind: PrecautionKind
    label: str
    when: Rule
    areas: tuple[str, ...] = ()
    areas_from: tuple[str, ...] = ()
    seed_facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClinicianPointRule:
    id: str
    text: str
    when: Rule
    seed_facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ruleset:
    red_flags: tuple[RedFlagRule, ...]
    patterns: tuple[PatternRule, ...]
    triage: tuple[TriageRule, ...]
    precautions: tuple[PrecautionRule, ...]
    clinician_points: tuple[ClinicianPointRule, ...]
    self_care_text: str
    no_pattern_text: str


@dataclass(frozen=True, slots=True)
class ScreeningContent:
    """A questionnaire and its rules, with the version stored beside every check."""

    questionnaire: Questionnaire
    rules: Ruleset
    version: str
