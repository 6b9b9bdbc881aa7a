"""Session player: start or resume tonight's session, play it (static/player.js), log it.

The player saves its progress and logs the finish through the sessions API
(``/api/v1/sessions/{id}/progress|finish``); the finish form here is the no-JavaScript path.

``/session?fast=N`` shortens every step to N seconds (tests and demonstrations).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import InvalidInput
from legcare.web.contexts import (
    TENDERNESS_AREAS,
    build_player_context,
    build_session_start_context,
    safety_context,
)
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)
FAST_GET_READY = 1.0


@router.get("/session", response_class=HTMLResponse)
def start_page(
    request: Request, ctx: ContextDep, session: str | None = None, fast: int | None = None
) -> HTMLResponse:
    if fast is not None and not 1 <= fast <= 3600:
        raise InvalidInput("fast must be 1-3600 seconds.", details=["fast: 1-3600"])
    context = build_session_start_context(ctx, chosen=session or None, fast=fast)
    return page(request, "session_start.html", context)


@router.post("/session/start")
async def start(request: Request, ctx: ContextDep) -> Response:
    from legcare.services import sessions

    form = await request.form()
    raw_fast = str(form.get("step_seconds") or "")
    fast = int(raw_fast) if raw_fast.isascii() and raw_fast.isdigit() else None
    sessions.start_session(
        ctx=ctx,
        session_id=str(form.get("session_id") or "") or None,
        resume=form.get("resume") == "1",
        step_seconds=fast,
        get_ready_s=FAST_GET_READY if fast else sessions.DEFAULT_GET_READY,
    )
    return redirect("/session/play")


@router.get("/session/play", response_class=HTMLResponse)
def play(request: Request, ctx: ContextDep) -> Response:
    """The unfinished session, restored to a get-ready countdown (nothing to play: back)."""
    from legcare.services import sessions

    if sessions.pending_session(ctx=ctx) is None:
        return redirect("/session")
    run = sessions.start_session(ctx=ctx, resume=True)
    context = {**build_player_context(ctx, run), "safety": safety_context(ctx)}
    return page(request, "session.html", context)


@router.get("/session/{log_id}", response_class=HTMLResponse)
def logged(request: Request, ctx: ContextDep, log_id: int) -> Response:
    from legcare.services import sessions

    log = sessions.get_session_log(ctx=ctx, log_id=log_id)
    if log["status"] != "finished":
        return redirect("/session/play")
    context = {
        "title": log["title"],
        "session": {"title": log["title"]},
        "log": log,
        "safety": safety_context(ctx),
    }
    return page(request, "session.html", context)


def _tenderness(form: Any) -> dict[str, str]:
    return {
        area: str(form.get(f"tender_{area}"))
        for area in TENDERNESS_AREAS
        if str(form.get(f"tender_{area}") or "").strip()
    }


@router.post("/session/{log_id}/finish")
async def finish(request: Request, ctx: ContextDep, log_id: int) -> Response:
    from legcare.services import sessions

    form = await request.form()
    try:
        state = json.loads(str(form.get("state") or ""))
    except json.JSONDecodeError:
        raise InvalidInput("The session state was not sent.", details=["state: JSON"]) from None
    if not isinstance(state, dict):
        raise InvalidInput("The session state was not sent.", details=["state: an object"])
    sessions.finish_session(
        ctx=ctx,
        log_id=log_id,
        state=state,
        tenderness=_tenderness(form),
        note=str(form.get("note") or "") or None,
    )
    return redirect(f"/session/{log_id}")
