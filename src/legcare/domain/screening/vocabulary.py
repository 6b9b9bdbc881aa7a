"""The closed vocabularies of a check: triage levels, pattern statuses, precaution kinds.

Other parts of legcare (plans, reports, the web pages) depend on exactly these string values.
"""

from __future__ import annotations

from enum import StrEnum


class TriageLevel(StrEnum):
    """How soon to act, most urgent first. Compare with ``rank`` (0 is the most urgent)."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_CLINICIAN_SOON = "see_clinician_soon"
    MENTION_NEXT_VISIT = "mention_next_visit"
    SELF_CARE = "self_care"

    @property
    def rank(self) -> int:
        return _TRIAGE_ORDER.index(self)

    @property
    def label(self) -> str:
        return TRIAGE_LABELS[self]

    def more_urgent_than(self, other: TriageLevel) -> bool:
        return self.rank < other.rank


_TRIAGE_ORDER = list(TriageLevel)

TRIAGE_LABELS = {
    TriageLevel.EMERGENCY: "Emergency: get help now",
    TriageLevel.URGENT: "Urgent: be seen today",
    TriageLevel.SEE_CLINICIAN_SOON: "See a clinician soon",
    TriageLevel.MENTION_NEXT_VISIT: "Mention it at your next visit",
    TriageLevel.SELF_CARE: "Self-care is reasonable",
}


def most_urgent(levels: list[TriageLevel]) -> TriageLevel:
    """The most urgent of ``levels`` (self-care when the list is empty)."""
    return min(levels, key=lambda level: level.rank, default=TriageLevel.SELF_CARE)


class PatternStatus(StrEnum):
    """How well the answers fit a pattern. Never a diagnosis."""

    CONSISTENT = "consistent"
    POSSIBLE = "possible"
    NOT_SUGGESTED = "not_suggested"


class PrecautionKind(StrEnum):
    """What a massage precaution asks, strictest first."""

    NO_MASSAGE = "no_massage"
    AVOID_AREA = "avoid_area"
    GENTLE_ONLY = "gentle_only"
    NO_TOOLS_ON_NUMB_SKIN = "no_tools_on_numb_skin"
    ASK_CLINICIAN_FIRST = "ask_clinician_first"

    @property
    def rank(self) -> int:
        return list(PrecautionKind).index(self)


PATTERN_IDS = (
    "restless_legs",
    "plantar_fasciitis",
    "plmt",
    "hamstring_strain",
    "hamstring_tightness",
    "calf_tightness",
    "leg_cramps",
    "positional_discomfort",
    "peripheral_neuropathy",
    "arthritis",
    "venous_disease_oedema",
    "claudication",
    "akathisia",
    "habitual_foot_tapping",
    "sciatica",
    "dvt",
)
