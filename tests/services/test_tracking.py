"""The new tracking services: medicines, own factors, weekly scores and health imports.

Every public function returns a frozen dataclass with ``to_json()``; bad input says what is
allowed and writes nothing.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from legcare.errors import InvalidInput, NotFound
from legcare.services import factors, health_import, medicines, weekly_scores
from legcare.services.context import AppContext
from tests.conftest import FIXED_NOW
from tests.interop.apple_health_files import write_export_zip

TODAY = FIXED_NOW.date()
SERVICES = Path(medicines.__file__).parent


def test_medicines_flag_from_the_content_and_keep_the_dose_text(ctx: AppContext) -> None:
    flagged = medicines.add_medicine(ctx=ctx, name="Benadryl", own_dose_text="one, as I chose")
    plain = medicines.add_medicine(ctx=ctx, name="Ropinirole", started=date(2026, 1, 1))
    assert flagged.flag is not None and flagged.flag.class_id == "sedating_antihistamines"
    assert "Never stop" in flagged.flag.advice and flagged.flag.sources
    assert flagged.own_dose_text == "one, as I chose"
    assert plain.flag is None and plain.active
    listing = medicines.list_medicines(ctx=ctx)
    data = json.loads(json.dumps(listing.to_json()))
    assert data["flagged"] == 1 and "never suggests doses" in data["note"]
    assert [m["name"] for m in data["medicines"]] == ["Benadryl", "Ropinirole"]


def test_as_needed_uses_and_stopping(ctx: AppContext) -> None:
    prn = medicines.add_medicine(
        ctx=ctx, name="paracetamol", as_needed=True, started=TODAY - timedelta(days=3)
    )
    logged = medicines.log_use(ctx=ctx, medicine_id=prn.id, day=TODAY, note="heel")
    assert logged.medicine == "paracetamol"
    yesterday = TODAY - timedelta(days=1)
    stopped = medicines.stop_medicine(ctx=ctx, medicine_id=prn.id, stopped=yesterday)
    assert stopped.uses == 1 and stopped.stopped == yesterday and not stopped.active
    with pytest.raises(InvalidInput, match="outside the dates"):
        medicines.log_use(ctx=ctx, medicine_id=prn.id, day=TODAY)
    with pytest.raises(InvalidInput, match="before the start"):
        medicines.stop_medicine(ctx=ctx, medicine_id=prn.id, stopped=TODAY - timedelta(days=9))
    with pytest.raises(NotFound):
        medicines.log_use(ctx=ctx, medicine_id=999, day=TODAY)
    assert medicines.delete_medicine(ctx=ctx, medicine_id=prn.id).medicines == ()


def test_factors_refuse_check_in_names_and_report_near_duplicates(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput, match="already exists"):
        factors.add_factor(ctx=ctx, name="Caffeine", kind="yes_no")
    added = factors.add_factor(ctx=ctx, name="caffeine after 6pm", kind="yes_no")
    assert "caffeine" in added.near_duplicates
    factors.add_factor(ctx=ctx, name="Stress", kind="scale")
    with pytest.raises(InvalidInput, match="already exists"):
        factors.add_factor(ctx=ctx, name="stress", kind="scale")
    listing = factors.list_factors(ctx=ctx).to_json()
    assert [f["name"] for f in listing["factors"]] == ["caffeine after 6pm", "Stress"]
    caffeine = next(g for g in listing["merged_groups"] if g["name"] == "caffeine")
    assert "caffeine after 6pm" in caffeine["members"]


def test_factor_values(ctx: AppContext) -> None:
    factors.add_factor(ctx=ctx, name="Stress", kind="scale_0_10")
    factors.record_factor(ctx=ctx, name="stress", value=4)
    factors.record_factor(ctx=ctx, name="STRESS", value=6)
    with pytest.raises(InvalidInput, match="0 to 10"):
        factors.record_factor(ctx=ctx, name="stress", value=12)
    with pytest.raises(InvalidInput, match="future"):
        factors.record_factor(ctx=ctx, name="stress", value=1, day=TODAY + timedelta(days=1))
    with pytest.raises(NotFound, match="no factor named"):
        factors.record_factor(ctx=ctx, name="period", value=1)
    values = factors.factor_values(ctx=ctx).to_json()["values"]
    assert values == [
        {"factor": "Stress", "day": TODAY.isoformat(), "value": 6, "source": "manual"}
    ]


def test_weekly_scores_questions_save_and_history(ctx: AppContext) -> None:
    asked = weekly_scores.questions(kind="rls").to_json()
    assert [i["id"] for i in asked["items"]] == [
        "frequency",
        "intensity",
        "sleep",
        "daytime_impact",
    ]
    assert "not a validated instrument" in asked["not_validated"]
    answers: dict[str, object] = {"frequency": 5, "intensity": 6, "sleep": 4, "daytime_impact": 3}
    first = weekly_scores.save_week(ctx=ctx, kind="rls", answers=answers)
    again = weekly_scores.save_week(ctx=ctx, kind="rls", answers={**answers, "sleep": 8})
    assert (first.score, first.replaced) == (45, False)
    assert (again.score, again.replaced) == (55, True)
    earlier = TODAY - timedelta(days=7)
    weekly_scores.save_week(ctx=ctx, kind="rls", answers=answers, day=earlier)
    past = weekly_scores.history(ctx=ctx, kind="rls").to_json()
    assert [w["score"] for w in past["weeks"]] == [45, 55]
    assert weekly_scores.history(ctx=ctx, kind="heel").weeks == ()
    with pytest.raises(InvalidInput, match="missing"):
        weekly_scores.save_week(ctx=ctx, kind="heel", answers={"function": 2})


def test_health_import_stores_values_with_their_source(ctx: AppContext, tmp_path: Path) -> None:
    path = write_export_zip(tmp_path / "export.zip", TODAY - timedelta(days=6), days=7)
    seen: list[tuple[int, int]] = []
    summary = health_import.import_health_file(
        ctx=ctx, path=path, progress=lambda d, t: seen.append((d, t))
    )
    assert summary.source == "apple_health" and summary.nights == 7
    assert summary.inserted == 21 and summary.replaced == 0 and seen
    again = health_import.import_health_file(ctx=ctx, path=path)
    assert (again.inserted, again.replaced) == (0, 21)
    stored = health_import.health_values(ctx=ctx, start=TODAY - timedelta(days=6), end=TODAY)
    assert {v.source for v in stored.values} == {"apple_health"}
    assert {v.metric for v in stored.values} == {"sleep_minutes", "steps", "resting_hr"}


def test_a_wrong_file_imports_nothing(ctx: AppContext, tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    import zipfile

    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("apple_health_export/export.xml", "<HealthData><Record type='x'")
    with pytest.raises(InvalidInput, match="not well-formed"):
        health_import.import_health_file(ctx=ctx, path=bad)
    stored = health_import.health_values(ctx=ctx, start=date(2000, 1, 1), end=TODAY)
    assert stored.values == ()
    with pytest.raises(InvalidInput, match="allowed: auto, apple_health, fitbit"):
        health_import.import_health_file(ctx=ctx, path=bad, fmt="health_connect")


@pytest.mark.parametrize("module", ["medicines", "factors", "weekly_scores", "health_import"])
def test_new_style_modules_import_only_the_lower_layers(module: str) -> None:
    tree = ast.parse((SERVICES / f"{module}.py").read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    services = {m for m in imported if m.startswith("legcare.services")}
    assert services <= {"legcare.services.context", "legcare.services.safety"}
    assert "importlib" not in imported


def test_every_result_is_a_frozen_dataclass_with_to_json(ctx: AppContext) -> None:
    results = [
        medicines.add_medicine(ctx=ctx, name="x"),
        medicines.list_medicines(ctx=ctx),
        factors.list_factors(ctx=ctx),
        weekly_scores.questions(kind="heel"),
        weekly_scores.history(ctx=ctx, kind="heel"),
    ]
    for result in results:
        assert dataclasses.is_dataclass(result)
        assert result.__dataclass_params__.frozen  # type: ignore[attr-defined]
        json.dumps(result.to_json())  # type: ignore[attr-defined]


def test_archived_factors_leave_the_check_in_keep_their_values_and_survive_an_export(
    ctx: AppContext,
) -> None:
    from legcare.services import diary
    from legcare.services.views import export

    stress = factors.add_factor(ctx=ctx, name="stress", kind="scale_0_10")
    factors.record_factor(ctx=ctx, name="stress", value=6)
    archived = factors.archive_factor(ctx=ctx, factor_id=stress.id)
    assert archived.archived and archived.to_json()["archived"] is True
    assert diary.active_factor_names(ctx=ctx) == []
    assert [v.value for v in factors.factor_values(ctx=ctx).values] == [6]
    content = export.export_data(ctx=ctx, fmt="json").content
    export.import_data(ctx=ctx, content=content, replace=True)
    [back] = factors.list_factors(ctx=ctx).factors
    assert back.archived and back.name == "stress"
    assert factors.archive_factor(ctx=ctx, factor_id=back.id, archived=False).archived is False
    with pytest.raises(NotFound):
        factors.archive_factor(ctx=ctx, factor_id=999)
