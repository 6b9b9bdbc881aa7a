"""An experiment's charts, written directly as SVG (no drawing library at run time).

``banded_bar_svg``: one horizontal bar per comparison ("evening massage vs none"), split into the
probability that the practice made things worse, made no meaningful change, helped noticeably,
or helped clearly (Trialist-style bands).

``ratings_svg``: the daily ratings over the experiment with each period shaded by its arm and the
period's mean drawn across it (the CENT per-period results), so the person sees the data behind
the probabilities.

Both are accessible (``role="img"``, ``<title>``, a ``<desc>`` that states the figures in words),
deterministic, and readable on a 390 px phone (``legcare.reports.svg``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from legcare.reports.svg import FONT, MUTED, SMALL_FONT, WIDTH, Scale, Svg

BAND_COLOURS = ("#b03a2e", "#aab7b8", "#76b39d", "#117a65")
ARM_COLOURS = ("#d6eaf8", "#fdebd0", "#d5f5e3", "#f5eef8", "#fcf3cf", "#e5e8e8")
ARM_INK = ("#1f618d", "#b9770e", "#117a65", "#7d3c98", "#9a7d0a", "#566573")
LEGEND_ROW = 20.0

Row = tuple[str, Sequence[tuple[str, float]]]


def _describe(rows: Sequence[Row]) -> str:
    if not rows:
        return "Not enough data yet to show how likely each size of change is."
    parts = []
    for name, bands in rows:
        parts.append(name + ": " + ", ".join(f"{label} {p:.0%}" for label, p in bands))
    return "; ".join(parts) + "."


def banded_bar_svg(rows: Sequence[Row], *, title: str, inline: bool = False) -> str:
    """SVG text of the banded bars; ``rows`` = [(name, [(band label, probability), ...]), ...].

    The bands of a row are drawn left to right in the order given (worse first).
    """
    if not rows:
        svg = Svg("experiment", 80, title=title, desc=_describe(rows))
        svg.text(WIDTH / 2, 45, "Not enough data yet", anchor="middle")
        return svg.render(inline=inline)
    row_height = 56.0
    labels = [label for label, _ in rows[0][1]]
    height = 8 + row_height * len(rows) + 10 + LEGEND_ROW * len(labels)
    svg = Svg("experiment", height, title=title, desc=_describe(rows))
    left, right = 8.0, WIDTH - 8.0
    for i, (name, bands) in enumerate(rows):
        top = 8 + i * row_height
        svg.text(left, top + 16, name, bold=True)
        x = left
        for j, (_label, p) in enumerate(bands):
            width = max(p, 0.0) * (right - left)
            svg.rect(x, top + 24, width, 26, fill=BAND_COLOURS[j % len(BAND_COLOURS)],
                     id_=f"experiment-band-{i}-{j}")  # fmt: skip
            if width >= 40:
                svg.text(x + width / 2, top + 42, f"{p:.0%}", size=SMALL_FONT, anchor="middle",
                         fill="#ffffff" if j in (0, 3) else "#1c2833")  # fmt: skip
            x += width
    row = 8 + row_height * len(rows) + 10 + 14
    for j, label in enumerate(labels):
        svg.rect(left, row - 12, 22, 14, fill=BAND_COLOURS[j % len(BAND_COLOURS)])
        svg.text(left + 30, row, label)
        row += LEGEND_ROW
    return svg.render(inline=inline)


def _ratings_desc(
    periods: Sequence[Mapping[str, Any]], outcome: str, rated: int, total: int
) -> str:
    if not periods:
        return f"No {outcome} ratings in the experiment yet."
    means = [
        f"period {p['period']} ({p['arm']}): "
        + ("no ratings" if p["mean"] is None else f"mean {p['mean']:.1f}")
        for p in periods
    ]
    return (
        f"Daily {outcome} ratings, {rated} of {total} days rated, each period shaded by what was "
        "done. " + "; ".join(means) + "."
    )


def ratings_svg(  # noqa: PLR0913
    *,
    ratings: Sequence[tuple[date, float]],
    periods: Sequence[Mapping[str, Any]],
    arms: Sequence[str],
    outcome: str,
    scale: tuple[float, float] = (0.0, 10.0),
    rated_of: tuple[int, int] | None = None,
    inline: bool = False,
) -> str:
    """Daily ratings (dots) over the experiment's periods (shaded by arm) with each period's
    mean (a line across it). ``periods`` are the results' periods (start, end, arm, mean);
    ``rated_of`` is (days rated, experiment days so far) as the results count them (default:
    the ratings against every day the periods span)."""
    title = f"Daily {outcome} ratings by period"
    first = date.fromisoformat(periods[0]["start"]) if periods else None
    last = date.fromisoformat(periods[-1]["end"]) if periods else None
    total = (last - first).days + 1 if first and last else 0
    rated, days = rated_of if rated_of is not None else (len(ratings), total)
    desc = _ratings_desc(periods, outcome, rated, days)
    if first is None or last is None:
        svg = Svg("experiment-ratings", 80, title=title, desc=desc)
        svg.text(WIDTH / 2, 45, "No ratings yet", anchor="middle")
        return svg.render(inline=inline)
    top, bottom, left, right = 12.0, 200.0, 34.0, WIDTH - 8.0
    svg = Svg("experiment-ratings", bottom + 34 + LEGEND_ROW * (len(arms) + 1), title=title,
              desc=desc)  # fmt: skip
    x = Scale(0, max(total, 1), left, right)
    y = Scale(scale[0], scale[1], bottom, top)
    colour = {arm: i % len(ARM_COLOURS) for i, arm in enumerate(arms)}
    for p in periods:
        start = (date.fromisoformat(p["start"]) - first).days
        end = (date.fromisoformat(p["end"]) - first).days + 1
        c = colour.get(p["arm"], len(ARM_COLOURS) - 1)
        svg.rect(x(start), top, x(end) - x(start), bottom - top, fill=ARM_COLOURS[c],
                 id_=f"experiment-period-{p['period']}")  # fmt: skip
        if p["mean"] is not None:
            svg.line(x(start), y(p["mean"]), x(end), y(p["mean"]), stroke=ARM_INK[c], width=3,
                     id_=f"experiment-period-mean-{p['period']}")  # fmt: skip
    for tick in range(int(scale[0]), int(scale[1]) + 1, 2):
        svg.text(left - 6, y(tick) + 5, str(tick), size=SMALL_FONT, anchor="end", fill=MUTED)
    points = [(x((d - first).days + 0.5), y(v)) for d, v in ratings if first <= d <= last]
    svg.dots(points, fill="#1c2833", r=3, opacity=0.8, id_="experiment-ratings-daily")
    svg.line(left, bottom, right, bottom, stroke=MUTED)
    svg.text(left, bottom + 18, f"day 1 ({first.isoformat()})", size=SMALL_FONT, fill=MUTED)
    svg.text(right, bottom + 18, f"day {total}", size=SMALL_FONT, anchor="end", fill=MUTED)
    row = bottom + 34 + 14
    for arm in arms:
        c = colour[arm]
        svg.rect(left, row - 12, 22, 14, fill=ARM_COLOURS[c], stroke=ARM_INK[c])
        svg.text(left + 30, row, f"'{arm}' days (line: period mean)", size=FONT)
        row += LEGEND_ROW
    svg.dots([(left + 11, row - 5)], fill="#1c2833", r=3, opacity=0.8)
    svg.text(left + 30, row, "a day's rating", size=FONT)
    return svg.render(inline=inline)
