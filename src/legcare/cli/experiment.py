"""`legcare experiment`: does this practice help *me*? A randomised n-of-1 experiment.

    legcare experiment new --arms "evening massage,none" --outcome rls --pairs 4
    legcare experiment new                 # asks for the arms and the outcome
    legcare experiment today               # today's arm
    legcare experiment status --json
    legcare experiment results             # how likely it helps, and by how much
    legcare experiment results --noticeable 1.5 --clear 3 --svg bands.svg
    legcare experiment stop --reason "sore skin"
    legcare experiment share / share --off # let clinicians you share with pool it
    legcare experiment pooled --json       # clinicians, server mode

The last arm is the comparison. Every read command has ``--json``, printing what the matching
API endpoint under /api/v1/experiments returns.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from legcare.cli import output, runtime
from legcare.domain.counting import count, percent

if TYPE_CHECKING:  # the service is imported by each command (start-up time)
    from legcare.services.experiments import (
        ExperimentResultsView,
        ExperimentStatusView,
        TodayArmView,
    )

experiment_app = typer.Typer(
    help="Randomised personal experiments: does a practice help you, and by how much?",
    no_args_is_help=True,
)

OUTCOME_KEYS = (
    "rls",
    "leg_pain",
    "sleep_quality",
    "first_step_heel_pain",
    "calf_hamstring_pain",
    "times_woken_by_legs",
)
ID_OPTION = typer.Option(None, "--id", help="Which experiment (default: running, else latest).")
JSON_OPTION = typer.Option(False, "--json", help="Print JSON (what the API returns).")


def _pct(p: float | None) -> str:
    return "-" if p is None else percent(p)


def _print_status(data: ExperimentStatusView) -> None:
    con = output.console()
    con.print(
        f"[bold]Experiment {data['id']}[/bold]: {' vs '.join(data['arms'])} "
        f"(comparison: {data['comparison']}), outcome {data['outcome']['label']}"
    )
    con.print(
        f"{data['pairs']} blocks of {data['period_days']}-day periods, "
        f"{data['start_day']} to {data['end_day']} ({count(data['total_days'], 'day')}). "
        f"Status: {data['status']}."
    )
    if data["today"]:
        con.print(_with_stop_hint(data["today"]), markup=False)
    if data["size_check"]:
        output.console().print(data["size_check"]["sentence"], markup=False)
    for note in data["notes"]:
        con.print(f"Note: {note}")
    look = data["look"]
    if look:
        con.print(f"Early look after {look['day']}: {look['action']} - {look['reason']}.")
    if data["stop_reason"]:
        con.print(f"Stopped: {data['stop_reason']}")


def _parse_start(value: str) -> date:
    from legcare.errors import InvalidInput

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not a date.", details=["start: allowed: a date as YYYY-MM-DD"]
        ) from None


def _prompt_arms(arms: str | None) -> str:
    if arms:
        return arms
    return str(
        typer.prompt(
            "Arms to compare, comma-separated; the LAST is the comparison",
            default="evening massage,none",
        )
    )


def _prompt_outcome(outcome: str | None) -> str:
    if outcome:
        return outcome
    return str(typer.prompt(f"Outcome ({', '.join(OUTCOME_KEYS)})", default="rls"))


@experiment_app.command("new")
def new(
    arms: str | None = typer.Option(
        None, "--arms", help='Comma-separated arms; the last is the comparison: "massage,none".'
    ),
    outcome: str | None = typer.Option(
        None, "--outcome", help=f"The check-in item to compare: {', '.join(OUTCOME_KEYS)}."
    ),
    pairs: int = typer.Option(4, "--pairs", help="Number of blocks (pairs with two arms)."),
    period_days: int = typer.Option(7, "--period-days", help="Days per period (7; 14 if slow)."),
    run_in: int = typer.Option(0, "--run-in", help="Days of usual routine first (0-14)."),
    transition_days: int | None = typer.Option(
        None, "--transition-days", help="Settling-in days at each switch (default by length)."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Randomisation seed (default random)."),
    start: str | None = typer.Option(None, "--start", help="First day, YYYY-MM-DD (today)."),
    early_looks: bool = typer.Option(
        False, "--early-looks", help="Allow an early look at each pair end (strict 0.99 rule)."
    ),
    noticeable: float = typer.Option(1.0, "--noticeable", help="Points that count as noticeable."),
    clear: float = typer.Option(2.0, "--clear", help="Points that count as a clear benefit."),
    plan_step: str | None = typer.Option(None, "--plan-step", help="The plan step it tests."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Start an experiment: the schedule is randomised once and stored."""
    from legcare.services.experiments import new_experiment

    ctx = runtime.context()
    data = new_experiment(
        ctx=ctx,
        arms=arms if plan_step and not arms else _prompt_arms(arms),
        outcome=_prompt_outcome(outcome),
        pairs=pairs,
        period_days=period_days,
        run_in_days=run_in,
        transition_days=transition_days,
        seed=seed,
        start=None if start is None else _parse_start(start),
        early_looks=early_looks,
        noticeable=noticeable,
        clear=clear,
        plan_step=plan_step,
    )
    if as_json:
        output.print_json(data)
        return
    _print_status(data)
    output.console().print(
        "Only the current period is shown; rate the outcome every day, missed days are fine."
    )


@experiment_app.command("size")
def size(
    outcome: str | None = typer.Option(
        None, "--outcome", help=f"One check-in item (default: all): {', '.join(OUTCOME_KEYS)}."
    ),
    period_days: int | None = typer.Option(
        None, "--period-days", help="Days per period (default: 7 and 14)."
    ),
    noticeable: float = typer.Option(1.0, "--noticeable", help="Points that count as noticeable."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Before starting: how many pairs you would need, from your last four weeks of ratings."""
    from legcare.services.experiments import size_estimates

    data = size_estimates(
        ctx=runtime.context(), outcome=outcome, period_days=period_days, noticeable=noticeable
    )
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    if not data["estimates"]:
        con.print(
            f"Not enough ratings from {data['start']} to {data['end']} for an estimate: rate an "
            "outcome on at least 7 days first.",
            markup=False,
        )
        return
    for item in data["estimates"]:
        con.print(f"{item['outcome']['label']}: {item['sentence']}", markup=False)
    con.print(data["note"], markup=False)


@experiment_app.command("status")
def status(experiment_id: int | None = ID_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The experiment as it stands today."""
    from legcare.services.experiments import experiment_status

    data = experiment_status(ctx=runtime.context(), experiment_id=experiment_id)
    if as_json:
        output.print_json(data)
        return
    _print_status(data)
    for day in data["schedule"][-data["period_days"] :]:
        mark = " (settling in)" if day["is_transition"] else ""
        if day.get("blocked"):  # the safety state's mark, as on the web page
            mark += " (not for you now)"
        output.console().print(f"  {day['day']}  {day['arm'] or 'run-in'}{mark}")


@experiment_app.command("today")
def today(as_json: bool = JSON_OPTION) -> None:
    """Today's arm of the running experiment."""
    from legcare.services.experiments import todays_arm

    data = todays_arm(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    text = _with_stop_hint(data) if data else "No experiment is running today."
    output.console().print(text, markup=False)


def _with_stop_hint(today: TodayArmView) -> str:
    """Today's message; on a blocked day, what is not for you now first and the command that
    stops the experiment after."""
    if not today.get("blocked"):
        return str(today["message"])
    refusal = today.get("not_for_you_now") or ""
    return f"{refusal}\n{today['message']} (`legcare experiment stop`)".lstrip()


@experiment_app.command("list")
def list_(as_json: bool = JSON_OPTION) -> None:
    """Every experiment, newest first."""
    from legcare.services.experiments import list_experiments

    data = list_experiments(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    for item in data["experiments"]:
        output.console().print(
            f"{item['id']:>3}  {item['status']:<8} {' vs '.join(item['arms'])} "
            f"({item['outcome']}, {item['start_day']} to {item['end_day']})"
        )
    if not data["experiments"]:
        output.console().print("No experiments yet.")


@experiment_app.command("stop")
def stop(
    reason: str = typer.Option("", "--reason", help="Why (kept with the experiment)."),
    experiment_id: int | None = ID_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Stop the running experiment now (allowed at any time, for any reason)."""
    from legcare.services.experiments import stop_experiment

    if not yes:
        typer.confirm("Stop the experiment now? The data so far are kept.", abort=True)
    data = stop_experiment(ctx=runtime.context(), reason=reason, experiment_id=experiment_id)
    if as_json:
        output.print_json(data)
        return
    output.console().print(f"Experiment {data['id']} stopped. `legcare experiment results` "
                           "shows what the data so far say.")  # fmt: skip


def _print_results(data: ExperimentResultsView) -> None:
    con = output.console()
    if not data["enough_data"]:
        con.print("Not enough data yet: " + "; ".join(data["reasons"]) + ".")
        return
    if data["interim"]:
        con.print(
            f"[bold]Interim look, provisional[/bold]: the experiment is planned to end on "
            f"{data['planned_end']}; until then the stricter interim rule applies."
        )
    con.print(data["sentence"])
    for c in data["comparisons"]:
        con.print(f"\n[bold]{c['arm']} vs {c['comparison']}[/bold]")
        low, high = c["p_helps_range"]
        con.print(
            f"  helps at all          {_pct(c['p_helps'])}  (checks: {_pct(low)} to {_pct(high)})"
        )
        con.print(f"  noticeable benefit    {_pct(c['p_noticeable'])}")
        con.print(f"  clear benefit         {_pct(c['p_clear'])}")
        con.print(f"  makes things worse    {_pct(c['p_worse'])}")
        lo, hi = c["ci95"]
        con.print(
            f"  difference {c['effect_mean']:+.2f} points (95% interval {lo:+.2f} to {hi:+.2f})"
        )
        con.print("  " + " | ".join(f"{b['label']} {_pct(b['probability'])}" for b in c["bands"]))
    con.print(f"\nRated {data['rated_days']} of {count(data['elapsed_days'], 'day')}.")
    for caveat in data["caveats"]:
        con.print(f"- {caveat}")
    if data["other_factors"]:
        con.print("\n[bold]Other things that changed[/bold]")
        for factor in data["other_factors"]:
            mark = " (differed between the arms)" if factor["differs"] else ""
            con.print(f"  {factor['summary']}{mark}", markup=False)
        con.print(data["other_factors_note"], markup=False)


@experiment_app.command("results")
def results(
    experiment_id: int | None = ID_OPTION,
    noticeable: float | None = typer.Option(None, "--noticeable", help="Points: noticeable."),
    clear: float | None = typer.Option(None, "--clear", help="Points: a clear benefit."),
    svg: Path | None = typer.Option(None, "--svg", help="Also write the banded bar chart here."),
    as_json: bool = JSON_OPTION,
) -> None:
    """How likely it is that the practice helps you, and by how much."""
    from legcare.services.experiments import experiment_chart_svg, experiment_results

    ctx = runtime.context()
    data = experiment_results(
        ctx=ctx, experiment_id=experiment_id, noticeable=noticeable, clear=clear
    )
    if svg is not None:
        chart = experiment_chart_svg(
            ctx=ctx, experiment_id=experiment_id, noticeable=noticeable, clear=clear
        )
        try:
            svg.write_text(chart, encoding="utf-8")
        except OSError as exc:
            from legcare.errors import InvalidInput

            raise InvalidInput(
                f"Could not write {svg}: {exc.strerror or exc}.",
                details=["--svg: allowed: a file path in an existing folder you can write to"],
            ) from None
    if as_json:
        output.print_json(data)
        return
    _print_results(data)


@experiment_app.command("share")
def share(
    off: bool = typer.Option(False, "--off", help="Stop sharing it."),
    experiment_id: int | None = ID_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Let clinicians you share with include this experiment in their pooled view."""
    from legcare.services.experiments import set_shared

    data = set_shared(ctx=runtime.context(), shared=not off, experiment_id=experiment_id)
    if as_json:
        output.print_json(data)
        return
    state = "shared with" if data["shared"] else "not shared with"
    output.console().print(f"Experiment {data['id']} is {state} your clinicians' pooled view.")


@experiment_app.command("pooled")
def pooled(as_json: bool = JSON_OPTION) -> None:
    """Clinicians (server mode): the pooled benefit across clients who share."""
    from legcare.services.experiments import pooled_view

    data = pooled_view(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    con.print(f"{data['experiments_shared']} shared experiments from {data['clients_sharing']} "
              "clients.")  # fmt: skip
    for group in data["groups"]:
        p = group["pooled"]
        con.print(
            f"{group['outcome']['label']}: {group['people']} people, average benefit "
            f"{p['benefit_mean']:+.2f} points (sd {p['benefit_sd']:.2f}), "
            f"helps on average {_pct(p['p_helps_on_average'])}"
        )
    con.print(data["note"])


def register(app: typer.Typer) -> None:
    app.add_typer(experiment_app, name="experiment")
