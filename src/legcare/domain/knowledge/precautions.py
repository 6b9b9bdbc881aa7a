"""Precautions and contraindications (clinical-notes 7.2): what each one blocks or limits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from legcare.domain.knowledge.entry import Entry, EntryKind
from legcare.domain.knowledge.techniques import Tool


class PrecautionKind(Enum):
    NO_MASSAGE = "no_massage"  # block the techniques named (or all of them)
    GENTLE_ONLY = "gentle_only"  # light stroking only; no deep pressure or hard tools
    AVOID_AREA = "avoid_area"  # keep off the affected area; elsewhere is fine
    NO_TOOLS_ON_NUMB_SKIN = "no_tools_on_numb_skin"  # hands only, gently, where feeling is reduced
    ASK_CLINICIAN_FIRST = "ask_clinician_first"  # hold the techniques until a clinician agrees

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def blocks(self) -> bool:
        """True when the named techniques must not be offered at all."""
        return self in (PrecautionKind.NO_MASSAGE, PrecautionKind.ASK_CLINICIAN_FIRST)


@dataclass(frozen=True, slots=True, kw_only=True)
class Precaution(Entry):
    KIND: ClassVar[EntryKind] = EntryKind.PRECAUTION
    precaution_kind: PrecautionKind
    applies_when: tuple[str, ...]
    instruction: str
    blocks_all: bool = False
    techniques: tuple[str, ...] = ()  # ids it blocks or limits (empty when blocks_all)
    exercises: tuple[str, ...] = ()
    tools_not_allowed: tuple[Tool, ...] = ()
    conditions: tuple[str, ...] = ()

    def affects(self, technique_id: str) -> bool:
        return self.blocks_all or technique_id in self.techniques

    def search_text(self) -> str:
        return " ".join((self.summary, *self.also_called, *self.applies_when))
