"""Where a tracked value came from: typed by the person, or imported from a phone or wearable."""

from __future__ import annotations

from enum import StrEnum


class ValueSource(StrEnum):
    """The origin stored beside every tracked value."""

    MANUAL = "manual"
    APPLE_HEALTH = "apple_health"
    HEALTH_CONNECT = "health_connect"
    FITBIT = "fitbit"


def parse_source(raw: str) -> ValueSource:
    """The source named ``raw``; a clear ``ValueError`` listing the allowed names otherwise."""
    try:
        return ValueSource(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in ValueSource)
        raise ValueError(f"unknown source {raw!r}; allowed: {allowed}") from None
