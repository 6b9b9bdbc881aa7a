"""Experiments: start a randomised n-of-1 experiment, see today's arm and the results so far,
stop it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import Conflict, InvalidInput, SafetyStop
from legcare.web.contexts import build_experiments_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)


def _whole(raw: object, name: str, default: int) -> int:
    text = str(raw or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput(f"{name} must be a whole number.", details=[f"{name}: e.g. {default}"])
    return int(text)


@router.get("/experiments", response_class=HTMLResponse)
def experiments_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    return page(request, "experiments.html", build_experiments_context(ctx))


@router.post("/experiments/new", response_class=HTMLResponse)
async def new(request: Request, ctx: ContextDep) -> Response:
    from legcare.services import experiments

    form = await request.form()
    try:
        experiments.new_experiment(
            ctx=ctx,
            arms=str(form.get("arms") or ""),
            outcome=str(form.get("outcome") or "rls"),
            pairs=_whole(form.get("pairs"), "pairs", 4),
            period_days=_whole(form.get("period_days"), "period_days", 7),
        )
    except (InvalidInput, Conflict, SafetyStop) as exc:
        context = {
            **build_experiments_context(ctx),
            "error_title": exc.message,
            "errors": exc.details or [exc.message],
        }
        return page(request, "experiments.html", context, status_code=exc.http_status)
    return redirect("/experiments")


@router.post("/experiments/stop")
async def stop(request: Request, ctx: ContextDep) -> Response:
    from legcare.services import experiments

    reason = str((await request.form()).get("reason") or "")
    experiments.stop_experiment(ctx=ctx, reason=reason)
    return redirect("/experiments")
