"""The writes the crash tests make, and the check that what is stored is whole."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

FIRST_DAY = date(1901, 1, 1)  # room for ~45,000 distinct past days


def entry_for(i: int) -> dict[str, Any]:
    """Check-in number ``i``: a distinct date and values that say which number they belong to."""
    return {
        "day": (FIRST_DAY + timedelta(days=i)).isoformat(),
        "rls": i % 11,
        "caffeine": i % 2 == 0,
        "note": f"entry {i}:" + "ü" * (i % 50),
    }


def stored_entries(db: Path) -> dict[str, dict[str, Any]]:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT day, data FROM checkins WHERE kind = 'evening'")).all()
    engine.dispose()
    out: dict[str, dict[str, Any]] = {}
    for day, data in rows:
        values = data if isinstance(data, dict) else __import__("json").loads(data)
        out[str(day)[:10]] = values
    return out


def assert_whole(stored: dict[str, dict[str, Any]], acked: set[int], attempted: int) -> None:
    """Every acknowledged write is there, and every stored row is exactly one of the writes."""
    for i in acked:
        assert entry_for(i)["day"] in stored, f"acknowledged write {i} is missing"
    by_day = {entry_for(i)["day"]: entry_for(i) for i in range(attempted + 1)}
    for day, values in stored.items():
        sent = by_day.get(day)
        assert sent is not None, f"a row for {day} that nobody wrote"
        for key in ("rls", "caffeine", "note"):
            assert values.get(key) == sent[key], f"{day}: {key} is {values.get(key)!r}"
