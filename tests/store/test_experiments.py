"""Experiments repository on SQLite and PostgreSQL: stored once, scoped by user."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from legcare.store import experiments as repo
from legcare.store.tables import LOCAL_USER_ID, users

NOW = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
DESIGN = {"arms": ["evening massage", "none"], "outcome": "rls", "blocks": 4}
SCHEDULE = [{"day": "2026-11-21", "arm": "none", "period": 1, "block": 1, "is_transition": True}]


def _other_user(conn) -> int:
    result = conn.execute(users.insert().values(username="other", role="client", created_at=NOW))
    return int(result.inserted_primary_key[0])


def test_insert_read_and_scope(any_store) -> None:
    with any_store.transaction() as conn:
        other = _other_user(conn)
        mine = repo.insert_experiment(conn, LOCAL_USER_ID, created_at=NOW,
                                      start_day=date(2026, 11, 21), seed=2**61 + 5,
                                      design=DESIGN, schedule=SCHEDULE)  # fmt: skip
    with any_store.read() as conn:
        row = repo.get_experiment(conn, LOCAL_USER_ID, mine)
        assert row is not None
        assert row.seed == 2**61 + 5 and row.design == DESIGN and row.schedule == SCHEDULE
        assert row.status == "active" and row.shared is False and row.created_at == NOW
        assert repo.get_experiment(conn, other, mine) is None
        assert repo.list_experiments(conn, other) == []


def test_status_stop_share_and_latest(any_store) -> None:
    with any_store.transaction() as conn:
        first = repo.insert_experiment(conn, LOCAL_USER_ID, created_at=NOW,
                                       start_day=date(2026, 11, 21), seed=1, design=DESIGN,
                                       schedule=SCHEDULE)  # fmt: skip
        assert repo.set_status(conn, LOCAL_USER_ID, first, status="stopped", stopped_at=NOW,
                               stop_reason="too busy")  # fmt: skip
        second = repo.insert_experiment(conn, LOCAL_USER_ID, created_at=NOW,
                                        start_day=date(2026, 11, 22), seed=2, design=DESIGN,
                                        schedule=SCHEDULE)  # fmt: skip
        assert repo.set_shared(conn, LOCAL_USER_ID, second, shared=True)
        assert not repo.set_shared(conn, LOCAL_USER_ID + 100, second, shared=True)
        assert repo.update_design(conn, LOCAL_USER_ID, second, design={**DESIGN, "x": 1})
    with any_store.read() as conn:
        assert [r.id for r in repo.list_experiments(conn, LOCAL_USER_ID)] == [second, first]
        latest = repo.list_experiments(conn, LOCAL_USER_ID)[0]
        assert latest.id == second and latest.design["x"] == 1
        stopped = repo.get_experiment(conn, LOCAL_USER_ID, first)
        assert stopped is not None and stopped.stop_reason == "too busy"
        assert stopped.stopped_at == NOW
        shared = repo.shared_experiments(conn, [LOCAL_USER_ID])
        assert [r.id for r in shared] == [second]
        assert repo.shared_experiments(conn, []) == []


def test_unknown_status_is_refused(any_store) -> None:
    import pytest

    with any_store.transaction() as conn, pytest.raises(ValueError):
        repo.set_status(conn, LOCAL_USER_ID, 1, status="paused")


def test_schedule_json_survives_round_trip_exactly(any_store) -> None:
    from legcare.domain.experiments.design import Design, build_schedule

    schedule = [d.to_json() for d in build_schedule(Design(("a", "b", "c"), "rls"),
                                                     start=date(2026, 1, 1), seed=9)]  # fmt: skip
    with any_store.transaction() as conn:
        new = repo.insert_experiment(conn, LOCAL_USER_ID, created_at=NOW,
                                     start_day=date(2026, 1, 1), seed=9, design=DESIGN,
                                     schedule=schedule)  # fmt: skip
    with any_store.read() as conn:
        row = repo.get_experiment(conn, LOCAL_USER_ID, new)
        assert row is not None and row.schedule == schedule
        count = conn.execute(sa.select(sa.func.count()).select_from(sa.table("experiments")))
        assert count.scalar_one() == 1
