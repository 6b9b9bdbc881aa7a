"""Read a Fitbit export from Google Takeout: nightly sleep, daily steps, resting heart rate.

Google Takeout's Fitbit archive holds ``Takeout/Fitbit/Global Export Data/`` with one JSON file
per data type and period. Three are read, each file parsed on its own (they are small), so a
long history costs little memory:

- ``sleep-YYYY-MM-DD.json``: a list of sleep logs with the fields of the Fitbit Web API sleep
  log (``dateOfSleep``, ``minutesAsleep``); a night's minutes are the sum of the logs that
  Fitbit dates to it;
- ``steps-YYYY-MM-DD.json``: ``[{"dateTime": "MM/DD/YY HH:MM:SS", "value": "12"}, ...]``,
  summed per day;
- ``resting_heart_rate-YYYY-MM-DD.json``: ``[{"dateTime": ..., "value": {"date": "MM/DD/YY",
  "value": 57.3, "error": ...}}]``; zero values (no reading) are skipped.

Google Health Connect has no documented export file format (its on-device export is an
undocumented database), so legcare does not read it.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from legcare.domain.tracking.health_data import (
    DailyRestingHeartRate,
    DailySteps,
    HeartRateReading,
    NightSleep,
    StepCount,
    daily_resting_heart_rate,
    daily_steps,
)
from legcare.domain.tracking.sources import ValueSource
from legcare.errors import InvalidInput
from legcare.interop.apple_health import HealthImport

Progress = Callable[[int, int], None]
SOURCE = ValueSource.FITBIT
_FILE = re.compile(r"(?:^|/)(sleep|steps|resting_heart_rate)-\d{4}-\d{2}-\d{2}\.json$")
_US_DATE = "%m/%d/%y"


def _us_day(text: str) -> date:
    return datetime.strptime(text.split(" ")[0], _US_DATE).date()


class _Tally:
    def __init__(self) -> None:
        self.nights: dict[date, int] = {}
        self.steps: dict[date, int] = {}
        self.resting: list[HeartRateReading] = []
        self.read = self.used = 0

    def add(self, kind: str, items: Any) -> None:
        if not isinstance(items, list):
            raise ValueError("not a list")
        for item in items:
            self.read += 1
            if self._add_one(kind, item):
                self.used += 1

    def _add_one(self, kind: str, item: Any) -> bool:
        if kind == "sleep":
            night = date.fromisoformat(item["dateOfSleep"])
            self.nights[night] = self.nights.get(night, 0) + int(item["minutesAsleep"])
            return True
        if kind == "steps":
            day = _us_day(item["dateTime"])
            self.steps[day] = self.steps.get(day, 0) + int(item["value"])
            return True
        value = item["value"]
        if float(value["value"]) <= 0:
            return False
        self.resting.append(HeartRateReading(_us_day(value["date"]), float(value["value"])))
        return True

    def result(self) -> HealthImport:
        counts = [StepCount(day, "fitbit", n) for day, n in self.steps.items()]
        rhr: list[DailyRestingHeartRate] = daily_resting_heart_rate(self.resting, SOURCE)
        steps: list[DailySteps] = daily_steps(counts, SOURCE)
        return HealthImport(
            source=SOURCE,
            nights=tuple(NightSleep(n, m, SOURCE) for n, m in sorted(self.nights.items())),
            steps=tuple(steps),
            resting_heart_rate=tuple(rhr),
            records_read=self.read,
            records_used=self.used,
        )


def read_fitbit(path: Path, *, progress: Progress | None = None) -> HealthImport:
    """Read a Google Takeout Fitbit archive (the zip, or the unpacked folder) at ``path``."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    if path.is_dir():
        files = {f.as_posix(): f for f in sorted(path.rglob("*.json"))}
        names = [n for n in files if _FILE.search(n)]
        return _read(path, names, lambda n: files[n].read_bytes(), progress)
    if not zipfile.is_zipfile(path):
        raise InvalidInput(
            f"{path.name} is not a zip file or a folder: expected the Google Takeout archive "
            "with Fitbit data (Takeout/Fitbit/Global Export Data/)"
        )
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if _FILE.search(n)]
        return _read(path, names, archive.read, progress)


def _read(
    path: Path, names: list[str], load: Callable[[str], bytes], progress: Progress | None
) -> HealthImport:
    if not names:
        raise InvalidInput(
            f"{path.name} holds no Fitbit sleep-, steps- or resting_heart_rate-*.json files: "
            "expected Google Takeout's Fitbit archive (Takeout/Fitbit/Global Export Data/)"
        )
    tally = _Tally()
    for done, name in enumerate(names, start=1):
        match = _FILE.search(name)
        assert match is not None
        try:
            tally.add(match.group(1), json.loads(load(name)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                f"{Path(name).name} is not in the Fitbit export format ({exc.__class__.__name__}: "
                f"{exc}); nothing was imported"
            ) from None
        if progress is not None:
            progress(done, len(names))
    return tally.result()
