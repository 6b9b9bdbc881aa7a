"""A small SVG writer for the charts: text in, text out, no drawing library.

Charts are drawn for a phone first: the canvas is ``WIDTH`` units wide and every text is at least
``MIN_FONT`` units, so on a 390 px phone (about 358 px of content width) text stays at 12 px or
more; on wider screens the chart scales up. Output is deterministic (numbers rounded to one
decimal, no dates, no random ids) and accessible: ``role="img"``, a ``<title>`` and a ``<desc>``
that says in words what the chart shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache
from xml.sax.saxutils import escape, quoteattr

WIDTH = 400
MIN_FONT = 14
SMALL_FONT = 14
FONT = 15
INK = "#1c2833"
MUTED = "#566573"
PROLOG = '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'


def num(value: float) -> str:
    """A coordinate with at most one decimal (deterministic, compact)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@cache
def _name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


def _attrs(**attrs: object) -> str:
    out = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):  # numbers need no quoting: the hot path of every chart
            out.append(f' {_name(key)}="{num(value)}"')
        else:
            out.append(f" {_name(key)}={quoteattr(str(value))}")
    return "".join(out)


class Svg:
    """An SVG document being written, element by element."""

    def __init__(self, name: str, height: float, *, title: str, desc: str) -> None:
        self.name = name
        self.height = height
        self.title = title
        self.desc = desc
        self.parts: list[str] = []

    def text(  # noqa: PLR0913
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: int = FONT,
        anchor: str = "start",
        fill: str = INK,
        bold: bool = False,
        id_: str | None = None,
    ) -> None:
        size = max(size, MIN_FONT)
        self.parts.append(
            f"<text{_attrs(id=id_, x=float(x), y=float(y), font_size=size, text_anchor=anchor, fill=fill, font_weight='bold' if bold else None)}>"  # noqa: E501
            f"{escape(content)}</text>"
        )

    def line(  # noqa: PLR0913
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = MUTED,
        width: float = 1.0,
        dash: str | None = None,
        id_: str | None = None,
    ) -> None:
        self.parts.append(
            f"<line{_attrs(id=id_, x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), stroke=stroke, stroke_width=float(width), stroke_dasharray=dash)}/>"  # noqa: E501
        )

    def rect(  # noqa: PLR0913
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str = "none",
        stroke: str | None = None,
        opacity: float | None = None,
        id_: str | None = None,
    ) -> None:
        self.parts.append(
            f"<rect{_attrs(id=id_, x=float(x), y=float(y), width=float(max(w, 0.0)), height=float(max(h, 0.0)), fill=fill, stroke=stroke, fill_opacity=opacity)}/>"  # noqa: E501
        )

    def path(
        self,
        points: Sequence[tuple[float, float] | None],
        *,
        stroke: str,
        width: float = 2.0,
        dash: str | None = None,
        id_: str | None = None,
    ) -> None:
        """A line through ``points``; ``None`` breaks it (a gap in the data)."""
        d: list[str] = []
        pen_up = True
        for point in points:
            if point is None:
                pen_up = True
                continue
            d.append(f"{'M' if pen_up else 'L'}{num(point[0])} {num(point[1])}")
            pen_up = False
        self.parts.append(
            f"<path{_attrs(id=id_, d=''.join(d) or 'M0 0', fill='none', stroke=stroke, stroke_width=width, stroke_dasharray=dash, stroke_linejoin='round')}/>"  # noqa: E501
        )

    def dots(
        self,
        points: Iterable[tuple[float, float]],
        *,
        fill: str,
        r: float = 2.5,
        opacity: float = 0.45,
        id_: str | None = None,
    ) -> None:
        circles = "".join(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>' for x, y in points)
        self.parts.append(f"<g{_attrs(id=id_, fill=fill, fill_opacity=opacity)}>{circles}</g>")

    def triangles(
        self, xs: Iterable[float], y: float, *, fill: str, id_: str | None = None
    ) -> None:
        shapes = "".join(
            f'<path d="M{num(x)} {num(y - 5)}L{num(x + 4)} {num(y + 3)}'
            f'L{num(x - 4)} {num(y + 3)}Z"/>'
            for x in xs
        )
        self.parts.append(f"<g{_attrs(id=id_, fill=fill)}>{shapes}</g>")

    def render(self, *, inline: bool = False) -> str:
        n = self.name
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{n}-title {n}-desc" width="{WIDTH}" height="{num(self.height)}" '
            f'viewBox="0 0 {WIDTH} {num(self.height)}" '
            f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
            f'\n <title id="{n}-title">{escape(self.title)}</title>'
            f'\n <desc id="{n}-desc">{escape(self.desc)}</desc>\n'
        )
        body = "\n".join(self.parts)
        text = f"{head}{body}\n</svg>\n"
        return text if inline else PROLOG + text


class Scale:
    """A linear map from data values to canvas units."""

    def __init__(self, lo: float, hi: float, out_lo: float, out_hi: float) -> None:
        self.lo, self.hi = lo, (hi if hi != lo else lo + 1.0)
        self.out_lo, self.out_hi = out_lo, out_hi

    def __call__(self, value: float) -> float:
        share = (value - self.lo) / (self.hi - self.lo)
        return self.out_lo + share * (self.out_hi - self.out_lo)


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
