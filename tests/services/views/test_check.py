"""The check result's medicines section: medicines the person takes that the content lists as
reported to worsen restless legs, shown when there are some or when the answers are consistent
with restless legs; never a dose."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.services import medicines, screening
from legcare.services.context import AppContext
from legcare.services.views import check as check_view
from legcare.store.tracking_content import load_medicine_classes
from tests.services.test_screening import RLS, complete_answers

HEEL = {"complaints": ["heel"], "heel_first_steps": "yes"}


def _result(ctx: AppContext, **answers: object):  # type: ignore[no-untyped-def]
    saved = screening.run_check(ctx=ctx, answers=complete_answers(**answers))
    assert saved["result"] is not None
    return saved["result"]


def test_nothing_to_show_without_a_listed_medicine_or_restless_legs(ctx: AppContext) -> None:
    result = _result(ctx, **HEEL)
    assert not check_view.consistent_with_restless_legs(result)
    assert check_view.medicines_to_discuss(ctx=ctx, result=result) is None
    medicines.add_medicine(ctx=ctx, name="Ropinirole")  # logged, but not on the list
    assert check_view.medicines_to_discuss(ctx=ctx, result=result) is None


def test_restless_legs_with_no_medicines_logged_says_to_log_them(ctx: AppContext) -> None:
    result = _result(ctx, **RLS)
    assert check_view.consistent_with_restless_legs(result)
    section = check_view.medicines_to_discuss(ctx=ctx, result=result)
    assert section is not None and section["medicines"] == []
    assert section["message"] == check_view.NONE_LOGGED
    medicines.add_medicine(ctx=ctx, name="Ropinirole")
    section = check_view.medicines_to_discuss(ctx=ctx, result=result)
    assert section is not None and section["message"] == check_view.NONE_FLAGGED


@pytest.mark.parametrize("answers", [RLS, HEEL], ids=["restless legs", "heel pain"])
def test_a_listed_medicine_is_named_with_its_class_and_sources_and_no_dose(
    ctx: AppContext, answers: dict[str, object]
) -> None:
    result = _result(ctx, **answers)
    taken = medicines.add_medicine(ctx=ctx, name="Nytol", own_dose_text="two 50 mg tablets")
    section = check_view.medicines_to_discuss(ctx=ctx, result=result)
    assert section is not None
    assert section["heading"].startswith("Medicines you logged that are reported to worsen")
    assert "worth discussing with a clinician" in section["advice"].lower()
    [med] = section["medicines"]
    listed = next(c for c in load_medicine_classes() if c.id == "sedating_antihistamines")
    assert (med["medicine_id"], med["name"]) == (taken.id, "Nytol")
    assert med["class_name"] == listed.name
    assert [s["id"] for s in med["sources"]] == list(listed.sources)
    assert all(s["title"] != s["id"] for s in med["sources"])  # titles from the sources list
    words = json.dumps(section)
    assert "50" not in words and "tablet" not in words  # the person's dose text stays out
    assert "stop" not in section["advice"].lower().replace("never stop", "")


def test_a_stopped_medicine_is_not_listed(ctx: AppContext) -> None:
    result = _result(ctx, **HEEL)
    med = medicines.add_medicine(ctx=ctx, name="Benadryl", started=date(2025, 1, 1))
    assert check_view.medicines_to_discuss(ctx=ctx, result=result) is not None
    medicines.stop_medicine(ctx=ctx, medicine_id=med.id, stopped=date(2025, 6, 1))
    assert check_view.medicines_to_discuss(ctx=ctx, result=result) is None


# -- the rule on its own, over many medicine lists and check results ---------------------------

LISTED = ("Nytol", "diphenhydramine", "Benadryl", "metoclopramide", "mirtazapine", "Seroquel")
NOT_LISTED = ("Ropinirole", "Ibuprofen", "Iron tablets", "Vitamin D", "Paracetamol")


def _view(i: int, name: str, active: bool, dose: str) -> medicines.MedicineView:
    return medicines.MedicineView(
        id=i, name=name, kind="medicine", started=None,
        stopped=None if active else date(2025, 1, 1), as_needed=False, own_dose_text=dose,
        note="", source="manual", active=active, uses=0,
        flag=medicines.flag_for(name),
    )  # fmt: skip


def _result_with(rls: str | None):  # type: ignore[no-untyped-def]
    patterns = [] if rls is None else [
        {"id": "restless_legs", "name": "Restless legs", "status": rls, "reasons": [],
         "lookalikes": []}
    ]  # fmt: skip
    patterns.append(
        {"id": "plantar_heel_pain", "name": "Heel", "status": "possible", "reasons": [],
         "lookalikes": []}
    )  # fmt: skip
    return {
        "patterns": patterns, "triage": {"level": "self_care", "label": "", "what_to_do": ""},
        "red_flags": [], "precautions": [], "clinician_points": [], "summary": "",
        "content_version": "x", "stopped_early": False,
    }  # fmt: skip


@given(
    logged=st.lists(
        st.tuples(st.sampled_from(LISTED + NOT_LISTED), st.booleans(), st.integers(1, 999)),
        max_size=6,
    ),
    rls=st.sampled_from([None, "possible", "consistent"]),
)
def test_the_section_shows_exactly_the_listed_medicines_taken_now(
    logged: list[tuple[str, bool, int]], rls: str | None
) -> None:
    views = [_view(i, name, active, f"{n} mg") for i, (name, active, n) in enumerate(logged, 1)]
    taken = [v.name for v in views if v.active and v.name in LISTED]
    section = check_view.section_for(
        views, _result_with(rls), lambda s: {"id": s, "title": f"T {s}", "year": None, "url": ""}
    )
    if not taken and rls != "consistent":
        assert section is None
        return
    assert section is not None
    assert [m["name"] for m in section["medicines"]] == taken
    assert all(m["sources"] and m["class_name"] and m["why"] for m in section["medicines"])
    expected = "" if taken else check_view.NONE_FLAGGED if views else check_view.NONE_LOGGED
    assert section["message"] == expected
    words = json.dumps(section)
    assert not any(f"{n} mg" in words for _, _, n in logged)  # no dose, theirs or ours
    assert " mg" not in words
