"""Profiles, plans, plan reviews and session logs repositories, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from legcare.store import plan_reviews, plans, profiles, session_logs
from legcare.store.database import Store
from legcare.store.tables import LOCAL_USER_ID, checkins, users

NOW = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
ME = LOCAL_USER_ID


@pytest.fixture
def other(any_store: Store) -> int:
    with any_store.transaction() as conn:
        result = conn.execute(users.insert().values(username="other", created_at=NOW))
        return int(result.inserted_primary_key[0])


def test_profile_upsert_and_scope(any_store: Store, other: int) -> None:
    with any_store.transaction() as conn:
        assert profiles.get_profile(conn, user_id=ME) is None
        profiles.save_profile(conn, user_id=ME, data={"minutes_per_day": 30}, now=NOW)
    with any_store.transaction() as conn:
        profiles.save_profile(conn, user_id=ME, data={"minutes_per_day": 20}, now=NOW)
    with any_store.read() as conn:
        assert profiles.get_profile(conn, user_id=ME) == {"minutes_per_day": 20}
        assert profiles.get_profile(conn, user_id=other) is None


def test_plan_versions_are_kept_and_scoped(any_store: Store, other: int) -> None:
    with any_store.transaction() as conn:
        first = plans.insert_plan(
            conn, user_id=ME, profile={"a": 1}, plan={"v": 1}, screening_id=None, now=NOW
        )
        second = plans.insert_plan(
            conn,
            user_id=ME,
            profile={"a": 2},
            plan={"v": 2},
            screening_id=None,
            now=NOW + timedelta(1),
        )
        theirs = plans.insert_plan(
            conn, user_id=other, profile={}, plan={"v": "x"}, screening_id=None, now=NOW
        )
    assert (first.version, second.version, theirs.version) == (1, 2, 1)
    with any_store.read() as conn:
        latest = plans.latest_plan(conn, user_id=ME)
        assert latest is not None and latest.plan == {"v": 2} and latest.created_at.tzinfo
        assert [p.version for p in plans.list_plans(conn, user_id=ME)] == [2, 1]
        assert plans.get_plan(conn, user_id=ME, version=1).profile == {"a": 1}  # type: ignore[union-attr]
        assert plans.get_plan_by_id(conn, user_id=ME, plan_id=theirs.id) is None
        assert plans.get_plan_by_id(conn, user_id=other, plan_id=theirs.id) is not None


def test_duplicate_version_is_refused(any_store: Store) -> None:
    with any_store.transaction() as conn:
        plans.insert_plan(conn, user_id=ME, profile={}, plan={}, screening_id=None, now=NOW)
    with pytest.raises(sa.exc.IntegrityError), any_store.engine.begin() as conn:
        conn.execute(
            plans.plans.insert().values(
                user_id=ME, version=1, created_at=NOW, profile={}, plan={}, screening_id=None
            )
        )


def test_reviews_decide_once(any_store: Store, other: int) -> None:
    with any_store.transaction() as conn:
        plan = plans.insert_plan(conn, user_id=ME, profile={}, plan={}, screening_id=None, now=NOW)
        review = plan_reviews.insert_review(
            conn, user_id=ME, plan_id=plan.id, proposal={"kind": "keep"}, now=NOW
        )
    with any_store.transaction() as conn:
        assert not plan_reviews.decide_review(
            conn, user_id=other, review_id=review.id, decision="accepted"
        )
        assert plan_reviews.decide_review(
            conn, user_id=ME, review_id=review.id, decision="accepted"
        )
        assert not plan_reviews.decide_review(
            conn, user_id=ME, review_id=review.id, decision="declined"
        )
    with any_store.read() as conn:
        assert plan_reviews.latest_review(conn, user_id=ME).decision == "accepted"  # type: ignore[union-attr]
        assert len(plan_reviews.list_reviews(conn, user_id=ME, decision="accepted")) == 1
        assert plan_reviews.list_reviews(conn, user_id=ME, decision="declined") == []
        assert plan_reviews.get_review(conn, user_id=other, review_id=review.id) is None


def test_evening_ratings_read(any_store: Store, other: int) -> None:
    with any_store.transaction() as conn:
        for user, day, kind, data in (
            (ME, date(2026, 11, 18), "evening", {"rls": 6}),
            (ME, date(2026, 11, 19), "evening", {"sleep": 3}),
            (ME, date(2026, 11, 19), "morning", {"rls": 9}),
            (other, date(2026, 11, 18), "evening", {"rls": 1}),
        ):
            conn.execute(
                checkins.insert().values(
                    user_id=user, kind=kind, day=day, data=data, created_at=NOW, updated_at=NOW
                )
            )
    with any_store.read() as conn:
        rows = plan_reviews.evening_ratings(
            conn, user_id=ME, start=date(2026, 11, 1), end=date(2026, 11, 30)
        )
    assert rows == [(date(2026, 11, 18), 6.0)]


def test_session_log_lifecycle(any_store: Store, other: int) -> None:
    day = date(2026, 11, 20)
    with any_store.transaction() as conn:
        log = session_logs.insert_log(
            conn, user_id=ME, plan_id=None, day=day, state={"n": 0}, now=NOW
        )
    with any_store.transaction() as conn:
        assert session_logs.update_log(
            conn, user_id=ME, log_id=log.id, state={"n": 1}, status="quit"
        )
        assert not session_logs.update_log(
            conn, user_id=other, log_id=log.id, state={"n": 9}, status="quit"
        )
    with any_store.read() as conn:
        pending = session_logs.latest_unfinished(conn, user_id=ME)
        assert pending is not None and pending.state == {"n": 1} and pending.status == "quit"
        assert session_logs.latest_unfinished(conn, user_id=other) is None
    with any_store.transaction() as conn:
        session_logs.update_log(
            conn,
            user_id=ME,
            log_id=log.id,
            state={"n": 2},
            status="finished",
            ended_at=NOW,
            tenderness={"calf": 3},
            note="ok",
        )
        # finished logs are closed to further writes
        assert not session_logs.update_log(
            conn, user_id=ME, log_id=log.id, state={"n": 3}, status="in_progress"
        )
    with any_store.read() as conn:
        done = session_logs.get_log(conn, user_id=ME, log_id=log.id)
        assert done is not None and done.tenderness == {"calf": 3} and done.note == "ok"
        assert done.ended_at == NOW
        assert session_logs.latest_unfinished(conn, user_id=ME) is None
        assert len(session_logs.list_logs(conn, user_id=ME, start=day, end=day)) == 1
        assert (
            session_logs.list_logs(
                conn, user_id=ME, start=day + timedelta(1), end=day + timedelta(2)
            )
            == []
        )
        assert session_logs.list_logs(conn, user_id=other, start=day, end=day) == []
