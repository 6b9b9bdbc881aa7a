"""Advice: habits, checklists and session templates the plan can schedule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from legcare.domain.knowledge.dose import Dose
from legcare.domain.knowledge.entry import Entry, EntryKind


class AdviceCategory(Enum):
    SESSION = "session"  # a session template, e.g. the RLS evening massage session
    FOOTWEAR = "footwear"
    ORTHOTICS = "orthotics"
    SLEEP = "sleep"
    EXERCISE = "exercise"
    RELAXATION = "relaxation"
    TRIGGERS = "triggers"
    IRON = "iron"
    MEDICINES = "medicines"
    ACTIVITY = "activity"
    PROFESSIONAL = "professional"
    REST = "rest"
    GAIT = "gait"
    APPROACH = "approach"
    WELLBEING = "wellbeing"


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice(Entry):
    KIND: ClassVar[EntryKind] = EntryKind.ADVICE
    category: AdviceCategory
    points: tuple[str, ...]
    dose: Dose | None = None
    techniques: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    precautions: tuple[str, ...] = ()

    def search_text(self) -> str:
        return " ".join((self.summary, *self.also_called, self.category.value, *self.points))
