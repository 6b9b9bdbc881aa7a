"""`legcare meds`: medicines, supplements and treatments; flags from the content; no doses.

legcare meds add "Ropinirole" --start 2026-01-05 --dose-text "as my GP said"
legcare meds add "paracetamol" --as-needed
legcare meds took 2                    # an "as needed" use today
legcare meds stop 1 --date 2026-11-01
legcare meds list --json
"""

from __future__ import annotations

from datetime import date

import typer

from legcare.cli import output, runtime
from legcare.cli.log import parse_day

meds_app = typer.Typer(
    help="Medicines, supplements and treatments you take (legcare never suggests doses).",
    no_args_is_help=True,
)


def _optional_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    return parse_day(value, today=runtime.context().today(), name=name)


def _print_medicine(view: object) -> None:
    from legcare.services.medicines import MedicineView

    assert isinstance(view, MedicineView)
    con = output.console()
    dates = f"{view.started or '?'} to {view.stopped or 'now'}"
    extra = " (as needed)" if view.as_needed else ""
    dose = f" - your note on dose: {view.own_dose_text}" if view.own_dose_text else ""
    con.print(
        f"{view.id}  {view.name} ({view.kind}){extra}, {dates}{dose}",
        markup=False,
        highlight=False,
    )
    if view.flag is not None:
        con.print(
            f"    Flag: {view.flag.class_name}. {view.flag.advice}", markup=False, highlight=False
        )


@meds_app.command("add")
def add(  # noqa: PLR0913 - one option per field
    name: str = typer.Argument(..., help="The name as on the box, e.g. 'ropinirole'."),
    kind: str = typer.Option("medicine", "--kind", help="medicine, supplement or treatment."),
    start: str | None = typer.Option(None, "--start", help="Start date (YYYY-MM-DD)."),
    stop: str | None = typer.Option(None, "--stop", help="Stop date (YYYY-MM-DD)."),
    as_needed: bool = typer.Option(False, "--as-needed", help="Taken only when needed."),
    dose_text: str = typer.Option(
        "", "--dose-text", help="Your own note on the dose, kept as typed."
    ),
    note: str = typer.Option("", "--note", help="Any note."),
) -> None:
    """Log a medicine, supplement or treatment (flagged if it may worsen restless legs)."""
    from legcare.services.medicines import add_medicine

    view = add_medicine(
        ctx=runtime.context(),
        name=name,
        kind=kind,
        started=_optional_day(start, "start"),
        stopped=_optional_day(stop, "stop"),
        as_needed=as_needed,
        own_dose_text=dose_text,
        note=note,
    )
    _print_medicine(view)


@meds_app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Every medicine you logged, with flags for those reported to worsen restless legs."""
    from legcare.services.medicines import list_medicines

    result = list_medicines(ctx=runtime.context())
    if as_json:
        output.print_json(result.to_json())
        return
    if not result.medicines:
        output.console().print("No medicines logged. Add one with `legcare meds add NAME`.")
    for view in result.medicines:
        _print_medicine(view)
    output.console().print(f"[dim]{result.note}[/dim]")


@meds_app.command("stop")
def stop(
    medicine_id: int = typer.Argument(..., help="The number shown by `legcare meds list`."),
    day: str | None = typer.Option(None, "--date", help="Stop date (default today)."),
) -> None:
    """Set the date you stopped a medicine (never stop a prescribed one on your own)."""
    from legcare.services.medicines import stop_medicine

    ctx = runtime.context()
    _print_medicine(
        stop_medicine(ctx=ctx, medicine_id=medicine_id, stopped=parse_day(day, today=ctx.today()))
    )


@meds_app.command("took")
def took(
    medicine_id: int = typer.Argument(..., help="The number shown by `legcare meds list`."),
    day: str | None = typer.Option(None, "--date", help="The day (default today)."),
    note: str = typer.Option("", "--note", help="Any note."),
) -> None:
    """Record one use of an "as needed" medicine."""
    from legcare.services.medicines import log_use

    ctx = runtime.context()
    used = log_use(
        ctx=ctx, medicine_id=medicine_id, day=parse_day(day, today=ctx.today()), note=note
    )
    output.console().print(
        f"Recorded {used.medicine} on {used.day.isoformat()}.", markup=False, highlight=False
    )


@meds_app.command("delete")
def delete(
    medicine_id: int = typer.Argument(..., help="The number shown by `legcare meds list`."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete a medicine and its recorded uses."""
    from legcare.services.medicines import delete_medicine

    if not yes:
        typer.confirm(f"Delete medicine {medicine_id} and its uses?", abort=True)
    delete_medicine(ctx=runtime.context(), medicine_id=medicine_id)
    output.console().print(f"Deleted medicine {medicine_id}.")


def register(app: typer.Typer) -> None:
    app.add_typer(meds_app, name="meds")
