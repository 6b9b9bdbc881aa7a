"""Google Takeout Fitbit archive: nights, steps and resting heart rate; wrong files are named.

The fixture is written with ``json.dumps`` and checked once with ``JSONDecoder.raw_decode`` over
the raw text, outside the reader under test.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from legcare.domain.tracking.sources import ValueSource
from legcare.errors import InvalidInput
from legcare.interop.fitbit import read_fitbit

FOLDER = "Takeout/Fitbit/Global Export Data/"
SLEEP = [
    {
        "logId": 1,
        "dateOfSleep": "2026-11-02",
        "startTime": "2026-11-01T23:10:00.000",
        "endTime": "2026-11-02T06:40:00.000",
        "minutesAsleep": 400,
        "mainSleep": True,
    },
    {
        "logId": 2,
        "dateOfSleep": "2026-11-02",
        "startTime": "2026-11-02T14:00:00.000",
        "endTime": "2026-11-02T14:30:00.000",
        "minutesAsleep": 25,
        "mainSleep": False,
    },
    {
        "logId": 3,
        "dateOfSleep": "2026-11-03",
        "startTime": "2026-11-02T23:40:00.000",
        "endTime": "2026-11-03T06:00:00.000",
        "minutesAsleep": 350,
        "mainSleep": True,
    },
]
STEPS = [
    {"dateTime": "11/02/26 10:00:00", "value": "120"},
    {"dateTime": "11/02/26 10:01:00", "value": "80"},
    {"dateTime": "11/03/26 09:00:00", "value": "55"},
]
RESTING = [
    {"dateTime": "11/02/26 00:00:00", "value": {"date": "11/02/26", "value": 57.6, "error": 6.1}},
    {"dateTime": "11/03/26 00:00:00", "value": {"date": "11/03/26", "value": 0.0, "error": 0.0}},
]


def _archive(path: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(FOLDER + "sleep-2026-11-01.json", json.dumps(SLEEP))
        archive.writestr(FOLDER + "steps-2026-11-01.json", json.dumps(STEPS))
        archive.writestr(FOLDER + "resting_heart_rate-2026-11-01.json", json.dumps(RESTING))
        archive.writestr(FOLDER + "calories-2026-11-01.json", "[]")
        for name, data in (extra or {}).items():
            archive.writestr(FOLDER + name, data)
    return path


def test_nights_steps_and_resting_heart_rate(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = read_fitbit(
        _archive(tmp_path / "takeout.zip"), progress=lambda d, t: seen.append((d, t))
    )
    assert result.source is ValueSource.FITBIT
    assert [(n.night, n.minutes_asleep) for n in result.nights] == [
        (date(2026, 11, 2), 425),
        (date(2026, 11, 3), 350),
    ]
    assert [(s.day, s.steps) for s in result.steps] == [
        (date(2026, 11, 2), 200),
        (date(2026, 11, 3), 55),
    ]
    assert [(r.day, r.bpm) for r in result.resting_heart_rate] == [(date(2026, 11, 2), 58)]
    assert seen[-1] == (3, 3)


def test_the_fixture_reads_back_with_another_decoder(tmp_path: Path) -> None:
    path = _archive(tmp_path / "takeout.zip")
    with zipfile.ZipFile(path) as archive:
        text = archive.read(FOLDER + "steps-2026-11-01.json").decode()
    decoded, end = json.JSONDecoder().raw_decode(text)
    assert end == len(text) and sum(int(i["value"]) for i in decoded) == 255


def test_an_unpacked_folder_is_read_too(tmp_path: Path) -> None:
    folder = tmp_path / "Takeout" / "Fitbit" / "Global Export Data"
    folder.mkdir(parents=True)
    (folder / "steps-2026-11-01.json").write_text(json.dumps(STEPS))
    assert sum(s.steps for s in read_fitbit(tmp_path / "Takeout").steps) == 255


def test_wrong_files_say_what_was_expected(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("hello")
    with pytest.raises(InvalidInput, match="not a zip file or a folder"):
        read_fitbit(plain)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("something.json", "{}")
    with pytest.raises(InvalidInput, match="holds no Fitbit"):
        read_fitbit(empty)
    broken = _archive(tmp_path / "broken.zip", {"sleep-2026-12-01.json": b'{"not": "a list"}'})
    with pytest.raises(
        InvalidInput, match="sleep-2026-12-01.json is not in the Fitbit export format"
    ):
        read_fitbit(broken)
