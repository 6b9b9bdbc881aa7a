"""Check-ins repository on SQLite and PostgreSQL: scoping, uniqueness, ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from legcare.domain.diary import CheckinKind
from legcare.errors import Conflict
from legcare.store import checkins as repo
from legcare.store.database import Store
from legcare.store.tables import users

NOW = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
EVENING, MORNING = CheckinKind.EVENING, CheckinKind.MORNING


def _second_user(store: Store) -> int:
    with store.transaction() as conn:
        return int(
            conn.execute(
                users.insert().values(username="other", role="client", created_at=NOW)
            ).inserted_primary_key[0]
        )


def test_insert_get_round_trip(any_store: Store) -> None:
    with any_store.transaction() as conn:
        repo.insert_checkin(conn, 1, EVENING, date(2026, 11, 20), {"rls": 6, "note": None}, NOW)
    with any_store.read() as conn:
        item = repo.get_checkin(conn, 1, EVENING, date(2026, 11, 20))
    assert item is not None
    assert item.values["rls"] == 6 and item.values["alcohol"] is None
    assert item.created_at == NOW and item.created_at.tzinfo is not None


def test_second_entry_same_kind_and_day_conflicts_and_rolls_back(any_store: Store) -> None:
    day = date(2026, 11, 20)
    with any_store.transaction() as conn:
        repo.insert_checkin(conn, 1, EVENING, day, {"rls": 6}, NOW)
    with pytest.raises(Conflict), any_store.transaction() as conn:
        repo.insert_checkin(conn, 1, MORNING, day, {"sleep_quality": 5}, NOW)
        repo.insert_checkin(conn, 1, EVENING, day, {"rls": 2}, NOW)
    with any_store.read() as conn:
        assert [c.kind for c in repo.iter_checkins(conn, 1)] == [EVENING]  # morning rolled back


def test_every_query_is_scoped_to_its_user(any_store: Store) -> None:
    other = _second_user(any_store)
    day = date(2026, 11, 20)
    with any_store.transaction() as conn:
        repo.insert_checkin(conn, 1, EVENING, day, {"rls": 6}, NOW)
        repo.insert_checkin(conn, other, EVENING, day, {"rls": 1}, NOW)  # same day: allowed
    with any_store.transaction() as conn:
        assert repo.get_checkin(conn, other, EVENING, day).values["rls"] == 1  # type: ignore[union-attr]
        assert repo.update_checkin(conn, other, EVENING, day, {"rls": 2}, NOW)
        assert repo.delete_checkin(conn, other, EVENING, day)
        assert not repo.delete_checkin(conn, other, EVENING, day)
    with any_store.read() as conn:
        assert repo.get_checkin(conn, 1, EVENING, day).values["rls"] == 6  # type: ignore[union-attr]
        assert list(repo.iter_checkins(conn, other)) == []


def test_range_kind_filter_and_order(any_store: Store) -> None:
    start = date(2026, 11, 1)
    with any_store.transaction() as conn:
        for i in range(10):
            day = start + timedelta(days=i)
            repo.insert_checkin(conn, 1, MORNING, day, {"sleep_quality": i}, NOW)
            repo.insert_checkin(conn, 1, EVENING, day, {"rls": i}, NOW)
    with any_store.read() as conn:
        items = list(repo.iter_checkins(conn, 1, start=date(2026, 11, 3), end=date(2026, 11, 4)))
        assert [(c.day.day, c.kind) for c in items] == [
            (3, EVENING),
            (3, MORNING),
            (4, EVENING),
            (4, MORNING),
        ]
        mornings = list(repo.iter_checkins(conn, 1, kind=MORNING))
        assert [c.values["sleep_quality"] for c in mornings] == list(range(10))
        assert len(repo.checkin_days(conn, 1, EVENING, start, date(2026, 11, 5))) == 5


def test_update_replaces_the_values(any_store: Store) -> None:
    day = date(2026, 11, 20)
    later = NOW + timedelta(hours=1)
    with any_store.transaction() as conn:
        repo.insert_checkin(conn, 1, EVENING, day, {"rls": 6, "alcohol": True}, NOW)
        assert repo.update_checkin(conn, 1, EVENING, day, {"rls": 3}, later)
        assert not repo.update_checkin(conn, 1, EVENING, day + timedelta(days=1), {"rls": 3}, later)
    with any_store.read() as conn:
        item = repo.get_checkin(conn, 1, EVENING, day)
    assert item is not None
    assert item.values["rls"] == 3 and item.values["alcohol"] is None
    assert item.updated_at == later and item.created_at == NOW


def test_delete_all_only_for_the_user(any_store: Store) -> None:
    other = _second_user(any_store)
    with any_store.transaction() as conn:
        repo.insert_checkin(conn, 1, EVENING, date(2026, 11, 1), {"rls": 1}, NOW)
        repo.insert_checkin(conn, 1, EVENING, date(2026, 11, 2), {"rls": 1}, NOW)
        repo.insert_checkin(conn, other, EVENING, date(2026, 11, 1), {"rls": 1}, NOW)
        assert repo.delete_all_checkins(conn, 1) == 2
    with any_store.read() as conn:
        assert conn.execute(sa.text("select count(*) from checkins")).scalar_one() == 1


def test_checkin_values_fast_path_matches_iter_checkins(any_store: Store) -> None:
    start = date(2026, 11, 1)
    with any_store.transaction() as conn:
        for i in range(4):
            day = start + timedelta(days=i)
            repo.insert_checkin(conn, 1, EVENING, day, {"rls": i, "alcohol": i % 2 == 0}, NOW)
            repo.insert_checkin(conn, 1, MORNING, day, {"hours_slept": 7.25}, NOW)
        other = conn.execute(
            users.insert().values(username="x", role="client", created_at=NOW)
        ).inserted_primary_key[0]
        repo.insert_checkin(conn, other, EVENING, start, {"rls": 9}, NOW)
    with any_store.read() as conn:
        fast = list(repo.checkin_values(conn, 1, start=start, end=start + timedelta(days=2)))
        slow = list(repo.iter_checkins(conn, 1, start=start, end=start + timedelta(days=2)))
    assert [(k, d) for k, d, _ in fast] == [(c.kind.value, c.day) for c in slow]
    for (_, _, values), item in zip(fast, slow, strict=True):
        assert values == {k: v for k, v in item.values.items() if v is not None}
    assert fast[0] == ("evening", start, {"rls": 0, "alcohol": True})
