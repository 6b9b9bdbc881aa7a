"""`legcare insights`: trends, adherence and associations with terminal charts; SVG on request.

legcare insights                      # the last eight weeks
legcare insights --from 2026-09-01 --to 2026-11-20 --svg charts/
legcare insights --json               # what GET /api/v1/insights returns
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from legcare.cli import output, runtime
from legcare.cli.log import parse_day

if TYPE_CHECKING:
    from rich.console import Console

    from legcare.services.views.insights import InsightsView

SPARK = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 16
BAR_WIDTH = 14


def sparkline(values: list[float | None], *, low: float = 0, high: float = 10) -> str:
    """One character per value (a space where there is none), scaled to ``[low, high]``."""
    width = len(SPARK) - 1
    chars = []
    for v in values:
        if v is None:
            chars.append(" ")
            continue
        share = (min(max(v, low), high) - low) / (high - low) if high > low else 0
        chars.append(SPARK[round(share * width)])
    return "".join(chars)


def _resample(values: list[float | None], width: int) -> list[float | None]:
    """At most ``width`` values: the mean of each equal slice (None if a slice is empty)."""
    if len(values) <= width:
        return values
    out: list[float | None] = []
    for i in range(width):
        chunk = [
            v
            for v in values[i * len(values) // width : (i + 1) * len(values) // width]
            if v is not None
        ]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _trends(con: Console, data: InsightsView) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title="Trends", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("", no_wrap=True)
    table.add_column("7-day average", no_wrap=True)
    table.add_column("7 d", justify="right")
    table.add_column("4 wk vs 4 before", no_wrap=True)
    table.add_column("", no_wrap=True)
    series = data.series.values
    for t in data.trends:
        if t.last_4_weeks.n == 0 and t.previous_4_weeks.n == 0:
            continue
        high = 24 if t.metric == "hours_slept" else 10
        line = sparkline(_resample(series[f"{t.metric}_mean_7d"], SPARK_WIDTH), high=high)
        table.add_row(
            t.label,
            line,
            _fmt(t.last_7_days.mean),
            "not enough weeks yet"
            if t.change is None
            else f"{_fmt(t.last_4_weeks.mean)} vs {_fmt(t.previous_4_weeks.mean)}",
            t.direction or "",
        )
    if table.row_count:
        con.print(table)
    else:
        con.print("No symptom ratings in this period yet. Try `legcare log evening 5`.")


def _adherence(con: Console, adherence: Mapping[str, Any] | None) -> None:
    if adherence is None:
        con.print("\n[bold]Adherence[/bold]: no plan to compare with yet (`legcare plan`).")
        return
    con.print(f"\n[bold]Adherence[/bold]: {adherence['summary']}")
    for week in adherence["weeks"][-8:]:
        done = min(week["done"], BAR_WIDTH)
        missing = max(min(week["planned"], BAR_WIDTH) - done, 0)
        bar = "█" * done + "░" * missing
        con.print(f"  {week['week_start']}  {bar:<{BAR_WIDTH}}  {week['done']}/{week['planned']}")


def _interval_bar(low: float, high: float, diff: float, span: float) -> str:
    """A text picture of an interval on a -span..+span axis: ─ the interval, ● the estimate."""
    width = 21

    def col(x: float) -> int:
        return round((min(max(x, -span), span) + span) / (2 * span) * (width - 1))

    cells = [" "] * width
    for i in range(col(low), col(high) + 1):
        cells[i] = "─"
    cells[col(0)] = "┼" if cells[col(0)] == "─" else "│"
    cells[col(diff)] = "●"
    return "".join(cells)


def _associations(con: Console, data: InsightsView) -> None:
    from rich.padding import Padding
    from rich.text import Text

    ready = [a for a in data.associations if a.enough]
    waiting = sorted(
        {a.exposure_label for a in data.associations if not a.enough}
        - {a.exposure_label for a in ready}
    )
    con.print("\n[bold]Nights with and without[/bold] (associations, not causes)")
    con.print(f"  {data.tested_summary}", markup=False)
    intervals = [(a, a.interval, a.difference) for a in ready]
    shown = [(a, (lo, hi), d) for a, (lo, hi), d in _complete(intervals)]
    span = max([abs(x) for _, pair, _ in shown for x in pair] + [1.0])
    for a, (low, high), diff in shown:
        bar = _interval_bar(low, high, diff, span)
        head = f"{a.rank}. {a.exposure_label} / {a.outcome_label}"
        con.print(f"  {bar}  {head}: {diff:+.1f}", markup=False)
        con.print(Padding(Text(a.summary, style="dim"), (0, 0, 0, 6)))
    if waiting:
        con.print("  Not enough days yet for: " + ", ".join(waiting) + ".")
    for group in data.merged:
        con.print(f"  Counted as one: {' and '.join(group.members)}.", markup=False)


def _complete(
    rows: list[tuple[Any, tuple[float | None, float | None] | None, float | None]],
) -> list[tuple[Any, tuple[float, float], float]]:
    """The rows whose interval and difference are all numbers."""
    out = []
    for a, pair, diff in rows:
        if pair is None or diff is None or pair[0] is None or pair[1] is None:
            continue
        out.append((a, (pair[0], pair[1]), diff))
    return out


def _write_svgs(data: Mapping[str, Any], folder: Path) -> list[Path]:
    from legcare.services.views.insights import render_insight_charts

    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, svg in render_insight_charts(dict(data)).items():
            path = folder / f"{name}.svg"
            path.write_text(svg, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        from legcare.errors import InvalidInput

        raise InvalidInput(
            f"Could not write the charts to {folder}: {exc.strerror or exc}.",
            details=["--svg: allowed: a folder (made if missing) you can write to"],
        ) from None
    return written


def insights(
    start: str | None = typer.Option(None, "--from", help="First date (default: 8 weeks back)."),
    end: str | None = typer.Option(None, "--to", help="Last date (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (as GET /api/v1/insights)."),
    svg: Path | None = typer.Option(
        None, "--svg", help="Also write symptoms.svg, adherence.svg and exposures.svg here."
    ),
) -> None:
    """Trends, adherence and nights with and without each exposure (associations, not causes)."""
    from legcare.services.views.insights import default_range, insights_view

    ctx = runtime.context()
    the_end = parse_day(end, today=ctx.today(), name="to")
    the_start = (
        default_range(the_end)[0]
        if start is None
        else parse_day(start, today=ctx.today(), name="from")
    )
    view = insights_view(ctx=ctx, start=the_start, end=the_end)
    written = _write_svgs(view.to_json(), svg) if svg is not None else []
    if as_json:
        output.print_json(view.to_json())
        return
    con = output.console()
    counts = view.checkins
    con.print(
        f"[bold]Insights {view.start.isoformat()} to {view.end.isoformat()}[/bold]: "
        f"{counts.evening} evening and {counts.morning} morning check-ins."
    )
    _trends(con, view)
    _adherence(con, view.adherence)
    _associations(con, view)
    for note in view.notes:
        con.print(f"[dim]{note}[/dim]")
    for path in written:
        con.print(f"Wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("insights")(insights)
