"""The figures of techniques and stretches: valid SVG (read by a real XML parser), in one line
style, offline (nothing external, no fonts), light and dark, in sync with the drawing code, and
one for every technique and stretch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from defusedxml import ElementTree  # type: ignore[import-untyped]

from legcare.reports.figures import FIGURES, figure_files
from legcare.store.knowledge_files import CONTENT_DIR, load_knowledge_base

FOLDER = CONTENT_DIR / "figures"
SVG = "{http://www.w3.org/2000/svg}"
FILES = sorted(FOLDER.glob("*.svg"))


def test_the_files_are_what_the_drawing_code_draws() -> None:
    drawn = figure_files()
    on_disk = {p.name: p.read_text() for p in FILES}
    assert on_disk == drawn, "run: python scripts/gen_docs.py"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_figure_is_valid_svg_that_works_offline(path: Path) -> None:
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 240 160" and root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and len(title.text or "") > 10
    text = path.read_text()
    assert "<text" not in text and "font" not in text  # no words to draw: no font to load
    assert not re.search(r"(href|src|url)\s*[=(]\s*['\"]?(https?:|//|data:)", text)
    assert "@import" not in text
    assert "prefers-color-scheme:dark" in text
    for element in root.iter():
        assert not element.tag.endswith(("script", "foreignObject", "image"))
        assert not any(a.startswith("on") for a in element.attrib)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_figure_shows_a_person_or_a_foot_and_a_direction(path: Path) -> None:
    root = ElementTree.parse(path).getroot()
    classes = [e.get("class") for e in root.iter()]
    assert "b" in classes or "o" in classes  # body segments or a foot outline
    assert "a" in classes  # an arrow: the direction of pressure or movement
    assert "z" in classes  # the area worked or stretched


def test_every_technique_and_stretch_has_its_own_figure() -> None:
    kb = load_knowledge_base()
    used = set()
    for entry in (*kb.techniques, *kb.exercises):
        assert entry.figure is not None, entry.id
        assert (FOLDER / entry.figure.file).is_file()
        assert len(entry.figure.alt) >= 40, entry.id  # says the position and the direction
        used.add(entry.figure.file)
        used |= {s.figure.file for s in entry.plan if s.figure}
    assert used == {p.name for p in FILES}, "every figure drawn is used, and only those"
    assert len(used) == len(FIGURES)
