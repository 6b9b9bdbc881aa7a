"""Sign in, sign out, register (server mode) and the account page with sharing settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from legcare.errors import LegcareError, NotFound
from legcare.services import accounts
from legcare.web.auth import (
    clear_session_cookie,
    client_address,
    safe_next,
    session_token,
    set_session_cookie,
)
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page, redirect

router = APIRouter(include_in_schema=False)

FormText = Annotated[str, Form(max_length=1024)]


def _server_only(ctx: ContextDep) -> None:
    if ctx.settings.mode != "server":
        raise NotFound("Local mode has no accounts: legcare on this computer is already yours.")


def _signed_in(request: Request) -> bool:
    user = getattr(request.state, "current_user", None)
    return user is not None and not user.local


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, ctx: ContextDep, next: str = "/") -> Response:
    if ctx.settings.mode != "server" or _signed_in(request):
        return redirect(safe_next(next))
    return page(request, "account/login.html", {"title": "Sign in", "next": safe_next(next)})


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    ctx: ContextDep,
    username: FormText,
    password: FormText,
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    _server_only(ctx)
    try:
        session = accounts.login(
            ctx=ctx,
            username=username,
            password=password,
            client_address=client_address(request),
            previous_token=session_token(request),
        )
    except LegcareError as exc:
        context = {"title": "Sign in", "next": safe_next(next), "username": username}
        context["error"] = exc.message
        return page(request, "account/login.html", context, status_code=exc.http_status)
    response = redirect(safe_next(next))
    set_session_cookie(response, session, ctx.settings)
    return response


@router.post("/logout")
def logout_submit(request: Request, ctx: ContextDep) -> Response:
    token = session_token(request)
    if token:
        accounts.logout(ctx=ctx, token=token)
    response = redirect("/login" if ctx.settings.mode == "server" else "/")
    clear_session_cookie(response, ctx.settings)
    return response


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request, ctx: ContextDep) -> Response:
    _server_only(ctx)
    return page(request, "account/register.html", {"title": "Create an account"})


@router.post("/register", response_class=HTMLResponse)
def register_submit(
    request: Request, ctx: ContextDep, username: FormText, password: FormText
) -> Response:
    _server_only(ctx)
    try:
        accounts.register(
            ctx=ctx,
            username=username,
            password=password,
            client_address=client_address(request),
        )
    except LegcareError as exc:
        context: dict[str, Any] = {"title": "Create an account", "username": username}
        context["error"] = exc.message
        context["details"] = exc.details
        return page(request, "account/register.html", context, status_code=exc.http_status)
    return redirect("/login?registered=1")


def _account_context(ctx: ContextDep, **extra: Any) -> dict[str, Any]:
    server = ctx.settings.mode == "server"
    return {
        "title": "Account",
        "account": accounts.current_account(ctx=ctx),
        "server": server,
        "shares": accounts.my_shares(ctx=ctx) if server else [],
        "access": accounts.my_access_log(ctx=ctx, limit=50) if server else [],
        **extra,
    }


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, ctx: ContextDep) -> Response:
    return page(request, "account/account.html", _account_context(ctx))


@router.post("/account/shares", response_class=HTMLResponse)
def share_submit(
    request: Request, ctx: ContextDep, clinician: Annotated[str, Form(max_length=64)]
) -> Response:
    _server_only(ctx)
    try:
        accounts.share_with(ctx=ctx, clinician=clinician.strip())
    except LegcareError as exc:
        context = _account_context(ctx, error=exc.message, clinician=clinician)
        return page(request, "account/account.html", context, status_code=exc.http_status)
    return redirect("/account?shared=1")


@router.post("/account/shares/remove")
def unshare_submit(ctx: ContextDep, clinician: Annotated[str, Form(max_length=64)]) -> Response:
    _server_only(ctx)
    accounts.stop_sharing(ctx=ctx, clinician=clinician)
    return redirect("/account?stopped=1")


@router.post("/account/delete", response_class=HTMLResponse)
def delete_account_submit(request: Request, ctx: ContextDep, password: FormText) -> Response:
    _server_only(ctx)
    try:
        accounts.delete_account(ctx=ctx, password=password)
    except LegcareError as exc:
        context = _account_context(ctx, delete_error=exc.message)
        return page(request, "account/account.html", context, status_code=exc.http_status)
    response = redirect("/login?deleted=1")
    clear_session_cookie(response, ctx.settings)
    return response
