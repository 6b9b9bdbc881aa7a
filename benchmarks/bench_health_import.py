"""Apple Health import: a generated export.zip of a few hundred MB, read as a stream.

Rows: reading the XML member's bytes out of the zip without parsing (the baseline: the floor any
reader pays), then the streaming reader on the same file, with its peak Python heap (tracemalloc,
measured on a separate run) against a file one eighth the size: flat memory means the two peaks
are close whatever the size.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from benchmarks.harness import Row, make_row, peak_memory_mib, time_call

FIRST = date(2024, 1, 1)


def _make(folder: Path, name: str, repeat: int) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.interop.apple_health_files import write_export_zip

    # 365 days x (9 records + 300 heart-rate readings), written ``repeat`` times
    return write_export_zip(folder / name, FIRST, days=365, noise=300, repeat=repeat)


def _xml_bytes(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo("apple_health_export/export.xml").file_size


def rows(quick: bool) -> list[Row]:
    from legcare.interop.apple_health import read_apple_health

    repeat = 1 if quick else 8
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = _make(folder, "big.zip", repeat)
        small = _make(folder, "small.zip", 1) if repeat > 1 else big
        size_mb = _xml_bytes(big) / 1e6

        def raw_read() -> None:
            with (
                zipfile.ZipFile(big) as archive,
                archive.open("apple_health_export/export.xml") as f,
            ):
                while f.read(1 << 20):
                    pass

        base = make_row(
            "health_import", f"read {size_mb:.0f} MB export.xml bytes, no parsing",
            time_call(raw_read, repeat=1, warmup=0),
        )  # fmt: skip
        parse = make_row(
            "health_import",
            f"stream-parse {size_mb:.0f} MB Apple Health export",
            time_call(lambda: read_apple_health(big), repeat=1, warmup=0),
            baseline_ms=base.median_ms,
            baseline_name="byte read",
            peak_mib=peak_memory_mib(lambda: read_apple_health(big)),
            target="flat memory",
        )
        small_mb = _xml_bytes(small) / 1e6
        small_row = make_row(
            "health_import",
            f"stream-parse {small_mb:.0f} MB (memory comparison)",
            time_call(lambda: read_apple_health(small), repeat=1, warmup=0),
            peak_mib=peak_memory_mib(lambda: read_apple_health(small)),
        )
    return [base, parse, small_row]
