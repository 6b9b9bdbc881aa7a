"""`legcare factors`: your own yes/no or 0-10 factors (stress, period, long drive, new shoes).

legcare factors add "Stress" --kind scale
legcare factors add "New shoes" --kind yes_no
legcare factors set stress 6            # today
legcare factors set "new shoes" yes --date yesterday
legcare factors list --json
legcare factors archive "new shoes"    # leaves the evening check-in; its values stay
legcare factors archive "new shoes" --restore
"""

from __future__ import annotations

import typer

from legcare.cli import output, runtime
from legcare.cli.log import parse_day
from legcare.errors import InvalidInput

factors_app = typer.Typer(
    help="Your own factors to track (yes/no or 0-10), beside the check-in.", no_args_is_help=True
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def parse_value(raw: str) -> int | bool:
    """'yes'/'no' or a whole number."""
    text = raw.strip().lower()
    if text in YES - {"1"}:
        return True
    if text in NO - {"0"}:
        return False
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            f"{raw!r} is not a value; allowed: yes, no or a whole number 0-10"
        ) from None


@factors_app.command("add")
def add(
    name: str = typer.Argument(..., help="The factor's name, e.g. 'stress'."),
    kind: str = typer.Option(..., "--kind", help="yes_no (yes or no) or scale (0-10)."),
) -> None:
    """Add one of your own factors."""
    from legcare.services.factors import add_factor

    view = add_factor(ctx=runtime.context(), name=name, kind=kind)
    con = output.console()
    con.print(f"Added {view.name} ({view.kind}).", highlight=False)
    if view.near_duplicates:
        con.print(
            f"Insights will treat it together with: {', '.join(view.near_duplicates)}.",
            highlight=False,
        )


@factors_app.command("set")
def set_(
    name: str = typer.Argument(..., help="The factor's name."),
    value: str = typer.Argument(..., help="yes, no or 0-10."),
    day: str | None = typer.Option(None, "--date", help="The day (default today)."),
) -> None:
    """Record a factor's value for a day (a second value for that day replaces the first)."""
    from legcare.services.factors import record_factor

    ctx = runtime.context()
    saved = record_factor(
        ctx=ctx, name=name, value=parse_value(value), day=parse_day(day, today=ctx.today())
    )
    output.console().print(
        f"{saved.factor} = {saved.value} on {saved.day.isoformat()}.", highlight=False
    )


@factors_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Your factors, and which names insights will treat as one."""
    from legcare.services.factors import list_factors

    result = list_factors(ctx=runtime.context())
    if as_json:
        output.print_json(result.to_json())
        return
    con = output.console()
    if not result.factors:
        con.print("No factors yet. Add one with `legcare factors add NAME --kind scale`.")
    for f in result.factors:
        con.print(f"{f.name} ({f.kind}){' archived' if f.archived else ''}", highlight=False)
    for group in result.groups:
        if len(group.members) > 1:
            con.print(f"[dim]Treated as one: {', '.join(group.members)}[/dim]", highlight=False)


@factors_app.command("archive")
def archive(
    name: str = typer.Argument(..., help="The factor's name."),
    restore: bool = typer.Option(False, "--restore", help="Bring an archived factor back."),
) -> None:
    """Archive a factor: it leaves the evening check-in; what you recorded stays."""
    from legcare.domain.tracking.factors import factor_key
    from legcare.errors import NotFound
    from legcare.services.factors import archive_factor, list_factors

    ctx = runtime.context()
    known = list_factors(ctx=ctx).factors
    found = next((f for f in known if factor_key(f.name) == factor_key(name)), None)
    if found is None:
        names = ", ".join(f.name for f in known) or "none yet"
        raise NotFound(f"no factor named {name!r}; allowed: {names}")
    view = archive_factor(ctx=ctx, factor_id=found.id, archived=not restore)
    word = "Archived" if view.archived else "Brought back"
    output.console().print(f"{word} {view.name}.", highlight=False)


@factors_app.command("values")
def values(
    start: str | None = typer.Option(None, "--from", help="First date (default: 4 weeks back)."),
    end: str | None = typer.Option(None, "--to", help="Last date (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The values you recorded."""
    from legcare.services.factors import factor_values

    ctx = runtime.context()
    result = factor_values(
        ctx=ctx,
        start=parse_day(start, today=ctx.today(), name="from") if start else None,
        end=parse_day(end, today=ctx.today(), name="to") if end else None,
    )
    if as_json:
        output.print_json(result.to_json())
        return
    con = output.console()
    for v in result.values:
        con.print(f"{v.day.isoformat()}  {v.factor}: {v.value}", highlight=False)
    if not result.values:
        con.print("No values recorded in this period.")


def register(app: typer.Typer) -> None:
    app.add_typer(factors_app, name="factors")
