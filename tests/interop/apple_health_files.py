"""Generated Apple Health exports, written as text (not by ElementTree) and streamed into a zip.

The layout follows a real export: ``apple_health_export/export.xml`` with Apple's internal DTD,
an ``<ExportDate>``, a ``<Me>``, then ``<Record>`` elements (some with ``<MetadataEntry>``
children). Each day has: a night of sleep from the watch (core/deep/REM stages with an awake
gap) and an overlapping "in bed" period from the phone; steps from a watch and a phone (the
phone counts less); one resting heart rate; and ``noise`` plain heart-rate readings.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO

TZ = timezone(timedelta(hours=1))
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
<!ELEMENT Me EMPTY>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-12-03 08:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
"""
FOOTER = "</HealthData>\n"
WATCH_STEPS = (3000, 2500)  # two watch records a day
PHONE_STEPS = 4000  # one phone record a day: less than the watch total
RESTING = 58


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def _record(
    kind: str, start: datetime, end: datetime, value: str, source: str, unit: str = ""
) -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1"{unit_attr} '
        f'creationDate="{_stamp(end)}" startDate="{_stamp(start)}" endDate="{_stamp(end)}" '
        f'value="{value}">\n'
        '  <MetadataEntry key="HKTimeZone" value="Europe/London"/>\n'
        " </Record>\n"
    )


SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STAGE = "HKCategoryValueSleepAnalysis"


def day_records(day: date, noise: int = 0) -> str:
    """One day's records; the night ending on ``day`` has 7 h 00 min asleep."""
    evening = datetime(day.year, day.month, day.day, 23, 0, tzinfo=TZ) - timedelta(days=1)
    parts = [
        _record(
            SLEEP,
            evening - timedelta(minutes=30),
            evening + timedelta(hours=8),
            f"{STAGE}InBed",
            "iPhone",
        ),
        _record(SLEEP, evening, evening + timedelta(hours=3), f"{STAGE}AsleepCore", "Watch"),
        _record(
            SLEEP,
            evening + timedelta(hours=3),
            evening + timedelta(hours=3, minutes=20),
            f"{STAGE}Awake",
            "Watch",
        ),
        _record(
            SLEEP,
            evening + timedelta(hours=3, minutes=20),
            evening + timedelta(hours=5, minutes=20),
            f"{STAGE}AsleepDeep",
            "Watch",
        ),
        _record(
            SLEEP,
            evening + timedelta(hours=5),
            evening + timedelta(hours=7, minutes=20),
            f"{STAGE}AsleepREM",
            "Watch",
        ),
    ]
    noon = datetime(day.year, day.month, day.day, 12, 0, tzinfo=TZ)
    for i, steps in enumerate(WATCH_STEPS):
        start = noon + timedelta(hours=i)
        parts.append(
            _record(
                "HKQuantityTypeIdentifierStepCount",
                start,
                start + timedelta(minutes=30),
                str(steps),
                "Watch",
                "count",
            )
        )
    parts.append(
        _record(
            "HKQuantityTypeIdentifierStepCount",
            noon,
            noon + timedelta(hours=2),
            str(PHONE_STEPS),
            "iPhone",
            "count",
        )
    )
    parts.append(
        _record(
            "HKQuantityTypeIdentifierRestingHeartRate",
            noon,
            noon,
            str(RESTING),
            "Watch",
            "count/min",
        )
    )
    for i in range(noise):
        moment = noon + timedelta(seconds=5 * i)
        parts.append(
            _record(
                "HKQuantityTypeIdentifierHeartRate",
                moment,
                moment,
                str(60 + i % 30),
                "Watch",
                "count/min",
            )
        )
    return "".join(parts)


def write_xml(out: IO[bytes], first: date, days: int, noise: int = 0, repeat: int = 1) -> None:
    """Write an export.xml; ``repeat`` writes the same days again (a bigger file, same values)."""
    out.write(HEADER.encode())
    for _ in range(repeat):
        for i in range(days):
            out.write(day_records(first + timedelta(days=i), noise).encode())
    out.write(FOOTER.encode())


def write_export_zip(path: Path, first: date, days: int, noise: int = 0, repeat: int = 1) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        with archive.open("apple_health_export/export.xml", "w", force_zip64=True) as out:
            write_xml(out, first, days, noise, repeat)
    return path
