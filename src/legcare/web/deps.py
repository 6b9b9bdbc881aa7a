"""FastAPI dependencies: the service context for the request's user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from legcare.services.context import AppContext


async def get_context(request: Request) -> AppContext:
    """Local mode: the one local user. Server mode: the signed-in user (see `web/auth.py`).

    ``async`` because it never waits: FastAPI would otherwise run it on a worker thread, a hop
    of about 40 us of CPU for every request."""
    ctx: AppContext = request.app.state.ctx
    user_id = getattr(request.state, "user_id", None)
    return ctx if user_id is None else ctx.for_user(user_id)


ContextDep = Annotated[AppContext, Depends(get_context)]
