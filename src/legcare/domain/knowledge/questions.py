"""Questions worth asking a clinician, with the reason to ask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from legcare.domain.knowledge.entry import Entry, EntryKind


@dataclass(frozen=True, slots=True, kw_only=True)
class ClinicianQuestion(Entry):
    """``title`` is the question itself; ``summary`` says why it is worth asking."""

    KIND: ClassVar[EntryKind] = EntryKind.CLINICIAN_QUESTION
    conditions: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
