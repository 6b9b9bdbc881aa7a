"""Conditions, their look-alikes and the kinetic chain that links them.

The chain is a typed graph: a condition or a body function (a ``ChainNode`` such as ankle
dorsiflexion) points at another by a ``LinkRelation``, for example
``calf_tightness --limits--> ankle_dorsiflexion --loads--> plantar_fasciitis``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from legcare.domain.knowledge.entry import Entry, EntryKind
from legcare.domain.knowledge.evidence import EvidenceGrade


class ConditionCategory(Enum):
    PATTERN = "pattern"  # what the screening looks for: RLS, plantar fasciitis, posterior chain
    LOOK_ALIKE = "look_alike"  # an RLS mimic (clinical-notes section 2)
    URGENT = "urgent"  # a condition behind a red flag (blood clot)


class LinkRelation(Enum):
    LIMITS = "limits"
    LOADS = "loads"
    INCREASES = "increases"
    PROLONGS = "prolongs"
    CAUSES = "causes"
    SHIFTS_LOAD_TO = "shifts_load_to"
    SHARES_CHAIN_WITH = "shares_chain_with"
    MAY_TRIGGER = "may_trigger"
    COEXISTS_WITH = "coexists_with"
    CAN_CAUSE = "can_cause"
    MIMICS = "mimics"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def is_mechanical(self) -> bool:
        """True for load passed along the chain; False for associations (mimics, coexists...).

        Only mechanical links are followed when chaining several links into a path.
        """
        return self in _MECHANICAL


_MECHANICAL = frozenset(
    {
        LinkRelation.LIMITS,
        LinkRelation.LOADS,
        LinkRelation.INCREASES,
        LinkRelation.PROLONGS,
        LinkRelation.CAUSES,
        LinkRelation.SHIFTS_LOAD_TO,
    }
)


class CodeSystem(Enum):
    SNOMED_CT = "snomed_ct"
    ICD10_CM = "icd10_cm"

    @property
    def url(self) -> str:
        return {
            CodeSystem.SNOMED_CT: "http://snomed.info/sct",
            CodeSystem.ICD10_CM: "http://hl7.org/fhir/sid/icd-10-cm",
        }[self]


@dataclass(frozen=True, slots=True, kw_only=True)
class Code:
    """A standard code verified in clinical-notes section 9 (no unverified codes are shipped)."""

    system: CodeSystem
    code: str
    display: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainLink:
    """One typed edge of the kinetic chain, owned by the entry it starts from."""

    source: str
    relation: LinkRelation
    target: str
    note: str = ""
    grade: EvidenceGrade | None = None
    seed_facts: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"{self.source} --{self.relation.value}--> {self.target}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainNode(Entry):
    """A body function between conditions on the chain (ankle dorsiflexion, forefoot loading)."""

    KIND: ClassVar[EntryKind] = EntryKind.CHAIN_NODE
    links: tuple[ChainLink, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition(Entry):
    """A pattern the screening looks for, an RLS look-alike, or an urgent condition."""

    KIND: ClassVar[EntryKind] = EntryKind.CONDITION
    category: ConditionCategory
    presentation: tuple[str, ...] = ()
    risk_factors: tuple[str, ...] = ()
    differs_from_rls: str = ""
    see_clinician: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    self_care: tuple[str, ...] = ()  # ids of techniques, exercises or advice
    precautions: tuple[str, ...] = ()
    codes: tuple[Code, ...] = ()
    links: tuple[ChainLink, ...] = ()

    def search_text(self) -> str:
        return " ".join((self.summary, *self.also_called, *self.presentation))
