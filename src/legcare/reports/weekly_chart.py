"""The weekly scores (our own restless-legs and heel-pain items) as one SVG line chart.

Drawn directly as SVG like the other charts (``legcare.reports.svg``): one line per score over
the weeks of the period (0-100, lower is better), a dot on every answered week, a gap where a
week was not answered. Every label is at the larger font size, so that it stays at 12 px or
more when a 360 px phone shows the chart inside a page's padding. Accessible (``role="img"``,
``<title>``, a ``<desc>`` that gives every week's score in words) and deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from legcare.reports.svg import FONT, MUTED, WIDTH, Scale, Svg

COLOURS = ("#1f618d", "#b9770e")
DASHES = (None, "6 4")
LEGEND_ROW = 20.0
SCORE_MAX = 100


@dataclass(frozen=True, slots=True)
class WeeklyLine:
    """One weekly score's answered weeks: (Monday, score 0-100), oldest first."""

    name: str  # "rls_weekly" | "heel_weekly": used in element ids
    title: str
    weeks: tuple[tuple[date, int], ...]


def _describe(lines: Sequence[WeeklyLine]) -> str:
    parts = []
    for line in lines:
        if line.weeks:
            shown = ", ".join(f"week of {d.isoformat()}: {s}" for d, s in line.weeks)
            parts.append(f"{line.title} (0-100, lower is better): {shown}")
        else:
            parts.append(f"{line.title}: no weeks answered")
    return "; ".join(parts) + "."


def weekly_scores_svg(
    lines: Sequence[WeeklyLine], *, first: date, last: date, inline: bool = False
) -> str:
    """The chart of ``lines`` over the Mondays from ``first`` to ``last`` (both Mondays)."""
    title = "Weekly scores (legcare's own items, 0-100, lower is better)"
    desc = _describe(lines)
    shown = [line for line in lines if line.weeks]
    if not shown or last < first:
        svg = Svg("weekly-scores", 80, title=title, desc=desc)
        svg.text(WIDTH / 2, 45, "No weekly scores yet", anchor="middle")
        return svg.render(inline=inline)
    weeks = (last - first).days // 7
    top, bottom, left, right = 12.0, 120.0, 40.0, WIDTH - 12.0
    height = bottom + 34 + LEGEND_ROW
    svg = Svg("weekly-scores", height, title=title, desc=desc)
    x = Scale(0, max(weeks, 1), left, right) if weeks else Scale(-1, 1, left, right)
    y = Scale(0, SCORE_MAX, bottom, top)
    for tick in range(0, SCORE_MAX + 1, 25):
        svg.line(left, y(tick), right, y(tick), stroke="#e5e8e8")
        svg.text(left - 6, y(tick) + 5, str(tick), size=FONT, anchor="end", fill=MUTED)
    for i, line in enumerate(shown):
        scores = dict(line.weeks)
        points: list[tuple[float, float] | None] = []
        for n in range(weeks + 1):
            monday = first + timedelta(weeks=n)
            score = scores.get(monday)
            points.append(None if score is None else (x(n), y(score)))
        colour = COLOURS[i % len(COLOURS)]
        svg.path(points, stroke=colour, width=2.5, dash=DASHES[i % len(DASHES)],
                 id_=f"weekly-{line.name}-line")  # fmt: skip
        svg.dots([p for p in points if p is not None], fill=colour, r=3.5, opacity=1.0,
                 id_=f"weekly-{line.name}-dots")  # fmt: skip
    svg.line(left, bottom, right, bottom, stroke=MUTED)
    svg.text(left, bottom + 18, f"week of {first.isoformat()}", size=FONT, fill=MUTED)
    if weeks:
        svg.text(right, bottom + 18, last.isoformat(), size=FONT, anchor="end", fill=MUTED)
    row = bottom + 34 + 10
    column = (right - left) / max(len(shown), 1)
    for i, line in enumerate(shown):  # the legend on one row: a short name per line
        colour = COLOURS[i % len(COLOURS)]
        x0 = left + i * column
        svg.line(x0, row - 5, x0 + 22, row - 5, stroke=colour, width=2.5,
                 dash=DASHES[i % len(DASHES)])  # fmt: skip
        svg.text(x0 + 28, row, line.title.split(",")[0], size=FONT)
    return svg.render(inline=inline)


__all__ = ["WeeklyLine", "weekly_scores_svg"]
