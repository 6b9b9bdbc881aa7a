"""Massage and self-massage techniques: where, with what, how, how much, and how carefully."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from legcare.domain.knowledge.dose import Dose
from legcare.domain.knowledge.entry import Entry, EntryKind


class Tool(Enum):
    """What a person may own to do the work (seed fact F28)."""

    HANDS = "hands"
    ELBOWS = "elbows"
    FOAM_ROLLER = "foam_roller"
    ROLLER_STICK = "roller_stick"
    TENNIS_BALL = "tennis_ball"
    LACROSSE_BALL = "lacrosse_ball"
    MOBILITY_BALL = "mobility_ball"
    ROLLER_BALL = "roller_ball"
    WATER_BOTTLE = "water_bottle"
    MASSAGE_CANE = "massage_cane"
    TOWEL = "towel"
    STEP = "step"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def is_hard(self) -> bool:
        """Tools that concentrate pressure (limited by bleeding risk and numb skin)."""
        return self in _HARD_TOOLS


_HARD_TOOLS = frozenset(
    {
        Tool.FOAM_ROLLER,
        Tool.ROLLER_STICK,
        Tool.TENNIS_BALL,
        Tool.LACROSSE_BALL,
        Tool.MOBILITY_BALL,
        Tool.ROLLER_BALL,
        Tool.WATER_BOTTLE,
        Tool.MASSAGE_CANE,
    }
)


class BodyRegion(Enum):
    TOES = "toes"
    ARCH = "arch"
    HEEL = "heel"
    SOLE = "sole"
    ANKLE = "ankle"
    ACHILLES = "achilles"
    CALF = "calf"
    SHIN = "shin"
    KNEE = "knee"
    HAMSTRINGS = "hamstrings"
    QUADRICEPS = "quadriceps"
    THIGH = "thigh"
    BUTTOCK = "buttock"
    HIP = "hip"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Pressure(Enum):
    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"
    DEEP = "deep"


class StrokeDirection(Enum):
    TOWARD_HEART = "toward_heart"
    ALONG_MUSCLE = "along_muscle"
    STATIC_HOLD = "static_hold"
    SLOW_ROLL = "slow_roll"
    CIRCULAR = "circular"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Delivery(Enum):
    SELF = "self"  # a person can do it at home
    THERAPIST = "therapist"  # described for education; done by a professional
    EITHER = "either"


@dataclass(frozen=True, slots=True, kw_only=True)
class Technique(Entry):
    KIND: ClassVar[EntryKind] = EntryKind.TECHNIQUE
    delivery: Delivery
    body_regions: tuple[BodyRegion, ...]
    tools: tuple[Tool, ...]
    steps: tuple[str, ...]
    dose: Dose
    pressure: Pressure
    pressure_cue: str
    direction: StrokeDirection
    direction_cue: str = ""
    cues: tuple[str, ...] = ()
    precautions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    def search_text(self) -> str:
        words = (t.label for t in self.tools)
        regions = (r.label for r in self.body_regions)
        return " ".join((self.summary, *self.also_called, *words, *regions))
