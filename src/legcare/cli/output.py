"""Rendering: JSON for `--json` (exactly what the API returns) and a shared Rich console."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> str:
    """The JSON text for ``data`` (dates as ISO strings, enums as their values)."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


def print_json(data: Any) -> None:
    sys.stdout.write(to_json(data) + "\n")


@cache
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)
