"""Read Apple Health's ``export.zip`` as a stream: nightly sleep, daily steps, resting heart rate.

The export (Health app > profile > Export All Health Data) is a zip holding
``apple_health_export/export.xml``, which can be gigabytes. It is never unpacked or loaded: the
XML member is read straight out of the zip by ``xml.etree.ElementTree.iterparse``, each
top-level ``<Record>`` is turned into a few numbers, and the parsed tree is cleared as it goes,
so memory stays flat whatever the file's size. Only three record types are kept:

- ``HKCategoryTypeIdentifierSleepAnalysis`` with an "asleep" value (``Asleep``,
  ``AsleepUnspecified``, ``AsleepCore``, ``AsleepDeep``, ``AsleepREM``); "in bed" and "awake"
  periods are not sleep;
- ``HKQuantityTypeIdentifierStepCount``, summed per day and device (``sourceName``);
- ``HKQuantityTypeIdentifierRestingHeartRate``, averaged per day. Plain heart-rate readings are
  counted, not stored.

Dates are read with the offset Apple writes ("2026-11-02 23:10:00 +0100"); a day is the local
date as written. The day rules (overlaps, the night boundary, device totals) are in
``domain/tracking/health_data.py``. A wrong file raises ``InvalidInput`` saying what was
expected; ``progress(done, total)`` is called as the XML is read (bytes of uncompressed XML).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from legcare.domain.tracking.health_data import (
    DailyRestingHeartRate,
    DailySteps,
    HeartRateReading,
    NightSleep,
    SleepInterval,
    StepCount,
    daily_resting_heart_rate,
    daily_steps,
    merge_intervals,
    night_of,
    nightly_sleep,
)
from legcare.domain.tracking.sources import ValueSource
from legcare.errors import InvalidInput

Progress = Callable[[int, int], None]
XML_NAME = "export.xml"
ROOT_TAG = "HealthData"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
RESTING_HR = "HKQuantityTypeIdentifierRestingHeartRate"
HEART_RATE = "HKQuantityTypeIdentifierHeartRate"
ASLEEP_VALUES = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleep",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
    }
)
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"
_PROGRESS_STEP = 1 << 20  # report about once per MiB read
_COMPACT_AT = 16  # sleep intervals kept per night before they are merged
SOURCE = ValueSource.APPLE_HEALTH


@dataclass(frozen=True, slots=True)
class HealthImport:
    """What a file held, ready to store: every value carries its source."""

    source: ValueSource
    nights: tuple[NightSleep, ...]
    steps: tuple[DailySteps, ...]
    resting_heart_rate: tuple[DailyRestingHeartRate, ...]
    records_read: int
    records_used: int
    heart_rate_readings: int = 0


@dataclass
class _Tally:
    sleep: dict[date, list[SleepInterval]] = field(default_factory=dict)
    steps: dict[tuple[date, str], int] = field(default_factory=dict)
    resting: dict[date, tuple[float, int]] = field(default_factory=dict)
    records: int = 0
    used: int = 0
    heart_rate: int = 0
    bad: int = 0

    def add(self, record: Element) -> None:
        self.records += 1
        kind = record.get("type")
        try:
            if kind == SLEEP and record.get("value") in ASLEEP_VALUES:
                self._add_sleep(SleepInterval(_when(record, "startDate"), _when(record, "endDate")))
            elif kind == STEPS:
                key = (_when(record, "startDate").date(), record.get("sourceName") or "?")
                self.steps[key] = self.steps.get(key, 0) + int(float(record.get("value", "0")))
            elif kind == RESTING_HR:
                day = _when(record, "startDate").date()
                total, count = self.resting.get(day, (0.0, 0))
                self.resting[day] = (total + float(record.get("value", "")), count + 1)
            else:
                if kind == HEART_RATE:
                    self.heart_rate += 1
                return
        except ValueError:
            self.bad += 1
            return
        self.used += 1

    def _add_sleep(self, interval: SleepInterval) -> None:
        # Kept per night and merged as they pile up: memory follows the nights, not the records.
        night = self.sleep.setdefault(night_of(interval.end), [])
        night.append(interval)
        if len(night) > _COMPACT_AT:
            night[:] = merge_intervals(night)

    def result(self) -> HealthImport:
        counts = [StepCount(day, device, n) for (day, device), n in self.steps.items()]
        sleep = [i for intervals in self.sleep.values() for i in intervals]
        resting = [HeartRateReading(day, t / n) for day, (t, n) in self.resting.items()]
        return HealthImport(
            source=SOURCE,
            nights=tuple(nightly_sleep(sleep, SOURCE)),
            steps=tuple(daily_steps(counts, SOURCE)),
            resting_heart_rate=tuple(daily_resting_heart_rate(resting, SOURCE)),
            records_read=self.records,
            records_used=self.used,
            heart_rate_readings=self.heart_rate,
        )


def _when(record: Element, name: str) -> datetime:
    raw = record.get(name)
    if raw is None:
        raise ValueError(name)
    return datetime.strptime(raw, _DATE_FORMAT)


class _Counting:
    """A read-only stream that reports how many bytes have been read."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self._raw, self._total, self._progress = raw, total, progress
        self.done, self._next = 0, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        self.done += len(chunk)
        if self._progress is not None and (self.done >= self._next or not chunk):
            self._progress(self.done, max(self._total, self.done))
            self._next = self.done + _PROGRESS_STEP
        return chunk


def _records(stream: _Counting) -> Iterator[Element]:
    """Each top-level element under ``<HealthData>``; the tree is cleared behind it."""
    depth = 0
    root: Element | None = None
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            depth += 1
            if root is None:
                root = element
                if element.tag != ROOT_TAG:
                    raise InvalidInput(
                        f"this XML starts with <{element.tag}>, not <{ROOT_TAG}>: it is not "
                        "Apple Health's export.xml"
                    )
            continue
        depth -= 1
        if depth == 1 and root is not None:
            yield element
            root.clear()


def read_xml_stream(
    raw: IO[bytes], *, total: int = 0, progress: Progress | None = None
) -> HealthImport:
    """Read an ``export.xml`` stream (``total``: its size in bytes, for progress)."""
    stream = _Counting(raw, total, progress)
    tally = _Tally()
    try:
        for element in _records(stream):
            if element.tag == "Record":
                tally.add(element)
    except ParseError as exc:
        line, column = exc.position
        raise InvalidInput(
            f"export.xml is not well-formed XML (line {line}, column {column}): the file may be "
            "cut short or not Apple Health's export. Export it again from the Health app."
        ) from None
    if stream.done == 0:
        raise InvalidInput("export.xml is empty; export it again from the Health app")
    if progress is not None:
        progress(stream.done, max(total, stream.done))
    return tally.result()


def _xml_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    found = [
        info
        for info in archive.infolist()
        if Path(info.filename).name == XML_NAME and not info.is_dir()
    ]
    if not found:
        raise InvalidInput(
            "this zip has no export.xml: expected Apple Health's export.zip (Health app > your "
            "profile > Export All Health Data), which holds apple_health_export/export.xml"
        )
    return min(found, key=lambda i: i.filename.count("/"))


def read_apple_health(path: Path, *, progress: Progress | None = None) -> HealthImport:
    """Read Apple Health's ``export.zip`` (or a bare ``export.xml``) at ``path``."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.suffix.lower() == ".xml":
        with path.open("rb") as raw:
            return read_xml_stream(raw, total=path.stat().st_size, progress=progress)
    if not zipfile.is_zipfile(path):
        raise InvalidInput(
            f"{path.name} is not a zip file: expected Apple Health's export.zip (or the "
            "export.xml inside it)"
        )
    with zipfile.ZipFile(path) as archive:
        member = _xml_member(archive)
        with archive.open(member) as raw:
            return read_xml_stream(raw, total=member.file_size, progress=progress)
