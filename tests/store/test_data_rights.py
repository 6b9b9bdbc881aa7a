"""The data-rights repository on SQLite and PostgreSQL: it reads, deletes and inserts only the
rows of one user, each in one transaction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from legcare.errors import Conflict
from legcare.interop import tabular
from legcare.services.context import AppContext
from legcare.store import data_rights
from legcare.store.database import Store
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import add_user, seed_everything

TODAY = FIXED_NOW.date()


@pytest.fixture
def two_users(any_ctx: AppContext) -> tuple[AppContext, AppContext]:
    other = any_ctx.for_user(add_user(any_ctx, "other"))
    seed_everything(any_ctx, end=TODAY, days=5)
    seed_everything(other, end=TODAY, days=3)
    return any_ctx, other


def _counts(ctx: AppContext) -> dict[str, int]:
    with ctx.store.read() as conn:
        return data_rights.count_all(conn, ctx.user_id)


def test_read_all_is_scoped_to_the_user(two_users) -> None:
    me, other = two_users
    with me.store.read() as conn:
        mine = data_rights.read_all(conn, me.user_id)
        theirs = data_rights.read_all(conn, other.user_id)
    assert len(mine["checkins"]) == 10 and len(theirs["checkins"]) == 6
    for rows in (*mine.values(), *theirs.values()):
        assert len({r["user_id"] for r in rows}) <= 1
    assert {r["user_id"] for r in mine["plans"]} == {me.user_id}


def test_delete_removes_only_that_users_rows(two_users) -> None:
    me, other = two_users
    before_other = _counts(other)
    with me.store.transaction() as conn:
        deleted = data_rights.delete_all(conn, me.user_id)
    assert deleted["checkins"] == 10 and deleted["session_logs"] == 3
    assert sum(_counts(me).values()) == 0
    assert _counts(other) == before_other
    with me.store.read() as conn:  # the account itself stays
        assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar_one() == 2


def test_delete_is_one_transaction(two_users) -> None:
    me, _ = two_users
    before = _counts(me)
    with pytest.raises(RuntimeError), me.store.transaction() as conn:
        data_rights.delete_all(conn, me.user_id)
        raise RuntimeError("power cut")
    assert _counts(me) == before


def test_insert_all_remaps_ids_next_to_another_user(two_users) -> None:
    me, other = two_users
    with me.store.read() as conn:
        rows = data_rights.read_all(conn, other.user_id)
    document = tabular.to_document(rows, exported_at=FIXED_NOW, app_version="test")
    parsed = tabular.from_document(document)
    with me.store.transaction() as conn:
        data_rights.delete_all(conn, me.user_id)
        counts = data_rights.insert_all(conn, me.user_id, parsed)
    assert counts == _counts(other) == _counts(me)
    with me.store.read() as conn:
        mine = data_rights.read_all(conn, me.user_id)
    my_plan_ids = {p["id"] for p in mine["plans"]}
    assert {s["plan_id"] for s in mine["session_logs"]} <= my_plan_ids
    assert {p["screening_id"] for p in mine["plans"]} == {mine["screenings"][0]["id"]}
    again = tabular.to_document(mine, exported_at=FIXED_NOW, app_version="test")
    assert again == document


def test_a_clash_rolls_back_the_whole_insert(two_users) -> None:
    me, _ = two_users
    with me.store.read() as conn:
        rows = data_rights.read_all(conn, me.user_id)
    parsed = tabular.from_document(
        tabular.to_document(rows, exported_at=FIXED_NOW, app_version="t")
    )
    before = _counts(me)
    with pytest.raises(Conflict), me.store.transaction() as conn:  # check-ins already there
        data_rights.insert_all(conn, me.user_id, parsed)
    assert _counts(me) == before


def test_recent_notes_newest_first_and_scoped(two_users) -> None:
    from datetime import timedelta

    from legcare.services.diary import log_checkin
    from tests.interop.sample_data import SCRIPT_NOTE

    me, other = two_users
    log_checkin(
        ctx=me,
        kind="morning",
        day=TODAY - timedelta(days=2),
        values={"sleep_quality": 5, "note": "slept badly"},
        replace=True,
    )
    with me.store.read() as conn:
        mine = data_rights.recent_notes(
            conn, me.user_id, start=TODAY - timedelta(days=30), end=TODAY, limit=5
        )
        none = data_rights.recent_notes(
            conn,
            me.user_id,
            start=TODAY - timedelta(days=1),
            end=TODAY - timedelta(days=1),
            limit=5,
        )
    assert mine == [
        (TODAY, "evening", SCRIPT_NOTE),
        (TODAY - timedelta(days=2), "morning", "slept badly"),
    ]
    assert none == []


def test_an_imported_experiment_is_never_shared_without_fresh_consent(store: Store) -> None:
    from datetime import UTC, date, datetime

    from legcare.store import data_rights
    from legcare.store.tables import experiments

    now = datetime(2026, 11, 1, tzinfo=UTC)
    with store.transaction() as conn:
        conn.execute(
            experiments.insert().values(
                user_id=1, status="active", created_at=now, start_day=date(2026, 11, 2),
                seed=7, design={}, schedule=[], shared=True,
            )
        )  # fmt: skip
        rows = data_rights.read_all(conn, 1)
        assert rows["experiments"][0]["shared"] is True
        data_rights.delete_all(conn, 1)
        data_rights.insert_all(conn, 1, rows)
        stored = conn.execute(sa.select(experiments.c.shared)).scalars().all()
    assert stored == [False]
