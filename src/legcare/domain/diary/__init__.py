"""Check-ins: the two kinds (evening, morning), their fields and ranges, and validation.

Pure code: ``fields`` says what a check-in may hold, ``checkins`` validates values and defines
the stored ``Checkin``, ``exposures`` names the exposures and practices that insights compare.
"""

from legcare.domain.diary.checkins import (
    Checkin,
    CheckinValue,
    CheckinValues,
    Problem,
    Validation,
    check_field,
    empty_values,
    validate_values,
)
from legcare.domain.diary.fields import (
    EVENING_FIELDS,
    EXERCISE_KINDS,
    MORNING_FIELDS,
    ONSET_WORDS,
    CheckinKind,
    FieldSpec,
    FieldType,
    field_spec,
    field_specs,
    parse_kind,
)

__all__ = [
    "EVENING_FIELDS",
    "EXERCISE_KINDS",
    "MORNING_FIELDS",
    "ONSET_WORDS",
    "Checkin",
    "CheckinKind",
    "CheckinValue",
    "CheckinValues",
    "FieldSpec",
    "FieldType",
    "Problem",
    "Validation",
    "check_field",
    "empty_values",
    "field_spec",
    "field_specs",
    "parse_kind",
    "validate_values",
]
