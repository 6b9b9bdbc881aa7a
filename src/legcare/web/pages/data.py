"""Your data: see what is stored, export it (JSON, CSV, FHIR), import it back, delete it all."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import Conflict, InvalidInput
from legcare.web.contexts import build_data_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)
CONFIRM_WORD = "DELETE"


DONE_WORDS = {"import": "Imported", "delete": "Deleted"}


def _done_url(done: str, counts: dict[str, int]) -> str:
    return "/data?" + urlencode({"done": done, **{k: v for k, v in counts.items() if v}})


def _done_message(request: Request) -> str | None:
    """The message after an import or delete, rebuilt from known names and numbers only."""
    from legcare.services.views import export

    word = DONE_WORDS.get(request.query_params.get("done", ""))
    if word is None:
        return None
    counts = {
        name: int(value)
        for name, value in request.query_params.items()
        if name in export.LABELS and value.isascii() and value.isdigit()
    }
    return f"{word} {export.describe_counts(counts)}."


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    context = {**build_data_context(ctx), "message": _done_message(request)}
    return page(request, "data.html", context)


@router.get("/data/export")
def download(ctx: ContextDep, format: str = "json") -> Response:  # noqa: A002
    from legcare.services.views import export

    file = export.export_data(ctx=ctx, fmt=format)
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


def _failed(request: Request, ctx: ContextDep, exc: InvalidInput | Conflict) -> HTMLResponse:
    context = {**build_data_context(ctx), "error_title": exc.message, "errors": exc.details}
    return page(request, "data.html", context, status_code=exc.http_status)


@router.post("/data/import", response_class=HTMLResponse)
async def import_file(request: Request, ctx: ContextDep) -> Response:
    from legcare.services.views import export

    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        exc = InvalidInput("Choose a file to import.", details=["file: a legcare JSON or FHIR"])
        return _failed(request, ctx, exc)
    content = await upload.read()
    try:
        summary = export.import_data(ctx=ctx, content=content, replace=form.get("replace") == "yes")
    except (InvalidInput, Conflict) as exc:
        return _failed(request, ctx, exc)
    return redirect(_done_url("import", summary.counts))


@router.post("/data/delete", response_class=HTMLResponse)
async def delete_everything(request: Request, ctx: ContextDep) -> Response:
    from legcare.services.views import export

    form = await request.form()
    if str(form.get("confirm", "")).strip() != CONFIRM_WORD:
        exc = InvalidInput(
            "Nothing was deleted.", details=[f"confirm: type {CONFIRM_WORD} to delete everything"]
        )
        return _failed(request, ctx, exc)
    counts = export.delete_all(ctx=ctx)
    return redirect(_done_url("delete", counts))
