"""`legcare export | import | delete --all` through the real CLI."""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest

ROWS = 4


@pytest.fixture
def logged(cli):
    for day in ("2026-11-01", "2026-11-02"):
        assert cli("log", "evening", "5", "--date", day).exit_code == 0 or _log(day)
    return cli


def _log(day: str) -> bool:
    """Fallback when the diary CLI is not there: log through the service."""
    from legcare.cli import runtime
    from legcare.services.diary import log_checkin

    ctx = runtime.context()
    log_checkin(ctx=ctx, kind="evening", day=date.fromisoformat(day), values={"rls": 5})
    log_checkin(ctx=ctx, kind="morning", day=date.fromisoformat(day), values={"sleep_quality": 6})
    return True


def _checkins(cli) -> int:
    out = cli("export", "-", "--format", "json")
    assert out.exit_code == 0, out.stderr
    return len(json.loads(out.stdout)["data"]["checkins"])


def test_export_json_delete_import_round_trip(logged, tmp_path) -> None:
    cli = logged
    target = tmp_path / "me.json"
    result = cli("export", str(target), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Exported" in result.stdout and str(target) in result.stdout
    first = json.loads(target.read_text())
    count = len(first["data"]["checkins"])
    assert count >= 2

    refused = cli("delete", "--all", input="no\n")
    assert refused.exit_code == 1 and "nothing was deleted" in refused.stderr
    assert _checkins(cli) == count

    deleted = cli("delete", "--all", input="delete\n")
    assert deleted.exit_code == 0, deleted.stderr
    assert "Deleted" in deleted.stdout and _checkins(cli) == 0

    imported = cli("import", str(target), "--json")
    assert imported.exit_code == 0, imported.stderr
    assert json.loads(imported.stdout)["imported"]["checkins"] == count
    again = cli("export", "-", "--format", "json")
    assert json.loads(again.stdout)["data"] == first["data"]


def test_delete_needs_all(cli) -> None:
    result = cli("delete")
    assert result.exit_code == 2 and "--all" in result.stderr


def test_delete_yes_skips_the_question(logged) -> None:
    result = logged("delete", "--all", "--yes", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["deleted"]["checkins"] >= 2


def test_export_fhir_and_csv(logged, tmp_path) -> None:
    fhir_file = tmp_path / "me.fhir.json"
    assert logged("export", str(fhir_file), "--format", "fhir").exit_code == 0
    assert json.loads(fhir_file.read_text())["resourceType"] == "Bundle"
    csv_file = tmp_path / "me.zip"
    assert logged("export", str(csv_file), "-f", "csv").exit_code == 0
    assert "checkins_evening.csv" in zipfile.ZipFile(csv_file).namelist()


def test_export_refuses_a_folder_and_bad_format(logged, tmp_path) -> None:
    folder = logged("export", str(tmp_path), "--format", "json")
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    bad = logged("export", str(tmp_path / "x"), "--format", "xml")
    assert bad.exit_code == 2 and "csv, json, fhir" in bad.stderr
    assert not (tmp_path / "x").exists()


def test_import_refuses_other_files_and_changes_nothing(logged, tmp_path) -> None:
    before = _checkins(logged)
    other = tmp_path / "notes.json"
    other.write_text('{"shopping": ["milk"]}')
    result = logged("import", str(other), "--replace", "--yes")
    assert result.exit_code == 2
    assert "neither a legcare JSON export" in result.stderr
    assert _checkins(logged) == before
    missing = logged("import", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_import_into_existing_data_asks_for_replace(logged, tmp_path) -> None:
    target = tmp_path / "me.json"
    logged("export", str(target))
    result = logged("import", str(target))
    assert result.exit_code == 4 and "already have data" in result.stderr
    replaced = logged("import", str(target), "--replace", input="y\n")
    assert replaced.exit_code == 0, replaced.stderr


def test_fhir_import_lists_the_entries_it_left_out(logged, tmp_path) -> None:
    fhir_file = tmp_path / "me.fhir.json"
    assert logged("export", str(fhir_file), "--format", "fhir").exit_code == 0
    bundle = json.loads(fhir_file.read_text())
    bundle["entry"].append(
        {
            "fullUrl": "urn:uuid:5f0c4a9e-0000-4000-8000-0000000000aa",
            "resource": {
                "resourceType": "Condition",
                "id": "5f0c4a9e-0000-4000-8000-0000000000aa",
                "subject": {"reference": bundle["entry"][0]["fullUrl"]},
            },
        }
    )
    fhir_file.write_text(json.dumps(bundle))
    result = logged("import", str(fhir_file), "--replace", "--yes")
    assert result.exit_code == 0, result.stderr
    n = len(bundle["entry"])
    assert "Left out 1 FHIR entries:" in result.stdout
    assert f"entry {n} (Condition/5f0c4a9e-0000-4000-8000-0000000000aa): legcare does not " in (
        result.stdout
    )
    fhir_file.write_text(json.dumps(bundle))
    as_json = json.loads(logged("import", str(fhir_file), "--replace", "--yes", "--json").stdout)
    assert as_json["skipped_resources"] == 1
    assert as_json["ignored"] == [
        {
            "entry": n,
            "resource": "Condition/5f0c4a9e-0000-4000-8000-0000000000aa",
            "reason": "legcare does not import Condition resources",
        }
    ]


def test_export_never_replaces_a_file_without_asking_or_force(
    logged, tmp_path, monkeypatch
) -> None:
    from legcare.cli import files

    target = tmp_path / "mine.json"
    target.write_text("keep me")
    refused = logged("export", str(target))
    assert refused.exit_code == 4
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert target.read_text() == "keep me"
    monkeypatch.setattr(files, "can_ask", lambda: True)
    declined = logged("export", str(target), input="n\n")
    assert declined.exit_code == 4 and target.read_text() == "keep me"
    accepted = logged("export", str(target), input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert json.loads(target.read_text())
    monkeypatch.undo()
    forced = logged("export", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
