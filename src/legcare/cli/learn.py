"""`legcare learn`: browse the knowledge base (conditions, techniques, exercises, advice...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from legcare.cli import output, runtime

if TYPE_CHECKING:
    from legcare.services.context import AppContext
    from legcare.services.knowledge import (
        PrecautionBrief,
        SearchView,
        TopicPage,
        TopicRef,
        TopicsView,
    )


def learn(
    topic: list[str] | None = typer.Argument(
        None,
        metavar="TOPIC",
        help="A topic id (trigger-point) or search words (trigger point). Omit to list all.",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
    search: bool = typer.Option(
        False, "--search", "-s", help="List the topics matching the words, best first."
    ),
) -> None:
    """List topics, or show one: what it is, how to do it, dose, cautions, evidence, sources."""
    from legcare.services import knowledge

    text = " ".join(topic or [])
    ctx = runtime.context()  # the safety state (from the checks) decides what is not for you
    if search:
        found = knowledge.search_topics(ctx=ctx, text=text)
        _show(ctx, found, as_json, lambda: _print_search(found))
    elif text:
        page = knowledge.show_topic(ctx=ctx, topic=text)
        # a topic page puts its own warning first
        _show(ctx, page, as_json, lambda: _print_topic(page), warn=False)
    else:
        topics = knowledge.list_topics(ctx=ctx)
        _show(ctx, topics, as_json, lambda: _print_list(topics))


def _show(
    ctx: AppContext, data: object, as_json: bool, draw: Callable[[], None], *, warn: bool = True
) -> None:
    """``data`` as JSON, or drawn (after the safety state's warning, when ``warn``)."""
    if as_json:
        output.print_json(data)
        return
    if warn:
        from legcare.services.safety import current_state

        warning = current_state(ctx=ctx).refusal()
        if warning:
            output.console().print(f"[bold red]{_esc(warning)}[/bold red]\n")
    draw()


def _esc(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text))


def _print_list(data: TopicsView) -> None:
    from rich.table import Table

    con = output.console()
    con.print(f"[bold]{data['count']} topics[/bold]  (legcare learn TOPIC for one)")
    for group in data["groups"]:
        table = Table(title=group["label"], title_justify="left", show_header=False, box=None)
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("title")
        table.add_column("evidence", style="dim", no_wrap=True)
        for t in group["topics"]:
            table.add_row(t["id"], _esc(t["title"]), t["evidence_grade"].replace("_", " "))
        con.print()
        con.print(table)


def _print_search(data: SearchView) -> None:
    con = output.console()
    if not data["results"]:
        con.print(f"Nothing matches '{_esc(data['query'])}'. Try `legcare learn` for the list.")
        return
    for hit in data["results"]:
        con.print(f"[cyan]{hit['id']}[/cyan]  {_esc(hit['title'])}  [dim]{hit['kind']}[/dim]")


def _section(title: str) -> None:
    output.console().print(f"\n[bold underline]{title}[/bold underline]")


def _bullets(title: str, items: list[Any], numbered: bool = False) -> None:
    if not items:
        return
    _section(title)
    for i, item in enumerate(items, 1):
        mark = f"{i}." if numbered else "-"
        output.console().print(f" {mark} {_esc(item)}")


def _refs(title: str, refs: list[TopicRef]) -> None:
    blocked = " - not for you now"
    _bullets(
        title,
        [f"{r['title']} ({r['id']}){blocked if r.get('not_for_you_now') else ''}" for r in refs],
    )


def _print_picture(page: TopicPage) -> None:
    """Where the illustration is: the SVG file on this machine and its page in the web app."""
    from legcare.services import knowledge

    figure = page.get("figure")
    if not figure:
        return
    _section("Picture")
    con = output.console()
    con.print(f" {_esc(figure['alt'])}")
    con.print(f" File: {_esc(knowledge.figure_path(figure))}", soft_wrap=True)
    con.print(f" In the web app (legcare serve): {_esc(figure['url'])}", soft_wrap=True)


def _print_how(page: TopicPage) -> None:
    con = output.console()
    _bullets("How to do it", page.get("steps", []), numbered=True)
    _print_picture(page)
    dose = page.get("dose")
    if dose:
        _section("Dose")
        con.print(f" {_esc(dose['text'])}")
    if "pressure" in page:
        _section("Pressure, direction and cues")
        con.print(f" Pressure: {page['pressure']['level']} - {_esc(page['pressure']['cue'])}")
        direction = page["direction"]
        cue = f" - {_esc(direction['cue'])}" if direction["cue"] else ""
        con.print(f" Direction: {direction['label']}{cue}")
        for cue_text in page["cues"]:
            con.print(f" - {_esc(cue_text)}")
    elif page.get("cues"):
        _bullets("Cues", page["cues"])
    _bullets("How to progress", page.get("ramp", []))
    if page.get("tools"):
        _section("Tools")
        con.print(" " + ", ".join(t.replace("_", " ") for t in page["tools"]))


def _print_condition(page: TopicPage) -> None:
    con = output.console()
    _bullets("How it shows", page["presentation"])
    _bullets("Risk factors and causes", page["risk_factors"])
    if page["differs_from_rls"]:
        _section("How it differs from restless legs")
        con.print(f" {_esc(page['differs_from_rls'])}")
    _bullets("When to see a clinician", page["see_clinician"])
    _bullets("Good to know", page["notes"])
    _refs("Self-care topics", page["self_care"])
    codes = [f"{c['system']}: {c['code']} {c['display']}" for c in page["codes"]]
    _bullets("Codes", codes)


def _print_chain(page: TopicPage) -> None:
    chain = page.get("chain")
    if not chain:
        return
    lines = [link["text"] for link in chain["links_to"] + chain["links_from"]]
    lines += chain["paths_into"] + chain["paths"]
    _bullets("Kinetic chain", list(dict.fromkeys(lines)))


def _print_cautions(page: TopicPage) -> None:
    if page["kind"] == "precaution":
        _bullets("Applies when", page["applies_when"])
        _section("What to do")
        output.console().print(f" {_esc(page['instruction'])}")
        blocks = ["every technique"] if page["blocks_all"] else [b["title"] for b in page["blocks"]]
        label = (
            "Blocks"
            if page["precaution_kind"] in ("no_massage", "ask_clinician_first")
            else "Limits"
        )
        _bullets(f"{label} ({page['precaution_kind'].replace('_', ' ')})", blocks)
        _refs("Also pauses these exercises", page["exercises"])
        if page["tools_not_allowed"]:
            _section("Tools not allowed")
            output.console().print(
                " " + ", ".join(t.replace("_", " ") for t in page["tools_not_allowed"])
            )
        return
    _print_your_cautions(page.get("precautions", []), page.get("precautions_for_you"))


def _print_your_cautions(every: list[PrecautionBrief], yours: list[PrecautionBrief] | None) -> None:
    """The cautions the person's check found, in full; the others by title only."""
    if not every:
        return
    con = output.console()
    if yours is None:
        _section("Cautions")
        con.print(" Run `legcare check` to see which of these apply to you.")
    elif yours:
        items = [f"{p['title']} [{p['kind'].replace('_', ' ')}]: {p['instruction']}" for p in yours]
        _bullets("Cautions for you", items)
    else:
        _section("Cautions for you")
        con.print(" Your check found none of the cautions listed for this.")
    mine = {p["id"] for p in yours or []}
    others = [p["title"] for p in every if p["id"] not in mine]
    if others:
        con.print(
            f" [dim]{'Every caution' if yours is None else 'Other cautions'}: "
            f"{_esc('; '.join(others))}.[/dim]"
        )


def _print_evidence(page: TopicPage) -> None:
    con = output.console()
    ev = page["evidence"]
    _section("Evidence")
    con.print(f" [bold]{ev['label']}[/bold] - {_esc(ev['meaning'])}")
    if ev["note"]:
        con.print(f" {_esc(ev['note'])}")
    for claim in ev["claims"]:
        con.print(f" - {_esc(claim['claim'])}: [bold]{claim['label']}[/bold]")
    _section("Sources")
    for s in page["sources"]:
        year = f" ({s['year']})" if s["year"] else ""
        where = f". {s['published_in']}" if s["published_in"] else ""
        con.print(" " + _esc(f"[{s['id']}] {s['title']}{year}{where}"))
        if s["url"]:
            con.print(f"       {s['url']}")
    con.print(
        f"\n[dim]Seed facts: {', '.join(page['seed_facts'])}. Content {page['content_version']}. "
        "Education, not a diagnosis.[/dim]"
    )


def _print_topic(page: TopicPage) -> None:
    con = output.console()
    if page.get("not_for_you_now"):  # the safety state's warning comes before anything else
        con.print(f"[bold red]{_esc(page['not_for_you_now'])}[/bold red]\n")
    con.print(f"[bold]{_esc(page['title'])}[/bold]  [dim]{page['kind_label']}[/dim]")
    if page["also_called"]:
        con.print(f"[dim]Also called: {_esc(', '.join(page['also_called']))}[/dim]")
    _section("What it is" if page["kind"] != "clinician_question" else "Why ask")
    con.print(f" {_esc(page['summary'])}")
    if page["kind"] == "condition":
        _print_condition(page)
    _print_chain(page)
    _bullets("What to do", page.get("points", []))
    _print_how(page)
    if page["kind"] == "advice":
        _refs("Techniques", page["techniques"])
        _refs("Exercises", page["exercises"])
    _print_cautions(page)
    _print_evidence(page)


def register(app: typer.Typer) -> None:
    app.command("learn")(learn)
