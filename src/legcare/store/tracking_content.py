"""Read the tracking content: medicine classes and the weekly items' wording.

``content/medicine_classes.yaml`` and ``content/weekly_items.yaml`` are validated like the
knowledge base (pydantic, ``extra="forbid"``) and checked against it: every source id must be in
``sources.yaml``, a known name may belong to one class only, and the weekly items must be exactly
the ids the code scores. A mistake raises ``KnowledgeBaseError`` naming the file and the entry.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from legcare.domain.tracking.medicine_classes import MedicineClass, name_words
from legcare.domain.tracking.weekly_scores import (
    ITEMS,
    WeeklyItemText,
    WeeklyScoreKind,
    WeeklyScoreText,
)
from legcare.errors import KnowledgeBaseError
from legcare.store.knowledge_files import CONTENT_DIR, load_knowledge_base, read_content_yaml

MEDICINE_CLASSES_FILE = "medicine_classes.yaml"
WEEKLY_ITEMS_FILE = "weekly_items.yaml"
_M = TypeVar("_M", bound=BaseModel)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MedicineClassIn(_Model):
    id: Id
    name: Text
    why: Text
    names: list[Text] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class MedicineClassesFile(_Model):
    about: str = ""
    reviewed: date | None = None
    classes: list[MedicineClassIn] = Field(min_length=1)


class WeeklyItemIn(_Model):
    id: Id
    text: Text
    low: Text
    high: Text


class WeeklyScoreIn(_Model):
    id: WeeklyScoreKind
    title: Text
    period: Text
    items: list[WeeklyItemIn] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class WeeklyItemsFile(_Model):
    about: str = ""
    reviewed: date | None = None
    not_validated: Text
    scores: list[WeeklyScoreIn] = Field(min_length=1)


def _parse(folder: Path, name: str, model: type[_M]) -> _M:
    raw, _ = read_content_yaml(folder / name)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KnowledgeBaseError(
            f"{name}: field '{where}': {first['msg']}",
            details=[f"{name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()],
        ) from None


def _check_sources(name: str, entry: str, sources: list[str], known: set[str]) -> None:
    missing = [s for s in sources if s not in known]
    if missing:
        raise KnowledgeBaseError(
            f"{name}: entry '{entry}', field 'sources': unknown source(s) {', '.join(missing)}; "
            "allowed: ids from sources.yaml"
        )


def _known_sources(folder: Path) -> set[str]:
    return {s.id for s in load_knowledge_base(folder if folder != CONTENT_DIR else None).sources}


def read_medicine_classes(folder: Path = CONTENT_DIR) -> tuple[MedicineClass, ...]:
    parsed = _parse(folder, MEDICINE_CLASSES_FILE, MedicineClassesFile)
    known = _known_sources(folder)
    owner: dict[tuple[str, ...], str] = {}
    ids: set[str] = set()
    for entry in parsed.classes:
        if entry.id in ids:
            raise KnowledgeBaseError(f"{MEDICINE_CLASSES_FILE}: id '{entry.id}' appears twice")
        ids.add(entry.id)
        _check_sources(MEDICINE_CLASSES_FILE, entry.id, entry.sources, known)
        for typed in entry.names:
            words = name_words(typed)
            if not words or owner.setdefault(words, entry.id) != entry.id:
                raise KnowledgeBaseError(
                    f"{MEDICINE_CLASSES_FILE}: entry '{entry.id}', name {typed!r} is empty or "
                    f"already belongs to '{owner.get(words)}'; allowed: one class per name"
                )
    return tuple(
        MedicineClass(
            id=c.id, name=c.name, names=tuple(c.names), why=c.why, sources=tuple(c.sources)
        )
        for c in parsed.classes
    )


def read_weekly_items(folder: Path = CONTENT_DIR) -> dict[WeeklyScoreKind, WeeklyScoreText]:
    parsed = _parse(folder, WEEKLY_ITEMS_FILE, WeeklyItemsFile)
    known = _known_sources(folder)
    out: dict[WeeklyScoreKind, WeeklyScoreText] = {}
    for score in parsed.scores:
        _check_sources(WEEKLY_ITEMS_FILE, score.id.value, score.sources, known)
        ids = tuple(i.id for i in score.items)
        if ids != ITEMS[score.id]:
            raise KnowledgeBaseError(
                f"{WEEKLY_ITEMS_FILE}: entry '{score.id.value}', field 'items': got "
                f"{', '.join(ids)}; allowed: exactly {', '.join(ITEMS[score.id])}, in that order"
            )
        out[score.id] = WeeklyScoreText(
            kind=score.id,
            title=score.title,
            period=score.period,
            items=tuple(WeeklyItemText(i.id, i.text, i.low, i.high) for i in score.items),
            not_validated=parsed.not_validated,
            sources=tuple(score.sources),
        )
    missing = [k.value for k in WeeklyScoreKind if k not in out]
    if missing:
        raise KnowledgeBaseError(f"{WEEKLY_ITEMS_FILE}: missing score(s) {', '.join(missing)}")
    return out


@cache
def load_medicine_classes() -> tuple[MedicineClass, ...]:
    return read_medicine_classes()


@cache
def load_weekly_items() -> dict[WeeklyScoreKind, WeeklyScoreText]:
    return read_weekly_items()


__all__ = [
    "load_medicine_classes",
    "load_weekly_items",
    "read_medicine_classes",
    "read_weekly_items",
]
