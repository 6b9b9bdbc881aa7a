"""`legcare export`, `legcare import`, `legcare delete --all`: your data out, back in, or gone."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from legcare.cli import output, runtime

CONFIRM_WORD = "delete"


def export(
    file: str = typer.Argument(..., help="File to write, or - for standard output."),
    fmt: str = typer.Option(
        "json",
        "--format",
        "-f",
        help="csv (a zip with one CSV per table, check-ins one per kind), json (everything, "
        "re-importable), fhir (FHIR R4 collection Bundle) or fhir-transaction (a transaction "
        "Bundle a FHIR server ingests as it is).",
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists, without asking."),
) -> None:
    """Export everything you have recorded as CSV, JSON or FHIR R4."""
    from legcare.cli.files import confirm_overwrite
    from legcare.services.views.export import check_target, describe_counts, export_data, write_file

    if file != "-":
        check_target(Path(file))
        confirm_overwrite(Path(file), force=force)
    result = export_data(ctx=runtime.context(), fmt=fmt)
    if file == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(result.content)
        else:  # a text-only stream (tests, some IDEs)
            sys.stdout.write(result.content.decode("utf-8", errors="replace"))
        sys.stdout.flush()
        return
    path = write_file(target=Path(file), content=result.content)
    output.console().print(f"Exported {describe_counts(result.counts)} as {fmt} to {path}.")


def import_file(
    file: Path = typer.Argument(..., help="A legcare JSON export or a FHIR Bundle."),
    replace: bool = typer.Option(
        False, "--replace", help="Replace everything you have with the file (one step)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before replacing."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import a legcare JSON export or FHIR Bundle (refuses anything else; changes nothing then)."""
    from legcare.errors import InvalidInput
    from legcare.services.views.export import data_counts, describe_counts, import_data

    path = file.expanduser().resolve()
    if not path.is_file():
        raise InvalidInput(f"{path} does not exist or is not a file. Nothing was changed.")
    ctx = runtime.context()
    if replace and not yes:
        existing = describe_counts(data_counts(ctx=ctx))
        typer.confirm(f"This replaces everything you have ({existing}). Continue?", abort=True)
    summary = import_data(ctx=ctx, content=path.read_bytes(), replace=replace)
    if as_json:
        output.print_json(summary.to_json())
        return
    con = output.console()
    con.print(f"Imported {describe_counts(summary.counts)} from {path} ({summary.format}).")
    if summary.skipped:
        con.print(f"Left out {summary.skipped} FHIR entries:")
        for ignored in summary.ignored:
            con.print(f"  {ignored}", markup=False, highlight=False)


def delete(
    everything: bool = typer.Option(False, "--all", help="Delete all your health data."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Delete all your health data (check-ins, checks, plans, sessions, experiments)."""
    from legcare.errors import InvalidInput
    from legcare.services.views.export import data_counts, delete_all, describe_counts

    if not everything:
        raise InvalidInput(
            "Say what to delete: `legcare delete --all` removes all your health data."
        )
    ctx = runtime.context()
    if not yes:
        existing = describe_counts(data_counts(ctx=ctx))
        sys.stderr.write(
            f"This deletes all your health data ({existing}) and cannot be undone.\n"
            "Export first if you want a copy: legcare export --format json FILE\n"
            "Backups and exports you saved before are files of their own: delete them "
            "yourself if you want them gone.\n"
        )
        answer = typer.prompt(f"Type {CONFIRM_WORD} to confirm", default="", show_default=False)
        if answer.strip() != CONFIRM_WORD:
            sys.stderr.write(f"You did not type {CONFIRM_WORD}: nothing was deleted.\n")
            raise typer.Abort()
    deleted = delete_all(ctx=ctx)
    if as_json:
        output.print_json({"ok": True, "deleted": deleted})
        return
    output.console().print(f"Deleted {describe_counts(deleted)}.")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_file)
    app.command("delete")(delete)
