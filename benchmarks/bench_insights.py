"""Insights on ten years of daily check-ins (both kinds) in a SQLite store.

Rows: reading the rows alone (the baseline; the same read insights uses), reading them as full
``Checkin`` objects (what listing and export use), insights over the whole ten years (target
< 200 ms) and over the default eight weeks, the three SVG charts, and the evening one-liner as
a whole process against `legcare --help`.
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.harness import PYTHON, Row, make_row, peak_memory_mib, time_call, time_command

YEARS = 10
END = date(2026, 11, 20)


def _seed(store: object, days: int) -> None:
    from legcare.domain.diary import CheckinKind, validate_values
    from legcare.store import checkins as repo
    from legcare.store.database import Store

    assert isinstance(store, Store)
    rng = random.Random(7)
    now = datetime(2026, 11, 20, 20, tzinfo=UTC)
    with store.transaction() as conn:
        for i in range(days):
            day = END - timedelta(days=i)
            alcohol = rng.random() < 0.25
            evening = validate_values(
                CheckinKind.EVENING,
                {
                    "rls": min(10, rng.randint(1, 6) + 2 * alcohol),
                    "leg_pain": rng.randint(0, 5),
                    "caffeine": rng.random() < 0.6,
                    "alcohol": alcohol,
                    "nicotine": False,
                    "long_sitting": rng.random() < 0.3,
                    "exercise_minutes": rng.choice([0, 0, 20, 45]),
                    "iron_supplement": rng.random() < 0.5,
                    "supportive_shoes": rng.random() < 0.7,
                    "massage_done": rng.random() < 0.4,
                },
            )
            morning = validate_values(
                CheckinKind.MORNING,
                {
                    "sleep_quality": rng.randint(2, 9),
                    "hours_slept": rng.choice([5.5, 6, 6.75, 7, 7.5, 8]),
                    "times_woken_by_legs": rng.randint(0, 4),
                    "first_step_heel_pain": rng.randint(0, 7),
                    "calf_hamstring_pain": rng.randint(0, 5),
                },
            )
            repo.insert_checkin(conn, 1, CheckinKind.EVENING, day, evening.values, now)
            repo.insert_checkin(conn, 1, CheckinKind.MORNING, day, morning.values, now)


def rows(quick: bool) -> list[Row]:
    from legcare.services.context import AppContext
    from legcare.services.views import insights as service
    from legcare.settings import Settings
    from legcare.store import checkins as repo
    from legcare.store.database import open_store

    repeat = 5 if quick else 21
    folder = Path(tempfile.mkdtemp(prefix="legcare-bench-insights-"))
    url = f"sqlite:///{folder / 'legcare.db'}"
    store = open_store(url)
    days = (END - END.replace(year=END.year - YEARS)).days
    _seed(store, days)
    ctx = AppContext(
        settings=Settings(data_dir=folder, database_url=url),
        store=store,
        clock=lambda: datetime(2026, 11, 20, 21, tzinfo=UTC),
    )
    start = END - timedelta(days=days - 1)

    def load() -> int:
        with store.read() as conn:
            return sum(1 for _ in repo.checkin_values(conn, 1, start=start, end=END))

    def load_objects() -> int:
        with store.read() as conn:
            return sum(1 for _ in repo.iter_checkins(conn, 1, start=start, end=END))

    def whole() -> dict[str, object]:
        return service.insights_view(ctx=ctx, start=start, end=END).to_json()

    eight_start, _ = service.default_range(END)
    recent = service.insights_view(ctx=ctx, start=eight_start, end=END).to_json()
    service.render_insight_charts(recent)  # import the chart module outside the timing
    ten_years = whole()

    base = make_row(
        "insights", f"read {2 * days} check-in rows (baseline)", time_call(load, repeat=repeat)
    )
    base_extra = {"baseline_ms": base.median_ms, "baseline_name": "read rows"}
    out = [
        base,
        make_row(
            "insights",
            f"read {2 * days} rows as Checkin objects (list/export path)",
            time_call(load_objects, repeat=repeat),
            **base_extra,
        ),
        make_row(
            "insights",
            f"insights, {YEARS} years daily ({2 * days} check-ins)",
            time_call(whole, repeat=repeat),
            target="< 200 ms",
            peak_mib=peak_memory_mib(whole),
            **base_extra,
        ),
        make_row(
            "insights",
            "insights, default 8 weeks (same store)",
            time_call(
                lambda: service.insights_view(ctx=ctx, start=eight_start, end=END).to_json(),
                repeat=repeat,
            ),
            **base_extra,
        ),
        make_row(
            "insights",
            "3 SVG charts, 8 weeks (SVG written directly)",
            time_call(lambda: service.render_insight_charts(recent), repeat=repeat),
            peak_mib=peak_memory_mib(lambda: service.render_insight_charts(recent)),
            **base_extra,
        ),
        make_row(
            "insights",
            f"3 SVG charts, {YEARS} years daily",
            time_call(lambda: service.render_insight_charts(ten_years), repeat=repeat),
            **base_extra,
        ),
    ]
    out += _one_liner_rows(folder, repeat=3 if quick else 7)
    store.dispose()
    return out


def _one_liner_rows(folder: Path, *, repeat: int) -> list[Row]:
    """The evening one-liner as a whole process (on the 10-year store) against `--help`."""
    env_backup = os.environ.get("LEGCARE_DATA_DIR")
    os.environ["LEGCARE_DATA_DIR"] = str(folder)
    try:
        help_row = make_row(
            "insights",
            "legcare --help (process)",
            time_command([PYTHON, "-m", "legcare", "--help"], repeat=repeat),
        )
        one_liner = make_row(
            "insights",
            "legcare log evening 6 --caffeine --yes (process)",
            time_command(
                [PYTHON, "-m", "legcare", "log", "evening", "6", "--caffeine", "--yes"],
                repeat=repeat,
            ),
            baseline_ms=help_row.median_ms,
            baseline_name="--help",
            note="includes opening and checking the database schema",
        )
    finally:
        if env_backup is None:
            os.environ.pop("LEGCARE_DATA_DIR", None)
        else:
            os.environ["LEGCARE_DATA_DIR"] = env_backup
    return [help_row, one_liner]
