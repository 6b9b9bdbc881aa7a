"""GET /api/v1/health: is the app up and is its database reachable?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from legcare import __version__
from legcare.web.deps import ContextDep

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health")
def health(ctx: ContextDep) -> dict[str, Any]:
    """Version, mode and database state."""
    from legcare.services.database import database_info

    info = database_info(ctx=ctx)
    return {
        "ok": True,
        "version": __version__,
        "mode": ctx.settings.mode,
        "database": {"engine": info["engine"], "up_to_date": info["up_to_date"]},
    }
