"""`legcare plan`: the weekly plan (today highlighted), its calendar, setup, history and review."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from legcare.cli import output, runtime
from legcare.domain.counting import count as plural_count

if TYPE_CHECKING:
    from legcare.services.plans import PlanView

plan_app = typer.Typer(
    help="Your weekly self-care plan: show it, set it up, export it, review it.",
    invoke_without_command=True,
)

LEVEL_STYLE = {
    "urgent": "bold red",
    "see_clinician_soon": "bold yellow",
    "mention_next_visit": "bold yellow",
    "safety": "red",
    "clinician": "yellow",
    "dose": "magenta",
    "info": "cyan",
}


def _esc(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text))


def _clock(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


@plan_app.callback()
def show(
    typer_ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
    ics: Path | None = typer.Option(
        None, "--ics", help="Write the plan as an iCalendar file with reminders to this path."
    ),
    weeks: int = typer.Option(4, "--weeks", min=1, max=52, help="Weeks in the --ics calendar."),
    details: bool = typer.Option(
        False, "--details", "-d", help="Show every step with its dose and why."
    ),
) -> None:
    """Show this week's plan, today highlighted (or write it as a calendar with --ics).

    Showing the plan only reads: when your check or profile changed since the stored version,
    it shows the plan for them and says it is not saved yet (`legcare plan save` stores it).
    Writing it with --ics stores it as a new version first (what POST /api/v1/plan does), so
    that a calendar file written later cancels the sessions this one had."""
    if typer_ctx.invoked_subcommand is not None:
        return
    from legcare.services import plans

    ctx = runtime.context()
    if ics is not None:
        from legcare.errors import InvalidInput

        allowed = ["--ics: allowed: a file path in an existing folder you can write to"]
        if ics.is_dir() or not ics.parent.is_dir():  # refuse before anything is stored
            raise InvalidInput(f"Could not write {ics}: not a file in an existing folder.",
                               details=allowed)  # fmt: skip
        text = plans.plan_calendar(ctx=ctx, weeks=weeks, publish=True)
        try:
            ics.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(
                f"Could not write {ics}: {exc.strerror or exc}.", details=allowed
            ) from None
        cancelled = text.count("STATUS:CANCELLED")
        count = text.count("BEGIN:VEVENT") - cancelled
        also = f" and {cancelled} cancellations of removed ones" if cancelled else ""
        output.console().print(
            f"Wrote {plural_count(count, 'session')} with reminders{also} to {_esc(ics)}."
        )
        return
    data = plans.current_plan(ctx=ctx)
    if as_json:
        output.print_json(data)
        return
    _print_plan(data, details=details)
    if not data["saved"]:
        output.console().print(
            "[bold]Not saved yet[/bold]: `legcare plan save` stores it as a new version."
        )
    from legcare.services.experiments import todays_arm

    experiment = todays_arm(ctx=ctx)
    if experiment is not None:
        output.console().print(f"\n[bold]Experiment[/bold]: {_esc(experiment['message'])}")


def _print_notices(data: PlanView) -> None:
    con = output.console()
    for notice in data["notices"]:
        style = LEVEL_STYLE.get(notice["level"], "")
        con.print(f"[{style}]![/{style}] {_esc(notice['text'])}" if style else notice["text"])


def _print_week(data: PlanView) -> None:
    from rich.table import Table

    title = (
        "Your plan (not saved yet)"
        if data["version"] is None
        else f"Plan version {data['version']}"
    )
    table = Table(title=f"{title}: this week", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("day", no_wrap=True)
    table.add_column("sessions")
    for day in data["week"]:
        items = [f"{s['start']} {_esc(s['title'])} ({s['minutes']} min)" for s in day["sessions"]]
        marker = "today >" if day["today"] else ""
        style = "bold reverse" if day["today"] else None
        label = f"{day['weekday'].title()} {day['date'][5:]}"
        table.add_row(marker, label, "\n".join(items) or "-", style=style)
    output.console().print(table)


def _topic_title(topic_id: str) -> str:
    """A condition's title from the knowledge base (its id when it has none)."""
    entry = runtime.context().kb.find(topic_id)
    return entry.title.split(" (")[0] if entry is not None else topic_id.replace("_", " ")


def _print_sessions(data: PlanView, *, details: bool) -> None:
    con = output.console()
    for session in data["sessions"]:
        con.print(
            f"\n[bold]{_esc(session['title'])}[/bold] at {session['start']}, "
            f"{session['minutes']} min  [dim]{_esc(session['note'])}[/dim]"
        )
        for step in session["steps"]:
            soft = f" [yellow]({_esc(step['softened'])})[/yellow]" if step["softened"] else ""
            con.print(f"  {_clock(step['seconds']):>6}  {_esc(step['title'])}{soft}")
            if details:
                why = step["why"]
                con.print(f"          [dim]{_esc(step['dose'])}[/dim]")
                conditions = ", ".join(_topic_title(c) for c in why["conditions"])
                con.print(
                    f"          [dim]why: for {_esc(conditions)}; evidence "
                    f"{why['evidence'].replace('_', ' ')}; "
                    f"{plural_count(len(why['sources']), 'source')} "
                    f"(`legcare learn {_esc(step['technique'])}` lists them)[/dim]"
                )


def _print_plan(data: PlanView, *, details: bool) -> None:
    con = output.console()
    _print_notices(data)
    con.print()
    _print_week(data)
    _print_sessions(data, details=details)
    for checklist in data["checklists"]:
        con.print(f"\n[bold]{_esc(checklist['title'])}[/bold]")
        for item in checklist["items"]:
            con.print(f"  [ ] {_esc(item)}")
    if not data["profile_saved"]:
        con.print("\n[dim]Built for the default profile: run `legcare plan setup`.[/dim]")
    if not details:
        con.print("[dim]`legcare plan --details` shows each step's dose and why.[/dim]")


def _ask(field: str, label: str, default: str, given: str | None) -> str:
    """The value given as an option, else asked until that field is valid."""
    from legcare.domain.plans.profile import parse_profile
    from legcare.errors import InvalidInput

    if given is not None:
        return given
    while True:
        value = str(typer.prompt(label, default=default))
        try:
            parse_profile({field: value})
        except InvalidInput as exc:
            output.console().print("\n".join(exc.details), style="red", markup=False)
            continue
        return value


@plan_app.command("save")
def save(
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
) -> None:
    """Store the plan for your current check and profile as a new version (when it changed).

    Sessions you start and calendar files then follow this version."""
    from legcare.services import plans

    ctx = runtime.context()
    before = plans.current_plan(ctx=ctx)
    data = plans.save_plan(ctx=ctx)
    if as_json:
        output.print_json(data)
        return
    if before["saved"]:
        output.console().print(f"Your plan is already saved as version {data['version']}.")
    else:
        output.console().print(f"Saved your plan as version {data['version']}.")


@plan_app.command("setup")
def setup(
    tools: str | None = typer.Option(None, help="Tools you own, comma-separated."),
    minutes: str | None = typer.Option(None, help="Minutes available per day (5-180)."),
    bedtime: str | None = typer.Option(None, help="Usual bedtime, HH:MM."),
    days: str | None = typer.Option(None, help="Days available: mon,tue,... or all."),
    pressure: str | None = typer.Option(None, help="light, moderate or firm."),
    side: str | None = typer.Option(None, help="left, right or both."),
    as_json: bool = typer.Option(False, "--json", help="Print the saved profile as JSON."),
) -> None:
    """Set up your profile: tools, time, bedtime, days, pressure and side (defaults shown)."""
    from legcare.domain.plans.profile import TOOLS
    from legcare.services import plans

    ctx = runtime.context()
    current = plans.get_profile(ctx=ctx)["profile"]
    con = output.console()
    if tools is None:
        con.print(f"Tools you can list: {', '.join(TOOLS)} (hands are always counted).")
    questions = (
        ("tools", "Tools you own", ",".join(current["tools"]), tools),
        ("minutes_per_day", "Minutes available per day", str(current["minutes_per_day"]), minutes),
        ("bedtime", "Usual bedtime (HH:MM)", current["bedtime"], bedtime),
        ("days", "Days available", ",".join(current["days"]), days),
        ("pressure", "Pressure you like (light/moderate/firm)", current["pressure"], pressure),
        ("side", "Side affected (left/right/both)", current["side"], side),
    )
    answers = {field: _ask(field, *rest) for field, *rest in questions}
    saved = plans.save_profile(ctx=ctx, data=answers)
    if as_json:
        output.print_json(saved)
        return
    con.print("Profile saved. Your plan is rebuilt around it: see `legcare plan`.")


@plan_app.command("history")
def history(
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
) -> None:
    """List every plan version, newest first (old versions are kept)."""
    from legcare.services import plans

    data = plans.plan_history(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    if not data:
        con.print("No plan yet: `legcare plan` builds one.")
    for item in data:
        sessions = ", ".join(f"{s['title']} {s['minutes']} min" for s in item["sessions"])
        patterns = ", ".join(item["patterns"]) or "no pattern"
        con.print(
            f"v{item['version']}  {item['created_at'][:16]}  {_esc(patterns)}: {_esc(sessions)}"
        )


@plan_app.command("feed")
def feed(
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
) -> None:
    """The address a calendar app subscribes to, to keep your plan and its reminders in sync."""
    from legcare.services import calendar_feed
    from legcare.settings import local_address

    ctx = runtime.context()
    view = calendar_feed.feed(ctx=ctx)
    base, every_interface = local_address(ctx.settings)
    url = base + view["path"]
    data = {**view, "url": url, "webcal_url": "webcal" + url[url.index(":") :]}
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    con.print(f"Subscribe to: {_esc(data['webcal_url'])}")
    con.print(
        f"(or {_esc(url)}) while `legcare serve` runs. The calendar fetches the next "
        f"{view['weeks']} weeks every hour, each session with a reminder "
        f"{view['reminder_minutes']} minutes before it; removed sessions are cancelled."
    )
    if every_interface:
        con.print(
            "legcare listens on every network interface: on another device, write this "
            "computer's name or address instead of localhost."
        )


@plan_app.command("review")
def review(
    accept: bool = typer.Option(False, "--accept", help="Accept the proposal without asking."),
    decline: bool = typer.Option(False, "--decline", help="Decline the proposal without asking."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
) -> None:
    """The weekly review: one proposed next step, which you accept or decline.

    When a review is due this makes and stores it (what POST /api/v1/plan/review does)."""
    from legcare.errors import InvalidInput
    from legcare.services import plans

    if accept and decline:
        raise InvalidInput("Choose --accept or --decline, not both.")
    ctx = runtime.context()
    data = plans.make_weekly_review(ctx=ctx)
    proposal = data["review"]
    undecided = proposal is not None and proposal["decision"] is None
    if as_json and not (undecided and (accept or decline)):
        output.print_json(data)
        return
    con = output.console()
    if proposal is None or not undecided:
        con.print(f"No review is due; the next one is on {data['due']}.")
        return
    con.print(f"[bold]{_esc(proposal['text'])}[/bold]\n{_esc(proposal['reason'])}")
    if not (accept or decline):
        accept = typer.confirm("Accept this change?", default=False)
    result = plans.decide_review(ctx=ctx, review_id=proposal["id"], accept=accept)
    if as_json:
        output.print_json(result)
        return
    word = "Accepted" if accept else "Declined"
    con.print(f"{word}. Your plan is now version {result['plan_version']}.")
    experiment = proposal["change"].get("experiment")
    if accept and isinstance(experiment, dict):
        con.print(
            "Start it with: legcare experiment new "
            f"--arms {','.join(experiment['arms'])} --outcome {experiment['outcome']} "
            f"--plan-step {experiment['plan_step']}"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
