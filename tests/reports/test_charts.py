"""SVG charts: parse with xml.etree, check the series, accessibility and determinism."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from typing import Any

import pytest

from legcare.domain.insights import build_diary_data
from legcare.reports.charts import CHART_NAMES, render_chart

NS = {"svg": "http://www.w3.org/2000/svg"}
START = date(2026, 9, 1)


def _data(days: int = 56, *, sessions: bool = True, plan: bool = True) -> dict[str, Any]:
    """An insights dict built the way the service builds it."""
    from legcare.domain.insights import associations
    from legcare.services.views import insights as service

    evenings = {
        START + timedelta(days=i): {"rls": 3 + (i % 3 == 0) * 4, "alcohol": i % 3 == 0}
        for i in range(days)
    }
    mornings = {START + timedelta(days=i): {"first_step_heel_pain": 2} for i in range(days)}
    end = START + timedelta(days=days - 1)
    data = build_diary_data(START, end, evenings, mornings)
    session_days = {START + timedelta(days=i) for i in range(0, days, 4)} if sessions else set()
    out: dict[str, Any] = {
        "from": START.isoformat(),
        "to": end.isoformat(),
        "trends": [service._trend(t).to_json() for t in service.trends(data)],
        "associations": [service._association(a).to_json() for a in associations(data)],
        "series": service._series(data, session_days).to_json(),
        "adherence": None,
    }
    if plan:
        planned = {START + timedelta(days=i) for i in range(0, days, 2)}
        result = service.adherence(START, end, planned, session_days)
        out["adherence"] = service._adherence(result, "session log")
    return out


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode())


def _ids(root: ET.Element) -> set[str]:
    return {el.get("id", "") for el in root.iter()}


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_is_accessible_svg(name: str) -> None:
    root = _root(render_chart(name, _data()))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{name}-title {name}-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.get("id") == f"{name}-title" and title.text
    assert desc is not None and desc.text and len(desc.text) > 20


@pytest.mark.parametrize("name", CHART_NAMES)
def test_output_is_deterministic_without_dates(name: str) -> None:
    first = render_chart(name, _data())
    assert first == render_chart(name, _data())
    assert "<dc:date>" not in first


def test_symptom_chart_has_its_series_and_session_markers() -> None:
    root = _root(render_chart("symptoms", _data()))
    ids = _ids(root)
    assert {"symptoms-series-rls", "symptoms-series-first_step_heel_pain"} <= ids
    assert "symptoms-series-sessions" in ids and "symptoms-daily-rls" in ids
    assert "symptoms-series-leg_pain" not in ids  # nothing recorded: no line
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Restless legs" in text and "Session" in text
    desc = root.find("svg:desc", NS)
    assert desc is not None and "Session days marked: 14" in (desc.text or "")


def test_long_ranges_drop_the_daily_dots() -> None:
    ids = _ids(_root(render_chart("symptoms", _data(days=200))))
    assert "symptoms-series-rls" in ids and "symptoms-daily-rls" not in ids


def test_adherence_chart_has_one_bar_pair_per_week() -> None:
    data = _data()
    root = _root(render_chart("adherence", data))
    ids = _ids(root)
    weeks = len(data["adherence"]["weeks"])
    assert sum(i.startswith("adherence-series-planned-") for i in ids) == weeks
    assert sum(i.startswith("adherence-series-done-") for i in ids) == weeks


def test_adherence_without_a_plan_says_so() -> None:
    root = _root(render_chart("adherence", _data(plan=False)))
    assert "no plan" in (root.find("svg:desc", NS).text or "").lower()  # type: ignore[union-attr]
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "No plan to compare with yet" in text


def test_exposure_chart_shows_only_comparisons_with_enough_days() -> None:
    root = _root(render_chart("exposures", _data()))
    ids = _ids(root)
    assert "exposures-series-alcohol" in ids
    assert "exposures-series-caffeine" not in ids  # never recorded
    desc = root.find("svg:desc", NS).text or ""  # type: ignore[union-attr]
    assert "does not show that alcohol causes" in desc
    assert "Not enough days yet for" in desc


def test_empty_data_still_renders() -> None:
    empty = _data(days=7, sessions=False, plan=False)
    for key in list(empty["series"]):
        if key not in ("days", "session_days"):
            empty["series"][key] = [None] * 7
    root = _root(render_chart("symptoms", empty))
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "No check-ins in this period" in text


def test_inline_svg_has_no_prolog_and_unknown_chart_is_refused() -> None:
    svg = render_chart("symptoms", _data(), inline=True)
    assert svg.startswith("<svg ")
    with pytest.raises(KeyError):
        render_chart("pie", _data())


PHONE_CONTENT_PX = 358  # a 390 px phone less the page's side padding


def _font_sizes(root: ET.Element) -> list[float]:
    return [float(t.get("font-size", "0")) for t in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("name", CHART_NAMES)
@pytest.mark.parametrize("days", [7, 56, 3653])
def test_text_is_readable_on_a_390_px_phone(name: str, days: int) -> None:
    root = _root(render_chart(name, _data(days=days)))
    width = float(root.get("viewBox", "").split()[2])
    sizes = _font_sizes(root)
    assert sizes, "every chart says something in text"
    scale = min(1.0, PHONE_CONTENT_PX / width)  # the chart shrinks to the phone's width
    assert min(sizes) * scale >= 12.0


def test_ten_years_draw_a_thinned_line_and_no_daily_dots() -> None:
    root = _root(render_chart("symptoms", _data(days=3653)))
    path = next(
        p for p in root.iter("{http://www.w3.org/2000/svg}path")
        if p.get("id") == "symptoms-series-rls"
    )  # fmt: skip
    points = path.get("d", "").count("M") + path.get("d", "").count("L")
    assert 300 <= points <= 400  # about one point per unit of width, not 3653
    assert "symptoms-daily-rls" not in _ids(root)


def test_captions_add_to_the_title_rather_than_repeat_it() -> None:
    from legcare.reports.charts import chart_caption

    for name in CHART_NAMES:
        root = _root(render_chart(name, _data()))
        title = root.find("svg:title", NS).text or ""  # type: ignore[union-attr]
        caption = chart_caption(name)
        assert caption and caption not in title and title not in caption
        assert len(set(caption.lower().split()) - set(title.lower().split())) >= 8


def test_charts_are_drawn_without_matplotlib() -> None:
    """Rendering every chart in a fresh interpreter imports no drawing library."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tests.reports.test_charts import _data\n"
        "from legcare.reports.charts import CHART_NAMES, render_chart\n"
        "from legcare.reports.experiment_chart import banded_bar_svg\n"
        "for n in CHART_NAMES: render_chart(n, _data())\n"
        "banded_bar_svg([('a vs b', [('worse', 0.1), ('same', 0.9)])], title='t')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'PIL')))\n"
    )
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                         check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # scripts/install puts it there
SVG = "{http://www.w3.org/2000/svg}"


def _text_width(text: str, size: float) -> float:
    """The width of ``text`` in DejaVu Sans, from the font's own glyph advances (fontTools)."""
    font = _font(DEJAVU)
    cmap = font.getBestCmap()
    advances = font["hmtx"].metrics
    units = sum(advances[cmap[ord(c)]][0] for c in text)
    return units / font["head"].unitsPerEm * size


@functools.cache
def _font(path: str):  # type: ignore[no-untyped-def]
    from fontTools.ttLib import TTFont

    return TTFont(path)


@pytest.mark.parametrize("n", range(1, 53))
def test_week_labels_under_the_adherence_bars_never_touch(n: int) -> None:
    first = date(2026, 1, 5)
    weeks = [
        {"week_start": (first + timedelta(weeks=i)).isoformat(), "planned": 3, "done": i % 4}
        for i in range(n)
    ]
    data = {"from": weeks[0]["week_start"], "to": "2027-01-03",
            "adherence": {"weeks": weeks, "summary": "x"}}  # fmt: skip
    root = ET.fromstring(render_chart("adherence", data, inline=True))
    bottom = max(
        float(t.get("y") or 0) for t in root.iter(f"{SVG}text") if "week of" in (t.text or "")
    )
    labels = [t for t in root.iter(f"{SVG}text") if float(t.get("y") or 0) == bottom]
    assert labels and (labels[0].text or "").startswith("week of")
    spans = []
    for t in labels:
        x, size = float(t.get("x") or 0), float(t.get("font-size") or 0)
        width = _text_width(t.text or "", size)
        anchor = t.get("text-anchor") or "start"
        low = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        spans.append((low, low + width))
        assert low >= 0 and low + width <= float(root.get("width") or 0), (t.text, low, width)
    spans.sort()
    for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
        assert right + 2 <= left, spans
