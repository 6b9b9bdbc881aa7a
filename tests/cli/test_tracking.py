"""`legcare meds`, `factors`, `weekly`, `import-health` and `health-data`, run for real."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.interop.apple_health_files import write_export_zip


def test_meds_add_list_took_stop_delete(cli: Any) -> None:
    added = cli("meds", "add", "Mirtazapine", "--start", "2026-01-05", "--dose-text", "my own")
    assert added.exit_code == 0, added.stderr
    assert "Flag: Mirtazapine" in added.stdout and "Never stop" in added.stdout
    assert cli("meds", "add", "paracetamol", "--as-needed", "--start", "2026-01-01").exit_code == 0
    assert cli("meds", "took", "2", "--note", "heel").exit_code == 0
    data = json.loads(cli("meds", "list", "--json").stdout)
    assert [m["name"] for m in data["medicines"]] == ["paracetamol", "Mirtazapine"]
    assert data["flagged"] == 1 and data["medicines"][1]["own_dose_text"] == "my own"
    assert data["medicines"][0]["uses"] == 1
    assert cli("meds", "stop", "1", "--date", "2026-02-01").exit_code == 0
    assert cli("meds", "delete", "1", "--yes").exit_code == 0
    assert len(json.loads(cli("meds", "list", "--json").stdout)["medicines"]) == 1


def test_meds_bad_input_says_what_is_allowed(cli: Any) -> None:
    bad = cli("meds", "add", "x", "--kind", "drug")
    assert bad.exit_code == 2 and "allowed: medicine, supplement, treatment" in bad.stderr
    bad = cli("meds", "took", "1")
    assert bad.exit_code == 3 and "no medicine with id 1" in bad.stderr


def test_factors(cli: Any) -> None:
    assert cli("factors", "add", "Stress", "--kind", "scale").exit_code == 0
    near = cli("factors", "add", "caffeine after 6pm", "--kind", "yes_no")
    assert near.exit_code == 0 and "together with: caffeine" in near.stdout
    assert cli("factors", "set", "stress", "6").exit_code == 0
    assert cli("factors", "set", "caffeine after 6pm", "yes").exit_code == 0
    bad = cli("factors", "set", "stress", "lots")
    assert bad.exit_code == 2 and "allowed: yes, no or a whole number 0-10" in bad.stderr
    same = cli("factors", "add", "STRESS", "--kind", "scale")
    assert same.exit_code == 2 and "already exists" in same.stderr
    values = json.loads(cli("factors", "values", "--json").stdout)["values"]
    assert sorted((v["factor"], v["value"]) for v in values) == [
        ("Stress", 6),
        ("caffeine after 6pm", 1),
    ]
    groups = json.loads(cli("factors", "list", "--json").stdout)["merged_groups"]
    assert any("caffeine after 6pm" in g["members"] for g in groups)


def test_weekly_answer_by_arguments_and_by_prompts(cli: Any) -> None:
    saved = cli("weekly", "answer", "rls", "5", "6", "4", "3")
    assert saved.exit_code == 0 and "score 45 / 100" in saved.stdout
    assert "not a validated instrument" in saved.stdout
    asked = cli("weekly", "answer", "heel", input="6\n4\n2\n")
    assert asked.exit_code == 0 and "score 40 / 100" in asked.stdout, asked.stderr
    history = json.loads(cli("weekly", "history", "heel", "--json").stdout)
    assert [w["score"] for w in history["weeks"]] == [40]
    wrong = cli("weekly", "answer", "heel", "1", "2")
    assert wrong.exit_code == 2 and "exactly 3" in wrong.stderr
    questions = json.loads(cli("weekly", "questions", "rls", "--json").stdout)
    assert len(questions["items"]) == 4


def test_import_health_and_health_data(cli: Any, tmp_path: Path) -> None:
    first = date.today() - timedelta(days=6)
    path = write_export_zip(tmp_path / "export.zip", first, days=7)
    done = cli("import-health", str(path))
    assert done.exit_code == 0, done.stderr
    assert "7 nights" in done.stdout and "apple_health" in done.stdout
    values = json.loads(cli("health-data", "--json").stdout)["values"]
    assert {v["source"] for v in values} == {"apple_health"} and len(values) == 21
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello")
    bad = cli("import-health", str(wrong))
    assert bad.exit_code == 2 and "not a file legcare can import" in bad.stderr
