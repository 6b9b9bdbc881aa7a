"""The two check-in kinds and their fields: names, ranges, allowed values, labels.

This module is the single place that says what a check-in may contain. The CLI builds its
options, their help and its prompts from it (``FieldSpec.option``, ``cli_help``), the API help
(``values_help``) and the web form (``legend``, ``low_word``, ``high_word``, ``choice_labels``)
are generated from it, validation (``checkins.validate_values``) enforces it, and insights read
the same names. ``IMPLIES`` says which yes means another yes (caffeine after midday is
caffeine), for validation, the CLI and the form alike.

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

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


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
CHOICE_LABELS = {"stretching_yoga": "Stretching or yoga"}  # where the id's words would not do


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
    option: str = ""  # the CLI option (``--leg-pain``) without dashes; the name when empty
    legend: str = ""  # the label without the scale's ends (a rating) or its hint
    low_word: str = ""  # what the low end of a rating means ("none")
    high_word: str = ""  # what the high end of a rating means ("worst")
    hint: str = ""  # a few words added to the CLI help ("never a dose")

    @property
    def cli_option(self) -> str:
        return self.option or self.name.replace("_", "-")

    def range_words(self) -> str:
        """``0-10``, ``0-24 (7.25 is fine)`` or the words allowed, short, for help texts."""
        if self.type in (FieldType.RATING, FieldType.COUNT):
            return f"{int(self.low)}-{int(self.high)}"
        if self.type is FieldType.HOURS:
            return f"{self.low:g}-{self.high:g} in steps of {self.step:g}"
        if self.type is FieldType.FLAG:
            return "yes/no"
        if self.type is FieldType.ONSET:
            return ", ".join(self.choices) + ", or a time HH:MM"
        if self.type is FieldType.CHOICE:
            return ", ".join(self.choices)
        return f"up to {self.max_length} characters"

    def cli_help(self) -> str:
        """The CLI option's help: ``Leg pain, 0-10.``"""
        text = self.legend or self.label
        if self.type is not FieldType.FLAG and self.type is not FieldType.TEXT:
            text = f"{text}: {self.range_words()}"
        if self.name in IMPLIES:
            text = f"{text} (implies --{self._implied_option()})"
        return f"{text}{f' ({self.hint})' if self.hint else ''}."

    def _implied_option(self) -> str:
        return IMPLIES[self.name].replace("_", "-")

    def choice_labels(self) -> tuple[tuple[str, str], ...]:
        """(value, words) of each choice, for a form's options."""
        named = ONSET_LABELS if self.type is FieldType.ONSET else CHOICE_LABELS
        return tuple((c, named.get(c, c.replace("_", " ").capitalize())) for c in self.choices)

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


# Words for the onset choices of a form (other choices read as their words, capitalised).
ONSET_LABELS: dict[str, str] = {
    "afternoon": "In the afternoon",
    "early_evening": "Early evening",
    "late_evening": "Late evening",
    "in_bed": "Once in bed",
    "none": "They did not begin",
}
# A yes in the first field means a yes in the second: caffeine after midday is caffeine.
IMPLIES: dict[str, str] = {"caffeine_after_midday": "caffeine"}


def _rating(
    name: str, legend: str, *, low: str = "none", high: str = "worst", **more: object
) -> FieldSpec:
    label = f"{legend} (0 {low} - 10 {high})"
    return FieldSpec(name, FieldType.RATING, label, 0, 10, 1, legend=legend, low_word=low,
                     high_word=high, **more)  # type: ignore[arg-type]  # fmt: skip


def _flag(
    name: str, label: str, *, option: str = "", legend: str = "", hint: str = ""
) -> FieldSpec:
    return FieldSpec(name, FieldType.FLAG, label, option=option, legend=legend, hint=hint)


_NOTE = FieldSpec("note", FieldType.TEXT, "Note", legend="A short note")

EVENING_FIELDS: tuple[FieldSpec, ...] = (
    _rating("rls", "Restless-legs symptoms tonight", required=True),
    FieldSpec(
        "rls_onset", FieldType.ONSET, "Roughly when they began", choices=ONSET_WORDS, option="onset"
    ),  # fmt: skip
    _rating("leg_pain", "Leg pain"),
    _flag("caffeine", "Caffeine today"),
    _flag("caffeine_after_midday", "Caffeine after midday"),
    _flag("alcohol", "Alcohol today"),
    _flag("nicotine", "Nicotine today"),
    _flag("long_sitting", "Long sitting or travel today", option="sitting"),
    FieldSpec(
        "exercise_kind",
        FieldType.CHOICE,
        "Exercise today",
        choices=EXERCISE_KINDS,
        option="exercise",
    ),  # fmt: skip
    FieldSpec(
        "exercise_minutes", FieldType.COUNT, "Minutes of exercise", 0, 600, option="minutes"
    ),  # fmt: skip
    _flag(
        "iron_supplement",
        "Iron supplement taken (yes or no only)",
        option="iron",
        legend="Iron supplement taken",
        hint="yes/no only, never a dose",
    ),  # fmt: skip
    _flag("supportive_shoes", "Supportive shoes or orthotics worn", option="shoes"),
    _flag("massage_done", "Evening massage done", option="massage"),
    _NOTE,
)

MORNING_FIELDS: tuple[FieldSpec, ...] = (
    _rating(
        "sleep_quality", "Sleep quality last night", low="worst", high="best", option="sleep"
    ),  # fmt: skip
    FieldSpec("hours_slept", FieldType.HOURS, "Hours slept", 0, 24, 0.25, option="hours"),
    FieldSpec(
        "times_woken_by_legs", FieldType.COUNT, "Times woken by the legs", 0, 20, option="woken"
    ),  # fmt: skip
    _rating("first_step_heel_pain", "Heel pain at the first steps", option="heel"),
    _rating("calf_hamstring_pain", "Calf or hamstring pain", option="calf"),
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


def tick_implied(values: Mapping[str, Any]) -> dict[str, Any]:
    """A checklist's values (CLI one-liner, web form: unticked is no) with what a ticked item
    implies ticked too (``IMPLIES``)."""
    out = dict(values)
    for name, implied in IMPLIES.items():
        if out.get(name) is True:
            out[implied] = True
    return out


def values_help() -> str:
    """What the API's check-in ``values`` may hold, in one paragraph."""

    def one(spec: FieldSpec) -> str:
        notes = [spec.range_words()] if spec.type in (FieldType.RATING,) else []
        if spec.required:
            notes.append("required")
        if spec.hint:
            notes.append(spec.hint)
        return spec.name + (f" ({', '.join(notes)})" if notes else "")

    parts = [
        f"{kind.value.capitalize()}: " + ", ".join(one(s) for s in FIELDS[kind])
        for kind in CheckinKind
    ]
    return "Field name to value. " + ". ".join(parts) + ". Missing or null means not recorded."


def parse_kind(value: str) -> CheckinKind | None:
    """The kind named ``value`` (``evening`` or ``morning``), or None."""
    try:
        return CheckinKind(value.strip().lower())
    except ValueError:
        return None
