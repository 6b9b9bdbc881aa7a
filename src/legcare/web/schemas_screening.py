"""Request and response bodies of the Check API (``/api/v1/questionnaire``, ``/screenings``).

``POST /api/v1/screenings`` takes the same JSON as ``legcare check --answers FILE``: an object
of answers keyed by question id (see ``GET /api/v1/questionnaire`` for ids and allowed values).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

JsonValue = str | int | float | list[str]


class DraftAnswerCreate(BaseModel):
    """One answer in the one-question-at-a-time interview."""

    model_config = ConfigDict(extra="forbid")

    question_id: str = Field(min_length=1, max_length=64, description="The question's id.")
    value: Any = Field(
        description="yes/no/not_sure, an option value, a list of option values, or a number."
    )


class OptionPublic(BaseModel):
    value: str
    label: str


class QuestionPublic(BaseModel):
    """One question. A scale or number question has ``minimum`` to ``maximum`` (and ``unit``);
    a choice question has ``allowed_values`` and ``options``."""

    id: str
    section: str
    type: str = Field(
        description="yes_no | single_choice | multi_choice | body_region | scale | number"
    )
    text: str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    integer: bool | None = None
    unit: str | None = None
    allowed_values: list[str] | None = None
    options: list[OptionPublic] | None = None
    multiple: bool = Field(description="More than one answer may be chosen (a list).")
    show_when: dict[str, Any] | None = Field(
        description="The rule that decides whether it is asked (null: always)."
    )
    seed_facts: list[str]
    sources: list[str]


class SectionPublic(BaseModel):
    id: str
    title: str


class QuestionnairePublic(BaseModel):
    """Every question (``legcare questions --json``); ids and allowed values for answers."""

    content_version: str
    sections: list[SectionPublic]
    questions: list[QuestionPublic]


class ReasonPublic(BaseModel):
    question_id: str
    answer: JsonValue
    why: str


class PatternPublic(BaseModel):
    id: str
    name: str
    status: str = Field(description="consistent | possible (others are not_suggested)")
    reasons: list[ReasonPublic]
    lookalikes: list[str]
    sources: list[str] = []
    see_clinician: list[str] = []


class TriagePublic(BaseModel):
    level: str = Field(
        description="emergency | urgent | see_clinician_soon | mention_next_visit | self_care"
    )
    label: str
    what_to_do: str


class RedFlagPublic(BaseModel):
    id: str
    label: str
    what_to_do: str
    level: str


class PrecautionPublic(BaseModel):
    id: str
    kind: str = Field(
        description="no_massage | gentle_only | avoid_area | no_tools_on_numb_skin | "
        "ask_clinician_first"
    )
    areas: list[str]
    label: str


class ScreeningResultPublic(BaseModel):
    patterns: list[PatternPublic]
    triage: TriagePublic
    red_flags: list[RedFlagPublic]
    precautions: list[PrecautionPublic]
    clinician_points: list[str]
    summary: str
    content_version: str
    stopped_early: bool


class ScreeningPublic(BaseModel):
    """A saved check: what ``legcare check --answers FILE --json`` prints."""

    id: int
    status: str
    started_at: str
    completed_at: str | None
    content_version: str
    answers: dict[str, JsonValue]
    result: ScreeningResultPublic | None


class DraftProgressPublic(BaseModel):
    answered: int
    remaining_estimate: int
    total_estimate: int
    low: int = Field(description="the check's length: at least this many questions in all")
    high: int = Field(description="at most this many; low-high only narrows as answers come")
    label: str = Field(description='what to show, e.g. "Question 3 of 10 to 50"')


class UrgentPublic(BaseModel):
    """What to do now: the answers so far hold a same-day or emergency warning sign."""

    level: str = Field(description="urgent | emergency")
    label: str
    what_to_do: str
    red_flags: list[RedFlagPublic]


class DraftPublic(BaseModel):
    """Where the interview stands. ``next_question`` is None when ``done``.

    When ``interrupt`` is true the answer just given raised a same-day or emergency warning
    sign: show ``urgent`` (what to do now) before the next question."""

    urgent: UrgentPublic | None = Field(
        default=None, description="What to do now while a same-day or emergency sign is present."
    )
    interrupt: bool = Field(
        default=False, description="The answer just given raised the warning: say it first."
    )

    answers: dict[str, JsonValue]
    next_question: QuestionPublic | None
    section_title: str | None
    previous_answer: JsonValue | None
    progress: DraftProgressPublic
    done: bool
    stopped_early: bool = Field(description="An answer meant an emergency: the interview stopped.")
    content_version: str


class SafetyWarningPublic(BaseModel):
    id: str
    label: str
    what_to_do: str
    level: str
    unfinished_check: bool = Field(description="Found in a check not yet finished.")


class SafetyPublic(BaseModel):
    """The one safety state every surface obeys (``legcare safety --json``)."""

    triage: str
    triage_label: str
    what_to_do: str
    needs_help_now: bool = Field(description="A warning sign means being seen today or now.")
    massage_blocked: bool
    leg_loading_blocked: bool
    blocked: list[str] = Field(description="massage | leg_loading: not offered anywhere now.")
    message: str = Field(description="What is not for you now, and why ('' when nothing).")
    unfinished_check: bool
    warnings: list[SafetyWarningPublic]
