"""Clinician pages (server mode): the clients who share with me, and one client's data, read
only: the latest check, recent check-ins and the report."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from legcare.errors import NotFound
from legcare.services import accounts
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page

if TYPE_CHECKING:
    from legcare.services.diary import CheckinListingView
    from legcare.services.screening import CheckView

router = APIRouter(include_in_schema=False)
RECENT_DAYS = 14


def _server_only(ctx: ContextDep) -> None:
    if ctx.settings.mode != "server":
        raise NotFound("Local mode has no clinician view.")


@router.get("/clinician", response_class=HTMLResponse)
def clients_page(request: Request, ctx: ContextDep) -> HTMLResponse:
    _server_only(ctx)
    clients = accounts.clinician_clients(ctx=ctx)
    return page(request, "clinician/clients.html", {"title": "Your clients", "clients": clients})


def _latest_check(client_ctx: Any) -> CheckView | None:
    from legcare.services import screening

    try:
        return screening.latest_check(ctx=client_ctx)
    except NotFound:
        return None


def _recent_checkins(client_ctx: Any) -> CheckinListingView:
    from legcare.services import diary

    end = client_ctx.today()
    return diary.checkins_listing(ctx=client_ctx, start=end - timedelta(days=RECENT_DAYS), end=end)


@router.get("/clinician/clients/{client_id}", response_class=HTMLResponse)
def client_page(request: Request, ctx: ContextDep, client_id: int) -> HTMLResponse:
    """Read only: nothing on this page changes the client's data."""
    _server_only(ctx)
    client_ctx, share = accounts.client_context(ctx=ctx, client_id=client_id, what="client page")
    context = {
        "title": f"Client {share.client_name}",
        "share": share,
        "check": _latest_check(client_ctx),
        "checkins": _recent_checkins(client_ctx),
        "recent_days": RECENT_DAYS,
    }
    return page(request, "clinician/client.html", context)
