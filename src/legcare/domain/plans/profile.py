"""The person's profile: what they own, how much time they have, when they sleep.

`parse_profile` turns loose input (a dict from the CLI prompts, the API or the store) into a
`Profile`, or raises `InvalidInput` listing every problem with what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from enum import Enum
from typing import Any

from legcare.errors import InvalidInput

TOOLS: tuple[str, ...] = (
    "hands",
    "elbows",
    "foam_roller",
    "roller_stick",
    "tennis_ball",
    "lacrosse_ball",
    "mobility_ball",
    "roller_ball",
    "water_bottle",
    "massage_cane",
)
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_MINUTES = 5
MAX_MINUTES = 180
DEFAULT_MINUTES = 45
DEFAULT_BEDTIME = time(22, 30)


class Pressure(Enum):
    """How firm the person likes the pressure (precautions can only make it lighter)."""

    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"


class Side(Enum):
    """Which leg the symptoms are in."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    @property
    def legs(self) -> tuple[str, ...]:
        return ("left", "right") if self is Side.BOTH else (self.value,)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the plan is built around. Hands are always counted as owned."""

    tools: frozenset[str]
    minutes_per_day: int = DEFAULT_MINUTES
    bedtime: time = DEFAULT_BEDTIME
    days: frozenset[int] = frozenset(range(7))  # 0 = Monday
    pressure: Pressure = Pressure.MODERATE
    side: Side = Side.BOTH

    def owns(self, tool: str) -> bool:
        return tool == "hands" or tool in self.tools

    def to_dict(self) -> dict[str, Any]:
        return {
            "tools": sorted(self.tools | {"hands"}, key=TOOLS.index),
            "minutes_per_day": self.minutes_per_day,
            "bedtime": self.bedtime.strftime("%H:%M"),
            "days": [WEEKDAYS[d] for d in sorted(self.days)],
            "pressure": self.pressure.value,
            "side": self.side.value,
        }


def default_profile() -> Profile:
    """The defaults shown at setup: hands only, 45 minutes, 22:30, every day, moderate, both."""
    return Profile(tools=frozenset({"hands"}))


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip().lower() for v in value.replace(";", ",").split(",") if v.strip()]
    if isinstance(value, Iterable):
        return [str(v).strip().lower() for v in value]
    return [str(value)]


def _parse_tools(value: Any, problems: list[str]) -> frozenset[str]:
    names = {n.replace("-", "_").replace(" ", "_") for n in _names(value)}
    unknown = sorted(names - set(TOOLS))
    if unknown:
        problems.append(f"tools: unknown {', '.join(unknown)}; allowed: {', '.join(TOOLS)}")
    return frozenset((names & set(TOOLS)) | {"hands"})


def _parse_minutes(value: Any, problems: list[str]) -> int:
    try:
        minutes = int(value)
        if isinstance(value, float) and value != minutes:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(f"minutes_per_day: {value!r} is not a whole number of minutes")
        return DEFAULT_MINUTES
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        problems.append(
            f"minutes_per_day: {minutes} is outside {MIN_MINUTES}-{MAX_MINUTES} minutes"
        )
    return minutes


def _parse_bedtime(value: Any, problems: list[str]) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    try:
        hours, minutes = str(value).strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        problems.append(f"bedtime: {value!r} is not a time; use HH:MM, e.g. 22:30")
        return DEFAULT_BEDTIME


def _parse_days(value: Any, problems: list[str]) -> frozenset[int]:
    days: set[int] = set()
    for name in _names(value):
        if name in ("all", "every", "everyday", "daily"):
            days.update(range(7))
        elif name[:3] in WEEKDAYS:
            days.add(WEEKDAYS.index(name[:3]))
        elif name.isascii() and name.isdigit() and 0 <= int(name) <= 6:
            days.add(int(name))
        else:
            problems.append(f"days: {name!r} is not a weekday; use mon, tue, ... sun or all")
    if not days:
        problems.append("days: choose at least one day of the week")
    return frozenset(days)


def _parse_pressure(value: Any, problems: list[str]) -> Pressure:
    try:
        return Pressure(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(p.value for p in Pressure)
        problems.append(f"pressure: {value!r} is not allowed; choose {allowed}")
        return Pressure.MODERATE


def _parse_side(value: Any, problems: list[str]) -> Side:
    try:
        return Side(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in Side)
        problems.append(f"side: {value!r} is not allowed; choose {allowed}")
        return Side.BOTH


def parse_profile(data: Mapping[str, Any], *, base: Profile | None = None) -> Profile:
    """A `Profile` from loose input; fields not given keep ``base`` (or the defaults)."""
    current = base or default_profile()
    problems: list[str] = []
    unknown = sorted(set(data) - set(current.to_dict()))
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}")
    tools = _parse_tools(data["tools"], problems) if "tools" in data else current.tools
    minutes = (
        _parse_minutes(data["minutes_per_day"], problems)
        if "minutes_per_day" in data
        else current.minutes_per_day
    )
    bedtime = _parse_bedtime(data["bedtime"], problems) if "bedtime" in data else current.bedtime
    days = _parse_days(data["days"], problems) if "days" in data else current.days
    pressure = (
        _parse_pressure(data["pressure"], problems) if "pressure" in data else current.pressure
    )
    side = _parse_side(data["side"], problems) if "side" in data else current.side
    if problems:
        raise InvalidInput("The profile has values that are not allowed.", details=problems)
    return Profile(
        tools=tools,
        minutes_per_day=minutes,
        bedtime=bedtime,
        days=days,
        pressure=pressure,
        side=side,
    )
