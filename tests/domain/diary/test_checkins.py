"""Check-in fields, ranges and validation (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.diary import CheckinKind, FieldType, field_specs, validate_values
from legcare.domain.diary.exposures import EXPOSURES, exposure_value

EVENING = CheckinKind.EVENING
MORNING = CheckinKind.MORNING


def test_a_full_evening_is_valid_and_normalised() -> None:
    result = validate_values(
        EVENING,
        {
            "rls": 6,
            "rls_onset": "Late evening",
            "leg_pain": 3.0,
            "caffeine_after_midday": True,
            "alcohol": "yes",
            "exercise_kind": "walking",
            "exercise_minutes": 30,
            "iron_supplement": False,
            "note": "  long drive  ",
        },
    )
    assert result.ok, result.problems
    values = result.values
    assert values["rls_onset"] == "late_evening"
    assert values["leg_pain"] == 3 and isinstance(values["leg_pain"], int)
    assert values["caffeine"] is True  # implied by caffeine after midday
    assert values["alcohol"] is True
    assert values["note"] == "long drive"
    assert values["nicotine"] is None  # not recorded
    assert set(values) == {s.name for s in field_specs(EVENING)}


def test_onset_accepts_a_clock_time() -> None:
    assert validate_values(EVENING, {"rls": 2, "rls_onset": "9:05"}).values["rls_onset"] == "09:05"
    bad = validate_values(EVENING, {"rls": 2, "rls_onset": "25:00"})
    assert [p.field for p in bad.problems] == ["rls_onset"]
    assert "HH:MM" in bad.problems[0].allowed


def test_every_problem_is_reported_with_what_is_allowed() -> None:
    result = validate_values(
        EVENING,
        {"rls": 11, "leg_pain": -1, "alcohol": "maybe", "exercise_kind": "golf", "colour": 1},
    )
    fields = sorted(p.field for p in result.problems)
    assert fields == ["alcohol", "colour", "exercise_kind", "leg_pain", "rls"]
    text = {p.field: str(p) for p in result.problems}
    assert text["rls"] == "rls: 11 is out of range; allowed: a whole number from 0 to 10"
    assert "walking" in text["exercise_kind"]
    assert "not a field of the evening check-in" in text["colour"]


def test_rls_is_required_in_the_evening() -> None:
    result = validate_values(EVENING, {"alcohol": True})
    assert [p.field for p in result.problems] == ["rls"]


def test_a_rating_must_be_a_whole_number_not_a_bool() -> None:
    for raw in (6.5, True, "6", float("nan")):
        result = validate_values(EVENING, {"rls": raw})
        assert [p.field for p in result.problems] == ["rls"], raw


def test_iron_is_yes_or_no_only_and_a_dose_is_refused() -> None:
    result = validate_values(EVENING, {"rls": 1, "iron_supplement": "65 mg"})
    assert len(result.problems) == 1
    assert "never records a dose" in str(result.problems[0])
    assert (
        validate_values(EVENING, {"rls": 1, "iron_supplement": "no"}).values["iron_supplement"]
        is False
    )


def test_caffeine_after_midday_contradicting_no_caffeine_is_a_problem() -> None:
    result = validate_values(EVENING, {"rls": 1, "caffeine": False, "caffeine_after_midday": True})
    assert [p.field for p in result.problems] == ["caffeine_after_midday"]


def test_exercise_minutes_with_kind_none_is_a_problem() -> None:
    result = validate_values(EVENING, {"rls": 1, "exercise_kind": "none", "exercise_minutes": 20})
    assert [p.field for p in result.problems] == ["exercise_minutes"]


def test_note_length_is_limited() -> None:
    result = validate_values(EVENING, {"rls": 1, "note": "x" * 1001})
    assert [p.field for p in result.problems] == ["note"]


def test_morning_hours_in_quarter_steps() -> None:
    assert validate_values(MORNING, {"hours_slept": 7.25}).values["hours_slept"] == 7.25
    for bad in (7.3, 25, -0.25):
        result = validate_values(MORNING, {"hours_slept": bad})
        assert [p.field for p in result.problems] == ["hours_slept"], bad


def test_morning_needs_at_least_one_rating() -> None:
    result = validate_values(MORNING, {"note": "slept"})
    assert [p.field for p in result.problems] == ["morning"]
    woken = validate_values(MORNING, {"times_woken_by_legs": 21})
    assert "0 to 20" in woken.problems[0].allowed


@given(st.integers(min_value=-50, max_value=50))
def test_rating_range_is_exactly_0_to_10(value: int) -> None:
    result = validate_values(MORNING, {"first_step_heel_pain": value})
    assert result.ok == (0 <= value <= 10)


@given(st.floats(min_value=0, max_value=24).map(lambda h: round(h * 4) / 4))
def test_any_quarter_hour_in_range_is_accepted(hours: float) -> None:
    assert validate_values(MORNING, {"hours_slept": hours}).values["hours_slept"] == hours


def test_exposure_values() -> None:
    assert exposure_value("exercise", {"exercise_minutes": 20}) is True
    assert exposure_value("exercise", {"exercise_kind": "none"}) is False
    assert exposure_value("exercise", {"exercise_minutes": 0}) is False
    assert exposure_value("exercise", {}) is None
    assert exposure_value("alcohol", {"alcohol": None}) is None
    assert len({e.name for e in EXPOSURES}) == len(EXPOSURES)


def test_check_field_one_at_a_time() -> None:
    from legcare.domain.diary import check_field

    assert check_field(EVENING, "rls", 4) == (4, None)
    assert check_field(EVENING, "rls", None) == (None, None)
    value, problem = check_field(MORNING, "hours_slept", 7.1)
    assert value is None and problem is not None and "steps of 0.25" in str(problem)
    assert check_field(MORNING, "rls", 3)[1] is not None


json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-100, 100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
)


@given(
    st.sampled_from([EVENING, MORNING]),
    st.dictionaries(
        st.sampled_from(
            [s.name for s in field_specs(EVENING) + field_specs(MORNING)] + ["unknown"]
        ),
        json_values,
    ),
)
def test_validation_never_raises_and_names_each_bad_field(kind: CheckinKind, raw: dict) -> None:
    result = validate_values(kind, raw)
    names = {s.name for s in field_specs(kind)}
    assert set(result.values) == names
    for problem in result.problems:
        assert problem.field in names | set(raw) | {"morning"}
        assert problem.allowed
    if result.ok:
        again = validate_values(kind, {k: v for k, v in result.values.items() if v is not None})
        assert again.ok and again.values == result.values  # normalised values stay valid


def test_kind_and_field_lookups() -> None:
    from legcare.domain.diary import field_spec, parse_kind

    assert parse_kind(" Evening ") is EVENING and parse_kind("noon") is None
    assert field_spec(MORNING, "hours_slept") is not None
    assert field_spec(MORNING, "rls") is None
    allowed = {spec.type: spec.allowed() for spec in field_specs(EVENING) + field_specs(MORNING)}
    assert allowed[FieldType.FLAG] == "yes or no (true or false)"
    assert allowed[FieldType.TEXT] == "text of at most 1000 characters"


def test_note_must_be_valid_text() -> None:
    for bad in ("a\ud800b", "a\x00b"):
        result = validate_values(EVENING, {"rls": 1, "note": bad})
        assert [p.field for p in result.problems] == ["note"], bad
    assert validate_values(EVENING, {"rls": 1, "note": "é 😀\nline"}).ok


def test_unknown_field_names_are_printable() -> None:
    result = validate_values(EVENING, {"rls": 1, "x\ud800": 2})
    assert [p.field for p in result.problems] == ["x\\ud800"]
    str(result.problems[0]).encode("utf-8")  # safe to print and to send as JSON
