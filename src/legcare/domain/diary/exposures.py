"""Exposures and practices recorded in the evening check-in, as yes/no per day.

Insights compare nights with and without each of these. ``None`` means "not recorded that day"
and such days count on neither side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Exposure:
    """Something done or taken on a day, compared in insights."""

    name: str
    label: str  # reads after "nights with ..." / "days with ..."
    practice: bool = False  # something from the plan (massage, shoes) rather than a trigger


EXPOSURES: tuple[Exposure, ...] = (
    Exposure("caffeine", "caffeine"),
    Exposure("caffeine_after_midday", "caffeine after midday"),
    Exposure("alcohol", "alcohol"),
    Exposure("nicotine", "nicotine"),
    Exposure("long_sitting", "long sitting or travel"),
    Exposure("exercise", "exercise", practice=True),
    Exposure("iron_supplement", "an iron supplement"),
    Exposure("supportive_shoes", "supportive shoes or orthotics", practice=True),
    Exposure("massage_done", "an evening massage", practice=True),
)


def exposure_value(name: str, values: Mapping[str, Any]) -> bool | None:
    """Whether the exposure ``name`` happened on the day of these evening ``values``."""
    if name == "exercise":
        minutes, kind = values.get("exercise_minutes"), values.get("exercise_kind")
        if (minutes or 0) > 0 or kind not in (None, "none"):
            return True
        if minutes == 0 or kind == "none":
            return False
        return None
    value = values.get(name)
    return value if isinstance(value, bool) else None
