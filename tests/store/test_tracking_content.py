"""The tracking content loads, cites known sources, and refuses mistakes with a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from legcare.domain.tracking.medicine_classes import match_medicine_class
from legcare.domain.tracking.weekly_scores import ITEMS, WeeklyScoreKind
from legcare.errors import KnowledgeBaseError
from legcare.store.knowledge_files import CONTENT_DIR, load_knowledge_base
from legcare.store.tracking_content import (
    load_medicine_classes,
    load_weekly_items,
    read_medicine_classes,
    read_weekly_items,
)


def test_medicine_classes_cite_known_sources() -> None:
    classes = load_medicine_classes()
    known = {s.id for s in load_knowledge_base().sources}
    assert {c.id for c in classes} >= {
        "sedating_antihistamines",
        "dopamine_blocking_antipsychotics",
        "dopamine_blocking_antisickness",
        "mirtazapine",
    }
    for medicine_class in classes:
        assert set(medicine_class.sources) <= known


@pytest.mark.parametrize(
    ("typed", "class_id"),
    [
        ("Benadryl", "sedating_antihistamines"),
        ("Nytol One-A-Night", "sedating_antihistamines"),
        ("METOCLOPRAMIDE", "dopamine_blocking_antisickness"),
        ("quetiapine (Seroquel)", "dopamine_blocking_antipsychotics"),
        ("Mirtazapine", "mirtazapine"),
        ("sertraline", "serotonergic_antidepressants"),
        ("amitriptyline at night", "tricyclic_antidepressants"),
        ("Tylenol PM", "sedating_antihistamines"),  # painkillers with a sleep aid in them
        ("Advil PM caplets", "sedating_antihistamines"),
        ("Panadol Night", "sedating_antihistamines"),
        ("NyQuil", "sedating_antihistamines"),
    ],
)
def test_common_names_match_their_class(typed: str, class_id: str) -> None:
    found = match_medicine_class(typed, load_medicine_classes())
    assert found is not None and found.medicine_class.id == class_id


@pytest.mark.parametrize(
    "typed", ["bupropion", "ropinirole", "gabapentin", "iron", "paracetamol", "Tylenol", "Advil"]
)
def test_other_medicines_are_not_flagged(typed: str) -> None:
    assert match_medicine_class(typed, load_medicine_classes()) is None


def test_weekly_items_have_wording_for_every_scored_item() -> None:
    texts = load_weekly_items()
    for kind in WeeklyScoreKind:
        assert tuple(i.id for i in texts[kind].items) == ITEMS[kind]
        assert "not a validated instrument" in texts[kind].not_validated
    assert all("IRLS" not in i.text for t in texts.values() for i in t.items)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


def test_an_unknown_source_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "medicine_classes.yaml"
    path.write_text(path.read_text().replace("[kolla_2018, mayo_2021]", "[nobody_2020]", 1))
    with pytest.raises(KnowledgeBaseError, match="unknown source.*nobody_2020"):
        read_medicine_classes(folder)


def test_a_name_in_two_classes_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "medicine_classes.yaml"
    path.write_text(path.read_text().replace("names: [mirtazapine,", "names: [sertraline,", 1))
    with pytest.raises(KnowledgeBaseError, match="already belongs"):
        read_medicine_classes(folder)


def test_weekly_items_must_match_the_scored_ids(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "weekly_items.yaml"
    path.write_text(path.read_text().replace("id: daytime_impact", "id: mood"))
    with pytest.raises(KnowledgeBaseError, match="allowed: exactly frequency"):
        read_weekly_items(folder)


def test_an_extra_field_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "medicine_classes.yaml"
    path.write_text(
        path.read_text().replace("  - id: mirtazapine\n", "  - id: mirtazapine\n    dose: x\n")
    )
    with pytest.raises(KnowledgeBaseError, match="medicine_classes.yaml"):
        read_medicine_classes(folder)
