"""The content loader: valid content loads; every kind of mistake names file, entry and field."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcare.errors import KnowledgeBaseError
from legcare.store.knowledge_files import (
    CONTENT_DIR,
    KB_FILES,
    load_knowledge_base,
    read_knowledge_base,
)


def copy_content(target: Path) -> Path:
    for name in KB_FILES:
        shutil.copy(CONTENT_DIR / name, target / name)
    shutil.copytree(CONTENT_DIR / "figures", target / "figures")
    return target


def edit(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def entry(data: dict[str, Any], key: str, entry_id: str) -> dict[str, Any]:
    return next(e for e in data[key] if e["id"] == entry_id)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(tmp_path)


def load_error(folder: Path) -> str:
    with pytest.raises(KnowledgeBaseError) as info:
        read_knowledge_base(folder)
    return str(info.value)


def test_the_shipped_content_loads_and_is_cached() -> None:
    kb = load_knowledge_base()
    assert kb is load_knowledge_base()
    assert kb.technique("trigger_point").dose.minutes_min == 3
    assert len(kb.content_version) == 12


def test_a_copy_loads_from_a_directory_argument(content: Path) -> None:
    kb = read_knowledge_base(content)
    assert kb.content_version == load_knowledge_base().content_version


def test_content_version_changes_with_the_content(content: Path) -> None:
    before = read_knowledge_base(content).content_version
    edit(content, "techniques.yaml", lambda d: d["techniques"][0].update(title="Renamed"))
    assert read_knowledge_base(content).content_version != before


def test_wrong_type_names_file_entry_and_field(content: Path) -> None:
    edit(
        content,
        "techniques.yaml",
        lambda d: entry(d, "techniques", "trigger_point")["dose"].update(minutes_min="lots"),
    )
    message = load_error(content)
    assert "techniques.yaml" in message
    assert "entry 'trigger_point'" in message
    assert "field 'dose.minutes_min'" in message


def test_unknown_field_is_refused(content: Path) -> None:
    edit(
        content,
        "exercises.yaml",
        lambda d: entry(d, "exercises", "calf_raises").update(difficulty="hard"),
    )
    message = load_error(content)
    assert "exercises.yaml" in message and "entry 'calf_raises'" in message
    assert "field 'difficulty'" in message and "Extra inputs are not permitted" in message


def test_bad_enum_value_lists_what_is_allowed(content: Path) -> None:
    edit(
        content,
        "precautions.yaml",
        lambda d: entry(d, "precautions", "blood_clot").update(kind="be_careful"),
    )
    message = load_error(content)
    assert "precautions.yaml" in message and "entry 'blood_clot'" in message
    assert "field 'kind'" in message and "'no_massage'" in message and "be_careful" in message


def test_missing_required_field(content: Path) -> None:
    edit(content, "conditions.yaml", lambda d: entry(d, "conditions", "plmt").pop("evidence"))
    message = load_error(content)
    assert "conditions.yaml" in message and "entry 'plmt'" in message
    assert "field 'evidence'" in message and "Field required" in message


def test_bad_seed_fact_id(content: Path) -> None:
    edit(
        content,
        "advice.yaml",
        lambda d: entry(d, "advice", "sleep_habits").update(seed_facts=["F40", "F51"]),
    )
    message = load_error(content)
    assert "advice.yaml" in message and "entry 'sleep_habits'" in message
    assert "field 'seed_facts[1]'" in message


def test_dangling_reference_names_file_entry_and_field(content: Path) -> None:
    edit(
        content,
        "techniques.yaml",
        lambda d: entry(d, "techniques", "deep_tissue")["precautions"].insert(0, "hot_tub"),
    )
    message = load_error(content)
    assert "techniques.yaml: entry 'deep_tissue', field 'precautions[0]'" in message
    assert "'hot_tub' is not a known precaution id" in message


def test_dangling_source_and_duplicate_id(content: Path) -> None:
    edit(
        content,
        "clinician_questions.yaml",
        lambda d: d["questions"].append(dict(d["questions"][0], sources=["S7"])),
    )
    message = load_error(content)
    assert "clinician_questions.yaml: entry 'ask_iron_studies', field 'id'" in message
    assert "duplicate id" in message
    assert "'S7' is not a known source id" in message


def test_entry_without_id_is_named_by_position(content: Path) -> None:
    edit(content, "techniques.yaml", lambda d: d["techniques"][2].pop("id"))
    message = load_error(content)
    assert "entry #3 of 'techniques'" in message and "field 'id'" in message


def test_yaml_syntax_error_gives_the_line(content: Path) -> None:
    (content / "sources.yaml").write_text("sources:\n  - id: S0\n    title: [unclosed\n")
    message = load_error(content)
    assert message.startswith("sources.yaml: not valid YAML at line")


def test_missing_file_and_wrong_top_level(content: Path) -> None:
    (content / "advice.yaml").unlink()
    assert "advice.yaml: content file is missing" in load_error(content)
    (content / "advice.yaml").write_text("- just a list\n")
    assert "advice.yaml: the file must be a mapping" in load_error(content)


def test_blocks_accepts_all_or_a_list_only(content: Path) -> None:
    edit(
        content,
        "precautions.yaml",
        lambda d: entry(d, "precautions", "blood_clot").update(blocks="everything"),
    )
    message = load_error(content)
    assert "entry 'blood_clot', field 'blocks'" in message


REQUIRED_TECHNIQUE_FIELDS = ["title", "summary", "steps", "tools", "dose", "pressure", "evidence"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(min_value=0, max_value=8),
    field=st.sampled_from(REQUIRED_TECHNIQUE_FIELDS),
    breakage=st.sampled_from(["drop", "number", "none"]),
)
def test_any_broken_technique_field_is_named(index: int, field: str, breakage: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_content(Path(tmp))
        names: list[str] = []

        def breaker(data: dict[str, Any]) -> None:
            item = data["techniques"][index]
            names.append(item["id"])
            if breakage == "drop":
                item.pop(field)
            else:
                item[field] = 12345 if breakage == "number" else None

        edit(folder, "techniques.yaml", breaker)
        message = load_error(folder)
    assert message.startswith("Content file is invalid: techniques.yaml")
    assert f"entry '{names[0]}'" in message
    assert f"field '{field}" in message


def test_a_figure_must_name_a_file_in_the_figures_folder(content: Path) -> None:
    edit(
        content,
        "exercises.yaml",
        lambda d: entry(d, "exercises", "calf_raises")["figure"].update(file="calf_raise.svg"),
    )
    message = load_error(content)
    assert (
        "exercises.yaml: entry 'calf_raises', field 'figure': no file figures/calf_raise.svg"
        in (message)
    )


def test_a_figure_needs_an_svg_name_and_real_alt_text(content: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        entry(d, "techniques", "trigger_point")["figure"] = {"file": "../x.png", "alt": "calf"}

    edit(content, "techniques.yaml", change)
    message = load_error(content)
    assert "entry 'trigger_point'" in message and "figure" in message


def test_every_technique_and_exercise_needs_a_figure(content: Path) -> None:
    edit(content, "techniques.yaml", lambda d: entry(d, "techniques", "deep_tissue").pop("figure"))
    message = load_error(content)
    assert "techniques.yaml: entry 'deep_tissue', field 'figure'" in message
