"""`legcare check` (the interview, or `--answers FILE`), `--history`, and `legcare questions`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from legcare.cli import output, runtime

if TYPE_CHECKING:
    from rich.console import Console

    from legcare.domain.screening.result import PatternJson
    from legcare.services.context import AppContext
    from legcare.services.screening import (
        CheckView,
        DraftView,
        OptionView,
        QuestionView,
        UrgentView,
    )
    from legcare.services.views.check import MedicinesToDiscuss

YES_NO_WORDS = {
    "y": "yes",
    "yes": "yes",
    "n": "no",
    "no": "no",
    "?": "not_sure",
    "ns": "not_sure",
    "not sure": "not_sure",
    "not_sure": "not_sure",
    "u": "not_sure",
}
LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "see_clinician_soon": "bold yellow",
    "mention_next_visit": "bold cyan",
    "self_care": "bold green",
}


# ---------------------------------------------------------------------------- parsing input


def _pick(options: list[OptionView], token: str) -> str | None:
    token = token.strip().lower()
    if token.isascii() and token.isdigit() and 1 <= int(token) <= len(options):
        return str(options[int(token) - 1]["value"])
    values = {str(o["value"]).lower(): str(o["value"]) for o in options}
    return values.get(token.replace(" ", "_"))


def parse_reply(question: QuestionView, reply: str) -> tuple[object, str | None]:
    """(value, None) or (None, what to type instead) for one typed reply."""
    kind, text = question["type"], reply.strip()
    if kind == "yes_no":
        value = YES_NO_WORDS.get(text.lower())
        return (value, None) if value else (None, "Type y (yes), n (no) or ? (not sure).")
    if kind in ("scale", "number"):
        try:
            number = float(text)
        except ValueError:
            return None, f"Type a number from {question['minimum']:g} to {question['maximum']:g}."
        return (int(number) if number.is_integer() else number), None
    options = question["options"]
    if kind == "single_choice":
        picked = _pick(options, text)
        return (picked, None) if picked else (None, f"Type a number from 1 to {len(options)}.")
    tokens = [t for t in text.replace(",", " ").split() if t]
    picked_all = [_pick(options, t) for t in tokens]
    if not tokens or any(p is None for p in picked_all):
        return None, f"Type one or more numbers from 1 to {len(options)}, e.g. 1,3."
    return list(dict.fromkeys(p for p in picked_all if p)), None


# ---------------------------------------------------------------------------- rendering


def _show_question(con: Console, state: DraftView) -> None:
    q, prog = state["next_question"], state["progress"]
    assert q is not None  # asked only while the interview is not done
    con.print()
    con.print(f"[dim]{prog['label']} · {state['section_title']}[/dim]")
    con.print(f"[bold]{q['text']}[/bold]")
    if q["help"]:
        con.print(f"[dim]{q['help']}[/dim]")
    if q["type"] == "yes_no":
        con.print("  y = yes   n = no   ? = not sure")
    elif q["type"] in ("scale", "number"):
        unit = f" {q['unit']}" if q.get("unit") else ""
        con.print(f"  a number from {q['minimum']:g} to {q['maximum']:g}{unit}")
    else:
        for i, option in enumerate(q["options"], 1):
            con.print(f"  {i:>2}. {option['label']}")
        if q["multiple"]:
            con.print("  [dim]Several? Separate the numbers with commas.[/dim]")
    previous = state.get("previous_answer")
    if previous is not None:
        shown = ", ".join(previous) if isinstance(previous, list) else previous
        con.print(f"  [dim]Before: {shown} (Enter keeps it)[/dim]")
    con.print("  [dim]b = back · Ctrl-C = stop (answers are kept)[/dim]")


def _render_patterns(con: Console, patterns: list[PatternJson]) -> None:
    if patterns:
        con.print("\n[bold]What your answers fit[/bold] (not a diagnosis)")
    names = {p["id"]: p["name"] for p in patterns}
    for pattern in patterns:
        word = "consistent with" if pattern["status"] == "consistent" else "partly fits"
        con.print(f"  • {word}: [bold]{pattern['name']}[/bold]")
        for reason in pattern["reasons"]:
            con.print(f"      because: {reason['why']}")
        if pattern["lookalikes"]:
            similar = ", ".join(names.get(i, i) for i in pattern["lookalikes"])
            con.print(f"      other answers fit look-alikes: {similar}")


def render_result(
    con: Console, check: CheckView, medicines: MedicinesToDiscuss | None = None
) -> None:
    """The result page: triage first, then warning signs, patterns, precautions, points, and
    the medicines worth discussing (``services.views.check``) when there is that section."""
    from rich.panel import Panel

    from legcare.services.screening import summary_after_triage

    result = check["result"]
    assert result is not None  # a completed check has its result
    triage = result["triage"]
    style = LEVEL_STYLE.get(triage["level"], "bold")
    con.print()
    con.print(Panel(f"{triage['what_to_do']}", title=triage["label"], style=style))
    for flag in result["red_flags"]:  # each piece of advice once, not again under its flag
        advice = "" if flag["what_to_do"] in triage["what_to_do"] else f": {flag['what_to_do']}"
        con.print(f"[bold red]! {flag['label']}[/bold red]{advice}")
    _render_patterns(con, result["patterns"])
    if result["precautions"]:
        con.print("\n[bold]Massage precautions[/bold]")
    for caution in result["precautions"]:
        places = ", ".join(a.replace("_", " ") for a in caution["areas"])
        areas = f" ({places})" if places else ""
        con.print(f"  • {caution['label']}{areas}")
    if result["clinician_points"]:
        con.print("\n[bold]To raise with a clinician[/bold]")
    for point in result["clinician_points"]:
        con.print(f"  • {point}")
    if medicines is not None:
        _render_medicines(con, medicines)
    con.print(f"\n{summary_after_triage(result)}")
    con.print(f"[dim]Check {check['id']} saved · content {check['content_version']}[/dim]")


def _render_medicines(con: Console, section: MedicinesToDiscuss) -> None:
    con.print(f"\n[bold]{section['heading']}[/bold]")
    if not section["medicines"]:
        con.print(f"  {section['message']}", markup=False, highlight=False)
        con.print("  [dim]`legcare meds add NAME` logs one; this list then looks it up.[/dim]")
        return
    for med in section["medicines"]:
        sources = "; ".join(
            f"{s['title']} ({s['year']})" if s["year"] else s["title"] for s in med["sources"]
        )
        con.print(f"  • {med['name']} ({med['class_name']}): {med['why']}", markup=False)
        if sources:
            con.print(f"      source: {sources}", markup=False, highlight=False)
    con.print(f"  {section['advice']}", markup=False, highlight=False)


def _show_result(ctx: AppContext, con: Console, check: CheckView) -> None:
    from legcare.services.views.check import medicines_to_discuss

    result = check["result"]
    section = None if result is None else medicines_to_discuss(ctx=ctx, result=result)
    render_result(con, check, section)


# ---------------------------------------------------------------------------- the interview


def _ask(con: Console, state: DraftView) -> tuple[str, object]:
    """Read one reply: ("back", None) or ("answer", value); re-asks until the reply parses."""
    question = state["next_question"]
    assert question is not None  # asked only while the interview is not done
    while True:
        reply = con.input("> ")
        if reply.strip().lower() in ("b", "back"):
            return "back", None
        if not reply.strip() and state.get("previous_answer") is not None:
            return "answer", state["previous_answer"]
        value, problem = parse_reply(question, reply)
        if problem is None:
            return "answer", value
        con.print(f"[yellow]{problem}[/yellow]")


def _answers_word(count: int) -> str:
    return f"{count} answer{'' if count == 1 else 's'}"


def _interview(ctx: AppContext, con: Console) -> CheckView:
    from legcare.errors import InvalidInput
    from legcare.services import screening

    state = screening.draft_state(ctx=ctx)
    if state["progress"]["answered"]:
        con.print(f"Resuming your check: {_answers_word(state['progress']['answered'])} kept.")
    else:
        con.print(
            "[bold]legcare check[/bold]: a short set of questions, warning signs first. "
            "It is not a diagnosis."
        )
    while not state["done"]:
        _show_question(con, state)
        action, value = _ask(con, state)
        try:
            if action == "back":
                state = screening.back_draft(ctx=ctx)
            else:
                question = state["next_question"]
                assert question is not None
                question_id = question["id"]
                state = screening.answer_draft(ctx=ctx, question_id=question_id, value=value)
        except InvalidInput as exc:
            con.print(f"[yellow]{exc}[/yellow]")
            continue
        # A same-day warning sign: what to do now, before any other question. (An emergency
        # ends the interview, and the result that follows says it once, first.)
        if state.get("interrupt") and state["urgent"] is not None and not state["done"]:
            show_urgent(con, state["urgent"])
            if not typer.confirm("Carry on with the check?", default=True):
                con.print("Your answers so far are saved: `legcare check` carries on.")
                raise typer.Exit(0)
    return screening.complete_draft(ctx=ctx)


def show_urgent(con: Console, urgent: UrgentView) -> None:
    """What to do now, before any other question (a same-day or emergency warning sign)."""
    from rich.panel import Panel

    style = LEVEL_STYLE.get(urgent["level"], "bold red")
    con.print()
    con.print(Panel(urgent["what_to_do"], title=f"{urgent['label']}: do this now", style=style))
    for flag in urgent["red_flags"]:
        advice = "" if flag["what_to_do"] in urgent["what_to_do"] else f": {flag['what_to_do']}"
        con.print(f"[bold red]! {flag['label']}[/bold red]{advice}")
    con.print(
        "[dim]Your answers so far are saved. No massage, rolling or stretching of your legs "
        "is offered until this is sorted out.[/dim]"
    )


def _read_answers(path: Path) -> object:
    from legcare.errors import InvalidInput

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    except RecursionError:
        raise InvalidInput(
            f"{path}: the JSON is nested too deeply.",
            details=['expected an object keyed by question id, e.g. {"rf_emergency": ["none"]}'],
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"{path}: not valid JSON ({exc}).",
            details=['expected an object keyed by question id, e.g. {"rf_emergency": ["none"]}'],
        ) from None


def _print_history(con: Console, checks: list[CheckView]) -> None:
    if not checks:
        con.print("No completed checks yet. Run `legcare check`.")
        return
    for check in checks:
        result = check["result"]
        level = result["triage"]["label"] if result else "?"
        patterns = result["patterns"] if result else []
        words = {"consistent": "consistent with", "possible": "partly fits"}
        names = "; ".join(f"{words.get(p['status'], p['status'])} {p['name']}" for p in patterns)
        completed = (check["completed_at"] or "")[:16].replace("T", " ")
        con.print(f"#{check['id']}  {completed}  {level}: {names or 'no pattern'}", markup=False)


def check(
    answers: Path | None = typer.Option(
        None, "--answers", help="Evaluate a JSON file of answers keyed by question id."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with --answers/--history)."),
    show_history: bool = typer.Option(False, "--history", help="List completed checks."),
    restart: bool = typer.Option(False, "--restart", help="Discard a check in progress first."),
) -> None:
    """Check your symptoms: warning signs first, then patterns, triage and massage precautions.

    Not a diagnosis. Without options, an interview in the terminal that saves each answer
    (Ctrl-C loses nothing; run it again to resume).
    """
    from legcare.errors import InvalidInput
    from legcare.services import screening

    if answers is not None and show_history:
        raise InvalidInput("Use either --answers or --history, not both.")
    ctx = runtime.context()
    if show_history:
        checks = screening.history(ctx=ctx)
        output.print_json(checks) if as_json else _print_history(output.console(), checks)
        return
    if answers is not None:
        saved = screening.run_check(ctx=ctx, answers=_read_answers(answers))  # type: ignore[arg-type]
        output.print_json(saved) if as_json else _show_result(ctx, output.console(), saved)
        return
    if as_json:
        raise InvalidInput("--json needs --answers FILE or --history.")
    con = output.console()
    if restart:
        screening.discard_draft(ctx=ctx)
    try:
        saved = _interview(ctx, con)
    except (KeyboardInterrupt, EOFError):
        answered = screening.draft_state(ctx=ctx)["progress"]["answered"]
        sys.stderr.write(
            f"\nlegcare: stopped. Nothing was lost: {_answers_word(answered)} saved; "
            "run `legcare check` to carry on.\n"
        )
        sys.exit(130)
    _show_result(ctx, con, saved)


def questions(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    fhir: bool = typer.Option(False, "--fhir", help="Print it as a FHIR R4 Questionnaire."),
) -> None:
    """List every check question with its id, type, allowed values and when it is asked."""
    from legcare.services import screening

    if fhir:
        output.print_json(screening.fhir_questionnaire(ctx=runtime.context()))
        return
    data = screening.questionnaire(ctx=runtime.context())
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    for q in data["questions"]:
        allowed = ", ".join(q.get("allowed_values", [])) or (
            f"{q['minimum']:g}-{q['maximum']:g} {q.get('unit', '')}".strip()
        )
        con.print(f"[bold]{q['id']}[/bold] ({q['type']}): {q['text']}\n    [dim]{allowed}[/dim]")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("questions")(questions)
