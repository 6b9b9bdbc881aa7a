"""`legcare safety`: what the latest check (and an unfinished one) allows now."""

from __future__ import annotations

import typer

from legcare.cli import output, runtime


def safety(
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
) -> None:
    """Show what to do now and what is not for you now (for example no massage)."""
    from legcare.services import safety as service

    data = service.state_json(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    con.print(data["triage_label"], style="bold", markup=False)
    if data["what_to_do"]:
        con.print(data["what_to_do"], markup=False)
    for warning in data["warnings"]:
        later = " (from the check you have not finished)" if warning["unfinished_check"] else ""
        con.print(f"! {warning['label']}{later}", style="bold red", markup=False)
    con.print(
        data["message"] or "Nothing is held back: massage and stretching are allowed.", markup=False
    )


def register(app: typer.Typer) -> None:
    app.command("safety")(safety)
