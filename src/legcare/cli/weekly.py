"""`legcare weekly`: legcare's own weekly scores (restless legs; heel pain), 0-10 per item.

legcare weekly answer rls               # asks the four questions
legcare weekly answer heel 6 4 2        # first-step pain, pain after standing, function
legcare weekly history rls --json

These are our own items, not validated instruments.
"""

from __future__ import annotations

import typer

from legcare.cli import output, runtime
from legcare.cli.log import parse_day
from legcare.errors import InvalidInput

weekly_app = typer.Typer(
    help="Weekly scores of our own (not validated instruments): rls and heel.",
    no_args_is_help=True,
)


@weekly_app.command("questions")
def show_questions(
    kind: str = typer.Argument("rls", help="rls or heel."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The questions of one weekly score."""
    from legcare.services.weekly_scores import questions

    result = questions(kind=kind)
    if as_json:
        output.print_json(result.to_json())
        return
    con = output.console()
    con.print(f"[bold]{result.text.title}[/bold]. {result.text.period}")
    for item in result.text.items:
        con.print(f"- {item.text} (0 {item.low} - 10 {item.high})", highlight=False)
    con.print(f"[dim]{result.text.not_validated}[/dim]")


@weekly_app.command("answer")
def answer(
    kind: str = typer.Argument(..., help="rls or heel."),
    values: list[int] | None = typer.Argument(None, help="One 0-10 answer per item, in order."),
    day: str | None = typer.Option(
        None, "--date", help="Any day of the week (default: this week)."
    ),
) -> None:
    """Answer this week's questions (saving a week again replaces it)."""
    from legcare.services.weekly_scores import questions, save_week

    ctx = runtime.context()
    text = questions(kind=kind).text
    given = list(values or [])
    if given and len(given) != len(text.items):
        raise InvalidInput(
            f"{len(given)} answers given; allowed: exactly {len(text.items)} "
            f"({', '.join(i.id for i in text.items)}), each 0-10"
        )
    if not given:
        output.console().print(f"[bold]{text.title}[/bold]. {text.period}")
        given = [
            typer.prompt(f"{item.text} (0 {item.low} - 10 {item.high})", type=int)
            for item in text.items
        ]
    answers: dict[str, object] = {item.id: v for item, v in zip(text.items, given, strict=True)}
    saved = save_week(ctx=ctx, kind=kind, answers=answers, day=parse_day(day, today=ctx.today()))
    verb = "Replaced" if saved.replaced else "Saved"
    output.console().print(
        f"{verb} the week of {saved.week.isoformat()}: score {saved.score} / 100.", highlight=False
    )
    output.console().print(f"[dim]{text.not_validated}[/dim]")


@weekly_app.command("history")
def history_(
    kind: str = typer.Argument("rls", help="rls or heel."),
    weeks: int = typer.Option(12, "--weeks", min=1, max=520, help="How many weeks back."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Your weekly scores, oldest first, with a bar per week."""
    from legcare.services.weekly_scores import history

    result = history(ctx=runtime.context(), kind=kind, weeks=weeks)
    if as_json:
        output.print_json(result.to_json())
        return
    con = output.console()
    con.print(f"[bold]{result.title}[/bold] (0-100, lower is better)")
    for week in result.weeks:
        bar = "#" * round(week.score / 5)
        con.print(f"{week.week.isoformat()}  {week.score:>3}  {bar}", highlight=False)
    if not result.weeks:
        con.print(f"No weeks answered yet. Try `legcare weekly answer {kind}`.")
    con.print(f"[dim]{result.not_validated}[/dim]")


def register(app: typer.Typer) -> None:
    app.add_typer(weekly_app, name="weekly")
