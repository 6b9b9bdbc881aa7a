"""Classes of medicine that the content says may worsen restless legs, and the name matcher.

The classes and their common names live in ``content/medicine_classes.yaml`` (with sources);
this module only says what a class is and matches a typed name to one. The match is a flag for a
conversation with the prescriber, never advice to stop or change anything.

Matching: the typed name and each known name are folded (case, accents, punctuation) into
words; a known name matches when its words appear, in order and next to each other, among the
typed words ("Benadryl Allergy 25" matches "benadryl"; "Sertraline" matches "sertraline").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class MedicineClass:
    """A class of medicine reported to bring on or worsen restless legs."""

    id: str
    name: str
    names: tuple[str, ...]
    why: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClassMatch:
    """A typed name matched to a class, and the known name that matched."""

    medicine_class: MedicineClass
    matched_name: str


def name_words(text: str) -> tuple[str, ...]:
    """``text`` folded to lower-case ASCII words."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return tuple(_WORD.findall(folded))


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    size = len(part)
    if size == 0:
        return False
    return any(tuple(words[i : i + size]) == tuple(part) for i in range(len(words) - size + 1))


def match_medicine_class(typed: str, classes: Iterable[MedicineClass]) -> ClassMatch | None:
    """The first class (in content order) one of whose names appears in ``typed``, or None.

    Longer known names are tried first within a class, so the match names the most specific one.
    """
    words = name_words(typed)
    for medicine_class in classes:
        for known in sorted(medicine_class.names, key=lambda n: -len(name_words(n))):
            if _contains(words, name_words(known)):
                return ClassMatch(medicine_class=medicine_class, matched_name=known)
    return None
