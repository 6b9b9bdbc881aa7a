"""Medicines and treatments: validation, dates, "as needed" uses; the dose text is the person's."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.tracking.medicines import (
    MedicineKind,
    check_use,
    new_medicine,
    parse_kind,
    stop_medicine,
)
from legcare.errors import InvalidInput

TODAY = date(2026, 12, 3)


def test_own_dose_text_is_kept_verbatim() -> None:
    med = new_medicine(name=" Ropinirole ", own_dose_text="  as  my GP said ")
    assert med.name == "Ropinirole"
    assert med.own_dose_text == "  as  my GP said "


def test_stop_before_start_is_refused() -> None:
    with pytest.raises(InvalidInput, match="before the start"):
        new_medicine(name="x", started=date(2026, 5, 2), stopped=date(2026, 5, 1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "  "}, "empty"),
        ({"name": "a" * 81}, "at most 80"),
        ({"name": "a", "own_dose_text": "x" * 121}, "at most 120"),
    ],
)
def test_bad_fields_say_what_is_allowed(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        new_medicine(**kwargs)  # type: ignore[arg-type]


def test_kind_parsing() -> None:
    assert parse_kind("Supplement") is MedicineKind.SUPPLEMENT
    with pytest.raises(InvalidInput, match="allowed: medicine, supplement, treatment"):
        parse_kind("drug")


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
)
def test_active_on_is_the_closed_interval(a: date, b: date, day: date) -> None:
    start, stop = min(a, b), max(a, b)
    med = new_medicine(name="m", started=start, stopped=stop)
    assert med.active_on(day) is (start <= day <= stop)
    assert new_medicine(name="m").active_on(day)


def test_uses_only_for_as_needed_medicines_in_their_dates() -> None:
    regular = new_medicine(name="iron", kind=MedicineKind.SUPPLEMENT)
    with pytest.raises(InvalidInput, match="not marked 'as needed'"):
        check_use(regular, TODAY, today=TODAY)
    prn = new_medicine(name="paracetamol", as_needed=True, started=date(2026, 11, 1))
    assert check_use(prn, TODAY, today=TODAY).day == TODAY
    with pytest.raises(InvalidInput, match="outside the dates"):
        check_use(prn, date(2026, 10, 1), today=TODAY)
    with pytest.raises(InvalidInput, match="future"):
        check_use(prn, date(2026, 12, 4), today=TODAY)


def test_stop_medicine_keeps_the_rest() -> None:
    med = new_medicine(name="m", started=date(2026, 1, 1), own_dose_text="mine")
    stopped = stop_medicine(med, date(2026, 2, 1))
    assert stopped.stopped == date(2026, 2, 1) and stopped.own_dose_text == "mine"
    with pytest.raises(InvalidInput):
        stop_medicine(med, date(2025, 12, 31))


@given(st.dates(), st.integers(-400, 400))
def test_a_start_after_today_is_refused_and_a_stop_may_be_planned(today: date, shift: int) -> None:
    from datetime import timedelta

    try:
        start = today + timedelta(days=shift)
    except OverflowError:
        return
    if shift > 0:
        with pytest.raises(InvalidInput, match="in the future; allowed: today or earlier"):
            new_medicine(name="ropinirole", started=start, today=today)
        return
    med = new_medicine(name="ropinirole", started=start, stopped=today + timedelta(0), today=today)
    assert med.started == start
