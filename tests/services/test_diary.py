"""Diary service: log, conflict and replace, read, list, delete, and the JSON shape."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from legcare.domain.sessions.player import Outcome, Phase, PlayerState, PlayerStep, StepRecord
from legcare.errors import Conflict, InvalidInput, NotFound
from legcare.services import diary
from legcare.services.context import AppContext
from legcare.store import session_logs

TODAY = date(2026, 11, 20)  # FIXED_NOW in tests/conftest.py


def test_log_today_by_default_and_read_back(ctx: AppContext) -> None:
    item = diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 6, "caffeine": True})
    assert item.day == TODAY
    again = diary.get_checkin(ctx=ctx, kind="evening", day=TODAY)
    assert again.values["rls"] == 6 and again.values["caffeine"] is True


def test_second_entry_conflicts_unless_replace(ctx: AppContext) -> None:
    diary.log_checkin(ctx=ctx, kind="evening", day=TODAY, values={"rls": 6})
    with pytest.raises(Conflict) as err:
        diary.log_checkin(ctx=ctx, kind="evening", day=TODAY, values={"rls": 2})
    assert "already" in err.value.message and "rls 6" in err.value.message
    assert diary.get_checkin(ctx=ctx, kind="evening", day=TODAY).values["rls"] == 6
    replaced = diary.log_checkin(
        ctx=ctx, kind="evening", day=TODAY, values={"rls": 2}, replace=True
    )
    assert replaced.values["rls"] == 2


def test_bad_values_list_every_problem_and_write_nothing(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput) as err:
        diary.log_checkin(ctx=ctx, kind="morning", values={"sleep_quality": 12, "hours_slept": 7.1})
    assert len(err.value.details) == 2
    assert any(d.startswith("sleep_quality: 12 is out of range") for d in err.value.details)
    assert diary.list_checkins(ctx=ctx, start=TODAY, end=TODAY) == []


def test_unknown_kind_and_future_day_are_refused(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput):
        diary.log_checkin(ctx=ctx, kind="noon", values={"rls": 1})
    with pytest.raises(InvalidInput) as err:
        diary.log_checkin(ctx=ctx, kind="evening", day=TODAY + timedelta(days=1), values={"rls": 1})
    assert "future" in err.value.message


def test_back_fill_list_and_delete(ctx: AppContext) -> None:
    for i in range(5):
        day = TODAY - timedelta(days=i)
        diary.log_checkin(ctx=ctx, kind="evening", day=day, values={"rls": i})
        diary.log_checkin(ctx=ctx, kind="morning", day=day, values={"sleep_quality": 9 - i})
    items = diary.list_checkins(ctx=ctx, start=TODAY - timedelta(days=2), end=TODAY)
    assert len(items) == 6
    assert [i.day for i in items] == sorted(i.day for i in items)
    mornings = diary.list_checkins(
        ctx=ctx, start=TODAY - timedelta(days=9), end=TODAY, kind="morning"
    )
    assert len(mornings) == 5
    diary.delete_checkin(ctx=ctx, kind="morning", day=TODAY)
    with pytest.raises(NotFound):
        diary.get_checkin(ctx=ctx, kind="morning", day=TODAY)
    with pytest.raises(NotFound):
        diary.delete_checkin(ctx=ctx, kind="morning", day=TODAY)
    with pytest.raises(InvalidInput):
        diary.list_checkins(ctx=ctx, start=TODAY, end=TODAY - timedelta(days=1))


def test_checkin_to_dict_and_listing_shape(ctx: AppContext) -> None:
    values = {"rls": 4, "rls_onset": "in_bed", "massage_done": True}
    item = diary.log_checkin(ctx=ctx, kind="evening", values=values)
    data = diary.checkin_to_dict(item)
    assert data["kind"] == "evening" and data["day"] == "2026-11-20"
    assert data["values"]["rls"] == 4 and data["values"]["note"] is None
    assert data["filled"] == []
    assert data["created_at"] == "2026-11-20T19:30:00+00:00"
    listing = diary.checkins_listing(ctx=ctx, start=TODAY, end=TODAY)
    assert listing == {
        "from": "2026-11-20",
        "to": "2026-11-20",
        "kind": None,
        "count": 1,
        "checkins": [data],
    }


def _log_massage(ctx: AppContext, day: date, outcome: str) -> None:
    """A played session with one massage step that ended ``outcome`` (done or skipped)."""
    state = {
        "session": {"id": "evening_massage", "title": "Evening massage",
                    "steps": [{"id": "calf.1", "kind": "massage", "seconds": 60}]},
        "player": PlayerState(
            steps=(PlayerStep("calf.1", 60),),
            records=(StepRecord("calf.1", 60.0, 0, Outcome(outcome)),),
            index=1, phase=Phase.FINISHED, since=0.0, remaining=0.0,
        ).to_dict(),
    }  # fmt: skip
    with ctx.store.transaction() as conn:
        session_logs.insert_log(
            conn, user_id=ctx.user_id, plan_id=None, day=day, state=state, now=ctx.now()
        )


def test_massage_done_is_filled_from_the_session_log(ctx: AppContext) -> None:
    diary.log_checkin(ctx=ctx, kind="evening", day=TODAY, values={"rls": 3, "massage_done": False})
    diary.log_checkin(ctx=ctx, kind="evening", day=TODAY - timedelta(days=1), values={"rls": 3})
    _log_massage(ctx, TODAY, "done")
    items = diary.list_checkins(ctx=ctx, start=TODAY - timedelta(days=1), end=TODAY)
    by_day = {i.day: i for i in items}
    assert by_day[TODAY].values["massage_done"] is True
    assert by_day[TODAY].filled == ("massage_done",)
    yesterday = by_day[TODAY - timedelta(days=1)]
    assert yesterday.values["massage_done"] is False  # not recorded: the log says no session
    assert yesterday.filled == ("massage_done",)
    assert diary.get_checkin(ctx=ctx, kind="evening", day=TODAY).filled == ("massage_done",)


def test_a_session_with_every_massage_step_skipped_is_no_massage(ctx: AppContext) -> None:
    _log_massage(ctx, TODAY, "skipped")
    assert diary.massage_days(ctx=ctx, start=TODAY, end=TODAY) == set()


def test_field_catalogue_names_both_kinds() -> None:
    cat = diary.field_catalogue()
    assert {f["name"] for f in cat["morning"]} >= {"sleep_quality", "hours_slept"}
    rls = next(f for f in cat["evening"] if f["name"] == "rls")
    assert rls["required"] is True and rls["allowed"] == "a whole number from 0 to 10"


def _factors(ctx: AppContext) -> None:
    from legcare.services import factors

    factors.add_factor(ctx=ctx, name="stress", kind="scale_0_10")
    factors.add_factor(ctx=ctx, name="long drive", kind="yes_no")


def test_own_factors_are_saved_with_the_evening_and_read_back(ctx: AppContext) -> None:
    _factors(ctx)
    item = diary.log_checkin(
        ctx=ctx, kind="evening", values={"rls": 5}, factors={"Stress": "6", "long drive": True}
    )
    assert item.factors == {"stress": 6, "long drive": 1}
    listing = diary.checkins_listing(ctx=ctx, start=TODAY, end=TODAY)
    assert listing["checkins"][0]["factors"] == {"stress": 6, "long drive": 1}
    # a second save changes the value given, removes one set to None, keeps the rest
    again = diary.log_checkin(
        ctx=ctx, kind="evening", values={"rls": 4}, replace=True, factors={"stress": None}
    )
    assert again.factors == {"long drive": 1}


def test_a_bad_factor_writes_neither_the_check_in_nor_any_factor(ctx: AppContext) -> None:
    from legcare.services import factors

    _factors(ctx)
    with pytest.raises(InvalidInput) as err:
        diary.log_checkin(
            ctx=ctx,
            kind="evening",
            values={"rls": 5},
            factors=[("long drive", "yes"), ("stress", "eleven"), ("shoes", "yes")],
        )
    assert len(err.value.details) == 2
    assert any(d.startswith("stress: 'eleven'") for d in err.value.details)
    assert any("'shoes' is not one of your active factors" in d for d in err.value.details)
    assert diary.find_checkin(ctx=ctx, kind="evening", day=TODAY) is None
    assert factors.factor_values(ctx=ctx).values == ()


def test_the_check_in_and_its_factors_are_one_transaction(ctx: AppContext) -> None:
    from legcare.services import factors

    _factors(ctx)
    diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 5})
    with pytest.raises(Conflict):  # the check-in clashes: the factor value is not written
        diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 1}, factors={"stress": 3})
    assert factors.factor_values(ctx=ctx).values == ()


def test_factors_belong_to_the_evening_and_archived_ones_are_refused(ctx: AppContext) -> None:
    from legcare.services import factors

    _factors(ctx)
    with pytest.raises(InvalidInput) as err:
        diary.log_checkin(
            ctx=ctx, kind="morning", values={"sleep_quality": 5}, factors={"stress": 2}
        )
    assert "only in the evening" in err.value.details[0]
    drive = next(f for f in factors.list_factors(ctx=ctx).factors if f.name == "long drive")
    archived = factors.archive_factor(ctx=ctx, factor_id=drive.id)
    assert archived.archived
    assert diary.active_factor_names(ctx=ctx) == [("stress", "scale_0_10")]
    with pytest.raises(InvalidInput):
        diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 1}, factors={"long drive": 1})


def test_deleting_the_evening_deletes_its_typed_factor_values(ctx: AppContext) -> None:
    from legcare.services import factors

    _factors(ctx)
    diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 5}, factors={"stress": 4})
    diary.delete_checkin(ctx=ctx, kind="evening", day=TODAY)
    assert factors.factor_values(ctx=ctx).values == ()


def test_describe_factors_reads_each_by_its_kind() -> None:
    kinds = {"stress": "scale_0_10", "long drive": "yes_no", "new shoes": "yes_no"}
    line = diary.describe_factors({"stress": 1, "long drive": 1, "new shoes": 0}, kinds)
    assert line == "long drive, stress 1"
    assert diary.describe_factors({"stress": 0}, kinds) == "stress 0"
