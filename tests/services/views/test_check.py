"""The check result's medicines section: medicines the person takes that the content lists as
reported to worsen restless legs, shown when there are some or when the answers are consistent
with restless legs; never a dose."""

from __future__ import annotations

import json
from datetime import date

import pytest

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
