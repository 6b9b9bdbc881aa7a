"""The screenings repository on SQLite and PostgreSQL: drafts, completion, history, scoping."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from legcare.store import screenings as repo
from legcare.store.database import Store
from legcare.store.tables import LOCAL_USER_ID, users
from tests.conftest import FIXED_NOW

ME = LOCAL_USER_ID


def _other_user(store: Store) -> int:
    with store.transaction() as conn:
        return int(
            conn.execute(
                sa.insert(users)
                .values(username="someone-else", role="client", created_at=FIXED_NOW)
                .returning(users.c.id)
            ).scalar_one()
        )


def test_a_draft_is_created_once_and_updated(any_store: Store) -> None:
    with any_store.transaction() as conn:
        first = repo.save_draft(
            conn, user_id=ME, answers={"a": "yes"}, content_version="v1", now=FIXED_NOW
        )
        second = repo.save_draft(
            conn,
            user_id=ME,
            answers={"a": "yes", "b": ["x", "y"]},
            content_version="v1",
            now=FIXED_NOW,
        )
    assert first == second
    with any_store.read() as conn:
        draft = repo.get_draft(conn, user_id=ME)
    assert draft is not None and draft.status == repo.IN_PROGRESS
    assert draft.answers == {"a": "yes", "b": ["x", "y"]} and draft.result is None


def test_completing_from_a_draft_reuses_its_row(any_store: Store) -> None:
    with any_store.transaction() as conn:
        draft_id = repo.save_draft(
            conn, user_id=ME, answers={"a": "no"}, content_version="v1", now=FIXED_NOW
        )
        done = repo.complete(
            conn,
            user_id=ME,
            answers={"a": "no"},
            result={"triage": {"level": "self_care"}},
            content_version="v1",
            now=FIXED_NOW + timedelta(minutes=3),
            from_draft=True,
        )
    assert done == draft_id
    with any_store.read() as conn:
        assert repo.get_draft(conn, user_id=ME) is None
        latest = repo.latest_completed(conn, user_id=ME)
    assert latest is not None and latest.id == draft_id
    assert latest.started_at < latest.completed_at  # type: ignore[operator]
    assert latest.result == {"triage": {"level": "self_care"}}


def test_a_direct_check_leaves_the_draft_alone_and_history_is_newest_first(
    any_store: Store,
) -> None:
    with any_store.transaction() as conn:
        repo.save_draft(conn, user_id=ME, answers={"a": "yes"}, content_version="v1", now=FIXED_NOW)
        ids = [
            repo.complete(
                conn,
                user_id=ME,
                answers={},
                result={"n": i},
                content_version="v1",
                now=FIXED_NOW + timedelta(days=i),
            )
            for i in range(3)
        ]
    with any_store.read() as conn:
        assert repo.get_draft(conn, user_id=ME) is not None
        history = repo.list_completed(conn, user_id=ME)
        assert [r.id for r in history] == ids[::-1]
        assert [r.id for r in repo.list_completed(conn, user_id=ME, limit=2)] == ids[:0:-1]
        assert repo.get_completed(conn, user_id=ME, screening_id=ids[0]) is not None


def test_every_query_is_scoped_to_its_user(any_store: Store) -> None:
    other = _other_user(any_store)
    with any_store.transaction() as conn:
        mine = repo.complete(
            conn, user_id=ME, answers={}, result={}, content_version="v1", now=FIXED_NOW
        )
        repo.save_draft(conn, user_id=ME, answers={"a": "yes"}, content_version="v1", now=FIXED_NOW)
    with any_store.read() as conn:
        assert repo.list_completed(conn, user_id=other) == []
        assert repo.latest_completed(conn, user_id=other) is None
        assert repo.get_draft(conn, user_id=other) is None
        assert repo.get_completed(conn, user_id=other, screening_id=mine) is None
    with any_store.transaction() as conn:
        assert repo.discard_draft(conn, user_id=other) is False
        assert repo.discard_draft(conn, user_id=ME) is True
        assert repo.discard_draft(conn, user_id=ME) is False
