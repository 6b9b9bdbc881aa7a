"""The experiment charts: banded bars and the daily ratings by period, parsed with xml.etree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from legcare.reports.experiment_chart import banded_bar_svg, ratings_svg

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 9, 1)


def _periods() -> list[dict]:
    out = []
    for i in range(4):
        start = START + timedelta(days=7 * i)
        out.append(
            {
                "period": i + 1,
                "block": i // 2 + 1,
                "arm": ("massage", "none")[i % 2],
                "start": start.isoformat(),
                "end": (start + timedelta(days=6)).isoformat(),
                "planned_days": 7,
                "rated_days": 7,
                "mean": 3.0 if i % 2 == 0 else 6.0,
            }
        )
    return out


def _ratings() -> list[tuple[date, float]]:
    return [(START + timedelta(days=i), 3.0 if (i // 7) % 2 == 0 else 6.0) for i in range(28)]


def test_ratings_chart_shades_each_period_and_draws_its_mean() -> None:
    svg = ratings_svg(ratings=_ratings(), periods=_periods(), arms=["massage", "none"],
                      outcome="restless-legs symptoms")  # fmt: skip
    root = ET.fromstring(svg.encode())
    assert root.get("role") == "img"
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    shades = [by_id[f"experiment-period-{i}"] for i in range(1, 5)]
    assert shades[0].get("fill") == shades[2].get("fill") != shades[1].get("fill")
    means = [by_id[f"experiment-period-mean-{i}"] for i in range(1, 5)]
    # y grows downwards: the mean of 3 is drawn below the mean of 6
    assert float(means[0].get("y1", 0)) > float(means[1].get("y1", 0))
    dots = list(by_id["experiment-ratings-daily"].iter(f"{SVG}circle"))
    assert len(dots) == 28
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "28 of 28 days rated" in desc and "period 2 (none): mean 6.0" in desc
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "'massage' days" in texts and "'none' days" in texts


def test_ratings_chart_without_periods_says_so() -> None:
    svg = ratings_svg(ratings=[], periods=[], arms=["a", "b"], outcome="sleep quality")
    assert "No ratings yet" in svg and "No sleep quality ratings" in svg


def test_banded_bars_split_each_row_by_probability() -> None:
    rows = [("massage vs none", [("worse", 0.1), ("no change", 0.3), ("noticeable", 0.4),
                                 ("clear", 0.2)])]  # fmt: skip
    root = ET.fromstring(banded_bar_svg(rows, title="How likely").encode())
    widths = [float(el.get("width", 0)) for el in root.iter(f"{SVG}rect")
              if (el.get("id") or "").startswith("experiment-band-0-")]  # fmt: skip
    assert len(widths) == 4
    assert [round(w / sum(widths), 3) for w in widths] == [0.1, 0.3, 0.4, 0.2]
