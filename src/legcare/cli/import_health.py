"""`legcare import-health FILE`: nights, steps and resting heart rate from a phone or wearable.

legcare import-health ~/Downloads/export.zip          # Apple Health
legcare import-health ~/Downloads/takeout.zip         # Google Takeout, Fitbit
legcare health-data --from 2026-11-01 --json          # what was imported, with its source
"""

from __future__ import annotations

from pathlib import Path

import typer

from legcare.cli import output, runtime
from legcare.cli.log import parse_day


def import_health(
    file: Path = typer.Argument(
        ..., help="Apple Health export.zip, or a Google Takeout Fitbit zip."
    ),
    fmt: str = typer.Option("auto", "--format", help="auto, apple_health or fitbit."),
) -> None:
    """Import sleep, steps and resting heart rate (each value keeps its source)."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    from legcare.services.health_import import import_health_file

    ctx = runtime.context()
    with Progress(
        TextColumn("Reading"),
        BarColumn(),
        DownloadColumn(),
        console=output.console(),
        transient=True,
    ) as bar:
        task = bar.add_task("read", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        summary = import_health_file(ctx=ctx, path=file, fmt=fmt, progress=progress)
    con = output.console()
    span = f"{summary.first_day} to {summary.last_day}" if summary.first_day else "no dates"
    con.print(
        f"Imported from {summary.file} ({summary.source}), {span}: {summary.nights} nights, "
        f"{summary.days_with_steps} days of steps, {summary.days_with_resting_heart_rate} days "
        f"of resting heart rate ({summary.inserted} new, {summary.replaced} replaced).",
        highlight=False,
    )


def health_data(
    start: str | None = typer.Option(None, "--from", help="First date (default: 4 weeks back)."),
    end: str | None = typer.Option(None, "--to", help="Last date (default: today)."),
    source: str | None = typer.Option(None, "--source", help="apple_health, fitbit ..."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Imported nights, steps and resting heart rates, with where each came from."""
    from datetime import timedelta

    from legcare.services.health_import import health_values

    ctx = runtime.context()
    the_end = parse_day(end, today=ctx.today(), name="to")
    the_start = (
        parse_day(start, today=ctx.today(), name="from") if start else the_end - timedelta(days=27)
    )
    result = health_values(ctx=ctx, start=the_start, end=the_end, source=source)
    if as_json:
        output.print_json(result.to_json())
        return
    con = output.console()
    words = {"sleep_minutes": "minutes asleep", "steps": "steps", "resting_hr": "resting pulse"}
    for v in result.values:
        what = words.get(str(v.metric), str(v.metric).replace("_", " "))
        con.print(
            f"{v.day.isoformat()}  {v.value:>6} {what:<15} (from {v.source})",
            highlight=False,
            markup=False,
        )
    if not result.values:
        con.print("Nothing imported in this period. Try `legcare import-health FILE`.")


def register(app: typer.Typer) -> None:
    app.command("import-health")(import_health)
    app.command("health-data")(health_data)
