"""`legcare experiment ...` through the real CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta

import numpy as np


def _seed_finished_experiment(effect: float = -2.5) -> int:
    """An experiment that started 60 days ago, with evening ratings, on the CLI's database."""
    from legcare.cli import runtime
    from legcare.services import diary
    from legcare.services import experiments as svc

    ctx = runtime.context()
    start = ctx.today() - timedelta(days=60)

    def at(day):
        moment = datetime.combine(day, time(21, 0)).astimezone()
        return replace(ctx, clock=lambda: moment)

    status = svc.new_experiment(ctx=at(start), arms="evening massage,none", outcome="rls",
                                seed=4, start=start)  # fmt: skip
    schedule = svc.experiment_status(ctx=ctx, experiment_id=status["id"])["schedule"]
    rng = np.random.default_rng(1)
    for entry in schedule:
        day = datetime.fromisoformat(entry["day"]).date()
        value = 6 + rng.normal(0, 1) + (effect if entry["arm"] == "evening massage" else 0)
        diary.log_checkin(ctx=at(day), kind="evening", day=day,
                          values={"rls": int(np.clip(round(value), 0, 10))})  # fmt: skip
    return int(status["id"])


def test_new_today_status_stop(cli) -> None:
    result = cli("experiment", "new", "--arms", "evening massage,none", "--outcome", "rls",
                 "--pairs", "3", "--seed", "11", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["arms"] == ["evening massage", "none"] and data["total_days"] == 42
    assert data["seed"] is None and data["pairs"] == 3  # the seed is shown once it ends

    today = cli("experiment", "today")
    assert today.exit_code == 0 and "Experiment day 1 of 42" in today.stdout
    today_json = json.loads(cli("experiment", "today", "--json").stdout)
    assert today_json["arm"] == data["schedule"][0]["arm"]

    again = cli("experiment", "new", "--arms", "a,b", "--outcome", "rls")
    assert again.exit_code == 4 and "still running" in again.stderr

    status = cli("experiment", "status")
    assert status.exit_code == 0 and "Experiment" in status.stdout and "42 days" in status.stdout

    stop = cli("experiment", "stop", "--reason", "travel", "--yes")
    assert stop.exit_code == 0 and "stopped" in stop.stdout
    assert json.loads(cli("experiment", "today", "--json").stdout) is None
    assert "No experiment is running" in cli("experiment", "today").stdout


def test_new_asks_when_flags_are_missing(cli) -> None:
    result = cli("experiment", "new", "--json", input="foam roller,ball\nfirst_step_heel_pain\n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout[result.stdout.index("{") :])
    assert data["arms"] == ["foam roller", "ball"]
    assert data["outcome"]["key"] == "first_step_heel_pain"
    assert data["outcome"]["checkin"] == "morning"


def test_bad_input_exit_code_and_message(cli) -> None:
    result = cli("experiment", "new", "--arms", "massage", "--outcome", "mood")
    assert result.exit_code == 2
    assert "2 to 6 arms" in result.stderr and "is not one of" in result.stderr
    missing = cli("experiment", "status")
    assert missing.exit_code == 3 and "no experiment yet" in missing.stderr


def test_results_text_json_and_svg(cli, tmp_path) -> None:
    exp_id = _seed_finished_experiment()
    text = cli("experiment", "results")
    assert text.exit_code == 0, text.stderr
    assert "helps at all" in text.stdout and "very likely helps you" in text.stdout
    data = json.loads(cli("experiment", "results", "--json").stdout)
    assert data["experiment_id"] == exp_id and data["status"] == "finished"
    assert data["comparisons"][0]["p_helps"] > 0.95
    svg = tmp_path / "bands.svg"
    strict = cli("experiment", "results", "--noticeable", "2", "--clear", "3", "--svg", str(svg),
                 "--json")  # fmt: skip
    assert json.loads(strict.stdout)["thresholds"] == {"noticeable": 2.0, "clear": 3.0}
    assert "<svg" in svg.read_text() and "evening massage vs none" in svg.read_text()
    listing = json.loads(cli("experiment", "list", "--json").stdout)
    assert listing["count"] == 1
    shared = json.loads(cli("experiment", "share", "--json").stdout)
    assert shared["shared"] is True
    pooled = cli("experiment", "pooled")
    assert pooled.exit_code == 5 and "server mode" in pooled.stderr


def test_todays_arm_is_shown_by_plan_and_evening_log(cli) -> None:
    assert "Experiment" not in cli("log", "evening", "5").stdout
    created = cli("experiment", "new", "--arms", "evening massage,none", "--outcome", "rls",
                  "--seed", "3", "--json")  # fmt: skip
    arm = json.loads(created.stdout)["schedule"][0]["arm"]
    logged = cli("log", "evening", "4", "--yes")
    assert logged.exit_code == 0, logged.stderr
    article = "an" if arm == "evening massage" else "a"
    assert f"Experiment day 1 of 56: today was {article} '{arm}' day." in logged.stdout
    plan = cli("plan")
    assert plan.exit_code == 0, plan.stderr
    assert "Experiment: Experiment day 1 of 56" in " ".join(plan.stdout.split())


def test_size_before_starting(cli) -> None:
    from legcare.cli import runtime
    from legcare.services import diary

    empty = cli("experiment", "size")
    words = " ".join(empty.stdout.split())  # the console wraps long lines
    assert empty.exit_code == 0 and "rate an outcome on at least 7 days first" in words
    ctx = runtime.context()
    rng = np.random.default_rng(3)
    for i in range(1, 15):
        day = ctx.today() - timedelta(days=i)
        value = int(np.clip(round(5 + rng.normal(0, 2)), 0, 10))
        diary.log_checkin(ctx=ctx, kind="evening", day=day, values={"rls": value})
    text = cli("experiment", "size", "--outcome", "rls", "--period-days", "7")
    assert text.exit_code == 0, text.stderr
    assert "From your 14 ratings over the last four weeks" in " ".join(text.stdout.split())
    data = json.loads(cli("experiment", "size", "--json").stdout)
    assert [(e["outcome"]["key"], e["period_days"]) for e in data["estimates"]] == [
        ("rls", 7), ("rls", 14)
    ]  # fmt: skip
    bad = cli("experiment", "size", "--period-days", "6")
    assert bad.exit_code != 0 and "period days: allowed" in bad.stderr
