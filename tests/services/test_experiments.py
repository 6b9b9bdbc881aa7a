"""Experiment services: enrolment, today's arm, stopping, results from real check-ins, sharing
and the clinicians' pooled view."""

from __future__ import annotations

import types
import typing
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Union, get_args, get_origin, get_type_hints

import numpy as np
import pytest

from legcare.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from legcare.services import diary
from legcare.services import experiments as svc
from legcare.services.context import AppContext

TZ = timezone(timedelta(hours=1))
START = date(2026, 9, 1)


def at(ctx: AppContext, day: date) -> AppContext:
    moment = datetime.combine(day, time(20, 30), tzinfo=TZ)
    return replace(ctx, clock=lambda: moment)


def _fill(
    ctx: AppContext,
    status: dict,
    *,
    effect: float,
    seed: int = 0,
    kind: str = "evening",
    key: str = "rls",
    skip: frozenset[int] = frozenset(),
    massage_ok: bool = True,
) -> None:
    rng = np.random.default_rng(seed)
    lag = 1 if kind == "morning" else 0
    e = 0.0
    for i, entry in enumerate(status["schedule_all"]):
        e = 0.4 * e + rng.normal(0, 1.0)
        if i in skip:
            continue
        day = date.fromisoformat(entry["day"])
        value = 6 + e + (effect if entry["arm"] == status["arms"][0] else 0.0)
        values = {key: int(np.clip(round(value), 0, 10))}
        if kind == "evening":
            values["massage_done"] = (entry["arm"] == "evening massage") == massage_ok
        diary.log_checkin(ctx=at(ctx, day + timedelta(days=lag)), kind=kind,
                          day=day + timedelta(days=lag), values=values)  # fmt: skip


def _has_its_shape(value: Any, shape: Any) -> None:
    """``value`` has exactly the keys its TypedDict declares, all the way down."""
    if typing.is_typeddict(shape):
        hints = get_type_hints(shape)
        assert set(value) == set(hints), (shape.__name__, set(value) ^ set(hints))
        for key, hint in hints.items():
            _has_its_shape(value[key], hint)
        return
    origin = get_origin(shape)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(shape) if a is not type(None)]
        if value is None:
            assert type(None) in get_args(shape)
        elif len(args) == 1:
            _has_its_shape(value, args[0])
    elif origin is list:
        assert isinstance(value, list)
        for item in value:
            _has_its_shape(item, get_args(shape)[0])


def _new(ctx: AppContext, **kw) -> dict:
    args = {"arms": "evening massage,none", "outcome": "rls", "seed": 7, "start": START} | kw
    return svc.new_experiment(ctx=at(ctx, START), **args)


def _full_schedule(ctx: AppContext, exp_id: int) -> list[dict]:
    end = at(ctx, START + timedelta(days=200))
    return svc.experiment_status(ctx=end, experiment_id=exp_id)["schedule"]


def test_new_experiment_is_stored_with_its_schedule(ctx) -> None:
    status = _new(ctx)
    assert status["status"] == "active" and status["phase"] == "running"
    assert status["arms"] == ["evening massage", "none"] and status["comparison"] == "none"
    assert status["outcome"]["direction"] == "lower_is_better"
    assert status["total_days"] == 56
    assert status["seed"] is None  # hidden while it runs: it would reveal the future periods
    # only the current period is revealed on day 1
    assert len(status["schedule"]) == 7
    assert status["today"]["day_number"] == 1 and status["today"]["is_transition"]
    full = _full_schedule(ctx, status["id"])
    assert len(full) == 56
    ended = svc.experiment_status(ctx=at(ctx, START + timedelta(days=60)))
    assert ended["status"] == "finished" and ended["seed"] == 7
    assert sum(d["arm"] == "none" for d in full) == 28
    # the same seed gives the same stored schedule; a second experiment needs the first stopped
    with pytest.raises(Conflict, match="still running"):
        _new(ctx)


def test_schedule_is_never_recomputed(ctx) -> None:
    status = _new(ctx)
    before = _full_schedule(ctx, status["id"])
    import legcare.domain.experiments.design as design_module

    original = design_module.block_orders
    design_module.block_orders = lambda *a, **k: pytest.fail("recomputed")  # type: ignore[assignment]
    try:
        assert _full_schedule(ctx, status["id"]) == before
        svc.todays_arm(ctx=at(ctx, START + timedelta(days=10)))
    finally:
        design_module.block_orders = original


def test_todays_arm(ctx) -> None:
    assert svc.todays_arm(ctx=ctx) is None
    status = _new(ctx, run_in_days=7)
    run_in = svc.todays_arm(ctx=at(ctx, START + timedelta(days=2)))
    assert run_in is not None and run_in["is_run_in"] and run_in["arm"] is None
    assert "run-in day" in run_in["message"] and run_in["total_days"] == 63
    day = START + timedelta(days=12)
    today = svc.todays_arm(ctx=at(ctx, day))
    assert today is not None and today["arm"] in ("evening massage", "none")
    assert f"'{today['arm']}' day" in today["message"]
    assert "this evening's check-in" in today["message"]
    assert svc.todays_arm(ctx=at(ctx, START + timedelta(days=63))) is None
    svc.stop_experiment(ctx=at(ctx, day), reason="skin irritation")
    assert svc.todays_arm(ctx=at(ctx, day)) is None
    stopped = svc.experiment_status(ctx=at(ctx, day), experiment_id=status["id"])
    assert stopped["status"] == "stopped" and stopped["stop_reason"] == "skin irritation"
    with pytest.raises(Conflict, match="not running"):
        svc.stop_experiment(ctx=at(ctx, day))


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"arms": "massage"}, "arms"),
        ({"outcome": "mood"}, "outcome"),
        ({"pairs": 1}, "pairs"),
        ({"period_days": 9}, "period days"),
        ({"noticeable": 3.0, "clear": 2.0}, "clear threshold"),
        ({"start": START - timedelta(days=1)}, "start"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_input_lists_what_is_allowed(ctx, kw, fragment) -> None:
    with pytest.raises(InvalidInput) as info:
        _new(ctx, **kw)
    assert any(fragment in d for d in info.value.details), info.value.details


def test_results_from_evening_checkins(ctx) -> None:
    status = _new(ctx)
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-2.5, skip=frozenset({3, 17, 40}))
    end = at(ctx, START + timedelta(days=56))
    res = svc.experiment_results(ctx=end)
    assert res["status"] == "finished" and res["enough_data"]
    _has_its_shape(res, svc.ExperimentResultsView)
    _has_its_shape(svc.experiment_status(ctx=end), svc.ExperimentStatusView)
    _has_its_shape(svc.list_experiments(ctx=end), svc.ExperimentListView)
    c = res["comparisons"][0]
    assert c["arm"] == "evening massage" and c["p_helps"] > 0.95
    assert c["effect_mean"] < -1.0
    assert res["rated_days"] == 53 and res["adherence"] == pytest.approx(53 / 56, abs=1e-4)
    assert res["practice_adherence"] == 1.0
    assert "'evening massage' very likely helps you" in res["sentence"]
    assert [b["key"] for b in c["bands"]] == ["worse", "no_change", "noticeable", "clear"]
    assert "truly did nothing" in res["false_alarms"] and "AR(1)" in res["model"]
    # user thresholds
    strict = svc.experiment_results(ctx=end, noticeable=2.0, clear=3.0)
    assert strict["comparisons"][0]["p_noticeable"] < c["p_noticeable"]
    with pytest.raises(InvalidInput):
        svc.experiment_results(ctx=end, noticeable=0.0)
    svg = svc.experiment_chart_svg(ctx=end)
    assert svg.startswith("<?xml") and "evening massage vs none" in svg
    # the data behind the answer: every rated day, and a chart of them by period
    assert len(res["ratings"]) == 53 and res["ratings"][0][0] == START.isoformat()
    ratings_svg = svc.results_charts(res)["ratings"]
    daily = ratings_svg.split('id="experiment-ratings-daily"')[1].split("</g>")[0]
    assert daily.count("<circle") == 53 and 'id="experiment-period-8"' in ratings_svg


def test_the_ratings_chart_counts_the_days_as_the_results_do_midway(ctx) -> None:
    import re

    status = _new(ctx)
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-2.5, skip=frozenset({3}))
    midway = svc.experiment_results(ctx=at(ctx, START + timedelta(days=24)))  # inside a period
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svc.results_charts(midway)["ratings"], re.S)
    assert desc is not None
    said = f"{midway['rated_days']} of {midway['elapsed_days']} days rated"
    assert said in desc.group(1), (said, desc.group(1))


def test_morning_outcome_belongs_to_the_previous_evening(ctx) -> None:
    status = _new(ctx, outcome="first_step_heel_pain", arms="night splint,none")
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-3.0, kind="morning", key="first_step_heel_pain", seed=3)
    res = svc.experiment_results(ctx=at(ctx, START + timedelta(days=57)))
    assert res["enough_data"] and res["rated_days"] == 56
    assert res["comparisons"][0]["p_helps"] > 0.99  # shifted by a day it would vanish
    assert res["practice_adherence"] is None  # no massage arm: nothing to check


def test_not_enough_data_early_on(ctx) -> None:
    _new(ctx)
    res = svc.experiment_results(ctx=at(ctx, START + timedelta(days=5)))
    assert not res["enough_data"] and res["comparisons"] == [] and res["reasons"]
    svg = svc.experiment_chart_svg(ctx=at(ctx, START + timedelta(days=5)))
    assert "Not enough data yet" in svg


def test_early_look_recommends_stopping_for_a_big_benefit(ctx) -> None:
    status = _new(ctx, early_looks=True)
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-4.0, seed=5)
    after_two_pairs = at(ctx, START + timedelta(days=29))
    look = svc.experiment_status(ctx=after_two_pairs)["look"]
    assert look["day"] == (START + timedelta(days=27)).isoformat() and not look["final"]
    assert look["action"] == "stop_benefit"
    before = svc.experiment_status(ctx=at(ctx, START + timedelta(days=20)))["look"]
    assert before is None  # no look before the end of the second pair


def test_results_before_the_planned_end_are_an_interim_view(ctx) -> None:
    status = _new(ctx)
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-1.0, seed=11)
    res = svc.experiment_results(ctx=at(ctx, START + timedelta(days=35)))
    assert res["status"] == "active" and res["enough_data"]
    assert res["interim"] is True and res["planned_end"] == status["end_day"]
    assert "provisional" in res["sentence"]
    assert any("interim look" in c for c in res["caveats"])
    c = res["comparisons"][0]
    assert c["verdict"] != "probably_helps"  # no "probably" before the planned end
    assert c["p_helps_range"][0] <= c["p_helps"] <= c["p_helps_range"][1]
    assert "fragile" not in res
    assert {s["arm"] for s in res["sensitivity"]} == {"evening massage"}
    final = svc.experiment_results(ctx=at(ctx, START + timedelta(days=57)))
    assert final["interim"] is False and "provisional" not in final["sentence"]


def test_fixed_design_has_no_interim_look(ctx) -> None:
    _new(ctx)
    assert svc.experiment_status(ctx=at(ctx, START + timedelta(days=29)))["look"] is None


def test_list_share_and_not_found(ctx) -> None:
    with pytest.raises(NotFound):
        svc.experiment_status(ctx=ctx)
    status = _new(ctx)
    assert svc.set_shared(ctx=at(ctx, START), shared=True)["shared"] is True
    listing = svc.list_experiments(ctx=at(ctx, START))
    assert listing["count"] == 1 and listing["experiments"][0]["shared"] is True
    with pytest.raises(NotFound):
        svc.experiment_status(ctx=ctx, experiment_id=status["id"] + 1)
    other_user = at(ctx, START).for_user(999)
    with pytest.raises(NotFound):
        svc.experiment_status(ctx=other_user, experiment_id=status["id"])


def test_pooled_view_needs_server_mode(ctx) -> None:
    with pytest.raises(PermissionDenied, match="server mode"):
        svc.pooled_view(ctx=ctx)


def test_pooled_view_across_sharing_clients(ctx) -> None:
    from legcare.services import accounts

    server = replace(ctx, settings=ctx.settings.model_copy(update={"mode": "server"}))
    clinician = accounts.create_account(ctx=server, username="dr_heel", password="x" * 12,
                                        role="clinician")  # fmt: skip
    effects = {"ann": -2.0, "bob": -1.0, "cat": -1.5, "dan": 0.0}
    for i, (name, effect) in enumerate(effects.items()):
        acc = accounts.create_account(ctx=server, username=name, password="y" * 12,
                                      role="client")  # fmt: skip
        client = server.for_user(acc.id)
        if name != "dan":  # dan does not share with the clinician
            accounts.share_with(ctx=client, clinician="dr_heel")
        status = _new(client, seed=i)
        status["schedule_all"] = _full_schedule(client, status["id"])
        _fill(client, status, effect=effect, seed=10 + i)
        svc.set_shared(ctx=at(client, START + timedelta(days=60)), shared=name != "cat")
    view = svc.pooled_view(ctx=at(server.for_user(clinician.id), START + timedelta(days=60)))
    assert view["clients_sharing"] == 3 and view["experiments_shared"] == 2
    _has_its_shape(view, svc.PooledView)
    (group,) = view["groups"]
    assert group["outcome"]["key"] == "rls" and group["people"] == 2
    assert {e["client"] for e in group["experiments"]} == {"ann", "bob"}
    assert group["pooled"]["benefit_mean"] > 0.5  # positive benefit = symptoms went down
    with pytest.raises(PermissionDenied):
        svc.pooled_view(ctx=at(server.for_user(clinician.id + 1), START))


def test_new_from_a_plan_step(ctx) -> None:
    status = svc.new_experiment(ctx=at(ctx, START), plan_step="evening_massage", start=START)
    assert status["arms"] == ["evening massage", "none"]
    assert status["plan_step"] == "evening_massage" and status["outcome"]["key"] == "rls"
    with pytest.raises(InvalidInput, match="Name the arms"):
        svc.new_experiment(ctx=at(ctx, START), start=START)


def test_a_new_experiment_after_one_ended_marks_the_old_one_finished(ctx) -> None:
    first = _new(ctx)
    later = START + timedelta(days=70)
    second = svc.new_experiment(ctx=at(ctx, later), arms="foam roller,ball", outcome="leg_pain",
                                start=later)  # fmt: skip
    svc.stop_experiment(ctx=at(ctx, later), reason="changed my mind")
    # the latest experiment is the stopped one, not the older one that ran out
    assert svc.experiment_status(ctx=at(ctx, later))["id"] == second["id"]
    old = svc.experiment_status(ctx=at(ctx, later), experiment_id=first["id"])
    assert old["status"] == "finished" and old["seed"] == 7
    assert svc.todays_arm(ctx=at(ctx, later)) is None


def test_a_possible_clot_blocks_massage_experiments_everywhere(ctx) -> None:
    from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
    from legcare.errors import SafetyStop
    from tests.services.plan_helpers import store_check

    for seed in range(50):  # a schedule whose first day is a massage day
        started = svc.new_experiment(ctx=ctx, arms="evening massage,none", seed=seed)
        if started["schedule"][0]["arm"] == "evening massage":
            break
        svc.stop_experiment(ctx=ctx, reason="looking for a massage-first schedule")
    assert svc.todays_arm(ctx=ctx)["arm"] == "evening massage"
    assert svc.todays_arm(ctx=ctx)["blocked"] is False
    no_massage = ((PrecautionKind.NO_MASSAGE, ()),)
    store_check(ctx, "restless_legs", triage=TriageLevel.URGENT, precautions=no_massage)
    today = svc.todays_arm(ctx=ctx)
    assert today["blocked"] is True and today["arm"] is None
    assert "Not for you now: no massage" in today["not_for_you_now"]
    assert "Not for you now" not in today["message"]  # said once, by the safety note
    assert "You can stop this experiment." in today["message"]
    assert "legcare " not in today["message"]  # the same words on the web and in the CLI
    status = svc.experiment_status(ctx=ctx)  # the status says the same as today's arm
    assert status["today"] == today and status["safety"]["massage_blocked"] is True
    svc.stop_experiment(ctx=ctx, reason="clot")
    with pytest.raises(SafetyStop, match="cannot start"):
        svc.new_experiment(ctx=ctx, arms="foam roller,none", seed=2)
    assert svc.new_experiment(ctx=ctx, arms="orthotics,none", seed=3)["status"] == "active"


def test_day_one_is_not_called_a_day_after_a_switch(ctx) -> None:
    svc.new_experiment(ctx=ctx, arms="evening massage,none", seed=4)
    message = svc.todays_arm(ctx=ctx)["message"]
    assert "settling-in day at the start of a period" in message
    assert "after the switch" not in message


def test_the_status_estimates_how_many_pairs_are_needed(ctx) -> None:
    rng = np.random.default_rng(2)
    for i in range(1, 22):  # three weeks of noisy ratings before the start
        day = START - timedelta(days=i)
        value = int(np.clip(round(5 + rng.normal(0, 2.5)), 0, 10))
        diary.log_checkin(ctx=at(ctx, day), kind="evening", day=day, values={"rls": value})
    status = _new(ctx)
    _has_its_shape(status, svc.ExperimentStatusView)
    _has_its_shape(svc.todays_arm(ctx=at(ctx, START)), svc.TodayArmView)
    check = status["size_check"]
    assert check["from"] == "the four weeks before the start" and check["ratings"] == 21
    assert check["planned_pairs"] == 4 and check["pairs_needed"] >= 2
    assert 1.5 < check["sd"] < 3.5
    assert "pairs of 7-day periods" in check["sentence"] or "more than 12" in check["sentence"]
    quiet = svc.experiment_status(ctx=at(ctx, START), experiment_id=status["id"])
    assert quiet["size_check"] == check  # the same ratings, the same estimate


def test_no_size_check_without_enough_earlier_ratings(ctx) -> None:
    assert _new(ctx)["size_check"] is None


def test_before_starting_the_last_four_weeks_say_how_many_pairs(ctx) -> None:
    rng = np.random.default_rng(5)
    today = START
    for i in range(1, 41):  # noisy evenings for 40 days; only the last 28 count
        day = today - timedelta(days=i)
        value = int(np.clip(round(5 + rng.normal(0, 2.5)), 0, 10))
        diary.log_checkin(ctx=at(ctx, day), kind="evening", day=day, values={"rls": value})
    for i in range(1, 6):  # five mornings of heel pain: too few for an estimate
        day = today - timedelta(days=i)
        diary.log_checkin(ctx=at(ctx, day), kind="morning", day=day,
                          values={"first_step_heel_pain": 4})  # fmt: skip
    diary.log_checkin(ctx=at(ctx, today), kind="evening", day=today, values={"rls": 10})
    out = svc.size_estimates(ctx=at(ctx, today))
    _has_its_shape(out, svc.SizeEstimatesView)
    assert out["end"] == (today - timedelta(days=1)).isoformat()
    assert out["start"] == (today - timedelta(days=28)).isoformat()
    assert {(e["outcome"]["key"], e["period_days"]) for e in out["estimates"]} == {
        ("rls", 7), ("rls", 14)
    }  # fmt: skip
    week, fortnight = out["estimates"]
    assert week["ratings"] == 28 and 1.5 < week["sd"] < 3.5
    assert fortnight["pairs_needed"] <= week["pairs_needed"]  # longer periods, fewer pairs
    assert "over the last four weeks" in week["sentence"] and "not a promise" in week["sentence"]
    # the same as the status shows once an experiment starts on that day
    started = _new(ctx)
    assert started["size_check"]["pairs_needed"] == week["pairs_needed"]
    one = svc.size_estimates(ctx=at(ctx, today), outcome="rls", period_days=7, noticeable=2.0)
    assert [e["period_days"] for e in one["estimates"]] == [7]
    assert one["estimates"][0]["pairs_needed"] <= week["pairs_needed"]  # a bigger benefit


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"outcome": "mood"}, "outcome: allowed"),
        ({"period_days": 6}, "period days: allowed: 3, 4, 5, 7, 10, 14"),
        ({"noticeable": float("nan")}, "noticeable"),
        ({"noticeable": 0.0}, "noticeable"),
    ],
)
def test_the_estimate_refuses_what_it_cannot_use(ctx, kw, fragment) -> None:
    with pytest.raises(InvalidInput) as err:
        svc.size_estimates(ctx=ctx, **kw)
    assert any(fragment in d for d in err.value.details)


def test_no_estimate_without_ratings(ctx) -> None:
    assert svc.size_estimates(ctx=ctx)["estimates"] == []


def test_other_things_that_changed_are_shown_arm_by_arm(ctx) -> None:
    from legcare.services import factors

    status = _new(ctx)
    schedule = _full_schedule(ctx, status["id"])
    factors.add_factor(ctx=at(ctx, START), name="long drive", kind="yes_no")
    factors.add_factor(ctx=at(ctx, START), name="stress", kind="scale_0_10")
    for i, entry in enumerate(schedule[:28]):
        day = date.fromisoformat(entry["day"])
        massage = entry["arm"] == "evening massage"
        # caffeine on every 'none' evening: it differs between the arms
        diary.log_checkin(ctx=at(ctx, day), kind="evening", day=day,
                          values={"rls": 5, "caffeine": not massage})  # fmt: skip
        factors.record_factor(ctx=at(ctx, day), name="stress", value=4 + i % 2, day=day)
    res = svc.experiment_results(ctx=at(ctx, START + timedelta(days=27)))
    _has_its_shape(res, svc.ExperimentResultsView)
    rows = {f["name"]: f for f in res["other_factors"]}
    assert "long drive" not in rows  # never recorded
    assert "an evening massage" not in rows  # the practice itself is "practice followed"
    caffeine = rows["caffeine"]
    assert caffeine["source"] == "check-in" and caffeine["differs"]
    assert {a["arm"]: a["value"] for a in caffeine["arms"]} == {"evening massage": 0.0, "none": 1.0}
    stress = rows["stress"]
    assert stress["source"] == "your factor" and stress["kind"] == "scale_0_10"
    assert not stress["differs"] and sum(a["days"] for a in stress["arms"]) == 28
    assert "does not adjust" in res["other_factors_note"]


def test_an_ended_experiment_still_stored_as_active_is_not_shown_as_running(ctx) -> None:
    from legcare.store import experiments as repo

    old = _new(ctx, pairs=2)  # 28 days from START
    later = START + timedelta(days=60)
    new = svc.new_experiment(ctx=at(ctx, later), arms="foot massage,none", outcome="rls",
                             seed=3, start=later)  # fmt: skip
    svc.stop_experiment(ctx=at(ctx, later + timedelta(days=2)), reason="travel")
    with ctx.store.transaction() as conn:  # what an import can hold: the old one still active
        repo.set_status(conn, ctx.user_id, old["id"], status=repo.ACTIVE)
    today = at(ctx, later + timedelta(days=3))
    assert svc.experiment_status(ctx=today)["id"] == new["id"]  # the newest, stopped
    assert svc.experiment_results(ctx=today)["experiment_id"] == new["id"]
    assert svc.todays_arm(ctx=today) is None  # nothing runs today
