"""The building blocks of plans, read from the knowledge base: one template per plan step shape.

Nothing here repeats the content. Each template comes from a technique, exercise or advice entry
that carries a ``plan`` block (``legcare.domain.knowledge.plan_steps``); its dose text is the
entry's own dose, its length is taken from that dose (minutes, holds x repetitions, or holds per
spot), and its reasons are the entry's evidence grade, sources and seed facts. So the plan and the
Learn page show the same dose from one place. The service hands the knowledge base in; this
module stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from legcare.domain.knowledge import Advice, Dose, Entry, Exercise, KnowledgeBase, Technique
from legcare.domain.knowledge.plan_steps import PlanStep
from legcare.domain.plans.model import Checklist, StepKind, Why

RLS = "restless_legs"
HEEL = "plantar_fasciitis"
CALF = "calf_tightness"
HAMSTRING = "hamstring_tightness"
HAMSTRING_STRAIN = "hamstring_strain"
CRAMPS = "leg_cramps"
VENOUS = "venous_disease_oedema"
POSTERIOR = (CALF, HAMSTRING, HAMSTRING_STRAIN)

# Strength levels, ramped by the weekly review: (sets, reps).
STRENGTH_LEVELS: Mapping[int, tuple[int, int]] = {1: (2, 8), 2: (3, 10), 3: (3, 12)}
MAX_STRENGTH_LEVEL = max(STRENGTH_LEVELS)

EVENING_SESSION = "rls_evening_massage_session"  # the advice entry holding the session dose
# Advice entries the plan shows as checklists, word for word as on their Learn page.
CHECKLIST_ADVICE = ("leg_elevation",)


@dataclass(frozen=True, slots=True)
class Template:
    """A step before it is fitted to a person: tools it can use, areas, length range, reasons.

    ``technique`` is the knowledge-base entry id (the Learn page); ``id`` tells apart two shapes
    of one entry (the calf and the hamstring roll). ``hold`` is the entry's per-spot hold range
    when the length is holds x ``spots``.
    """

    id: str
    technique: str
    title: str
    kind: StepKind
    tools: tuple[str, ...]  # acceptable tools, preferred first; "hands" needs nothing
    areas: tuple[str, ...]
    min_s: int
    max_s: int
    dose: str
    instructions: tuple[str, ...]
    cues: tuple[str, ...]
    why: Why
    per_leg: bool = True
    deep: bool = False  # firm pressure or trigger-point compression: left out when gentle only
    hold: tuple[int, int] | None = None
    spots: tuple[int, int] | None = None
    strength: bool = False


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every plan template by id, built from one knowledge base."""

    templates: Mapping[str, Template]
    evening_dose: Dose = Dose()  # the evening massage session's dose (its advice entry)
    checklists: Mapping[str, Checklist] = field(default_factory=dict)  # by advice id

    def get(self, template_id: str) -> Template | None:
        return self.templates.get(template_id)

    def pick(self, ids: Iterable[str]) -> list[Template]:
        """The templates of ``ids`` that exist, in that order."""
        return [t for t in (self.templates.get(i) for i in ids) if t is not None]

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase) -> Catalogue:
        templates: dict[str, Template] = {}
        for entry in kb.entries():
            for shape in entry.plan:
                templates[shape.id] = template_for(entry, shape)
        session = kb.find(EVENING_SESSION)
        lists = {
            a.id: Checklist(a.id, a.title, a.points, _why(a))
            for a in kb.advice_entries()
            if a.id in CHECKLIST_ADVICE
        }
        return cls(templates, _dose_of(session) if session is not None else Dose(), lists)


def _dose_of(entry: Entry) -> Dose:
    if isinstance(entry, Technique | Exercise):
        return entry.dose
    if isinstance(entry, Advice) and entry.dose is not None:
        return entry.dose
    return Dose()


def _default_text(entry: Entry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if isinstance(entry, Technique | Exercise):
        return entry.steps, entry.cues
    if isinstance(entry, Advice):
        return entry.points, ()
    return (), ()


def _length(dose: Dose, shape: PlanStep) -> tuple[int, int, tuple[int, int] | None]:
    """Seconds per step (min, max) and the hold range when it is holds per spot."""
    if shape.seconds is not None:
        return shape.seconds, shape.seconds, None
    if dose.minutes_min is not None:
        high = dose.minutes_max if dose.minutes_max is not None else dose.minutes_min
        return round(dose.minutes_min * 60), round(high * 60), None
    low = dose.hold_seconds_min or 0
    high = dose.hold_seconds_max or low
    if dose.reps is not None:
        return low * dose.reps, high * dose.reps, None
    spots = shape.spots or (1, 1)
    return low * spots[0], high * spots[1], (low, high)


def _why(entry: Entry) -> Why:
    return Why(
        conditions=tuple(getattr(entry, "conditions", ())),
        evidence=entry.evidence.grade.value,
        sources=entry.sources,
        seed_facts=entry.seed_facts,
        note=entry.evidence.note.strip(),
    )


def template_for(entry: Entry, shape: PlanStep) -> Template:
    """The template of one plan shape of ``entry``: the entry's dose, text and reasons."""
    dose = _dose_of(entry)
    low, high, hold = _length(dose, shape)
    steps, cues = _default_text(entry)
    why = _why(entry)
    kind = StepKind(shape.kind)
    return Template(
        id=shape.id,
        technique=entry.id,
        title=shape.title,
        kind=kind,
        tools=shape.tools,
        areas=shape.areas,
        min_s=low,
        max_s=high,
        dose=dose.describe(),
        instructions=shape.instructions or steps,
        cues=shape.cues or cues,
        why=why,
        per_leg=shape.per_leg,
        deep=shape.deep,
        hold=hold,
        spots=shape.spots if hold is not None else None,
        strength=kind is StepKind.STRENGTH,
    )
