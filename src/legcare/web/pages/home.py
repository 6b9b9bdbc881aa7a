"""Today: tonight's session, check-in status, the plan at a glance, and the triage banner."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from legcare.web.contexts import build_more_context, build_today_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, ctx: ContextDep) -> HTMLResponse:
    return page(request, "home.html", build_today_context(ctx))


@router.get("/more", response_class=HTMLResponse)
def more(request: Request, _ctx: ContextDep) -> HTMLResponse:
    """Every place that is not in the phone's bottom bar (signed in, like every page)."""
    return page(request, "more.html", build_more_context(request.url.path))
