"""`legcare db`: upgrade, info, backup and restore the database."""

from __future__ import annotations

from pathlib import Path

import typer

from legcare.cli import output, runtime

db_app = typer.Typer(
    help="Upgrade, inspect, back up and restore the database.", no_args_is_help=True
)


@db_app.command("upgrade")
def upgrade() -> None:
    """Upgrade the database schema to the newest version."""
    from legcare.services.database import upgrade_database

    revision = upgrade_database(ctx=runtime.context())
    output.console().print(f"Database is at schema revision {revision}.")


@db_app.command("info")
def info(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the database engine, schema revision and row counts."""
    from legcare.services.database import database_info

    data = database_info(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    state = "up to date" if data["up_to_date"] else f"behind (head is {data['head']})"
    con.print(f"[bold]{data['engine']}[/bold] database at {data['url']}")
    con.print(f"Schema revision {data['revision']}: {state}")
    for name, count in data["tables"].items():
        con.print(f"  {name:<16} {count:>8} rows")


@db_app.command("backup")
def backup(
    file: Path = typer.Argument(..., help="Where to write the backup file."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists, without asking."),
) -> None:
    """Write a consistent copy of everything to FILE (safe while the app runs)."""
    from legcare.cli.files import confirm_overwrite
    from legcare.services.database import backup as do_backup

    confirm_overwrite(file, force=force)
    counts = do_backup(ctx=runtime.context(), target=file)
    output.console().print(f"Backed up {sum(counts.values())} rows to {file}.")


@db_app.command("restore")
def restore(
    file: Path = typer.Argument(..., help="A backup made by `legcare db backup`."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Replace everything with the backup in FILE (refuses anything else)."""
    from legcare.services.database import check_backup
    from legcare.services.database import restore as do_restore

    check_backup(source=file)
    if not yes:
        typer.confirm("This replaces all data in the current database. Continue?", abort=True)
    counts = do_restore(ctx=runtime.context(), source=file)
    output.console().print(f"Restored {sum(counts.values())} rows from {file}.")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
