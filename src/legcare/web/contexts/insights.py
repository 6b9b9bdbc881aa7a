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


def build_insights_context(
    ctx: AppContext, *, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Trends, adherence, ranked associations (with their uncertainty, and how many were
    compared) and the SVG charts."""
    from legcare.services.views import insights

    default_start, default_end = insights.default_range(ctx.today())
    the_end = end or default_end
    the_start = start or (default_start if end is None else the_end - (default_end - default_start))
    view = insights.insights_view(ctx=ctx, start=the_start, end=the_end)
    names = ["symptoms", "exposures"] + (["adherence"] if view.adherence else [])
    charts = (
        insights.render_insight_charts(view.to_json(), names=names, inline=True)
        if view.has_data
        else {}
    )
    shown = [a for a in view.associations if a.enough]
    return {
        "title": "Insights",
        "data": view,
        "has_data": view.has_data,
        "start": the_start.isoformat(),
        "end": the_end.isoformat(),
        "charts": {name: _captioned(name, svg) for name, svg in charts.items()},
        "trends": [t for t in view.trends if t.recorded],
        "unrecorded": [t.label for t in view.trends if not t.recorded],
        "shown": shown,
        "tested": view.tested_summary,
        "merged": [{"name": g.name, "members": list(g.members)} for g in view.merged],
        "waiting": sorted(
            {a.exposure_label for a in view.associations if not a.enough}
            - {a.exposure_label for a in shown}
        ),
    }
