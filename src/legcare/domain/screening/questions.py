"""The questionnaire model: questions, their types and allowed values, and show-when rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from legcare.domain.screening.rules import Rule

YES, NO, NOT_SURE = "yes", "no", "not_sure"
NONE_OPTION = "none"
SIDES = ("left", "right")


class QuestionType(StrEnum):
    YES_NO = "yes_no"  # yes / no / not sure
    SINGLE = "single_choice"
    MULTI = "multi_choice"
    SCALE = "scale"  # 0-10
    NUMBER = "number"  # with unit and range
    BODY_REGION = "body_region"  # regions with a side: "left_calf"


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question. ``show_when`` decides whether it is asked; ``section`` groups questions."""

    id: str
    section: str
    text: str
    type: QuestionType
    help: str = ""
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    integer: bool = True
    show_when: Rule | None = None
    seed_facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def allowed_values(self) -> tuple[str, ...]:
        """The allowed answer strings (empty for numbers and scales)."""
        if self.type is QuestionType.YES_NO:
            return (YES, NO, NOT_SURE)
        if self.type is QuestionType.BODY_REGION:
            return tuple(f"{side}_{o.value}" for o in self.options for side in SIDES)
        return tuple(o.value for o in self.options)

    def option_label(self, value: str) -> str:
        if self.type is QuestionType.YES_NO:
            return {YES: "Yes", NO: "No", NOT_SURE: "Not sure"}.get(value, value)
        if self.type is QuestionType.BODY_REGION:
            side, _, region = value.partition("_")
            label = next((o.label for o in self.options if o.value == region), region)
            return f"{label} ({side})"
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The ordered questions of one content version."""

    version: str
    questions: tuple[Question, ...]
    sections: tuple[Section, ...] = ()
    _by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({q.id: q for q in self.questions})

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def section_title(self, section_id: str) -> str:
        return next((s.title for s in self.sections if s.id == section_id), section_id)
