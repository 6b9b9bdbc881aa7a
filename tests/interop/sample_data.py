"""A user with something in every health table, for the export, report and data-rights tests.

Check-ins go through the diary service (the real write path); the other tables are written with
plain inserts shaped like what their services store, so these tests do not depend on every
other part being finished.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from legcare.services.context import AppContext
from legcare.store import tables as t

SCRIPT_NOTE = "<script>alert('x')</script> legs & feet"

RESULT: dict[str, Any] = {
    "patterns": [
        {
            "id": "restless_legs",
            "name": "Restless legs (RLS) pattern",
            "status": "consistent",
            "reasons": [
                {"question_id": "urge_to_move", "answer": "yes", "why": "An urge to move the legs"}
            ],
            "lookalikes": ["leg_cramps"],
        },
        {
            "id": "plantar_fasciitis",
            "name": "Plantar heel pain pattern",
            "status": "possible",
            "reasons": [],
            "lookalikes": [],
        },
    ],
    "triage": {
        "level": "mention_next_visit",
        "label": "Mention it at your next visit",
        "what_to_do": "Self-care is reasonable; mention these symptoms at your next visit.",
    },
    "red_flags": [],
    "precautions": [
        {
            "id": "varicose_veins",
            "kind": "avoid_area",
            "areas": ["calf"],
            "label": "Do not press on varicose veins",
        }
    ],
    "clinician_points": ["Symptoms began about two years ago and are worse in the evening."],
    "summary": "Your answers are consistent with a restless legs pattern.",
    "content_version": "2026.11",
    "stopped_early": False,
}


def utc(day: date, hour: int = 20, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def add_user(ctx: AppContext, username: str) -> int:
    with ctx.store.transaction() as conn:
        result = conn.execute(
            t.users.insert().values(username=username, created_at=datetime.now(UTC))
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def log_days(ctx: AppContext, end: date, days: int) -> None:
    """Evening and morning check-ins for ``days`` days ending at ``end`` (diary service)."""
    from legcare.services.diary import log_checkin

    for i in range(days):
        day = end - timedelta(days=days - 1 - i)
        massage = i % 2 == 0
        log_checkin(
            ctx=ctx,
            kind="evening",
            day=day,
            values={
                "rls": 3 if massage else 6,
                "leg_pain": 2 + i % 3,
                "caffeine": i % 3 == 0,
                "alcohol": i % 4 == 0,
                "massage_done": massage,
                "exercise_kind": "walking" if i % 2 else "none",
                "exercise_minutes": 30 if i % 2 else 0,
                "note": SCRIPT_NOTE if i == days - 1 else None,
            },
        )
        log_checkin(
            ctx=ctx,
            kind="morning",
            day=day,
            values={
                "sleep_quality": 7 if massage else 4,
                "hours_slept": 7.5 if massage else 6.25,
                "times_woken_by_legs": 0 if massage else 2,
                "first_step_heel_pain": 5,
                "calf_hamstring_pain": 3,
            },
        )


def seed_everything(ctx: AppContext, *, end: date, days: int = 14) -> None:
    """Profile, a completed check, two plans, a review, sessions, check-ins, an experiment."""
    log_days(ctx, end, days)
    start = end - timedelta(days=days - 1)
    uid = ctx.user_id
    with ctx.store.transaction() as conn:
        conn.execute(
            t.profiles.insert().values(
                user_id=uid,
                data={"tools": ["tennis_ball", "foam_roller"], "minutes": 20, "bedtime": "22:30"},
                updated_at=utc(start, 9),
            )
        )
        screening_id = _insert(
            conn,
            t.screenings,
            user_id=uid,
            status="complete",
            started_at=utc(start, 8),
            completed_at=utc(start, 8, 10),
            content_version="2026.11",
            answers={
                "urge_to_move": "yes",
                "worse_evening": "yes",
                "age": 54,
                "where": ["calves", "thighs"],
            },
            result=RESULT,
        )
        plan_ids = [
            _insert(
                conn,
                t.plans,
                user_id=uid,
                version=version,
                created_at=utc(start, 9, version),
                screening_id=screening_id,
                profile={"minutes": 20},
                plan={
                    "summary": f"Evening calf massage and stretches (v{version})",
                    "weekly": [{"day": "mon", "steps": ["calf_stretch"]}],
                },
            )
            for version in (1, 2)
        ]
        _insert(
            conn,
            t.plan_reviews,
            user_id=uid,
            plan_id=plan_ids[0],
            created_at=utc(start + timedelta(days=7), 9),
            proposal={"change": "add hamstring stretch"},
            decision="accepted",
        )
        for i in range(0, days, 2):
            day = start + timedelta(days=i)
            _insert(
                conn,
                t.session_logs,
                user_id=uid,
                plan_id=plan_ids[1],
                day=day,
                status="finished" if i % 4 == 0 else "quit",
                started_at=utc(day, 21),
                ended_at=utc(day, 21, 20),
                state={"steps": [{"id": "calf_roll", "seconds": 90}]},
                tenderness={"calf": 4} if i % 4 == 0 else None,
                note="felt easier" if i == 0 else None,
            )
        _insert(
            conn,
            t.experiments,
            user_id=uid,
            status="active",
            created_at=utc(start, 10),
            start_day=start,
            seed=12345,
            design={
                "question": "Does evening massage help me?",
                "arms": ["massage", "none"],
                "outcome": "rls",
            },
            schedule=[{"day": start.isoformat(), "arm": "massage"}],
            stopped_at=None,
            stop_reason=None,
            shared=False,
        )


def _insert(conn: sa.Connection, table: sa.Table, **values: Any) -> int:
    key = conn.execute(table.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])
