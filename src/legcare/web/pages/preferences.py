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
        context = build_settings_context(ctx, values=values, errors=exc.details or [exc.message])
        return page(request, "settings.html", context, status_code=422)
    return redirect("/settings?saved=1")
