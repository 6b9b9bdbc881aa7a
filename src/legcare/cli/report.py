"""`legcare report`: the one-or-two-page summary for a clinician, as HTML or PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from legcare.cli import output, runtime

DEFAULT_WEEKS = 8


def report(
    start: str | None = typer.Option(
        None, "--from", help="First day, YYYY-MM-DD (default: eight weeks before --to)."
    ),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: today)."),
    html: str | None = typer.Option(
        None, "--html", help="Write the HTML report here (- for stdout)."
    ),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write the PDF report here."),
    as_json: bool = typer.Option(
        False, "--json", help="Print what the report says as JSON (the API's format=json)."
    ),
) -> None:
    """Write the clinician report for a period: the latest check, questions to discuss,
    symptom charts, adherence, what went with better nights, experiments and notes."""
    from legcare.errors import InvalidInput
    from legcare.services.views.export import check_target, write_file
    from legcare.services.views.report import (
        build_report,
        default_period,
        parse_day,
        render_html_and_pdf,
    )

    if html is None and pdf is None and not as_json:
        raise InvalidInput(
            "Say where to write the report: --html FILE and/or --pdf FILE (or --json)."
        )
    if html is not None and html != "-":
        check_target(Path(html))
    if pdf is not None:
        check_target(pdf)
    ctx = runtime.context()
    last = parse_day(end, "to") if end else ctx.today()
    first = parse_day(start, "from") if start else default_period(last)[0]
    if as_json:
        if html == "-":
            raise InvalidInput("--json and --html - both print: allowed: one of them.")
        output.print_json(build_report(ctx=ctx, start=first, end=last).to_json())
        if html is None and pdf is None:
            return
    page, document = render_html_and_pdf(ctx=ctx, start=first, end=last, pdf=pdf is not None)
    con = output.console()
    if html == "-":
        sys.stdout.write(page)
    elif html is not None:
        path = write_file(target=Path(html), content=page.encode("utf-8"))
        con.print(f"Wrote the HTML report for {first} to {last} to {path}.")
    if pdf is not None and document is not None:
        path = write_file(target=pdf, content=document)
        con.print(f"Wrote the PDF report for {first} to {last} to {path}.")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
