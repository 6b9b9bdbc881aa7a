"""SVG charts of the insights, rendered on the server with matplotlib (Agg, no pyplot state).

Each chart reads the insights dict (``legcare.services.insights.insights``) and returns SVG text:

    symptoms    7-day averages of the symptom ratings, daily values, session days marked
    adherence   planned against done sessions, week by week
    exposures   nights with minus nights without each exposure, with its 95% interval

The SVG is accessible (``role="img"``, a ``<title>`` and a ``<desc>`` that says in words what the
chart shows) and deterministic: a fixed hash salt, no date in the metadata, text kept as text.
Every drawn series has an id (``<chart>-series-<name>``) so tests and pages can find it.
Use ``render_chart(name, data, inline=True)`` to embed the SVG in HTML (no XML prolog).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CHART_NAMES = ("symptoms", "adherence", "exposures")
SYMPTOM_LINES = (
    ("rls", "Restless legs", "#b03a2e", "-"),
    ("leg_pain", "Leg pain", "#7d3c98", "-"),
    ("first_step_heel_pain", "First-step heel pain", "#1f618d", "-"),
    ("calf_hamstring_pain", "Calf/hamstring pain", "#117a65", "-"),
    ("sleep_quality", "Sleep quality (higher is better)", "#7f8c8d", "--"),
)
DAILY_POINTS_MAX_DAYS = 120
ADHERENCE_MAX_WEEKS = 52
_DIRECTION_COLOURS = {"worse": "#b03a2e", "better": "#117a65", "unclear": "#7f8c8d"}
_RC: Any = {  # rcParams for every chart (typed loosely: matplotlib types keys as literals)
    "svg.hashsalt": "legcare",
    "svg.fonttype": "none",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _svg(fig: Figure, name: str, title: str, desc: str, *, inline: bool) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "legcare"})
    text = buffer.getvalue()
    text = re.sub(
        r"<svg ",
        f'<svg role="img" aria-labelledby="{name}-title {name}-desc" ',
        text,
        count=1,
    )
    head_end = text.index(">", text.index("<svg ")) + 1
    label = (
        f'\n <title id="{name}-title">{escape(title)}</title>'
        f'\n <desc id="{name}-desc">{escape(desc)}</desc>'
    )
    text = text[:head_end] + label + text[head_end:]
    if inline:
        text = text[text.index("<svg ") :]
    return text


def _days(data: dict[str, Any]) -> Any:
    """The series' days as dates (typed Any: matplotlib's stubs do not list dates as x)."""
    return [date.fromisoformat(d) for d in data["series"]["days"]]


def _date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    )


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _plot_symptom_series(ax: Axes, data: dict[str, Any], days: Any) -> list[str]:
    series = data["series"]
    shown = []
    daily = len(days) <= DAILY_POINTS_MAX_DAYS
    for metric, label, colour, style in SYMPTOM_LINES:
        values = series.get(metric) or []
        if not any(v is not None for v in values):
            continue
        shown.append(metric)
        means = [float("nan") if v is None else v for v in series[f"{metric}_mean_7d"]]
        (line,) = ax.plot(days, means, style, color=colour, linewidth=1.8, label=label)
        line.set_gid(f"symptoms-series-{metric}")
        if daily:
            points = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
            xs: Any = [p[0] for p in points]
            dots = ax.scatter(xs, [p[1] for p in points], s=8, color=colour, alpha=0.35)
            dots.set_gid(f"symptoms-daily-{metric}")
    return shown


def symptoms_chart(data: dict[str, Any], *, inline: bool = False) -> str:
    """Seven-day averages (lines) and daily ratings (dots) with session days marked below."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(7.5, 3.2)
        ax = fig.add_subplot()
        days = _days(data)
        shown = _plot_symptom_series(ax, data, days)
        sessions: Any = [date.fromisoformat(d) for d in data["series"]["session_days"]]
        if sessions:
            marks = ax.scatter(
                sessions, [-0.6] * len(sessions), marker="^", s=22, color="#2e4053", label="Session"
            )
            marks.set_gid("symptoms-series-sessions")
        if not shown and not sessions:
            _empty(ax, "No check-ins in this period")
        else:
            ax.set_ylim(-1.2, 10.5)
            ax.set_yticks(range(0, 11, 2))
            ax.set_ylabel("rating 0-10")
            _date_axis(ax)
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        fig.tight_layout()
        title = f"Symptoms from {data['from']} to {data['to']}"
        return _svg(fig, "symptoms", title, _symptoms_desc(data, shown, sessions), inline=inline)


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


def adherence_chart(data: dict[str, Any], *, inline: bool = False) -> str:
    """Planned (outline) against done (filled) sessions per week."""
    import matplotlib

    adherence = data.get("adherence")
    with matplotlib.rc_context(_RC):
        fig = _figure(7.5, 2.8)
        ax = fig.add_subplot()
        if not adherence or not adherence["weeks"]:
            _empty(ax, "No plan to compare with yet")
            desc = "There is no plan for this period, so adherence is not shown."
        else:
            weeks = adherence["weeks"][-ADHERENCE_MAX_WEEKS:]
            xs = list(range(len(weeks)))
            planned = ax.bar(
                xs, [w["planned"] for w in weeks], width=0.8, fill=False, edgecolor="#2e4053"
            )
            done = ax.bar(xs, [w["done"] for w in weeks], width=0.5, color="#1f618d")
            planned.set_label("Planned")
            done.set_label("Done")
            for i, rect in enumerate(planned.patches):
                rect.set_gid(f"adherence-series-planned-{i}")
            for i, rect in enumerate(done.patches):
                rect.set_gid(f"adherence-series-done-{i}")
            step = max(1, len(weeks) // 8)
            ax.set_xticks(xs[::step], [w["week_start"][5:] for w in weeks][::step])
            ax.set_xlabel("week starting (month-day)")
            ax.set_ylabel("sessions")
            ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            desc = f"Weekly sessions, planned against done. {adherence['summary']}"
        fig.tight_layout()
        title = f"Sessions planned and done, {data['from']} to {data['to']}"
        return _svg(fig, "adherence", title, desc, inline=inline)


def exposures_chart(data: dict[str, Any], *, outcome: str = "rls", inline: bool = False) -> str:
    """Difference (with minus without) and its interval for each exposure with enough days."""
    import matplotlib

    rows = [a for a in data["associations"] if a["outcome"] == outcome]
    ready = [a for a in rows if a["enough"]]
    waiting = [a["exposure_label"] for a in rows if not a["enough"]]
    label = rows[0]["outcome_label"] if rows else outcome
    with matplotlib.rc_context(_RC):
        fig = _figure(7.5, 0.9 + 0.38 * max(len(ready), 2))
        ax = fig.add_subplot()
        if not ready:
            _empty(ax, "Not enough days yet (5 with and 5 without each)")
        else:
            for y, item in enumerate(ready):
                low, high = item["interval"]
                diff = item["difference"]
                bar = ax.errorbar(
                    [diff],
                    [y],
                    xerr=[[diff - low], [high - diff]],
                    fmt="o",
                    color=_DIRECTION_COLOURS.get(item["direction"], "#7f8c8d"),
                    capsize=3,
                )
                bar.lines[0].set_gid(f"exposures-series-{item['exposure']}")
            ax.axvline(0, color="#7f8c8d", linewidth=1)
            ax.set_yticks(range(len(ready)), [a["exposure_label"] for a in ready])
            ax.invert_yaxis()
            ax.set_xlabel(f"difference in {label}: nights with minus nights without (95% interval)")
        fig.tight_layout()
        title = f"Nights with and without each exposure: {label}"
        desc = " ".join(a["summary"] for a in ready) or "No comparison has enough days yet."
        if waiting:
            desc += " Not enough days yet for: " + ", ".join(waiting) + "."
        return _svg(fig, "exposures", title, desc, inline=inline)


CHARTS: dict[str, Callable[..., str]] = {
    "symptoms": symptoms_chart,
    "adherence": adherence_chart,
    "exposures": exposures_chart,
}


def render_chart(name: str, data: dict[str, Any], *, inline: bool = False) -> str:
    """The chart ``name`` (one of ``CHART_NAMES``) for the insights dict ``data``."""
    try:
        chart = CHARTS[name]
    except KeyError:
        raise KeyError(f"no chart named {name!r}; charts: {', '.join(CHART_NAMES)}") from None
    return chart(data, inline=inline)
