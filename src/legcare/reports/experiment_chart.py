"""The banded bar of an experiment's result, as SVG (matplotlib Agg, imported lazily).

One horizontal bar per comparison ("evening massage vs none"), split into the probability that
the practice made things worse, made no meaningful change, helped noticeably, or helped clearly
(Trialist-style bands). The SVG is accessible (``role="img"``, ``<title>``, a ``<desc>`` that
states every probability in words) and deterministic (fixed ``svg.hashsalt``, no date).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

BAND_COLOURS = ("#b03a2e", "#aab7b8", "#76b39d", "#117a65")
_RC: Any = {"svg.hashsalt": "legcare", "svg.fonttype": "none", "font.size": 9}

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
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        height = 1.2 + 0.55 * max(len(rows), 1)
        fig = Figure(figsize=(7.0, height), dpi=100)
        ax = fig.add_subplot()
        ax.set_xlim(0, 100)
        ax.set_yticks([])
        ax.set_xlabel("probability (%)")
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if not rows:
            ax.text(50, 0.5, "Not enough data yet", ha="center", va="center")
            ax.set_ylim(0, 1)
        for i, (name, bands) in enumerate(rows):
            y = len(rows) - 1 - i
            left = 0.0
            for j, (label, p) in enumerate(bands):
                width = max(p, 0.0) * 100
                colour = BAND_COLOURS[j % len(BAND_COLOURS)]
                bar = ax.barh(y, width, left=left, color=colour, height=0.6,
                              label=label if i == 0 else None)  # fmt: skip
                bar.patches[0].set_gid(f"experiment-band-{i}-{j}")
                if width >= 7:
                    ax.text(left + width / 2, y, f"{p:.0%}", ha="center", va="center",
                            color="white" if j in (0, 3) else "black")  # fmt: skip
                left += width
            ax.text(0, y + 0.42, name, ha="left", va="bottom")
        if rows:
            ax.set_ylim(-0.6, len(rows) - 0.1)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=4, frameon=False)
        ax.set_title(title, loc="left")
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "legcare"})
    text = buffer.getvalue()
    head = text.index("<svg ")
    text = text[:head] + '<svg role="img" ' + text[head + len("<svg ") :]
    end = text.index(">", head) + 1
    label = f"\n <title>{escape(title)}</title>\n <desc>{escape(_describe(rows))}</desc>"
    text = text[:end] + label + text[end:]
    return text[text.index("<svg ") :] if inline else text
