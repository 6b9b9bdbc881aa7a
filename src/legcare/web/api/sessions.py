"""Guided sessions: start or resume, save progress, finish, list (under /api/v1/sessions)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Query, status

from legcare.services import sessions
from legcare.web.deps import ContextDep
from legcare.web.schemas_plans import (
    SessionFinish,
    SessionLogList,
    SessionLogPublic,
    SessionProgress,
    SessionRunPublic,
    SessionStart,
)

router = APIRouter(prefix="/api/v1", tags=["sessions"])
DEFAULT_DAYS = 28


@router.post("/sessions", response_model=SessionRunPublic, status_code=status.HTTP_201_CREATED)
def start(body: SessionStart, ctx: ContextDep) -> sessions.SessionRunView:
    """Resume the unfinished session, or start tonight's (or ``session_id``)."""
    return sessions.start_session(
        ctx=ctx,
        session_id=body.session_id,
        resume=body.resume,
        get_ready_s=body.get_ready_s,
        step_seconds=body.step_seconds,
    )


@router.get("/sessions", response_model=SessionLogList)
def list_sessions(
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description="First date (28 days back)."),
    end: date | None = Query(None, alias="to", description="Last date (default today)."),
) -> dict[str, Any]:
    """Session logs in a date range, oldest first."""
    the_end = end or ctx.today()
    back = timedelta(days=DEFAULT_DAYS - 1)
    the_start = start or max(date.min + back, the_end) - back
    logs = sessions.session_logs(ctx=ctx, start=the_start, end=the_end)
    return {"count": len(logs), "sessions": logs}


@router.get("/sessions/pending", response_model=SessionLogPublic | None)
def pending(ctx: ContextDep) -> sessions.SessionLogView | None:
    """The unfinished session offered for resume, or null."""
    return sessions.pending_session(ctx=ctx)


@router.get("/sessions/{log_id}", response_model=SessionLogPublic)
def get_session(log_id: int, ctx: ContextDep) -> sessions.SessionLogView:
    return sessions.get_session_log(ctx=ctx, log_id=log_id)


@router.put("/sessions/{log_id}/progress", response_model=SessionLogPublic)
def progress(log_id: int, body: SessionProgress, ctx: ContextDep) -> sessions.SessionLogView:
    """Save the player's state; with ``quit`` it is kept for resume."""
    return sessions.save_progress(ctx=ctx, log_id=log_id, state=body.state, quit=body.quit)


@router.post("/sessions/{log_id}/finish", response_model=SessionLogPublic)
def finish(log_id: int, body: SessionFinish, ctx: ContextDep) -> sessions.SessionLogView:
    """End and log the session with tenderness per area and a note."""
    return sessions.finish_session(
        ctx=ctx, log_id=log_id, state=body.state, tenderness=body.tenderness, note=body.note
    )
