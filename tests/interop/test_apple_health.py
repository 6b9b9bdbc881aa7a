"""Apple Health export.zip: values per night and day, a second parser agrees, wrong files are
named, progress is reported, and memory does not grow with the file."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.dom import minidom
from xml.sax import handler, parse

import pytest

from legcare.domain.tracking.sources import ValueSource
from legcare.errors import InvalidInput
from legcare.interop.apple_health import read_apple_health, read_xml_stream
from tests.interop.apple_health_files import (
    PHONE_STEPS,
    RESTING,
    WATCH_STEPS,
    write_export_zip,
    write_xml,
)

FIRST = date(2026, 11, 1)


def test_nights_steps_and_resting_heart_rate(tmp_path: Path) -> None:
    path = write_export_zip(tmp_path / "export.zip", FIRST, days=5, noise=3)
    result = read_apple_health(path)
    assert result.source is ValueSource.APPLE_HEALTH
    # 23:00-02:00 core, 02:20-04:20 deep, 04:00-06:20 REM (overlap merged): 3h + 4h = 7h
    assert [(n.night, n.minutes_asleep) for n in result.nights] == [
        (FIRST + timedelta(days=i), 420) for i in range(5)
    ]
    assert {s.steps for s in result.steps} == {sum(WATCH_STEPS)}  # the watch, not watch + phone
    assert sum(WATCH_STEPS) > PHONE_STEPS
    assert {r.bpm for r in result.resting_heart_rate} == {RESTING}
    assert result.heart_rate_readings == 15
    assert all(v.source is ValueSource.APPLE_HEALTH for v in result.steps + result.nights)  # type: ignore[operator]


class _Counter(handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.by_type: dict[str, int] = {}

    def startElement(self, name: str, attrs: object) -> None:  # noqa: N802 - SAX API
        if name == "Record":
            kind = attrs.getValue("type")  # type: ignore[attr-defined]
            self.by_type[kind] = self.by_type.get(kind, 0) + 1


def test_a_second_parser_reads_the_same_fixture(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_xml(buffer, FIRST, days=3, noise=2)
    counter = _Counter()
    parse(io.BytesIO(buffer.getvalue()), counter)  # SAX
    document = minidom.parseString(buffer.getvalue())  # DOM
    records = document.getElementsByTagName("Record")
    assert len(records) == sum(counter.by_type.values())
    result = read_xml_stream(io.BytesIO(buffer.getvalue()))
    assert result.records_read == len(records)
    steps_by_dom = sum(
        int(r.getAttribute("value"))
        for r in records
        if r.getAttribute("type") == "HKQuantityTypeIdentifierStepCount"
        and r.getAttribute("sourceName") == "Watch"
    )
    assert sum(s.steps for s in result.steps) == steps_by_dom
    assert counter.by_type["HKQuantityTypeIdentifierRestingHeartRate"] == len(
        result.resting_heart_rate
    )


def test_progress_is_reported_up_to_the_whole_file(tmp_path: Path) -> None:
    path = write_export_zip(tmp_path / "export.zip", FIRST, days=60, noise=40)
    seen: list[tuple[int, int]] = []
    read_apple_health(path, progress=lambda done, total: seen.append((done, total)))
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("apple_health_export/export.xml").file_size
    assert len(seen) >= 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (size, size)


def test_a_bare_export_xml_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    with path.open("wb") as out:
        write_xml(out, FIRST, days=2)
    assert len(read_apple_health(path).nights) == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("date,steps\n2026-11-01,300\n"), "not a zip file"),
        (lambda p: _zip(p, "other.txt", b"hello"), "has no export.xml"),
        (
            lambda p: _zip(p, "apple_health_export/export.xml", b"<HealthData><Record "),
            "not well-formed",
        ),
        (lambda p: _zip(p, "apple_health_export/export.xml", b"<Patient/>"), "not Apple Health"),
        (lambda p: _zip(p, "apple_health_export/export.xml", b""), "not well-formed|empty"),
    ],
)
def test_wrong_files_say_what_was_expected(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.zip"
    make(path)
    with pytest.raises(InvalidInput, match=message):
        read_apple_health(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_apple_health(tmp_path / "nope.zip")


def test_bad_values_in_a_record_are_skipped_not_fatal() -> None:
    xml = (
        b'<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="W" '
        b'startDate="yesterday" endDate="x" value="3"/>'
        b'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="W" '
        b'startDate="2026-11-01 10:00:00 +0000" endDate="2026-11-01 10:10:00 +0000" value="30"/>'
        b"</HealthData>"
    )
    result = read_xml_stream(io.BytesIO(xml))
    assert [(s.day, s.steps) for s in result.steps] == [(date(2026, 11, 1), 30)]
    assert result.records_read == 2 and result.records_used == 1


def _zip(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, data)


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        read_apple_health(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """The same 30 days written once and eight times: the bigger file needs no more memory
    (the tree is cleared as it is read; per-day totals are all that is kept)."""
    small = write_export_zip(tmp_path / "small.zip", FIRST, days=30, noise=20)
    big = write_export_zip(tmp_path / "big.zip", FIRST, days=30, noise=20, repeat=8)
    assert big.stat().st_size > 5 * small.stat().st_size
    read_apple_health(small)  # warm caches (strptime, the parser) before measuring
    small_peak, big_peak = _peak(small), _peak(big)
    # eight times the records (about 2 MB of XML more) must cost next to no more memory
    assert big_peak < small_peak + 256 * 1024, (small_peak, big_peak)
