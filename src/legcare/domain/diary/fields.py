"""The two check-in kinds and their fields: names, ranges, allowed values, labels.

This module is the single place that says what a check-in may contain. The CLI builds its
options and prompts from it, the API documents it, validation (``checkins.validate_values``)
enforces it, and insights read the same names.

Evening check-in (the day's symptoms and exposures; ``day`` is the calendar date of the evening):
    rls                    0-10  restless-legs symptoms tonight (required)
    rls_onset              roughly when they began: a word from ONSET_WORDS or a time HH:MM
    leg_pain               0-10
    caffeine               yes/no          caffeine_after_midday  yes/no (implies caffeine)
    alcohol, nicotine      yes/no          long_sitting           yes/no (sitting or travel)
    exercise_kind          a word from EXERCISE_KINDS; exercise_minutes 0-600
    iron_supplement        yes/no ONLY: legcare never records a dose
    supportive_shoes       yes/no (supportive shoes or orthotics worn)
    massage_done           yes/no (filled from the session log when there is one)
    note                   free text, up to 1000 characters

Morning check-in (``day`` is the date of the morning; it describes the night before it):
    sleep_quality 0-10, hours_slept 0-24 in quarter hours, times_woken_by_legs 0-20,
    first_step_heel_pain 0-10, calf_hamstring_pain 0-10, note.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CheckinKind(StrEnum):
    """When the check-in is made."""

    EVENING = "evening"
    MORNING = "morning"


class FieldType(StrEnum):
    """How a field's value is checked."""

    RATING = "rating"  # a whole number in [low, high]
    COUNT = "count"  # a whole number in [low, high]
    HOURS = "hours"  # a number in [low, high] in steps of ``step``
    FLAG = "flag"  # yes or no
    CHOICE = "choice"  # one word of ``choices``
    ONSET = "onset"  # one word of ``choices`` or a clock time HH:MM
    TEXT = "text"  # free text up to ``max_length`` characters


ONSET_WORDS: tuple[str, ...] = ("afternoon", "early_evening", "late_evening", "in_bed", "none")
EXERCISE_KINDS: tuple[str, ...] = (
    "none",
    "walking",
    "running",
    "cycling",
    "swimming",
    "strength",
    "stretching_yoga",
    "other",
)
NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a check-in and what it allows."""

    name: str
    type: FieldType
    label: str
    low: float = 0
    high: float = 10
    step: float = 1
    choices: tuple[str, ...] = ()
    required: bool = False
    max_length: int = NOTE_MAX_LENGTH

    def allowed(self) -> str:
        """What is allowed, in words, for error messages and help texts."""
        if self.type in (FieldType.RATING, FieldType.COUNT):
            return f"a whole number from {int(self.low)} to {int(self.high)}"
        if self.type is FieldType.HOURS:
            return (
                f"a number of hours from {self.low:g} to {self.high:g}, in steps of {self.step:g}"
            )
        if self.type is FieldType.FLAG:
            return "yes or no (true or false)"
        if self.type is FieldType.CHOICE:
            return "one of " + ", ".join(self.choices)
        if self.type is FieldType.ONSET:
            return "one of " + ", ".join(self.choices) + ", or a time as HH:MM"
        return f"text of at most {self.max_length} characters"


def _rating(name: str, label: str, *, required: bool = False) -> FieldSpec:
    return FieldSpec(name, FieldType.RATING, label, 0, 10, 1, required=required)


def _flag(name: str, label: str) -> FieldSpec:
    return FieldSpec(name, FieldType.FLAG, label)


_NOTE = FieldSpec("note", FieldType.TEXT, "Note")

EVENING_FIELDS: tuple[FieldSpec, ...] = (
    _rating("rls", "Restless-legs symptoms tonight (0 none - 10 worst)", required=True),
    FieldSpec("rls_onset", FieldType.ONSET, "Roughly when they began", choices=ONSET_WORDS),
    _rating("leg_pain", "Leg pain (0 none - 10 worst)"),
    _flag("caffeine", "Caffeine today"),
    _flag("caffeine_after_midday", "Caffeine after midday"),
    _flag("alcohol", "Alcohol today"),
    _flag("nicotine", "Nicotine today"),
    _flag("long_sitting", "Long sitting or travel today"),
    FieldSpec("exercise_kind", FieldType.CHOICE, "Exercise today", choices=EXERCISE_KINDS),
    FieldSpec("exercise_minutes", FieldType.COUNT, "Minutes of exercise", 0, 600),
    _flag("iron_supplement", "Iron supplement taken (yes or no only)"),
    _flag("supportive_shoes", "Supportive shoes or orthotics worn"),
    _flag("massage_done", "Evening massage done"),
    _NOTE,
)

MORNING_FIELDS: tuple[FieldSpec, ...] = (
    _rating("sleep_quality", "Sleep quality last night (0 worst - 10 best)"),
    FieldSpec("hours_slept", FieldType.HOURS, "Hours slept", 0, 24, 0.25),
    FieldSpec("times_woken_by_legs", FieldType.COUNT, "Times woken by the legs", 0, 20),
    _rating("first_step_heel_pain", "Heel pain at the first steps (0 none - 10 worst)"),
    _rating("calf_hamstring_pain", "Calf or hamstring pain (0 none - 10 worst)"),
    _NOTE,
)

FIELDS: dict[CheckinKind, tuple[FieldSpec, ...]] = {
    CheckinKind.EVENING: EVENING_FIELDS,
    CheckinKind.MORNING: MORNING_FIELDS,
}

# Ratings where a higher number is better; every other rating is better when lower.
HIGHER_IS_BETTER: frozenset[str] = frozenset({"sleep_quality", "hours_slept"})


def field_specs(kind: CheckinKind) -> tuple[FieldSpec, ...]:
    """The fields of ``kind``, in display order."""
    return FIELDS[kind]


def field_spec(kind: CheckinKind, name: str) -> FieldSpec | None:
    """The field ``name`` of ``kind``, or None if ``kind`` has no such field."""
    return next((f for f in FIELDS[kind] if f.name == name), None)


def parse_kind(value: str) -> CheckinKind | None:
    """The kind named ``value`` (``evening`` or ``morning``), or None."""
    try:
        return CheckinKind(value.strip().lower())
    except ValueError:
        return None
