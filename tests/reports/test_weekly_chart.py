"""The weekly scores chart, parsed with xml.etree (not the writer's own code)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from legcare.reports.weekly_chart import WeeklyLine, weekly_scores_svg

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2026, 9, 7)  # a Monday


def _by_id(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg.encode())
    return {el.get("id") or "": el for el in root.iter() if el.get("id")}


def test_each_answered_week_is_a_dot_and_a_missing_week_breaks_the_line() -> None:
    rls = WeeklyLine(
        "rls_weekly",
        "Restless legs, this week",
        ((FIRST, 60), (FIRST + timedelta(weeks=1), 50), (FIRST + timedelta(weeks=3), 30)),
    )
    heel = WeeklyLine("heel_weekly", "Heel pain, this week", ((FIRST, 20),))
    svg = weekly_scores_svg([rls, heel], first=FIRST, last=FIRST + timedelta(weeks=3))
    root = ET.fromstring(svg.encode())
    assert root.get("role") == "img"
    by_id = _by_id(svg)
    assert len(list(by_id["weekly-rls_weekly-dots"].iter(f"{SVG}circle"))) == 3
    assert len(list(by_id["weekly-heel_weekly-dots"].iter(f"{SVG}circle"))) == 1
    path = by_id["weekly-rls_weekly-line"].get("d") or ""
    assert path.count("M") == 2  # weeks 1-2, a gap for week 3, then week 4
    ys = [float(c.get("cy") or 0) for c in by_id["weekly-rls_weekly-dots"].iter(f"{SVG}circle")]
    assert ys == sorted(ys)  # y grows downwards: 60 is drawn above 50, 50 above 30
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "week of 2026-09-07: 60" in desc and "Heel pain, this week" in desc
    assert "lower is better" in desc


def test_no_weeks_answered_says_so() -> None:
    svg = weekly_scores_svg([WeeklyLine("rls_weekly", "RLS", ())], first=FIRST, last=FIRST)
    assert "No weekly scores yet" in svg and "no weeks answered" in svg


@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 100)), max_size=21, unique_by=lambda p: p[0]
    )
)
def test_any_weeks_draw_within_the_canvas_with_readable_text(weeks: list[tuple[int, int]]) -> None:
    line = WeeklyLine(
        "rls_weekly", "RLS", tuple(sorted((FIRST + timedelta(weeks=n), s) for n, s in weeks))
    )
    svg = weekly_scores_svg([line], first=FIRST, last=FIRST + timedelta(weeks=20))
    root = ET.fromstring(svg.encode())
    width, height = float(root.get("width") or 0), float(root.get("height") or 0)
    for circle in root.iter(f"{SVG}circle"):
        assert 0 <= float(circle.get("cx") or -1) <= width
        assert 0 <= float(circle.get("cy") or -1) <= height
    assert all(float(t.get("font-size") or 0) >= 14 for t in root.iter(f"{SVG}text"))
    if weeks:
        assert len(list(_by_id(svg)["weekly-rls_weekly-dots"].iter(f"{SVG}circle"))) == len(weeks)
