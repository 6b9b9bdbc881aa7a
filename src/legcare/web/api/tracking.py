"""Tracking reads: medicines, own factors, weekly scores and imported health values.

GET /api/v1/medicines, /api/v1/factors, /api/v1/factors/values, /api/v1/weekly/questions,
/api/v1/weekly and /api/v1/health-data. Each body is exactly what the matching CLI command
prints with ``--json`` (`legcare meds list`, `factors list`, `factors values`, `weekly
questions`, `weekly history`, `health-data`).

Writes are POST only: medicines (add, stop, an "as needed" use), factors (add, archive, a value),
a week's answers, and a health export upload.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Form, Query, UploadFile, status

from legcare.web.contexts.tracking import save_upload
from legcare.web.deps import ContextDep
from legcare.web.schemas_tracking import (
    FactorArchive,
    FactorCreate,
    FactorValueSet,
    MedicineCreate,
    MedicineStop,
    MedicineUse,
    WeekSave,
)

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


# -- writes (POST only; each is one transaction in its service) --------------------------------


@router.post("/medicines", status_code=status.HTTP_201_CREATED)
def post_medicine(body: MedicineCreate, ctx: ContextDep) -> dict[str, Any]:
    """Log a medicine, supplement or treatment; the answer carries its flag, if any."""
    from legcare.services.medicines import add_medicine

    return add_medicine(ctx=ctx, **body.model_dump()).to_json()


@router.post("/medicines/{medicine_id}/stop")
def post_medicine_stop(medicine_id: int, body: MedicineStop, ctx: ContextDep) -> dict[str, Any]:
    """Set the stop date (today when left out)."""
    from legcare.services.medicines import stop_medicine

    stopped = body.stopped or ctx.today()
    return stop_medicine(ctx=ctx, medicine_id=medicine_id, stopped=stopped).to_json()


@router.post("/medicines/{medicine_id}/uses", status_code=status.HTTP_201_CREATED)
def post_medicine_use(medicine_id: int, body: MedicineUse, ctx: ContextDep) -> dict[str, Any]:
    """Record one "as needed" use."""
    from legcare.services.medicines import log_use

    day = body.day or ctx.today()
    return log_use(ctx=ctx, medicine_id=medicine_id, day=day, note=body.note).to_json()


@router.post("/factors", status_code=status.HTTP_201_CREATED)
def post_factor(body: FactorCreate, ctx: ContextDep) -> dict[str, Any]:
    """Add one of your own factors; near-duplicates are named in the answer."""
    from legcare.services.factors import add_factor

    return add_factor(ctx=ctx, name=body.name, kind=body.kind).to_json()


@router.post("/factors/{factor_id}/archive")
def post_factor_archive(factor_id: int, body: FactorArchive, ctx: ContextDep) -> dict[str, Any]:
    """Archive a factor (it leaves the check-in; its values stay) or bring it back."""
    from legcare.services.factors import archive_factor

    return archive_factor(ctx=ctx, factor_id=factor_id, archived=body.archived).to_json()


@router.post("/factors/values")
def post_factor_value(body: FactorValueSet, ctx: ContextDep) -> dict[str, Any]:
    """Record one factor's value for a day (a second value for that day replaces the first)."""
    from legcare.services.factors import record_factor

    return record_factor(ctx=ctx, name=body.name, value=body.value, day=body.day).to_json()


@router.post("/weekly")
def post_week(body: WeekSave, ctx: ContextDep) -> dict[str, Any]:
    """Save a week's answers (this week by default); saving a week again replaces it."""
    from legcare.services.weekly_scores import save_week

    answers: dict[str, object] = dict(body.answers)
    return save_week(ctx=ctx, kind=body.kind, answers=answers, day=body.day).to_json()


@router.post("/health-data/import")
async def post_health_import(
    ctx: ContextDep,
    file: UploadFile = File(description="Apple Health export.zip/.xml or a Fitbit Takeout zip."),
    format: str = Form("auto", max_length=20, description="auto, apple_health or fitbit."),  # noqa: A002
) -> dict[str, Any]:
    """Import nights, steps and resting heart rates from an uploaded export (one transaction);
    a wrong file answers 422 saying what is allowed and changes nothing."""
    from legcare.services.health_import import import_health_file

    with tempfile.TemporaryDirectory(prefix="legcare-health-") as folder:
        path = await save_upload(file, Path(folder))
        summary = import_health_file(ctx=ctx, path=path, fmt=format)
    return {**summary.to_json(), "file": Path(str(file.filename)).name}
