"""GET /api/v1/health: is the app up, and can its database be read and written?

A database that cannot be written (read-only, disk full, a read-only replica) answers 503 with
``"ok": false`` and the reason, so a load balancer or monitor notices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from legcare import __version__
from legcare.web.deps import ContextDep

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health")
def health(ctx: ContextDep) -> JSONResponse:
    """Version, mode and database state (503 when the database cannot be written)."""
    from legcare.services.database import database_info, write_problem

    info = database_info(ctx=ctx)
    problem = write_problem(ctx=ctx)
    body: dict[str, Any] = {
        "ok": problem is None,
        "version": __version__,
        "mode": ctx.settings.mode,
        "database": {
            "engine": info["engine"],
            "up_to_date": info["up_to_date"],
            "writable": problem is None,
            "problem": problem,
        },
    }
    return JSONResponse(body, status_code=200 if problem is None else 503)
