"""SVG charts of the insights, written directly as SVG text (no drawing library at run time).

Each chart reads the insights dict (``legcare.services.views.insights.insights``) and returns
SVG text:

    symptoms    7-day averages of the symptom ratings, daily values, session days marked
    adherence   planned against done sessions, week by week
    exposures   nights with minus nights without each exposure, with its 95% interval

The SVG is accessible (``role="img"``, a ``<title>`` and a ``<desc>`` that says in words what the
chart shows), deterministic, and readable on a phone (``legcare.reports.svg``: a 400-unit canvas,
text at 14 units or more). Every drawn series has an id (``<chart>-series-<name>``) so tests and
pages can find it. ``chart_caption`` gives the line shown under a chart: how to read it and what
it adds, not a repeat of the title. Use ``render_chart(name, data, inline=True)`` to embed the SVG
in HTML (no XML prolog).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from legcare.reports.svg import FONT, MUTED, SMALL_FONT, WIDTH, Scale, Svg, finite

CHART_NAMES = ("symptoms", "adherence", "exposures")
SYMPTOM_LINES = (
    ("rls", "Restless legs", "#b03a2e", None),
    ("leg_pain", "Leg pain", "#7d3c98", None),
    ("first_step_heel_pain", "First-step heel pain", "#1f618d", None),
    ("calf_hamstring_pain", "Calf/hamstring pain", "#117a65", None),
    ("sleep_quality", "Sleep quality (higher is better)", "#7f8c8d", "6 4"),
)
DAILY_POINTS_MAX_DAYS = 120
ADHERENCE_MAX_WEEKS = 52
MAX_LINE_POINTS = 360  # about one point per unit of width: ten years draw as fast as a month
_DIRECTION_COLOURS = {"worse": "#b03a2e", "better": "#117a65", "unclear": "#7f8c8d"}
LEFT, RIGHT = 34.0, WIDTH - 8.0
LEGEND_ROW = 20.0
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_label(day: date, with_year: bool) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _date_ticks(svg: Svg, days: list[date], x: Scale, y: float) -> None:
    """Three or four date labels under the axis: first, last and evenly between."""
    if not days:
        return
    with_year = days[0].year != days[-1].year
    count = 3 if with_year else 4
    picks = sorted({round(i * (len(days) - 1) / (count - 1)) for i in range(count)})
    for n, i in enumerate(picks):
        anchor = "start" if n == 0 else "end" if n == len(picks) - 1 else "middle"
        svg.line(x(i), y - 4, x(i), y, stroke=MUTED)
        svg.text(x(i), y + 16, _day_label(days[i], with_year), size=SMALL_FONT, anchor=anchor,
                 fill=MUTED)  # fmt: skip


def _thin(n: int) -> int:
    return max(1, -(-n // MAX_LINE_POINTS))


def _line_points(
    values: list[float | None], x: Scale, y: Scale
) -> list[tuple[float, float] | None]:
    """The line's points, thinned to about one per unit of width (gaps kept as None)."""
    step = _thin(len(values))
    out: list[tuple[float, float] | None] = []
    for i in range(0, len(values), step):
        v = values[i]
        out.append((x(i), y(v)) if finite(v) else None)  # type: ignore[arg-type]
    return out


def symptoms_chart(data: dict[str, Any], *, inline: bool = False) -> str:
    """Seven-day averages (lines) and daily ratings (dots) with session days marked below."""
    series = data["series"]
    days = [date.fromisoformat(d) for d in series["days"]]
    shown = [
        line for line in SYMPTOM_LINES if any(v is not None for v in series.get(line[0]) or [])
    ]
    sessions = [date.fromisoformat(d) for d in series["session_days"]]
    title = f"Symptoms from {data['from']} to {data['to']}"
    desc = _symptoms_desc(data, [m for m, *_ in shown], sessions)
    top, bottom = 12.0, 212.0
    legend = len(shown) + (1 if sessions else 0)
    svg = Svg("symptoms", bottom + 30 + LEGEND_ROW * legend + 6, title=title, desc=desc)
    if not shown and not sessions:
        svg.height = 120
        svg.text(WIDTH / 2, 60, "No check-ins in this period", anchor="middle")
        return svg.render(inline=inline)
    x = Scale(0, max(len(days) - 1, 1), LEFT, RIGHT)
    y = Scale(-1.2, 10.5, bottom, top)
    for tick in range(0, 11, 2):
        svg.line(LEFT, y(tick), RIGHT, y(tick), stroke="#e5e8e8")
        svg.text(LEFT - 6, y(tick) + 5, str(tick), size=SMALL_FONT, anchor="end", fill=MUTED)
    svg.line(LEFT, bottom, RIGHT, bottom, stroke=MUTED)
    _date_ticks(svg, days, x, bottom)
    daily = len(days) <= DAILY_POINTS_MAX_DAYS
    index = {d: i for i, d in enumerate(days)}
    for metric, _label, colour, dash in shown:
        svg.path(_line_points(series[f"{metric}_mean_7d"], x, y), stroke=colour, dash=dash,
                 id_=f"symptoms-series-{metric}")  # fmt: skip
        if daily:
            points = [(x(i), y(v)) for i, v in enumerate(series[metric]) if v is not None]
            svg.dots(points, fill=colour, id_=f"symptoms-daily-{metric}")
    if sessions:
        xs = [x(index[d]) for d in sessions if d in index]
        svg.triangles(xs, y(-0.6), fill="#2e4053", id_="symptoms-series-sessions")
    row = bottom + 30 + 14
    for _metric, label, colour, dash in shown:
        svg.line(LEFT, row - 5, LEFT + 22, row - 5, stroke=colour, width=2.5, dash=dash)
        svg.text(LEFT + 30, row, label + " (7-day average)")
        row += LEGEND_ROW
    if sessions:
        svg.triangles([LEFT + 11], row - 5, fill="#2e4053")
        svg.text(LEFT + 30, row, "Session")
    return svg.render(inline=inline)


def _symptoms_desc(data: dict[str, Any], shown: list[str], sessions: list[date]) -> str:
    if not shown:
        return f"No symptom ratings recorded from {data['from']} to {data['to']}."
    trends = {t["metric"]: t for t in data["trends"]}
    parts = []
    for metric in shown:
        week = trends[metric]["last_7_days"]
        latest = "no ratings" if week["mean"] is None else f"{week['mean']:.1f}"
        parts.append(f"{trends[metric]['label']}: last 7-day average {latest}")
    return (
        f"Seven-day averages from {data['from']} to {data['to']}. "
        + "; ".join(parts)
        + f". Session days marked: {len(sessions)}."
    )


CHAR_EM = 0.62  # a generous average character width of DejaVu Sans, in ems
LABEL_GAP = 8.0


def week_ticks(weeks: list[dict[str, Any]], slot: float) -> list[tuple[float, str, str]]:
    """The labels under the weekly bars that fit without touching: the first week ("week of 16
    Nov", from its bar's middle rightwards), the last (ending at its bar's middle) and the middle
    one, each only where it leaves the others room. (x, text, anchor) each, left to right."""
    n = len(weeks)
    placed: list[tuple[float, float, float, str, str]] = []  # (from, to, x, text, anchor)
    for i in dict.fromkeys((0, n - 1, n // 2)):
        day = _day_label(date.fromisoformat(weeks[i]["week_start"]), False)
        text = "week of " + day if i == 0 else day
        width = len(text) * CHAR_EM * SMALL_FONT
        x = LEFT + (i + 0.5) * slot
        anchor = "start" if i == 0 else "end" if i == n - 1 else "middle"
        low = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        if all(low + width + LABEL_GAP <= a or b + LABEL_GAP <= low for a, b, *_ in placed):
            placed.append((low, low + width, x, text, anchor))
    return [(x, text, anchor) for _, _, x, text, anchor in sorted(placed)]


def adherence_chart(data: dict[str, Any], *, inline: bool = False) -> str:
    """Planned (outline) against done (filled) sessions per week."""
    adherence = data.get("adherence")
    title = f"Sessions planned and done, {data['from']} to {data['to']}"
    if not adherence or not adherence["weeks"]:
        desc = "There is no plan for this period, so adherence is not shown."
        svg = Svg("adherence", 100, title=title, desc=desc)
        svg.text(WIDTH / 2, 50, "No plan to compare with yet", anchor="middle")
        return svg.render(inline=inline)
    weeks = adherence["weeks"][-ADHERENCE_MAX_WEEKS:]
    desc = f"Weekly sessions, planned against done. {adherence['summary']}"
    top, bottom = 12.0, 150.0
    svg = Svg("adherence", bottom + 34 + LEGEND_ROW * 2, title=title, desc=desc)
    most = max(max(w["planned"], w["done"]) for w in weeks) or 1
    y = Scale(0, most, bottom, top)
    slot = (RIGHT - LEFT) / len(weeks)
    for tick in sorted({0, most // 2, most}):
        svg.line(LEFT, y(tick), RIGHT, y(tick), stroke="#e5e8e8")
        svg.text(LEFT - 6, y(tick) + 5, str(tick), size=SMALL_FONT, anchor="end", fill=MUTED)
    for i, w in enumerate(weeks):
        left = LEFT + i * slot
        svg.rect(left + slot * 0.1, y(w["planned"]), slot * 0.8, bottom - y(w["planned"]),
                 stroke="#2e4053", id_=f"adherence-series-planned-{i}")  # fmt: skip
        svg.rect(left + slot * 0.25, y(w["done"]), slot * 0.5, bottom - y(w["done"]),
                 fill="#1f618d", id_=f"adherence-series-done-{i}")  # fmt: skip
    svg.line(LEFT, bottom, RIGHT, bottom, stroke=MUTED)
    for x, text, anchor in week_ticks(weeks, slot):
        svg.text(x, bottom + 18, text, size=SMALL_FONT, anchor=anchor, fill=MUTED)
    row = bottom + 34 + 14
    svg.rect(LEFT, row - 12, 22, 13, stroke="#2e4053")
    svg.text(LEFT + 30, row, "Planned")
    svg.rect(LEFT, row + LEGEND_ROW - 12, 22, 13, fill="#1f618d")
    svg.text(LEFT + 30, row + LEGEND_ROW, "Done")
    return svg.render(inline=inline)


def exposures_chart(data: dict[str, Any], *, outcome: str = "rls", inline: bool = False) -> str:
    """Difference (with minus without) and its interval for each exposure with enough days."""
    rows = [a for a in data["associations"] if a["outcome"] == outcome]
    ready = [a for a in rows if a["enough"]]
    waiting = [a["exposure_label"] for a in rows if not a["enough"]]
    label = rows[0]["outcome_label"] if rows else outcome
    title = f"Nights with and without each exposure: {label}"
    desc = " ".join(a["summary"] for a in ready) or "No comparison has enough days yet."
    if waiting:
        desc += " Not enough days yet for: " + ", ".join(waiting) + "."
    if not ready:
        svg = Svg("exposures", 100, title=title, desc=desc)
        svg.text(WIDTH / 2, 45, "Not enough days yet", anchor="middle")
        svg.text(WIDTH / 2, 68, "(5 with and 5 without each)", anchor="middle", fill=MUTED)
        return svg.render(inline=inline)
    row_height = 46.0
    top = 10.0
    bottom = top + row_height * len(ready)
    svg = Svg("exposures", bottom + 62, title=title, desc=desc)
    reach = max(max(abs(a["interval"][0]), abs(a["interval"][1])) for a in ready)
    reach = max(1.0, float(int(reach + 0.999)))
    x = Scale(-reach, reach, 12, WIDTH - 12)
    svg.line(x(0), top, x(0), bottom, stroke=MUTED)
    for i, item in enumerate(ready):
        base = top + i * row_height
        low, high = item["interval"]
        colour = _DIRECTION_COLOURS.get(item["direction"], "#7f8c8d")
        svg.text(12, base + 16, item["exposure_label"])
        y = base + 32
        svg.line(x(low), y, x(high), y, stroke=colour, width=2.5,
                 id_=f"exposures-series-{item['exposure']}")  # fmt: skip
        svg.line(x(low), y - 5, x(low), y + 5, stroke=colour, width=2)
        svg.line(x(high), y - 5, x(high), y + 5, stroke=colour, width=2)
        svg.dots([(x(item["difference"]), y)], fill=colour, r=5, opacity=1.0)
    svg.line(12, bottom, WIDTH - 12, bottom, stroke=MUTED)
    for value, anchor in ((-reach, "start"), (0.0, "middle"), (reach, "end")):
        svg.text(x(value), bottom + 18, f"{value:+g}" if value else "0", size=SMALL_FONT,
                 anchor=anchor, fill=MUTED)  # fmt: skip
    svg.text(12, bottom + 40, f"{label}: with minus without", size=FONT, fill=MUTED)
    svg.text(12, bottom + 58, "(line: 95% interval)", size=SMALL_FONT, fill=MUTED)
    return svg.render(inline=inline)


CHARTS: dict[str, Callable[..., str]] = {
    "symptoms": symptoms_chart,
    "adherence": adherence_chart,
    "exposures": exposures_chart,
}

CAPTIONS = {
    "symptoms": "Lines smooth each rating over 7 days, so one bad night does not hide the "
    "direction; dots are the nightly ratings, triangles the days with a massage session.",
    "adherence": "Each outline is a week's planned sessions and the bar inside it the sessions "
    "done; a bar above its outline means sessions on top of the plan.",
    "exposures": "A dot left of the middle line means lower ratings on nights with that "
    "exposure; a line crossing the middle means the diary cannot tell yet. These are "
    "associations, not causes.",
}


def chart_caption(name: str) -> str:
    """How to read chart ``name``: what it adds to its title (shown under the chart)."""
    return CAPTIONS[name]


_DRAWN: OrderedDict[tuple[str, bool, str], str] = OrderedDict()
_DRAWN_SIZE = 64
_DRAWN_LOCK = threading.Lock()


def render_chart(name: str, data: dict[str, Any], *, inline: bool = False) -> str:
    """The chart ``name`` (one of ``CHART_NAMES``) for the insights dict ``data``.

    A chart is a pure function of ``data``: the SVG is remembered by the data's JSON text, so a
    page asked again without a new check-in is not drawn again (any change is another key)."""
    try:
        chart = CHARTS[name]
    except KeyError:
        raise KeyError(f"no chart named {name!r}; charts: {', '.join(CHART_NAMES)}") from None
    key = (name, inline, json.dumps(data, sort_keys=True, default=str))
    with _DRAWN_LOCK:
        found = _DRAWN.get(key)
        if found is not None:
            _DRAWN.move_to_end(key)
            return found
    svg = chart(data, inline=inline)
    with _DRAWN_LOCK:
        _DRAWN[key] = svg
        if len(_DRAWN) > _DRAWN_SIZE:
            _DRAWN.popitem(last=False)
    return svg
