"""Tracking pages: medicines and treatments, my factors, weekly scores, health import.

Each page is a GET that only reads and POST forms that write (CSRF-checked like every form);
a bad value shows the page again with what was typed and a line saying what is allowed.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import InvalidInput, LegcareError
from legcare.web.contexts.tracking import (
    WEEKLY_KINDS,
    build_factors_context,
    build_health_import_context,
    build_medicines_context,
    build_weekly_context,
    save_upload,
)
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)


def _form_date(raw: str, name: str) -> date | None:
    text = raw.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a date.", details=[f"{name}: allowed: a date as YYYY-MM-DD"]
        ) from None


def _problems(exc: LegcareError) -> list[str]:
    return [exc.message, *exc.details] if exc.details else [exc.message]


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items()}


# -- medicines ---------------------------------------------------------------------------------


@router.get("/medicines", response_class=HTMLResponse)
def medicines_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    context = build_medicines_context(ctx)
    context["saved"] = request.query_params.get("saved") == "1"
    return page(request, "medicines.html", context)


def _medicines_failed(
    request: Request, ctx: ContextDep, exc: LegcareError, form: dict[str, str]
) -> HTMLResponse:
    context = build_medicines_context(ctx, errors=_problems(exc), values=form)
    return page(request, "medicines.html", context, status_code=exc.http_status)


@router.post("/medicines", response_class=HTMLResponse)
async def add_medicine(request: Request, ctx: ContextDep) -> Response:
    from legcare.services.medicines import add_medicine as add

    form = await _form(request)
    try:
        add(
            ctx=ctx,
            name=form.get("name", ""),
            kind=form.get("kind", "medicine") or "medicine",
            started=_form_date(form.get("started", ""), "started"),
            stopped=_form_date(form.get("stopped", ""), "stopped"),
            as_needed=form.get("as_needed") == "yes",
            own_dose_text=form.get("own_dose_text", ""),
            note=form.get("note", ""),
        )
    except LegcareError as exc:
        return _medicines_failed(request, ctx, exc, form)
    return redirect("/medicines?saved=1")


@router.post("/medicines/{medicine_id}/stop", response_class=HTMLResponse)
async def stop_medicine(request: Request, ctx: ContextDep, medicine_id: int) -> Response:
    from legcare.services.medicines import stop_medicine as stop

    form = await _form(request)
    try:
        stopped = _form_date(form.get("stopped", ""), "stopped") or ctx.today()
        stop(ctx=ctx, medicine_id=medicine_id, stopped=stopped)
    except LegcareError as exc:
        return _medicines_failed(request, ctx, exc, {})
    return redirect("/medicines?saved=1")


@router.post("/medicines/{medicine_id}/use", response_class=HTMLResponse)
async def log_use(request: Request, ctx: ContextDep, medicine_id: int) -> Response:
    from legcare.services.medicines import log_use as use

    form = await _form(request)
    try:
        day = _form_date(form.get("day", ""), "day") or ctx.today()
        use(ctx=ctx, medicine_id=medicine_id, day=day, note=form.get("note", ""))
    except LegcareError as exc:
        return _medicines_failed(request, ctx, exc, {})
    return redirect("/medicines?saved=1")


# -- my factors --------------------------------------------------------------------------------


@router.get("/factors", response_class=HTMLResponse)
def factors_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    context = build_factors_context(ctx)
    context["saved"] = request.query_params.get("saved") == "1"
    return page(request, "factors.html", context)


def _factors_failed(
    request: Request, ctx: ContextDep, exc: LegcareError, form: dict[str, str]
) -> HTMLResponse:
    context = build_factors_context(ctx, errors=_problems(exc), values=form)
    return page(request, "factors.html", context, status_code=exc.http_status)


@router.post("/factors", response_class=HTMLResponse)
async def add_factor(request: Request, ctx: ContextDep) -> Response:
    from legcare.services.factors import add_factor as add

    form = await _form(request)
    try:
        add(ctx=ctx, name=form.get("name", ""), kind=form.get("kind", "") or "yes_no")
    except LegcareError as exc:
        return _factors_failed(request, ctx, exc, form)
    return redirect("/factors?saved=1")


@router.post("/factors/{factor_id}/archive", response_class=HTMLResponse)
async def archive_factor(request: Request, ctx: ContextDep, factor_id: int) -> Response:
    from legcare.services.factors import archive_factor as archive

    form = await _form(request)
    try:
        archive(ctx=ctx, factor_id=factor_id, archived=form.get("archived", "yes") != "no")
    except LegcareError as exc:
        return _factors_failed(request, ctx, exc, {})
    return redirect("/factors?saved=1")


# -- weekly scores -----------------------------------------------------------------------------


def _weekly_kind(raw: str | None) -> str:
    if raw in WEEKLY_KINDS:
        return raw
    if raw:
        raise InvalidInput(f"{raw!r} is not a weekly score.", details=["kind: allowed: rls, heel"])
    return "rls"


@router.get("/weekly", response_class=HTMLResponse)
def weekly_page(request: Request, ctx: ContextDep, kind: str | None = None) -> HTMLResponse:
    context = build_weekly_context(ctx, kind=_weekly_kind(kind))
    context["saved"] = request.query_params.get("saved") == "1"
    return page(request, "weekly.html", context)


@router.post("/weekly", response_class=HTMLResponse)
async def save_week(request: Request, ctx: ContextDep) -> Response:
    from legcare.services.weekly_scores import questions
    from legcare.services.weekly_scores import save_week as save

    form = await _form(request)
    kind = _weekly_kind(form.get("kind"))
    items = [i.id for i in questions(kind=kind).text.items]
    answers: dict[str, object] = {}
    for item in items:
        raw = form.get(item, "").strip()
        if raw:
            answers[item] = int(raw) if raw.isascii() and raw.isdigit() else raw
    try:
        save(ctx=ctx, kind=kind, answers=answers)
    except LegcareError as exc:
        typed = {i: form.get(i, "") for i in items}
        context = build_weekly_context(ctx, kind=kind, errors=_problems(exc), values=typed)
        return page(request, "weekly.html", context, status_code=exc.http_status)
    return redirect("/weekly?" + urlencode({"kind": kind, "saved": "1"}))


# -- health import -----------------------------------------------------------------------------


SUMMARY_NUMBERS = ("nights", "days_with_steps", "days_with_resting_heart_rate", "replaced")
SOURCES = {"apple_health": "Apple Health", "fitbit": "Fitbit"}


def _summary(request: Request) -> dict[str, Any] | None:
    """What the last import stored, rebuilt from known names and numbers only."""
    source = request.query_params.get("imported", "")
    if source not in SOURCES:
        return None
    numbers = {}
    for name in SUMMARY_NUMBERS:
        raw = request.query_params.get(name, "0")
        numbers[name] = int(raw) if raw.isascii() and raw.isdigit() else 0
    return {"source": SOURCES[source], **numbers}


@router.get("/health-import", response_class=HTMLResponse)
def health_import_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    context = build_health_import_context(ctx, summary=_summary(request))
    return page(request, "health_import.html", context)


@router.post("/health-import", response_class=HTMLResponse)
async def import_health(request: Request, ctx: ContextDep) -> Response:
    from legcare.services.health_import import import_health_file

    form = await request.form()
    upload = form.get("file")
    fmt = str(form.get("format") or "auto")
    if upload is None or isinstance(upload, str) or not upload.filename:
        exc = InvalidInput(
            "Choose a file to import.",
            details=["file: allowed: Apple Health's export.zip, or a Fitbit Takeout zip"],
        )
        context = build_health_import_context(ctx, error_title=exc.message, errors=exc.details)
        return page(request, "health_import.html", context, status_code=exc.http_status)
    with tempfile.TemporaryDirectory(prefix="legcare-health-") as folder:
        try:
            path = await save_upload(upload, Path(folder))
            summary = import_health_file(ctx=ctx, path=path, fmt=fmt)
        except LegcareError as exc:
            shown = exc.message.replace("health-upload", Path(str(upload.filename)).stem, 1)
            context = build_health_import_context(ctx, error_title=shown, errors=exc.details)
            return page(request, "health_import.html", context, status_code=exc.http_status)
    done = summary.to_json()
    query = {"imported": summary.source, **{n: done[n] for n in SUMMARY_NUMBERS}}
    return redirect("/health-import?" + urlencode(query))
