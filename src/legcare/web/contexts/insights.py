"""Insights: trends, adherence, associations and the SVG charts as images."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legcare.services.context import AppContext


_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)
_SIZE = re.compile(r'<svg [^>]*?width="([\d.]+)" height="([\d.]+)"')


def svg_image(svg: str) -> dict[str, str]:
    """An SVG chart as an ``<img>`` data URI with its title and description as text.

    As an image the chart's own styles apply without loosening the page's Content Security
    Policy, and the page keeps working offline once loaded.
    """
    import base64
    import html

    desc = _DESC.search(svg)
    title = _TITLE.search(svg)
    size = _SIZE.search(svg)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
        "title": html.unescape(title.group(1).strip()) if title else "Chart",
        "alt": html.unescape(desc.group(1).strip()) if desc else "",
        "width": size.group(1) if size else "400",
        "height": size.group(2) if size else "300",
    }


@lru_cache(maxsize=32)
def _captioned_image(name: str, svg: str) -> tuple[tuple[str, str], ...]:
    from legcare.reports.charts import chart_caption

    return tuple({**svg_image(svg), "caption": chart_caption(name)}.items())


def _captioned(name: str, svg: str) -> dict[str, str]:
    """The chart as an image with its caption (remembered by its SVG text)."""
    return dict(_captioned_image(name, svg))


def _recorded(trend: dict[str, Any]) -> bool:
    windows = ("last_7_days", "last_4_weeks", "previous_4_weeks")
    return any((trend.get(w) or {}).get("n") for w in windows)


def build_insights_context(
    ctx: AppContext, *, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Trends, adherence, associations (with their uncertainty) and the SVG charts."""
    from legcare.services.views import insights

    default_start, default_end = insights.default_range(ctx.today())
    the_end = end or default_end
    the_start = start or (default_start if end is None else the_end - (default_end - default_start))
    data = insights.insights(ctx=ctx, start=the_start, end=the_end)
    has_data = bool(data["checkins"]["evening"] or data["checkins"]["morning"])
    names = ["symptoms", "exposures"] + (["adherence"] if data["adherence"] else [])
    charts = insights.render_insight_charts(data, names=names, inline=True) if has_data else {}
    return {
        "title": "Insights",
        "data": data,
        "has_data": has_data,
        "start": the_start.isoformat(),
        "end": the_end.isoformat(),
        "charts": {name: _captioned(name, svg) for name, svg in charts.items()},
        "trends": [t for t in data["trends"] if _recorded(t)],
        "unrecorded": [t["label"] for t in data["trends"] if not _recorded(t)],
        "shown": [a for a in data["associations"] if a["enough"]],
        "waiting": [a for a in data["associations"] if not a["enough"]],
    }
