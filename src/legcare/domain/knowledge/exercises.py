"""Stretches and strengthening exercises, each with a dose and a ramp for progressing gently."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from legcare.domain.knowledge.dose import Dose
from legcare.domain.knowledge.entry import Entry, EntryKind
from legcare.domain.knowledge.techniques import BodyRegion, Tool


class ExerciseKind(Enum):
    STRETCH = "stretch"
    STRENGTHENING = "strengthening"
    MOBILITY = "mobility"


@dataclass(frozen=True, slots=True, kw_only=True)
class Exercise(Entry):
    KIND: ClassVar[EntryKind] = EntryKind.EXERCISE
    exercise_kind: ExerciseKind
    body_regions: tuple[BodyRegion, ...]
    steps: tuple[str, ...]
    dose: Dose
    ramp: tuple[str, ...]
    tools: tuple[Tool, ...] = ()
    cues: tuple[str, ...] = ()
    precautions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    def search_text(self) -> str:
        regions = (r.label for r in self.body_regions)
        return " ".join((self.summary, *self.also_called, self.exercise_kind.value, *regions))
