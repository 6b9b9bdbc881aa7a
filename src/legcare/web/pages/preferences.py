"""Settings: the profile the plan is built around (tools, time, bedtime, days, pressure, side)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import InvalidInput
from legcare.web.contexts import build_settings_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    context = build_settings_context(ctx)
    context["saved"] = request.query_params.get("saved") == "1"
    return page(request, "settings.html", context)


@router.post("/settings", response_class=HTMLResponse)
async def save(request: Request, ctx: ContextDep) -> Response:
    from legcare.services import plans

    form = await request.form()
    data: dict[str, Any] = {
        "tools": [str(t) for t in form.getlist("tools")],
        "minutes_per_day": str(form.get("minutes_per_day") or ""),
        "bedtime": str(form.get("bedtime") or ""),
        "days": [str(d) for d in form.getlist("days")],
        "pressure": str(form.get("pressure") or ""),
        "side": str(form.get("side") or ""),
    }
    try:
        plans.save_profile(ctx=ctx, data=data)
    except InvalidInput as exc:
        values = {**data, "tools": [*data["tools"], "hands"]}
        from legcare.web.contexts.problems import PROFILE_LABELS, labelled

        errors = labelled(exc.details, PROFILE_LABELS) or [exc.message]
        context = build_settings_context(ctx, values=values, errors=errors)
        return page(request, "settings.html", context, status_code=422)
    return redirect("/settings?saved=1")


@router.post("/settings/reminders", response_class=HTMLResponse)
async def save_reminders(request: Request, ctx: ContextDep) -> Response:
    """The reminder times (empty: no reminder), saved with the profile."""
    from legcare.domain.reminders import KINDS
    from legcare.services import reminders

    form = await request.form()
    data = {kind: str(form.get(kind) or "") for kind in KINDS}
    try:
        reminders.save_reminders(ctx=ctx, data=data)
    except InvalidInput as exc:
        context = build_settings_context(ctx, reminder_values=data, errors=exc.details)
        return page(request, "settings.html", context, status_code=422)
    return redirect("/settings?saved=1#reminders")
