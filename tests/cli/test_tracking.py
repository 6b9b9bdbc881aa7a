"""`legcare meds`, `factors`, `weekly`, `import-health` and `health-data`, run for real."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    text = cli("health-data").stdout
    assert "minutes asleep" in text and "resting pulse" in text and "(from apple_health)" in text
    assert "resting_hr" not in text and "sleep_minutes" not in text
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello")
    bad = cli("import-health", str(wrong))
    assert bad.exit_code == 2 and "not a file legcare can import" in bad.stderr


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=90
)
SMALL_INT = st.one_of(st.integers(-5, 15), st.integers(-(10**20), 10**20)).map(str)
DAY = st.one_of(st.dates().map(date.isoformat), TEXT)


def _ok_or_clear(result: Any) -> None:
    assert result.exit_code in (0, 2, 3, 4), (result.exit_code, result.stderr)
    if result.exit_code:
        assert result.stderr.startswith(("legcare: ", "Usage:")), result.stderr


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=TEXT,
    kind=st.one_of(st.sampled_from(["medicine", "treatment"]), TEXT),
    start=DAY,
    stop=DAY,
    dose=TEXT,
    value=SMALL_INT,
    answers=st.lists(SMALL_INT, min_size=1, max_size=5),
)
def test_fuzzed_tracking_input_gets_a_clear_answer(  # noqa: PLR0913 - one argument per input
    cli: Any, name: str, kind: str, start: str, stop: str, dose: str, value: str, answers: list[str]
) -> None:
    _ok_or_clear(
        cli(
            "meds",
            "add",
            name,
            "--kind",
            kind,
            "--start",
            start,
            "--stop",
            stop,
            "--dose-text",
            dose,
        )
    )
    _ok_or_clear(cli("meds", "took", value, "--date", start))
    _ok_or_clear(cli("factors", "add", name, "--kind", kind))
    _ok_or_clear(cli("factors", "set", name, value, "--date", stop))
    _ok_or_clear(cli("weekly", "answer", "rls", *answers, "--date", start))
    _ok_or_clear(cli("weekly", "history", name, "--json"))
