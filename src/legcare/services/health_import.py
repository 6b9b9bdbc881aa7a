"""Import nightly sleep, daily steps and resting heart rate from a phone or wearable export.

Apple Health's ``export.zip`` (or its ``export.xml``) and Google Takeout's Fitbit archive are
read by ``interop``; the values are stored with their source in one transaction, so a wrong or
broken file changes nothing. Importing the same file again replaces its values. Google Health
Connect is not supported: it has no documented export file format.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from legcare.domain.tracking.sources import ValueSource
from legcare.errors import InvalidInput
from legcare.interop.apple_health import HealthImport, read_apple_health
from legcare.interop.fitbit import read_fitbit
from legcare.services.context import AppContext
from legcare.store import health_values as repo
from legcare.store.health_values import HealthValue, Metric

Progress = Callable[[int, int], None]
FORMATS = ("auto", "apple_health", "fitbit")


@dataclass(frozen=True)
class ImportSummary:
    file: str
    source: str
    nights: int
    days_with_steps: int
    days_with_resting_heart_rate: int
    first_day: date | None
    last_day: date | None
    inserted: int
    replaced: int
    records_read: int
    records_used: int

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "nights": self.nights,
            "days_with_steps": self.days_with_steps,
            "days_with_resting_heart_rate": self.days_with_resting_heart_rate,
            "from": self.first_day.isoformat() if self.first_day else None,
            "to": self.last_day.isoformat() if self.last_day else None,
            "inserted": self.inserted,
            "replaced": self.replaced,
            "records_read": self.records_read,
            "records_used": self.records_used,
        }


@dataclass(frozen=True)
class HealthValueView:
    metric: str
    day: date
    value: int
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "day": self.day.isoformat(),
            "value": self.value,
            "source": self.source,
        }


@dataclass(frozen=True)
class HealthValues:
    start: date
    end: date
    values: tuple[HealthValueView, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "values": [v.to_json() for v in self.values],
        }


def detect_format(path: Path) -> str:
    """``apple_health`` or ``fitbit`` from the file's content; a clear error otherwise."""
    if path.suffix.lower() == ".xml" or (path.is_file() and _zip_has(path, "export.xml")):
        return "apple_health"
    if path.is_dir() or (path.is_file() and zipfile.is_zipfile(path)):
        return "fitbit"
    raise InvalidInput(
        f"{path.name}: not a file legcare can import; allowed: Apple Health's export.zip (or "
        "export.xml), or Google Takeout's Fitbit archive (a zip or its folder)"
    )


def _zip_has(path: Path, name: str) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(Path(n).name == name for n in archive.namelist())


def _values(data: HealthImport) -> list[HealthValue]:
    out = [
        HealthValue(Metric.SLEEP_MINUTES, n.night, n.minutes_asleep, n.source) for n in data.nights
    ]
    out += [HealthValue(Metric.STEPS, s.day, s.steps, s.source) for s in data.steps]
    out += [
        HealthValue(Metric.RESTING_HEART_RATE, r.day, r.bpm, r.source)
        for r in data.resting_heart_rate
    ]
    return out


def import_health_file(
    *, ctx: AppContext, path: Path, fmt: str = "auto", progress: Progress | None = None
) -> ImportSummary:
    """Read ``path`` and store its nights, steps and resting heart rates (one transaction)."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    chosen = fmt.strip().lower()
    if chosen not in FORMATS:
        raise InvalidInput(f"format {fmt!r} is not known; allowed: {', '.join(FORMATS)}")
    if chosen == "auto":
        chosen = detect_format(path)
    reader = read_apple_health if chosen == "apple_health" else read_fitbit
    data = reader(path, progress=progress)
    values = _values(data)
    with ctx.store.transaction() as conn:
        inserted, replaced = repo.save_values(conn, ctx.user_id, values, ctx.now())
    days = [v.day for v in values]
    return ImportSummary(
        file=path.name,
        source=data.source.value,
        nights=len(data.nights),
        days_with_steps=len(data.steps),
        days_with_resting_heart_rate=len(data.resting_heart_rate),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        inserted=inserted,
        replaced=replaced,
        records_read=data.records_read,
        records_used=data.records_used,
    )


def health_values(
    *, ctx: AppContext, start: date, end: date, source: str | None = None
) -> HealthValues:
    """Imported values in ``[start, end]``, optionally from one source only."""
    if start > end:
        raise InvalidInput("the first date is after the last; allowed: --from on or before --to")
    wanted = None
    if source is not None:
        try:
            wanted = ValueSource(source)
        except ValueError:
            allowed = ", ".join(s.value for s in ValueSource)
            raise InvalidInput(f"source {source!r} is not known; allowed: {allowed}") from None
    with ctx.store.read() as conn:
        stored = repo.list_values(conn, ctx.user_id, start=start, end=end)
    return HealthValues(
        start,
        end,
        tuple(
            HealthValueView(v.metric.value, v.day, v.value, v.source.value)
            for v in stored
            if wanted is None or v.source is wanted
        ),
    )
