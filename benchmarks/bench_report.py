"""The clinician report with ten years of daily check-ins in a SQLite store.

Rows: reading the period's check-ins (the baseline: what any report must at least do), the HTML
report for the default eight weeks and for the whole ten years (target < 500 ms median), the
peak memory of the ten-year HTML report, and as extra rows the PDF and the three exports. The
7300 evening and 7300 morning check-ins are written in one transaction through the import path
(``data_rights.insert_all``); exposures are randomised with a real effect of massage and
caffeine, so the symptom chart, the trends and the associations all have something to show.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.harness import Row, make_row, peak_memory_mib, time_call

YEARS = 10
END = date(2026, 11, 20)


def _checkins(days: int, rng: random.Random, end: date = END) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i in range(days):
        day = end - timedelta(days=days - 1 - i)
        stamp = datetime(day.year, day.month, day.day, 21, tzinfo=UTC)
        massage = rng.random() < 0.5
        caffeine = rng.random() < 0.4
        rls = max(0, min(10, round(rng.gauss(5 - 1.5 * massage + 1.0 * caffeine, 1.5))))
        evening = {
            "rls": rls,
            "leg_pain": rng.randint(0, 6),
            "caffeine": caffeine,
            "alcohol": rng.random() < 0.3,
            "massage_done": massage,
            "supportive_shoes": rng.random() < 0.7,
            "exercise_kind": "walking",
            "exercise_minutes": rng.choice([0, 20, 40]),
        }
        if i % 97 == 0:
            evening["note"] = "legs <worse> after the long drive & late coffee"
        morning = {
            "sleep_quality": max(0, min(10, 10 - rls + rng.randint(-2, 2))),
            "hours_slept": rng.choice([5.5, 6.0, 6.5, 7.0, 7.5]),
            "times_woken_by_legs": rng.randint(0, 3),
            "first_step_heel_pain": rng.randint(0, 7),
            "calf_hamstring_pain": rng.randint(0, 5),
        }
        for n, (kind, data) in enumerate((("evening", evening), ("morning", morning))):
            rows.append(
                {
                    "id": 2 * i + n + 1,
                    "kind": kind,
                    "day": day,
                    "data": data,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
    return rows


def _store(tmp: Path) -> Any:
    from legcare.services.context import AppContext
    from legcare.settings import Settings
    from legcare.store import data_rights
    from legcare.store.database import open_store

    store = open_store(f"sqlite:///{tmp / 'bench.db'}")
    now = datetime(END.year, END.month, END.day, 21, 30, tzinfo=UTC)
    ctx = AppContext(settings=Settings(data_dir=tmp), store=store, clock=lambda: now)
    rng = random.Random(20261120)
    with store.transaction() as conn:
        data_rights.insert_all(conn, ctx.user_id, {"checkins": _checkins(365 * YEARS, rng)})
    return ctx


def rows(quick: bool) -> list[Row]:
    from legcare.services.diary import list_checkins
    from legcare.services.views.export import export_data
    from legcare.services.views.report import render_report_html, render_report_pdf

    repeat = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        ctx = _store(Path(tmp))
        try:
            start_all = END - timedelta(days=365 * YEARS - 1)
            start_8w = END - timedelta(days=55)
            base = make_row(
                "report",
                "baseline: read ten years of check-ins (list_checkins)",
                time_call(lambda: list_checkins(ctx=ctx, start=start_all, end=END), repeat=repeat),
            )
            extra = {"baseline_ms": base.median_ms, "baseline_name": "read 10 y"}
            html_8w = make_row(
                "report",
                "HTML report, last 8 weeks (10 y stored)",
                time_call(
                    lambda: render_report_html(ctx=ctx, start=start_8w, end=END), repeat=repeat
                ),
                target="< 500 ms",
                **extra,
            )
            html_all = make_row(
                "report",
                "HTML report, whole ten years (7300 evenings and mornings)",
                time_call(
                    lambda: render_report_html(ctx=ctx, start=start_all, end=END), repeat=repeat
                ),
                target="< 500 ms",
                peak_mib=peak_memory_mib(
                    lambda: render_report_html(ctx=ctx, start=start_all, end=END)
                ),
                **extra,
            )
            pdf = make_row(
                "report",
                "PDF report, last 8 weeks (extra)",
                time_call(
                    lambda: render_report_pdf(ctx=ctx, start=start_8w, end=END),
                    repeat=max(3, repeat // 3),
                ),
                **extra,
            )
            exports = [
                make_row(
                    "export",
                    f"export {fmt}, ten years (extra)",
                    time_call(lambda fmt=fmt: export_data(ctx=ctx, fmt=fmt), repeat=3),
                    **extra,
                )
                for fmt in ("json", "csv", "fhir")
            ]
        finally:
            ctx.store.dispose()
    return [base, html_8w, html_all, pdf, *exports]


if __name__ == "__main__":
    for row in rows(quick=True):
        print(row)
