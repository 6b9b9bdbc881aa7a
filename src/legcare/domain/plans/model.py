"""The plan as data: sessions of timed steps, checklists and notices, each step with its why.

Everything here is a frozen dataclass that turns into plain JSON (`to_dict`) and back
(`from_dict`), so a stored plan version reads back exactly as it was generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import Enum
from typing import Any

from legcare.domain.safety import Activity, activity_of_step


class StepKind(Enum):
    MASSAGE = "massage"
    ROLLING = "rolling"
    STRETCH = "stretch"
    STRENGTH = "strength"
    RELAXATION = "relaxation"
    HABIT = "habit"


# Which kinds are massage and which load the leg is decided in ``legcare.domain.safety``.
MASSAGE_KINDS = frozenset(k for k in StepKind if activity_of_step(k.value) is Activity.MASSAGE)
LEG_LOADING_KINDS = frozenset(
    k for k in StepKind if activity_of_step(k.value) is Activity.LEG_LOADING
)


@dataclass(frozen=True, slots=True)
class Why:
    """Why a step is in the plan: the condition it serves and how good the evidence is."""

    conditions: tuple[str, ...]
    evidence: str
    sources: tuple[str, ...]
    seed_facts: tuple[str, ...]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "conditions": list(self.conditions),
            "evidence": self.evidence,
            "sources": list(self.sources),
            "seed_facts": list(self.seed_facts),
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Why:
        return cls(
            conditions=tuple(data["conditions"]),
            evidence=data["evidence"],
            sources=tuple(data["sources"]),
            seed_facts=tuple(data["seed_facts"]),
            note=data.get("note", ""),
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One timed step of a session (one technique or stretch, on one area of one leg)."""

    id: str
    technique: str
    title: str
    kind: StepKind
    seconds: int
    dose: str
    instructions: tuple[str, ...]
    cues: tuple[str, ...]
    why: Why
    areas: tuple[str, ...] = ()
    leg: str | None = None
    tool: str | None = None
    pressure: str | None = None
    softened: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "technique": self.technique,
            "title": self.title,
            "kind": self.kind.value,
            "seconds": self.seconds,
            "dose": self.dose,
            "instructions": list(self.instructions),
            "cues": list(self.cues),
            "areas": list(self.areas),
            "leg": self.leg,
            "tool": self.tool,
            "pressure": self.pressure,
            "softened": self.softened,
            "why": self.why.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(
            id=data["id"],
            technique=data["technique"],
            title=data["title"],
            kind=StepKind(data["kind"]),
            seconds=int(data["seconds"]),
            dose=data["dose"],
            instructions=tuple(data["instructions"]),
            cues=tuple(data["cues"]),
            areas=tuple(data["areas"]),
            leg=data.get("leg"),
            tool=data.get("tool"),
            pressure=data.get("pressure"),
            softened=data.get("softened", ""),
            why=Why.from_dict(data["why"]),
        )


@dataclass(frozen=True, slots=True)
class Session:
    """A routine done on some weekdays at a set time (0 = Monday)."""

    id: str
    title: str
    weekdays: tuple[int, ...]
    start: time
    steps: tuple[Step, ...]
    note: str = ""

    @property
    def seconds(self) -> int:
        return sum(step.seconds for step in self.steps)

    @property
    def minutes(self) -> int:
        return round(self.seconds / 60)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "weekdays": list(self.weekdays),
            "start": self.start.strftime("%H:%M"),
            "minutes": self.minutes,
            "seconds": self.seconds,
            "note": self.note,
            "steps": [step.to_dict() for step in self.steps],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        hours, minutes = data["start"].split(":")
        return cls(
            id=data["id"],
            title=data["title"],
            weekdays=tuple(data["weekdays"]),
            start=time(int(hours), int(minutes)),
            steps=tuple(Step.from_dict(s) for s in data["steps"]),
            note=data.get("note", ""),
        )


@dataclass(frozen=True, slots=True)
class Notice:
    """A line at the top of the plan; ``level``: a triage level, safety, clinician, dose or info."""

    level: str
    text: str
    seed_facts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "text": self.text, "seed_facts": list(self.seed_facts)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        return cls(data["level"], data["text"], tuple(data.get("seed_facts", ())))


@dataclass(frozen=True, slots=True)
class Checklist:
    """Things to do or check once, not timed (footwear, sleep habits, triggers, clinician)."""

    id: str
    title: str
    items: tuple[str, ...]
    why: Why

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "items": list(self.items),
            "why": self.why.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checklist:
        return cls(data["id"], data["title"], tuple(data["items"]), Why.from_dict(data["why"]))


@dataclass(frozen=True, slots=True)
class Adjustments:
    """What accepted weekly reviews changed: the plan's progression state."""

    evenings_per_week: int = 2
    hold_seconds: int = 30
    strength_level: int = 1
    excluded: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        return {
            "evenings_per_week": self.evenings_per_week,
            "hold_seconds": self.hold_seconds,
            "strength_level": self.strength_level,
            "excluded": sorted(self.excluded),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Adjustments:
        return cls(
            evenings_per_week=int(data.get("evenings_per_week", 2)),
            hold_seconds=int(data.get("hold_seconds", 30)),
            strength_level=int(data.get("strength_level", 1)),
            excluded=frozenset(data.get("excluded", ())),
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """A weekly plan: notices first, then sessions, checklists and topics for a clinician."""

    notices: tuple[Notice, ...]
    sessions: tuple[Session, ...]
    checklists: tuple[Checklist, ...]
    patterns: tuple[str, ...]
    adjustments: Adjustments = field(default_factory=Adjustments)

    def sessions_on(self, weekday: int) -> tuple[Session, ...]:
        on_day = (s for s in self.sessions if weekday in s.weekdays)
        return tuple(sorted(on_day, key=lambda s: (s.start, s.id)))

    def all_steps(self) -> tuple[Step, ...]:
        return tuple(step for session in self.sessions for step in session.steps)

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "plan",
            "notices": [n.to_dict() for n in self.notices],
            "sessions": [s.to_dict() for s in self.sessions],
            "checklists": [c.to_dict() for c in self.checklists],
            "patterns": list(self.patterns),
            "adjustments": self.adjustments.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(
            notices=tuple(Notice.from_dict(n) for n in data["notices"]),
            sessions=tuple(Session.from_dict(s) for s in data["sessions"]),
            checklists=tuple(Checklist.from_dict(c) for c in data["checklists"]),
            patterns=tuple(data["patterns"]),
            adjustments=Adjustments.from_dict(data["adjustments"]),
        )


@dataclass(frozen=True, slots=True)
class NoPlan:
    """An emergency result: no plan at all, only what to do now."""

    what_to_do_now: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "emergency", "what_to_do_now": list(self.what_to_do_now)}
