"""Matching a typed medicine name to a class: case, accents, punctuation, whole words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.tracking.medicine_classes import (
    MedicineClass,
    match_medicine_class,
    name_words,
)

ANTIHIST = MedicineClass(
    id="sedating_antihistamines",
    name="Sedating antihistamines",
    names=("diphenhydramine", "benadryl", "chlorphenamine"),
    why="",
    sources=("mayo_2021",),
)
SSRI = MedicineClass(
    id="ssri", name="SSRIs", names=("sertraline", "st john s wort"), why="", sources=("x",)
)
CLASSES = (ANTIHIST, SSRI)


def test_matches_whatever_the_case_and_extra_words() -> None:
    found = match_medicine_class("BENADRYL Allergy 25", CLASSES)
    assert found is not None and found.medicine_class.id == "sedating_antihistamines"
    assert found.matched_name == "benadryl"
    found = match_medicine_class("Sertraline (Zoloft)", CLASSES)
    assert found is not None and found.medicine_class.id == "ssri"


def test_multi_word_names_and_punctuation() -> None:
    found = match_medicine_class("St. John's Wort", CLASSES)
    assert found is not None and found.matched_name == "st john s wort"


def test_part_of_a_word_does_not_match() -> None:
    assert match_medicine_class("benadrylx", CLASSES) is None
    assert match_medicine_class("ropinirole", CLASSES) is None
    assert match_medicine_class("", CLASSES) is None


def test_accents_fold() -> None:
    assert name_words("Chlorphénamine") == ("chlorphenamine",)


@given(st.text(max_size=30), st.sampled_from(["diphenhydramine", "sertraline"]))
def test_a_known_name_anywhere_among_words_matches(prefix: str, known: str) -> None:
    typed = f"{prefix} {known.upper()} tablets"
    assert match_medicine_class(typed, CLASSES) is not None
