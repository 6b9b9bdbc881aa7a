"""Export and data rights: GET /api/v1/export, POST /api/v1/import, GET and DELETE /api/v1/data."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from legcare.services.views import export as export_service
from legcare.web.deps import ContextDep
from legcare.web.schemas_data import CountsPublic, DataDelete, DeletePublic, ImportPublic

router = APIRouter(prefix="/api/v1", tags=["data"])


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "The export file as a download.",
            "content": {
                "application/json": {},
                "application/fhir+json": {},
                "application/zip": {},
            },
        }
    },
)
def export(
    ctx: ContextDep,
    format: Literal["csv", "json", "fhir", "fhir-transaction"] = Query(
        "json",
        description="csv, json, fhir (a collection Bundle) or fhir-transaction (a transaction "
        "Bundle a FHIR server ingests as it is)",
    ),
) -> Response:
    """Everything you have recorded, as a file: CSV (zip), our JSON, or a FHIR R4 Bundle."""
    result = export_service.export_data(ctx=ctx, fmt=format)
    return Response(
        content=result.content,
        media_type=result.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{result.filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/import", response_model=ImportPublic)
async def import_data(
    request: Request,
    ctx: ContextDep,
    replace: bool = Query(False, description="Replace everything you have, in one step."),
) -> ImportPublic:
    """Import a legcare JSON export or a FHIR Bundle sent as the request body.

    Anything else is refused with 422 and nothing changes; into an account that already has
    data, 409 unless ``replace=true``.
    """
    content = await request.body()
    summary = export_service.import_data(ctx=ctx, content=content, replace=replace)
    return ImportPublic.model_validate(summary.to_json())


@router.get("/data", response_model=CountsPublic)
def data_counts(ctx: ContextDep) -> CountsPublic:
    """How many records you have per table (what an export holds and a delete removes)."""
    return CountsPublic(counts=export_service.data_counts(ctx=ctx))


@router.delete("/data", response_model=DeletePublic)
def delete_data(body: DataDelete, ctx: ContextDep) -> DeletePublic:
    """Delete all your health data in one transaction; the body must be {"confirm": "delete"}."""
    del body  # validated: the confirmation word is required
    return DeletePublic(deleted=export_service.delete_all(ctx=ctx))
