"""How a check's precautions remove or soften steps, applied before any time is shared out.

- ``no_massage`` (a possible clot): no massage or rolling anywhere, and no loading of the leg
  (stretching, strengthening) until a clinician has checked it.
- ``gentle_only`` (for example anticoagulants): light stroking with the hands only.
- ``no_tools_on_numb_skin``: on the numb areas, hands only and light; no deep work there.
- ``avoid_area`` (for example varicose veins): no massage on those areas.
- ``ask_clinician_first``: a notice at the top; the steps stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from legcare.domain.plans.catalogue import Template
from legcare.domain.plans.check import CheckSummary, PrecautionKind
from legcare.domain.plans.model import LEG_LOADING_KINDS, MASSAGE_KINDS
from legcare.domain.plans.profile import Pressure

EVERYWHERE: frozenset[str] = frozenset()
_ALIASES = {
    "feet": "foot",
    "sole": "foot",
    "arch": "foot",
    "heel": "foot",
    "toes": "foot",
    "ankle": "foot",
    "calves": "calf",
    "achilles": "calf",
    "shins": "shin",
    "hamstrings": "hamstring",
    "quadriceps": "thigh",
    "thighs": "thigh",
    "buttocks": "buttock",
    "hip": "buttock",
    "thigh_back": "hamstring",
    "back_of_thigh": "hamstring",
    "thigh_front": "thigh",
    "lower_leg": "lower_leg",
}
NEAR_KNEE = frozenset({"calf", "hamstring", "thigh"})
_GROUPS = {
    "lower_leg": frozenset({"calf", "shin", "foot"}),
    "upper_leg": frozenset({"hamstring", "thigh", "buttock"}),
}
_WHOLE = frozenset({"leg", "legs", "whole_leg", "all", "everywhere", "both_legs"})


def normalise_areas(areas: Iterable[str]) -> frozenset[str]:
    """Area names as the templates use them; empty means everywhere."""
    out: set[str] = set()
    for raw in areas:
        name = raw.strip().lower().replace("-", "_").replace(" ", "_")
        for side in ("left_", "right_"):
            name = name.removeprefix(side)
        if name in _WHOLE:
            return EVERYWHERE
        name = _ALIASES.get(name, name)
        out |= _GROUPS.get(name, {name})
    return frozenset(out)


def _touches(zone: frozenset[str], areas: tuple[str, ...]) -> bool:
    return not zone or not areas or bool(zone & set(areas))


@dataclass(frozen=True, slots=True)
class Adapted:
    """A template as the precautions allow it: the tools left, the pressure, what was softened."""

    tools: tuple[str, ...]
    pressure: Pressure | None
    softened: str


@dataclass(frozen=True, slots=True)
class SafetyRules:
    no_massage: bool = False
    gentle: bool = False
    numb: tuple[frozenset[str], ...] = ()
    avoid: tuple[frozenset[str], ...] = ()
    ask_first: bool = False

    @classmethod
    def from_check(cls, check: CheckSummary) -> SafetyRules:
        return cls(
            no_massage=check.has(PrecautionKind.NO_MASSAGE),
            gentle=check.has(PrecautionKind.GENTLE_ONLY),
            numb=tuple(
                normalise_areas(a) for a in check.areas_for(PrecautionKind.NO_TOOLS_ON_NUMB_SKIN)
            ),
            avoid=tuple(normalise_areas(a) for a in check.areas_for(PrecautionKind.AVOID_AREA)),
            ask_first=check.has(PrecautionKind.ASK_CLINICIAN_FIRST),
        )

    def adapt(self, template: Template, pressure: Pressure) -> Adapted | None:
        """``template`` as allowed here, or None when it must go."""
        if template.kind in MASSAGE_KINDS:
            return self._adapt_massage(template, pressure)
        if self.no_massage and template.kind in LEG_LOADING_KINDS:
            return None
        return Adapted(template.tools, None, "")

    def _adapt_massage(self, template: Template, pressure: Pressure) -> Adapted | None:
        if self.no_massage:
            return None
        softened: list[str] = []
        for zone in self.avoid:
            if not zone or not template.areas or set(template.areas) <= zone:
                return None
            if zone & set(template.areas):
                skip = ", ".join(sorted(zone & set(template.areas)))
                softened.append(f"leave out the {skip}")
            if "knee" in zone and NEAR_KNEE & set(template.areas):
                softened.append("go around the back of the knee")
        light = self.gentle or any(_touches(zone, template.areas) for zone in self.numb)
        if not light:
            return Adapted(template.tools, pressure, "; ".join(softened))
        if template.deep or "hands" not in template.tools:
            return None
        if self.gentle:
            softened.insert(0, "light stroking with the hands only")
        else:
            softened.insert(0, "hands only and light pressure where the skin feels numb")
        return Adapted(("hands",), Pressure.LIGHT, "; ".join(softened))
