"""Tracking repositories on SQLite and PostgreSQL: medicines, factors, weekly scores, health values.

Every value keeps its source; every query is scoped to its user; a conflict writes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from legcare.domain.tracking.factors import FactorKind, new_factor
from legcare.domain.tracking.medicines import MedicineKind, MedicineUse, new_medicine
from legcare.domain.tracking.sources import ValueSource
from legcare.domain.tracking.weekly_scores import WeeklyScoreKind, weekly_score
from legcare.errors import Conflict, NotFound
from legcare.store import factors as factor_repo
from legcare.store import health_values as health_repo
from legcare.store import medicines as med_repo
from legcare.store import weekly_scores as weekly_repo
from legcare.store.database import Store
from legcare.store.tables import users

NOW = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)
DAY = date(2026, 12, 3)


def _second_user(store: Store) -> int:
    with store.transaction() as conn:
        return int(
            conn.execute(
                users.insert().values(username="other", role="client", created_at=NOW)
            ).inserted_primary_key[0]
        )


def test_medicine_round_trip_keeps_the_dose_text_verbatim(any_store: Store) -> None:
    med = new_medicine(
        name="Ropinirole",
        started=date(2026, 1, 5),
        as_needed=False,
        own_dose_text="  as  my GP said ",
        kind=MedicineKind.MEDICINE,
    )
    with any_store.transaction() as conn:
        med_id = med_repo.insert_medicine(conn, 1, med, ValueSource.MANUAL, NOW)
        med_repo.set_stopped(conn, 1, med_id, date(2026, 3, 1))
    with any_store.read() as conn:
        stored = med_repo.get_medicine(conn, 1, med_id)
    assert stored.medicine.own_dose_text == "  as  my GP said "
    assert stored.medicine.stopped == date(2026, 3, 1)
    assert stored.source is ValueSource.MANUAL


def test_uses_are_scoped_and_deleted_with_their_medicine(any_store: Store) -> None:
    other = _second_user(any_store)
    prn = new_medicine(name="paracetamol", as_needed=True)
    with any_store.transaction() as conn:
        med_id = med_repo.insert_medicine(conn, 1, prn, ValueSource.MANUAL, NOW)
        med_repo.insert_use(conn, 1, med_id, MedicineUse(DAY, "bad night"), ValueSource.MANUAL, NOW)
    with any_store.read() as conn:
        assert [u.use.note for u in med_repo.list_uses(conn, 1)] == ["bad night"]
        assert med_repo.list_uses(conn, other) == []
        assert med_repo.list_medicines(conn, other) == []
        with pytest.raises(NotFound):
            med_repo.get_medicine(conn, other, med_id)
    with any_store.transaction() as conn:
        med_repo.delete_medicine(conn, 1, med_id)
    with any_store.read() as conn:
        assert med_repo.list_uses(conn, 1) == []


def test_factor_names_are_unique_per_user_whatever_the_case(any_store: Store) -> None:
    other = _second_user(any_store)
    with any_store.transaction() as conn:
        factor_repo.insert_factor(conn, 1, new_factor("Stress", FactorKind.SCALE), NOW)
    with pytest.raises(Conflict, match="already exists"), any_store.transaction() as conn:
        factor_repo.insert_factor(conn, 1, new_factor("new shoes", FactorKind.YES_NO), NOW)
        factor_repo.insert_factor(conn, 1, new_factor("STRESS", FactorKind.YES_NO), NOW)
    with any_store.transaction() as conn:
        factor_repo.insert_factor(conn, other, new_factor("stress", FactorKind.YES_NO), NOW)
    with any_store.read() as conn:
        names = [f.factor.name for f in factor_repo.list_factors(conn, 1)]
        assert names == ["Stress"]  # "new shoes" rolled back with the conflict
        assert factor_repo.find_factor(conn, 1, " stress ").factor.kind is FactorKind.SCALE


def test_factor_values_replace_per_day_and_keep_their_source(any_store: Store) -> None:
    with any_store.transaction() as conn:
        fid = factor_repo.insert_factor(conn, 1, new_factor("stress", FactorKind.SCALE), NOW)
        factor_repo.set_value(conn, 1, fid, DAY, 4, ValueSource.MANUAL, NOW)
        factor_repo.set_value(conn, 1, fid, DAY, 7, ValueSource.MANUAL, NOW)
        factor_repo.set_value(conn, 1, fid, date(2026, 12, 1), 2, ValueSource.MANUAL, NOW)
    with any_store.read() as conn:
        values = factor_repo.list_values(conn, 1, start=DAY)
    assert [(v.day, v.value, v.source) for v in values] == [(DAY, 7, ValueSource.MANUAL)]


def test_weekly_score_saved_again_replaces_the_week(any_store: Store) -> None:
    answers = {"first_step_pain": 6, "pain_after_standing": 4, "function": 2}
    first = weekly_score(WeeklyScoreKind.HEEL, DAY, answers, today=DAY)
    again = weekly_score(WeeklyScoreKind.HEEL, DAY, {**answers, "function": 8}, today=DAY)
    with any_store.transaction() as conn:
        assert weekly_repo.save_weekly_score(conn, 1, first, ValueSource.MANUAL, NOW) is False
        assert weekly_repo.save_weekly_score(conn, 1, again, ValueSource.MANUAL, NOW) is True
    with any_store.read() as conn:
        stored = weekly_repo.list_weekly_scores(conn, 1, kind=WeeklyScoreKind.HEEL)
        assert weekly_repo.list_weekly_scores(conn, 1, kind=WeeklyScoreKind.RLS) == []
    assert [s.score for s in stored] == [again]
    assert stored[0].score.week == date(2026, 11, 30)


def test_health_values_keep_each_source_and_replace_on_reimport(any_store: Store) -> None:
    metric = health_repo.Metric.STEPS
    apple = health_repo.HealthValue(metric, DAY, 6000, ValueSource.APPLE_HEALTH)
    fitbit = health_repo.HealthValue(metric, DAY, 5800, ValueSource.FITBIT)
    with any_store.transaction() as conn:
        assert health_repo.save_values(conn, 1, [apple, fitbit], NOW) == (2, 0)
        newer = health_repo.HealthValue(metric, DAY, 6100, ValueSource.APPLE_HEALTH)
        assert health_repo.save_values(conn, 1, [newer], NOW) == (0, 1)
    with any_store.read() as conn:
        got = health_repo.list_values(conn, 1, metric=metric)
        count = conn.execute(sa.text("SELECT count(*) FROM health_values")).scalar()
    assert [(v.value, v.source) for v in got] == [
        (6100, ValueSource.APPLE_HEALTH),
        (5800, ValueSource.FITBIT),
    ]
    assert count == 2
