"""A user with something in every health table, for the export, report and data-rights tests.

Check-ins, the profile, plans and sessions go through their services (the real write paths); the
completed check and the experiment are plain inserts shaped like what their services store.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from legcare.services.context import AppContext
from legcare.store import tables as t

SCRIPT_NOTE = "<script>alert('x')</script> legs & feet"
SESSION_NOTE = "<b>felt easier</b> after the calf"

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


def at(ctx: AppContext, day: date, hour: int, minute: int = 0) -> AppContext:
    """``ctx`` with its clock stopped at ``day`` ``hour``:``minute`` UTC."""
    moment = utc(day, hour, minute)
    return dataclasses.replace(ctx, clock=lambda: moment)


def play_session(ctx: AppContext, day: date, *, finish: bool, note: str | None = None) -> None:
    """Play tonight's evening massage through the sessions service (5-second steps)."""
    from legcare.domain.sessions import player
    from legcare.domain.sessions.player import PlayerState
    from legcare.services import sessions

    view = sessions.start_session(
        ctx=at(ctx, day, 21), resume=False, session_id="evening_massage", step_seconds=5
    )
    state = PlayerState.from_dict(view["state"])
    now = utc(day, 21).timestamp()
    while finish and not state.finished:
        now += 1
        state = player.tick(state, now)[0]
    if finish:
        sessions.finish_session(
            ctx=at(ctx, day, 21, 20),
            log_id=view["log_id"],
            state=state.to_dict(),
            tenderness={"calf": 4},
            note=note,
        )
    else:
        sessions.save_progress(
            ctx=at(ctx, day, 21, 5), log_id=view["log_id"], state=state.to_dict(), quit=True
        )


def seed_everything(ctx: AppContext, *, end: date, days: int = 14) -> None:
    """Profile, a completed check, two plans, sessions, check-ins, an experiment."""
    from legcare.services import plans

    log_days(ctx, end, days)
    start = end - timedelta(days=days - 1)
    with ctx.store.transaction() as conn:
        _insert(
            conn,
            t.screenings,
            user_id=ctx.user_id,
            status="complete",
            started_at=utc(start, 8),
            completed_at=utc(start, 8, 10),
            content_version="2026.11",
            answers={
                "rf_emergency": [],
                "complaints": ["restless", "heel"],
                "rls_urge": "yes",
                "rls_evening": "yes",
                "rls_days_per_week": 5,
                "rls_sleep": 6,
                "heel_risks": ["footwear"],
            },
            result=RESULT,
        )
    plans.save_profile(
        ctx=at(ctx, start, 9), data={"tools": ["tennis_ball"], "minutes_per_day": 20}
    )
    plans.current_plan_record(ctx=at(ctx, start, 9, 5))
    half = start + timedelta(days=days // 2)
    review = plans.make_weekly_review(ctx=at(ctx, half, 8))["review"]
    if review is not None:  # a week has passed: decline the proposal
        plans.decide_review(ctx=at(ctx, half, 8, 5), review_id=review["id"], accept=False)
    plans.save_profile(ctx=at(ctx, half, 9), data={"tools": ["tennis_ball", "foam_roller"]})
    plans.current_plan_record(ctx=at(ctx, half, 9, 5))
    for i in range(0, days, 2):
        play_session(
            ctx, start + timedelta(days=i), finish=i % 4 == 0, note=SESSION_NOTE if i == 0 else None
        )
    from legcare.services.experiments import new_experiment

    new_experiment(
        ctx=at(ctx, start, 10),
        arms="evening massage,none",
        outcome="rls",
        pairs=2,
        period_days=3,
        seed=12345,
        start=start,
    )


def seed_tracking(ctx: AppContext, *, end: date) -> None:
    """Two medicines (one as needed, used once), a factor on two days, both weekly scores and
    imported steps, sleep and resting heart rate: 11 rows."""
    from legcare.domain.tracking.factors import FactorKind, new_factor
    from legcare.domain.tracking.medicines import MedicineUse, new_medicine
    from legcare.domain.tracking.sources import ValueSource
    from legcare.domain.tracking.weekly_scores import WeeklyScoreKind, weekly_score
    from legcare.store import factors, health_values, medicines, weekly_scores

    now = utc(end, 21)
    manual = ValueSource.MANUAL
    with ctx.store.transaction() as conn:
        regular = new_medicine(name="Sertraline", started=end - timedelta(days=60))
        medicines.insert_medicine(conn, ctx.user_id, regular, manual, now)
        prn = new_medicine(name="Paracetamol", as_needed=True, own_dose_text="my own <b>text</b>")
        prn_id = medicines.insert_medicine(conn, ctx.user_id, prn, manual, now)
        medicines.insert_use(conn, ctx.user_id, prn_id, MedicineUse(end, "heel"), manual, now)
        stress = factors.insert_factor(
            conn, ctx.user_id, new_factor("Stress", FactorKind.SCALE), now
        )
        factors.set_value(conn, ctx.user_id, stress, end, 6, manual, now)
        factors.set_value(conn, ctx.user_id, stress, end - timedelta(days=1), 3, manual, now)
        rls = {"frequency": 5, "intensity": 6, "sleep": 4, "daytime_impact": 3}
        heel = {"first_step_pain": 6, "pain_after_standing": 4, "function": 2}
        for kind, answers in ((WeeklyScoreKind.RLS, rls), (WeeklyScoreKind.HEEL, heel)):
            score = weekly_score(kind, end, answers, today=end)
            weekly_scores.save_weekly_score(conn, ctx.user_id, score, manual, now)
        apple = ValueSource.APPLE_HEALTH
        metric = health_values.Metric
        health_values.save_values(
            conn,
            ctx.user_id,
            [
                health_values.HealthValue(metric.STEPS, end, 6400, apple),
                health_values.HealthValue(metric.SLEEP_MINUTES, end, 410, apple),
                health_values.HealthValue(metric.RESTING_HEART_RATE, end, 58, apple),
            ],
            now,
        )


def _insert(conn: sa.Connection, table: sa.Table, **values: Any) -> int:
    key = conn.execute(table.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])
