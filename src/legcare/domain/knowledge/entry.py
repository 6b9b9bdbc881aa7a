"""What every knowledge-base entry carries: an id, words for people, and provenance."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from legcare.domain.knowledge.evidence import Evidence
from legcare.domain.knowledge.figures import Figure
from legcare.domain.knowledge.plan_steps import PlanStep


class EntryKind(Enum):
    """The kinds of topic a person can look up, in the order `legcare learn` lists them."""

    CONDITION = "condition"
    CHAIN_NODE = "chain_node"
    TECHNIQUE = "technique"
    EXERCISE = "exercise"
    ADVICE = "advice"
    PRECAUTION = "precaution"
    CLINICIAN_QUESTION = "clinician_question"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    EntryKind.CONDITION: "Conditions and look-alikes",
    EntryKind.CHAIN_NODE: "Kinetic chain",
    EntryKind.TECHNIQUE: "Massage techniques",
    EntryKind.EXERCISE: "Stretches and strengthening",
    EntryKind.ADVICE: "Advice and habits",
    EntryKind.PRECAUTION: "Precautions",
    EntryKind.CLINICIAN_QUESTION: "Questions for a clinician",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """Fields shared by every entry. ``seed_facts`` are ids F01-F50 from seed-facts.md."""

    id: str
    title: str
    summary: str
    evidence: Evidence
    sources: tuple[str, ...]
    seed_facts: tuple[str, ...]
    also_called: tuple[str, ...] = ()
    plan: tuple[PlanStep, ...] = ()  # how the plan schedules it (techniques, exercises, advice)
    figure: Figure | None = None  # the illustration (every technique and exercise has one)

    KIND: ClassVar[EntryKind]

    @property
    def kind(self) -> EntryKind:
        return self.KIND

    def search_text(self) -> str:
        """The words a search matches against, beyond id and title."""
        return " ".join((self.summary, *self.also_called))
