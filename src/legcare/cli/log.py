"""`legcare log`: the ten-second evening and morning check-ins, list and delete.

    legcare log evening 6 --caffeine --alcohol --leg-pain 3 --note "long drive"
    legcare log evening 5 --factor stress=6 --factor "long drive"   # your own factors
    legcare log morning --sleep 6 --hours 7 --woken 2 --heel 4 --calf 2
    legcare log evening --prompt            # asks field by field, defaults shown
    legcare log evening 4 --date 2026-11-18 # back-fill or edit (asks before replacing)
    legcare log evening --date 2026-11-18 --update --leg-pain 2 --no-alcohol  # change two values
    legcare log list --from 2026-11-01 --json
    legcare log delete evening 2026-11-18

In the evening one-liner the exposures not given are recorded as "no": the line is a checklist.
The same holds for your own yes/no factors (`legcare factors add`); a 0-10 factor not given is
not recorded.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import typer

from legcare.cli import output, runtime
from legcare.domain.counting import arm_day
from legcare.domain.diary.fields import IMPLIES, CheckinKind, FieldType, field_spec, tick_implied
from legcare.errors import InvalidInput as LegcareInvalidInput

if TYPE_CHECKING:
    from legcare.domain.diary import Checkin
    from legcare.services.context import AppContext
    from legcare.services.diary import CheckinListingView

log_app = typer.Typer(
    help="Record the ten-second evening and morning check-ins; list, edit and delete them.",
    no_args_is_help=True,
)

DATE_HELP = "The date (YYYY-MM-DD, today or yesterday) to back-fill or edit. Default: today."
DEFAULT_LIST_DAYS = 14


def parse_day(value: str | None, *, today: date, name: str = "date") -> date:
    """``value`` as a date: YYYY-MM-DD, ``today`` or ``yesterday``; None means today."""
    from legcare.errors import InvalidInput

    if value is None or value.strip().lower() == "today":
        return today
    if value.strip().lower() == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not a date.",
            details=[f"{name}: allowed: a date as YYYY-MM-DD, today or yesterday"],
        ) from None


def _describe(item: Checkin, ctx: AppContext | None = None) -> str:
    from legcare.services.diary import describe_factors, describe_values, factor_kinds

    own = describe_factors(item.factors, factor_kinds(ctx=ctx)) if ctx and item.factors else ""
    return describe_values(item.values) + (f"; {own}" if own else "")


FACTOR_HELP = (
    "One of your own factors (`legcare factors list`): NAME for yes, NAME=no, or NAME=0..10 "
    "for a 0-10 factor. Repeat for each. Your yes/no factors not given count as no."
)


def factor_pairs(raw: list[str] | None) -> list[tuple[str, str]]:
    """``["stress=6", "long drive"]`` as ``[("stress", "6"), ("long drive", "yes")]``."""
    pairs = []
    for item in raw or []:
        name, sep, value = item.partition("=")
        pairs.append((name.strip(), value.strip() if sep else "yes"))
    return pairs


def _ask_factor(name: str, kind: str, default: Any) -> Any:
    """Ask for one own factor until the answer is allowed; Enter keeps the default."""
    from rich.prompt import Confirm, Prompt

    from legcare.domain.tracking.factors import Factor, FactorKind, parse_factor_value
    from legcare.errors import InvalidInput

    con = output.console()
    factor = Factor(name, FactorKind(kind))
    if factor.kind is FactorKind.YES_NO:
        return "yes" if Confirm.ask(name, default=bool(default), console=con) else "no"
    shown = "" if default is None else str(default)
    while True:
        answer = Prompt.ask(f"{name} [0-10]", default=shown, show_default=True, console=con)
        try:
            return parse_factor_value(factor, answer)
        except InvalidInput as exc:
            con.print(f"[red]{exc.message}[/red]")


def _prompt_factors(
    ctx: AppContext, day: date, given: list[tuple[str, str]]
) -> list[tuple[str, Any]]:
    """Ask each active own factor after the check-in's fields (the stored value as default)."""
    from legcare.domain.tracking.factors import factor_key
    from legcare.services.diary import active_factor_names, find_checkin

    stored = find_checkin(ctx=ctx, kind="evening", day=day)
    defaults = dict(stored.factors) if stored else {}
    typed = {factor_key(n): v for n, v in given}
    out: list[tuple[str, Any]] = []
    for name, kind in active_factor_names(ctx=ctx):
        default = typed.get(factor_key(name), defaults.get(name))
        if kind == "yes_no" and isinstance(default, str):
            default = default.strip().lower() in ("yes", "y", "1", "true")
        out.append((name, _ask_factor(name, kind, default)))
    return out


def _evening_factors(
    ctx: AppContext, given: list[tuple[str, str]], *, checklist: bool
) -> list[tuple[str, Any]]:
    """The factors to save: those given, and in the one-liner every other active factor as
    "no" (yes/no) or not recorded (0-10)."""
    if not checklist:
        return list(given)
    from legcare.domain.tracking.factors import factor_key
    from legcare.services.diary import active_factor_names

    named = {factor_key(name) for name, _ in given}
    rest: list[tuple[str, Any]] = [
        (name, "no" if kind == "yes_no" else None)
        for name, kind in active_factor_names(ctx=ctx)
        if factor_key(name) not in named
    ]
    return [*given, *rest]


def _save(  # noqa: PLR0913 - the parts of one check-in, keyword-only
    ctx: AppContext,
    kind: str,
    day: date,
    values: dict[str, Any],
    *,
    yes: bool,
    as_json: bool,
    factors: list[tuple[str, Any]] | None = None,
) -> None:
    """Save; if an entry exists for the day, ask before replacing it (or replace with --yes)."""
    from legcare.errors import Conflict, InvalidInput
    from legcare.services.diary import checkin_to_dict, log_checkin

    try:
        item = log_checkin(ctx=ctx, kind=kind, day=day, values=values, replace=yes, factors=factors)
    except InvalidInput as exc:
        raise _in_option_words(exc, kind) from None
    except Conflict as exc:
        if not typer.confirm(exc.message, default=False, err=True):
            output.console().print("Kept the entry that was there. Nothing changed.")
            return
        item = log_checkin(
            ctx=ctx, kind=kind, day=day, values=values, replace=True, factors=factors
        )
    if as_json:
        output.print_json(checkin_to_dict(item))
        return
    output.console().print(
        f"Saved the {kind} check-in for {day:%a %d %b %Y}: {_describe(item, ctx)}.",
        markup=False,
    )
    if values.get("massage_done"):
        _massage_caution(ctx)
    if kind == "evening" and day == ctx.today():
        from legcare.services.experiments import todays_arm

        experiment = todays_arm(ctx=ctx)
        if experiment is not None and experiment["arm"] is not None:
            output.console().print(
                f"Experiment day {experiment['day_number']} of {experiment['total_days']}: "
                f"today was {arm_day(experiment['arm'])}.",
                markup=False,
            )


def _in_option_words(exc: LegcareInvalidInput, kind: str) -> LegcareInvalidInput:
    """The same problems, each field named as the option that sets it (``--onset``, not
    ``rls_onset``), so the message says what to type."""
    import re

    from legcare.domain.diary.fields import field_spec

    def option(match: re.Match[str]) -> str:
        spec = field_spec(CheckinKind(kind), match.group(0))
        if spec is None:
            return match.group(0)
        return f"--{spec.cli_option}"

    words = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # field names are snake_case
    details = [words.sub(option, line) for line in exc.details]
    return LegcareInvalidInput(exc.message, details=details)


def _massage_caution(ctx: AppContext) -> None:
    """A massage was logged while the safety state blocks it: it is kept (a diary records what
    happened) and the state's own words say what to do now."""
    from legcare.domain.safety import Activity
    from legcare.services.safety import current_state

    state = current_state(ctx=ctx)
    if not state.allows(Activity.MASSAGE):
        output.console().print(
            f"Logged as you said. {state.refusal()}", style="bold yellow", markup=False
        )
        if state.what_to_do:
            output.console().print(state.what_to_do, markup=False)


def _existing(ctx: AppContext, kind: str, day: date) -> dict[str, Any]:
    from legcare.services.diary import find_checkin

    item = find_checkin(ctx=ctx, kind=kind, day=day)
    if item is None:
        return {}
    # what the person entered: values filled from the session log are not theirs to keep
    return {k: None if k in item.filled else v for k, v in item.values.items()}


def _ask(kind: str, name: str, default: Any) -> Any:
    """Ask for one field until the answer is allowed; Enter keeps the default."""
    from rich.prompt import Confirm, Prompt

    from legcare.domain.diary import CheckinKind, FieldType, check_field, field_spec

    the_kind = CheckinKind(kind)
    spec = field_spec(the_kind, name)
    assert spec is not None
    con = output.console()
    while True:
        if spec.type is FieldType.FLAG:
            return Confirm.ask(spec.label, default=bool(default), console=con)
        shown = "" if default is None else str(default)
        hint = f"{spec.label} [{spec.allowed()}]"
        answer = Prompt.ask(hint, default=shown, show_default=True, console=con).strip()
        if answer == "" and not spec.required:
            return None
        raw: Any = answer
        if spec.type in (FieldType.RATING, FieldType.COUNT, FieldType.HOURS):
            try:
                raw = float(answer) if "." in answer else int(answer)
            except ValueError:
                raw = answer
        value, problem = check_field(the_kind, name, raw)
        if problem is None:
            return value
        con.print(f"[red]{problem}[/red]")


def _prompt_values(kind: str, start: dict[str, Any]) -> dict[str, Any]:
    from legcare.domain.diary import CheckinKind, field_specs

    values = dict(start)
    for spec in field_specs(CheckinKind(kind)):
        implied = IMPLIES.get(spec.name)
        if implied is not None and not values.get(implied):
            values[spec.name] = False  # no caffeine: none after midday either
            continue
        values[spec.name] = _ask(kind, spec.name, values.get(spec.name))
    return values


UPDATE_HELP = "Change only the values given on this line in the existing entry for the date."


def _help(kind: CheckinKind, name: str) -> str:
    spec = field_spec(kind, name)
    assert spec is not None, name
    return spec.cli_help()


def _option(kind: CheckinKind, name: str) -> Any:
    """The option of the check-in field ``name``, its name and help from the domain
    (``legcare.domain.diary.fields``). A yes/no field can also be left out (None):
    ``--alcohol/--no-alcohol``."""
    spec = field_spec(kind, name)
    assert spec is not None, name
    flag = spec.cli_option
    if spec.type is FieldType.FLAG:
        return typer.Option(None, f"--{flag}/--no-{flag}", help=spec.cli_help(), show_default=False)
    return typer.Option(None, f"--{flag}", help=spec.cli_help())


E, M = CheckinKind.EVENING, CheckinKind.MORNING


def _combine(
    ctx: AppContext, kind: str, day: date, given: dict[str, Any], *, update: bool, prompt: bool
) -> dict[str, Any]:
    """The values to save: the line alone, merged over the stored entry, or asked for."""
    from legcare.errors import NotFound

    stored = _existing(ctx, kind, day)
    if update and not stored:
        raise NotFound(
            f"No {kind} check-in for {day.isoformat()} to update.",
            details=["leave out --update to make a new entry"],
        )
    present = {k: v for k, v in given.items() if v is not None}
    if prompt:
        return _prompt_values(kind, stored | present)
    return stored | present if update else given


@log_app.command("evening")
def evening(
    rls: int | None = typer.Argument(None, help=_help(E, "rls")),
    onset: str | None = _option(E, "rls_onset"),
    leg_pain: int | None = _option(E, "leg_pain"),
    caffeine: bool | None = _option(E, "caffeine"),
    caffeine_late: bool | None = _option(E, "caffeine_after_midday"),
    alcohol: bool | None = _option(E, "alcohol"),
    nicotine: bool | None = _option(E, "nicotine"),
    sitting: bool | None = _option(E, "long_sitting"),
    exercise: str | None = _option(E, "exercise_kind"),
    minutes: int | None = _option(E, "exercise_minutes"),
    iron: bool | None = _option(E, "iron_supplement"),
    shoes: bool | None = _option(E, "supportive_shoes"),
    massage: bool | None = _option(E, "massage_done"),
    note: str | None = _option(E, "note"),
    factor: list[str] | None = typer.Option(None, "--factor", help=FACTOR_HELP),
    day: str | None = typer.Option(None, "--date", help=DATE_HELP),
    update: bool = typer.Option(False, "--update", help=UPDATE_HELP),
    prompt: bool = typer.Option(False, "--prompt", help="Ask field by field, defaults shown."),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Replace an existing entry without asking."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the saved entry as JSON."),
) -> None:
    """Evening check-in: RLS 0-10 tonight and today's exposures (those not given count as no)."""
    ctx = runtime.context()
    the_day = parse_day(day, today=ctx.today())
    flags = {
        "caffeine": caffeine,
        "caffeine_after_midday": caffeine_late,
        "alcohol": alcohol,
        "nicotine": nicotine,
        "long_sitting": sitting,
        "iron_supplement": iron,
        "supportive_shoes": shoes,
        "massage_done": massage,
    }
    if not (update or prompt):  # the one-liner is a checklist: what is not given is a no
        flags = {k: bool(v) for k, v in flags.items()}
    flags = tick_implied(flags)
    no_exercise = exercise is None and minutes is None and not (update or prompt)
    given: dict[str, Any] = {
        "rls": rls,
        "rls_onset": onset,
        "leg_pain": leg_pain,
        **flags,
        "exercise_kind": exercise,
        "exercise_minutes": 0 if no_exercise else minutes,
        "note": note,
    }
    values = _combine(ctx, "evening", the_day, given, update=update, prompt=prompt)
    if prompt:
        own = _prompt_factors(ctx, the_day, factor_pairs(factor))
    else:
        own = _evening_factors(ctx, factor_pairs(factor), checklist=not update)
    _save(ctx, "evening", the_day, values, yes=yes or update, as_json=as_json, factors=own)


@log_app.command("morning")
def morning(
    sleep: int | None = _option(M, "sleep_quality"),
    hours: float | None = _option(M, "hours_slept"),
    woken: int | None = _option(M, "times_woken_by_legs"),
    heel: int | None = _option(M, "first_step_heel_pain"),
    calf: int | None = _option(M, "calf_hamstring_pain"),
    note: str | None = _option(M, "note"),
    day: str | None = typer.Option(None, "--date", help=DATE_HELP),
    update: bool = typer.Option(False, "--update", help=UPDATE_HELP),
    prompt: bool = typer.Option(False, "--prompt", help="Ask field by field, defaults shown."),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Replace an existing entry without asking."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the saved entry as JSON."),
) -> None:
    """Morning check-in: sleep, hours, times woken by the legs, first-step heel pain, calf pain."""
    ctx = runtime.context()
    the_day = parse_day(day, today=ctx.today())
    given: dict[str, Any] = {
        "sleep_quality": sleep,
        "hours_slept": hours,
        "times_woken_by_legs": woken,
        "first_step_heel_pain": heel,
        "calf_hamstring_pain": calf,
        "note": note,
    }
    values = _combine(ctx, "morning", the_day, given, update=update, prompt=prompt)
    _save(ctx, "morning", the_day, values, yes=yes or update, as_json=as_json)


def _list_table(listing: CheckinListingView, kinds: dict[str, str]) -> None:
    from rich.table import Table

    from legcare.services.diary import describe_factors, describe_values

    table = Table(title=f"Check-ins {listing['from']} to {listing['to']}", title_justify="left")
    for column in ("date", "kind", "values", "note"):
        table.add_column(column)
    for item in listing["checkins"]:
        values = item["values"]
        shown = describe_values({k: v for k, v in values.items() if k != "note"})
        own = describe_factors(item["factors"], kinds)
        if own:
            shown = f"{shown}; {own}"
        table.add_row(item["day"], item["kind"], shown, values.get("note") or "")
    con = output.console()
    if not listing["checkins"]:
        con.print(f"No check-ins from {listing['from']} to {listing['to']}.")
        return
    con.print(table)


@log_app.command("list")
def list_(
    start: str | None = typer.Option(None, "--from", help="First date (default: 14 days ago)."),
    end: str | None = typer.Option(None, "--to", help="Last date (default: today)."),
    kind: str | None = typer.Option(None, "--kind", help="evening or morning (default: both)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (as GET /api/v1/checkins)."),
) -> None:
    """List check-ins in a date range."""
    from legcare.services.diary import checkins_listing, factor_kinds

    ctx = runtime.context()
    the_end = parse_day(end, today=ctx.today(), name="to")
    default_start = date.fromordinal(max(1, the_end.toordinal() - DEFAULT_LIST_DAYS + 1))
    the_start = default_start if start is None else parse_day(start, today=ctx.today(), name="from")
    listing = checkins_listing(ctx=ctx, start=the_start, end=the_end, kind=kind)
    if as_json:
        output.print_json(listing)
        return
    _list_table(listing, factor_kinds(ctx=ctx))


@log_app.command("delete")
def delete(
    kind: str = typer.Argument(..., help="evening or morning."),
    day: str = typer.Argument(..., help="The date (YYYY-MM-DD, today or yesterday)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete one check-in."""
    from legcare.services.diary import delete_checkin, get_checkin

    ctx = runtime.context()
    the_day = parse_day(day, today=ctx.today())
    item = get_checkin(ctx=ctx, kind=kind, day=the_day)
    if not yes:
        typer.confirm(
            f"Delete the {item.kind.value} check-in for {the_day.isoformat()} ({_describe(item)})?",
            abort=True,
            err=True,
        )
    delete_checkin(ctx=ctx, kind=kind, day=the_day)
    output.console().print(f"Deleted the {item.kind.value} check-in for {the_day.isoformat()}.")


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")
