"""Check: one question a screen, progress, back, resume; then the result, triage first."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import InvalidInput
from legcare.web.contexts import build_check_context, build_check_result_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

if TYPE_CHECKING:
    from legcare.services.screening import QuestionView

router = APIRouter(include_in_schema=False)
MULTIPLE = ("multi_choice", "body_region")
NUMERIC = ("scale", "number")


def answer_value(question: QuestionView, raw: list[str]) -> object:
    """The posted form values as the answer the screening service expects."""
    if question["type"] in MULTIPLE:
        return raw
    if not raw or raw[0].strip() == "":
        return None
    text = raw[0].strip()
    if question["type"] in NUMERIC:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text


def _page_problems(question: QuestionView, raw: list[str], details: list[str]) -> list[str]:
    """The problems in the words of the page: the question is shown there, so its id (an
    internal name) is left out, and a missing answer says what to do."""
    if not [v for v in raw if v.strip()]:
        if question["type"] in MULTIPLE:
            return ["Choose at least one answer (or the one that says none)."]
        if question["type"] not in NUMERIC:
            return ["Choose one of the answers."]
    return [d.removeprefix(f"{question['id']}: ") for d in details]


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    previous = request.query_params.getlist("prev")
    interrupt = request.query_params.get("now") == "1"
    context = build_check_context(ctx, previous=previous, interrupt=interrupt)
    return page(request, "check.html", context)


@router.post("/check/answer", response_class=HTMLResponse)
async def answer(request: Request, ctx: ContextDep) -> Response:
    from legcare.services import screening

    form = await request.form()
    raw = [str(v) for v in form.getlist("answer")]
    state = screening.draft_state(ctx=ctx)
    question = state["next_question"]
    if question is None or form.get("question_id") != question["id"]:
        return redirect("/check")  # an old tab or a double post: show where the check is
    try:
        state = screening.answer_draft(
            ctx=ctx, question_id=question["id"], value=answer_value(question, raw)
        )
    except InvalidInput as exc:
        problems = _page_problems(question, raw, exc.details)
        context = build_check_context(ctx, previous=raw, errors=problems or [exc.message])
        return page(request, "check.html", context, status_code=422)
    if state["done"]:
        return _complete(ctx)
    if state["interrupt"]:  # a warning sign that needs help today: say so before anything else
        return redirect("/check?now=1")
    return redirect("/check")


def _complete(ctx: ContextDep) -> Response:
    from legcare.services import screening

    saved = screening.complete_draft(ctx=ctx)
    return redirect(f"/check/result/{saved['id']}")


@router.post("/check/complete")
def complete(ctx: ContextDep) -> Response:
    return _complete(ctx)


@router.post("/check/back")
def back(ctx: ContextDep) -> Response:
    from legcare.services import screening

    try:
        state = screening.back_draft(ctx=ctx)
    except InvalidInput:
        return redirect("/check")
    previous = state["previous_answer"]
    values = previous if isinstance(previous, list) else [] if previous is None else [previous]
    return redirect("/check?" + urlencode([("prev", str(v)) for v in values]))


@router.post("/check/restart")
def restart(ctx: ContextDep) -> Response:
    from legcare.services import screening

    screening.discard_draft(ctx=ctx)
    return redirect("/check")


@router.get("/check/result", response_class=HTMLResponse)
def latest_result(request: Request, ctx: ContextDep) -> HTMLResponse:
    return page(request, "check_result.html", build_check_result_context(ctx, check_id=None))


@router.get("/check/result/{check_id}", response_class=HTMLResponse)
def result(request: Request, ctx: ContextDep, check_id: int) -> HTMLResponse:
    return page(request, "check_result.html", build_check_result_context(ctx, check_id=check_id))
