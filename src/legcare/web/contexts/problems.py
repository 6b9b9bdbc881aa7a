"""Problems shown on a page: the field's label in place of its internal name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

PROFILE_LABELS = {
    "tools": "Tools",
    "minutes_per_day": "Minutes a day",
    "bedtime": "Bedtime",
    "days": "Days",
    "pressure": "Pressure",
    "side": "Which leg",
}


def labelled(details: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """Each "name: problem" as "Label: problem" (the page shows labels, never field names)."""
    shown = []
    for detail in details:
        name, sep, rest = detail.partition(": ")
        label = labels.get(name.strip())
        shown.append(f"{label}: {rest}" if sep and label else detail)
    return shown
