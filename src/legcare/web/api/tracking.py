"""Tracking reads: medicines, own factors, weekly scores and imported health values.

GET /api/v1/medicines, /api/v1/factors, /api/v1/factors/values, /api/v1/weekly/questions,
/api/v1/weekly and /api/v1/health-data. Each body is exactly what the matching CLI command
prints with ``--json`` (`legcare meds list`, `factors list`, `factors values`, `weekly
questions`, `weekly history`, `health-data`). Writes are on the command line for now.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Query

from legcare.web.deps import ContextDep

router = APIRouter(prefix="/api/v1", tags=["tracking"])
KIND_HELP = "rls or heel (our own weekly items; not validated instruments)."


@router.get("/medicines")
def get_medicines(ctx: ContextDep) -> dict[str, Any]:
    """Every medicine logged, with flags for classes reported to worsen restless legs."""
    from legcare.services.medicines import list_medicines

    return list_medicines(ctx=ctx).to_json()


@router.get("/factors")
def get_factors(ctx: ContextDep) -> dict[str, Any]:
    """The person's own factors and the near-duplicate groups insights merge."""
    from legcare.services.factors import list_factors

    return list_factors(ctx=ctx).to_json()


@router.get("/factors/values")
def get_factor_values(
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description="First date (default 4 weeks)."),
    end: date | None = Query(None, alias="to", description="Last date (default today)."),
) -> dict[str, Any]:
    """Recorded values of the person's own factors."""
    from legcare.services.factors import factor_values

    return factor_values(ctx=ctx, start=start, end=end).to_json()


@router.get("/weekly/questions")
def get_weekly_questions(
    kind: str = Query("rls", max_length=20, description=KIND_HELP),
) -> dict[str, Any]:
    """The wording of one weekly score."""
    from legcare.services.weekly_scores import questions

    return questions(kind=kind).to_json()


@router.get("/weekly")
def get_weekly_history(
    ctx: ContextDep,
    kind: str = Query("rls", max_length=20, description=KIND_HELP),
    weeks: int = Query(12, ge=1, le=520, description="How many weeks back."),
) -> dict[str, Any]:
    """The weekly scores of the last ``weeks`` weeks, oldest first."""
    from legcare.services.weekly_scores import history

    return history(ctx=ctx, kind=kind, weeks=weeks).to_json()


@router.get("/health-data")
def get_health_data(
    ctx: ContextDep,
    start: date | None = Query(None, alias="from", description="First date (default 4 weeks)."),
    end: date | None = Query(None, alias="to", description="Last date (default today)."),
    source: str | None = Query(None, max_length=20, description="apple_health, fitbit ..."),
) -> dict[str, Any]:
    """Imported nights, steps and resting heart rates, each with its source."""
    from legcare.services.health_import import health_values

    the_end = end or ctx.today()
    the_start = start or the_end - timedelta(days=27)
    return health_values(ctx=ctx, start=the_start, end=the_end, source=source).to_json()
