"""A check-in and its validation: every problem found, each with what is allowed.

``validate_values(kind, values)`` never raises: it returns the normalised values (every field of
the kind present, ``None`` where not recorded) together with the list of problems. The service
turns a non-empty list into ``InvalidInput`` (CLI: one line per problem; API: 422 with details).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from legcare.domain.diary.fields import (
    IMPLIES,
    CheckinKind,
    FieldSpec,
    FieldType,
    field_specs,
)

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "0"})
_DOSE_HINT = re.compile(r"\d|mg|µg|mcg|tablet|pill", re.IGNORECASE)

# One check-in value once validated: a rating or count, hours, yes/no, a choice or a note; None
# where nothing was recorded.
CheckinValue = bool | int | float | str | None
CheckinValues = dict[str, CheckinValue]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one field: what was wrong and what is allowed."""

    field: str
    message: str
    allowed: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}; allowed: {self.allowed}"


@dataclass(frozen=True, slots=True)
class Validation:
    """The outcome of ``validate_values``: normalised values and every problem found."""

    values: dict[str, Any]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Checkin:
    """One stored check-in: one per user, kind and day.

    ``values`` holds every field of the kind (``None`` where not recorded). ``filled`` names the
    fields whose value came from elsewhere rather than from the entry (``massage_done`` from
    the session log). ``factors`` are the person's own factors recorded that day, by name
    (evening check-ins only; 0/1 for yes/no, 0-10 for a scale).
    """

    kind: CheckinKind
    day: date
    values: Mapping[str, Any]
    created_at: datetime
    updated_at: datetime
    filled: tuple[str, ...] = field(default=())
    factors: Mapping[str, int] = field(default_factory=dict)


def _whole_number(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None, f"{raw!r} is not a whole number"
    if isinstance(raw, float) and (not math.isfinite(raw) or not raw.is_integer()):
        return None, f"{raw!r} is not a whole number"
    number = int(raw)
    if not spec.low <= number <= spec.high:
        return None, f"{number} is out of range"
    return number, None


def _hours(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        return None, f"{raw!r} is not a number"
    if not spec.low <= raw <= spec.high:
        return None, f"{raw:g} is out of range"
    steps = raw / spec.step
    if abs(steps - round(steps)) > 1e-9:
        return None, f"{raw:g} is not in steps of {spec.step:g}"
    return round(steps) * spec.step, None


def _flag(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, str) and raw.strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
        return raw.strip().lower() in _TRUE_WORDS, None
    if spec.name == "iron_supplement" and isinstance(raw, str | int | float):
        hint = " (legcare never records a dose)" if _DOSE_HINT.search(str(raw)) else ""
        return None, f"{raw!r} is not yes or no{hint}"
    return None, f"{raw!r} is not yes or no"


def _choice(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, str):
        word = raw.strip().lower().replace("-", "_").replace(" ", "_")
        if word in spec.choices:
            return word, None
        if spec.type is FieldType.ONSET:
            match = _CLOCK.match(raw.strip())
            if match:
                return f"{int(match.group(1)):02d}:{match.group(2)}", None
    return None, f"{raw!r} is not allowed"


def _text(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if not isinstance(raw, str):
        return None, f"{raw!r} is not text"
    text = raw.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None, "the text holds a broken character (a lone surrogate)"
    if "\x00" in text:
        return None, "the text holds a NUL character"
    if len(text) > spec.max_length:
        return None, f"the text is {len(text)} characters long"
    return text or None, None


_CHECKS = {
    FieldType.RATING: _whole_number,
    FieldType.COUNT: _whole_number,
    FieldType.HOURS: _hours,
    FieldType.FLAG: _flag,
    FieldType.CHOICE: _choice,
    FieldType.ONSET: _choice,
    FieldType.TEXT: _text,
}


def _cross_checks(kind: CheckinKind, values: dict[str, Any]) -> list[Problem]:
    """Rules that involve more than one field; may also fill implied values."""
    problems: list[Problem] = []
    if kind is CheckinKind.EVENING:
        for name, implied in IMPLIES.items():
            if values.get(name) is not True:
                continue
            if values.get(implied) is False:
                words, implied_words = name.replace("_", " "), implied.replace("_", " ")
                problems.append(
                    Problem(
                        name,
                        f"{words} was given but {implied_words} was no",
                        f"{name} only when {implied} is yes (or not given)",
                    )
                )
            elif values.get(implied) is None:
                values[implied] = True
        minutes, kind_word = values.get("exercise_minutes"), values.get("exercise_kind")
        if kind_word == "none" and minutes:
            problems.append(
                Problem(
                    "exercise_minutes",
                    f"{minutes} minutes given with exercise kind none",
                    "0 minutes when the kind is none, or name the kind of exercise",
                )
            )
    else:
        recorded = [k for k, v in values.items() if v is not None and k != "note"]
        if not recorded:
            problems.append(
                Problem(
                    "morning",
                    "no rating was given",
                    "at least one of sleep_quality, hours_slept, times_woken_by_legs, "
                    "first_step_heel_pain, calf_hamstring_pain",
                )
            )
    return problems


def _printable(name: str) -> str:
    """``name`` safe to print and to send as JSON (broken characters escaped, length capped)."""
    return str(name)[:60].encode("utf-8", "backslashreplace").decode("utf-8")


def validate_values(kind: CheckinKind, values: Mapping[str, Any]) -> Validation:
    """Check ``values`` for a ``kind`` check-in; returns normalised values and every problem.

    Missing fields and ``None`` mean "not recorded". Unknown field names are problems too.
    """
    specs = field_specs(kind)
    names = {s.name for s in specs}
    problems: list[Problem] = [
        Problem(
            _printable(name),
            f"is not a field of the {kind.value} check-in",
            ", ".join(sorted(names)),
        )
        for name in values
        if name not in names
    ]
    normal: dict[str, Any] = {}
    for spec in specs:
        raw = values.get(spec.name)
        if raw is None:
            normal[spec.name] = None
            if spec.required:
                problems.append(Problem(spec.name, "is required", spec.allowed()))
            continue
        value, error = _CHECKS[spec.type](spec, raw)
        normal[spec.name] = value
        if error is not None:
            problems.append(Problem(spec.name, error, spec.allowed()))
    if not problems:
        problems.extend(_cross_checks(kind, normal))
    return Validation(values=normal, problems=tuple(problems))


def check_field(kind: CheckinKind, name: str, raw: Any) -> tuple[Any, Problem | None]:
    """Check one field on its own (for prompts that ask field by field).

    Returns (normalised value, None) or (None, the problem). ``None`` is always accepted here;
    whether a field is required is decided by ``validate_values``.
    """
    spec = next((s for s in field_specs(kind) if s.name == name), None)
    if spec is None:
        names = ", ".join(s.name for s in field_specs(kind))
        return None, Problem(name, f"is not a field of the {kind.value} check-in", names)
    if raw is None:
        return None, None
    value, error = _CHECKS[spec.type](spec, raw)
    return (value, None) if error is None else (None, Problem(name, error, spec.allowed()))


def empty_values(kind: CheckinKind) -> dict[str, Any]:
    """Every field of ``kind`` set to None (not recorded)."""
    return {spec.name: None for spec in field_specs(kind)}


def log_fills_massage(entry: object, logged: bool) -> bool:
    """Whether the session log decides an evening's "massage done" (the one rule, shared by the
    diary and the experiments): yes on a day with a massage logged unless the evening already
    says yes, and the log's answer (no) when the evening did not record it."""
    return entry is not True and (logged or entry is None)
