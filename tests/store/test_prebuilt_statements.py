"""The repositories' prebuilt statements (built once at import, values bound per call) return
each user only their own rows, however the calls for two users interleave on one connection,
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from legcare.domain.diary import CheckinKind
from legcare.domain.tracking.factors import Factor, FactorKind
from legcare.domain.tracking.medicines import Medicine, MedicineKind, MedicineUse
from legcare.domain.tracking.sources import ValueSource
from legcare.domain.tracking.weekly_scores import WeeklyScore, WeeklyScoreKind
from legcare.store import (
    checkins,
    experiments,
    factors,
    health_values,
    medicines,
    plan_reviews,
    plans,
    profiles,
    screenings,
    session_logs,
    web_sessions,
    weekly_scores,
)
from legcare.store.database import Store
from legcare.store.tables import users

NOW = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 16)  # a Monday
EVENING = CheckinKind.EVENING


def _seed(conn: Any, user: int, mark: int) -> dict[str, int]:
    """Rows for ``user`` that carry ``mark`` (a rating, a count, a name), one of each kind."""
    ids: dict[str, int] = {}
    for offset in range(3):
        day = DAY + timedelta(days=offset)
        checkins.insert_checkin(conn, user, EVENING, day, {"rls": mark}, NOW)
    screenings.complete(conn, user_id=user, answers={"mark": mark}, result={"mark": mark},
                        content_version="v", now=NOW)  # fmt: skip
    screenings.save_draft(conn, user_id=user, answers={"mark": mark}, content_version="v", now=NOW)
    plan = plans.insert_plan(conn, user_id=user, profile={"mark": mark}, plan={"mark": mark},
                             screening_id=None, now=NOW)  # fmt: skip
    ids["plan"] = plan.id
    ids["review"] = plan_reviews.insert_review(
        conn, user_id=user, plan_id=plan.id, proposal={"mark": mark}, now=NOW
    ).id
    ids["log"] = session_logs.insert_log(
        conn, user_id=user, plan_id=plan.id, day=DAY, state={"mark": mark}, now=NOW
    ).id
    ids["experiment"] = experiments.insert_experiment(
        conn, user, created_at=NOW, start_day=DAY, seed=mark, design={"mark": mark}, schedule=[]
    )
    profiles.save_profile(conn, user_id=user, data={"mark": mark}, now=NOW)
    factor = factors.insert_factor(conn, user, Factor(f"f{mark}", FactorKind.SCALE), NOW)
    factors.set_value(conn, user, factor, DAY, mark, ValueSource.MANUAL, NOW)
    answers = (("frequency", mark), ("intensity", mark), ("sleep", mark), ("daytime_impact", mark))
    weekly_scores.save_weekly_score(
        conn, user, WeeklyScore(WeeklyScoreKind.RLS, DAY, answers, mark), ValueSource.MANUAL, NOW
    )
    health_values.save_values(
        conn,
        user,
        [health_values.HealthValue(health_values.Metric.STEPS, DAY, mark, ValueSource.FITBIT)],
        NOW,
    )
    medicine = Medicine(f"m{mark}", MedicineKind.MEDICINE, None, None, as_needed=True)
    med_id = medicines.insert_medicine(conn, user, medicine, ValueSource.MANUAL, NOW)
    medicines.insert_use(conn, user, med_id, MedicineUse(DAY, f"u{mark}"), ValueSource.MANUAL, NOW)
    web_sessions.insert_session(conn, token_hash=f"t{mark}", user_id=user, csrf_token=f"c{mark}",
                                created_at=NOW, expires_at=NOW + timedelta(days=1))  # fmt: skip
    return ids


def _marks(conn: Any, user: int, ids: dict[str, int]) -> dict[str, Any]:
    """What every prebuilt read returns for ``user``, reduced to the marks it carries."""
    end = DAY + timedelta(days=6)
    out: dict[str, Any] = {}
    got = checkins.get_checkin(conn, user, EVENING, DAY)
    out["get_checkin"] = got.values["rls"] if got else None
    for start in (None, DAY):
        for stop in (None, end):
            for kind in (None, EVENING):
                found = checkins.iter_checkins(conn, user, start=start, end=stop, kind=kind)
                out[f"iter {start} {stop} {kind}"] = {c.values["rls"] for c in found}
    out["checkin_values"] = {v["rls"] for _, _, v in checkins.checkin_values(
        conn, user, start=DAY, end=end)}  # fmt: skip
    out["checkin_days"] = len(checkins.checkin_days(conn, user, EVENING, DAY, end))
    out["completed"] = [r.answers["mark"] for r in screenings.list_completed(conn, user_id=user)]
    latest = screenings.latest_completed(conn, user_id=user)
    out["latest_completed"] = latest.answers["mark"] if latest else None
    draft = screenings.get_draft(conn, user_id=user)
    out["draft"] = draft.answers["mark"] if draft else None
    logs = session_logs.list_logs(conn, user_id=user, start=DAY, end=end)
    out["logs"] = [r.state["mark"] for r in logs]
    unfinished = session_logs.latest_unfinished(conn, user_id=user)
    out["unfinished"] = unfinished.state["mark"] if unfinished else None
    log = session_logs.get_log(conn, user_id=user, log_id=ids["log"])
    out["log"] = log.state["mark"] if log else None
    out["experiments"] = [e.seed for e in experiments.list_experiments(conn, user)]
    experiment = experiments.get_experiment(conn, user, ids["experiment"])
    out["experiment"] = experiment.seed if experiment else None
    out["plans"] = [p.plan["mark"] for p in plans.list_plans(conn, user_id=user)]
    plan = plans.latest_plan(conn, user_id=user)
    out["latest_plan"] = plan.plan["mark"] if plan else None
    by_id = plans.get_plan_by_id(conn, user_id=user, plan_id=ids["plan"])
    out["plan_by_id"] = by_id.plan["mark"] if by_id else None
    version = plans.get_plan(conn, user_id=user, version=1)
    out["plan_version"] = version.plan["mark"] if version else None
    out["reviews"] = [r.proposal["mark"] for r in plan_reviews.list_reviews(conn, user_id=user)]
    out["undecided"] = len(plan_reviews.list_reviews(conn, user_id=user, decision="accepted"))
    review = plan_reviews.latest_review(conn, user_id=user)
    out["latest_review"] = review.proposal["mark"] if review else None
    profile = profiles.get_profile(conn, user_id=user)
    out["profile"] = profile["mark"] if profile else None
    for active in (False, True):
        names = [f.factor.name for f in factors.list_factors(conn, user, active_only=active)]
        out[f"factors {active}"] = names
    for start in (None, DAY):
        for stop in (None, end):
            values = factors.list_values(conn, user, start=start, end=stop)
            out[f"factor values {start} {stop}"] = [v.value for v in values]
            uses = medicines.list_uses(conn, user, start=start, end=stop)
            out[f"uses {start} {stop}"] = [u.use.note for u in uses]
            for kind in (None, WeeklyScoreKind.RLS):
                scores = weekly_scores.list_weekly_scores(conn, user, kind=kind, start=start,
                                                          end=stop)  # fmt: skip
                out[f"weekly {kind} {start} {stop}"] = [s.score.score for s in scores]
                metric = None if kind is None else health_values.Metric.STEPS
                found = health_values.list_values(conn, user, metric=metric, start=start, end=stop)
                out[f"health {metric} {start} {stop}"] = [v.value for v in found]
    out["medicines"] = [m.medicine.name for m in medicines.list_medicines(conn, user)]
    session = web_sessions.live_session(conn, token_hash=f"t{user * 10 + 1}", now=NOW)
    out["session"] = session.csrf_token if session else None
    return out


def _expected(mark: int) -> dict[str, Any]:
    return {
        "get_checkin": mark,
        **{
            f"iter {s} {e} {k}": {mark}
            for s in (None, DAY)
            for e in (None, DAY + timedelta(days=6))
            for k in (None, EVENING)
        },
        "checkin_values": {mark},
        "checkin_days": 3,
        "completed": [mark],
        "latest_completed": mark,
        "draft": mark,
        "logs": [mark],
        "unfinished": mark,
        "log": mark,
        "experiments": [mark],
        "experiment": mark,
        "plans": [mark],
        "latest_plan": mark,
        "plan_by_id": mark,
        "plan_version": mark,
        "reviews": [mark],
        "undecided": 0,
        "latest_review": mark,
        "profile": mark,
        "factors False": [f"f{mark}"],
        "factors True": [f"f{mark}"],
        **{
            key: value
            for s in (None, DAY)
            for e in (None, DAY + timedelta(days=6))
            for key, value in (
                (f"factor values {s} {e}", [mark]),
                (f"uses {s} {e}", [f"u{mark}"]),
                (f"weekly None {s} {e}", [mark]),
                (f"weekly {WeeklyScoreKind.RLS} {s} {e}", [mark]),
                (f"health None {s} {e}", [mark]),
                (f"health {health_values.Metric.STEPS} {s} {e}", [mark]),
            )
        },
        "medicines": [f"m{mark}"],
        "session": f"c{mark}",
    }


def test_two_users_each_read_only_their_own_rows(any_store: Store) -> None:
    with any_store.transaction() as conn:
        other = int(
            conn.execute(
                users.insert().values(username="other", role="client", created_at=NOW)
            ).inserted_primary_key[0]
        )
        # the session token names its user: t11 for user 1, t<other>1 for the other
        marks = {1: 11, other: other * 10 + 1}
        ids = {user: _seed(conn, user, mark) for user, mark in marks.items()}
    with any_store.read() as conn:
        for user in (1, other, 1, other):  # interleaved: the same statements, run again
            assert _marks(conn, user, ids[user]) == _expected(marks[user]), user
        # another user's row ids find nothing
        assert session_logs.get_log(conn, user_id=other, log_id=ids[1]["log"]) is None
        assert experiments.get_experiment(conn, other, ids[1]["experiment"]) is None
        assert plans.get_plan_by_id(conn, user_id=1, plan_id=ids[other]["plan"]) is None


@pytest.mark.parametrize("first", ["owner", "other"])
def test_check_in_writes_touch_only_their_users_row(any_store: Store, first: str) -> None:
    with any_store.transaction() as conn:
        other = int(
            conn.execute(
                users.insert().values(username="other", role="client", created_at=NOW)
            ).inserted_primary_key[0]
        )
        for user in (1, other):
            checkins.insert_checkin(conn, user, EVENING, DAY, {"rls": user}, NOW)
    order = (1, other) if first == "owner" else (other, 1)
    later = NOW + timedelta(hours=1)
    with any_store.transaction() as conn:
        assert checkins.update_checkin(conn, order[0], EVENING, DAY, {"rls": 9}, later)
        assert checkins.delete_checkin(conn, order[1], EVENING, DAY)
        assert not checkins.delete_checkin(conn, order[1], EVENING, DAY)
    with any_store.read() as conn:
        kept = checkins.get_checkin(conn, order[0], EVENING, DAY)
        assert kept is not None and kept.values["rls"] == 9 and kept.updated_at == later
        assert kept.created_at == NOW
        assert checkins.get_checkin(conn, order[1], EVENING, DAY) is None
