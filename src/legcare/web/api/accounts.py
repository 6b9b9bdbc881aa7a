"""Accounts API: log in and out, who am I, sharing with a clinician, a clinician's clients."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from legcare.errors import NotFound
from legcare.services import accounts
from legcare.services.accounts import Account, Share
from legcare.web.auth import (
    clear_session_cookie,
    client_address,
    session_token,
    set_session_cookie,
)
from legcare.web.csrf import csrf_token
from legcare.web.deps import ContextDep
from legcare.web.schemas_accounts import (
    AccessPublic,
    AccountDelete,
    AccountPublic,
    DeletedAccountPublic,
    LoginCreate,
    LoginPublic,
    MePublic,
    OkPublic,
    RegisterCreate,
    ShareCreate,
    SharePublic,
)

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def _account(account: Account, *, local: bool = False) -> AccountPublic:
    return AccountPublic(id=account.id, username=account.username, role=account.role, local=local)


def _share(share: Share) -> SharePublic:
    return SharePublic(
        client_id=share.client_id,
        client=share.client_name,
        clinician_id=share.clinician_id,
        clinician=share.clinician_name,
        shared_at=share.created_at,
    )


def _server_only(ctx: ContextDep) -> None:
    if ctx.settings.mode != "server":
        raise NotFound("Local mode has no accounts: there is nothing to sign in to.")


@router.post("/login", response_model=LoginPublic)
def login(body: LoginCreate, request: Request, response: Response, ctx: ContextDep) -> LoginPublic:
    """Server mode: sign in; sets the session cookie and returns the CSRF token to send back."""
    _server_only(ctx)
    session = accounts.login(
        ctx=ctx,
        username=body.username,
        password=body.password,
        client_address=client_address(request),
        previous_token=session_token(request),
    )
    set_session_cookie(response, session, ctx.settings)
    return LoginPublic(
        user=_account(session.account), csrf_token=session.csrf_token, expires_at=session.expires_at
    )


@router.post("/register", response_model=AccountPublic, status_code=201)
def register(body: RegisterCreate, request: Request, ctx: ContextDep) -> AccountPublic:
    """Server mode: open a client account (then sign in); a few an hour per address."""
    _server_only(ctx)
    account = accounts.register(
        ctx=ctx,
        username=body.username,
        password=body.password,
        client_address=client_address(request),
    )
    return _account(account)


@router.post("/logout", response_model=OkPublic)
def logout(request: Request, response: Response, ctx: ContextDep) -> OkPublic:
    """End this session; the old cookie no longer works."""
    token = session_token(request)
    if token:
        accounts.logout(ctx=ctx, token=token)
    clear_session_cookie(response, ctx.settings)
    return OkPublic()


@router.get("/me", response_model=MePublic)
def me(request: Request, ctx: ContextDep) -> MePublic:
    """The user this request acts for, and the CSRF token for unsafe calls."""
    account = accounts.current_account(ctx=ctx)
    public = _account(account, local=ctx.settings.mode == "local")
    return MePublic(**public.model_dump(), csrf_token=csrf_token(request))


@router.get("/shares", response_model=list[SharePublic])
def list_shares(ctx: ContextDep) -> list[SharePublic]:
    """The clinicians you share your data with (read-only for them)."""
    return [_share(s) for s in accounts.my_shares(ctx=ctx)]


@router.post("/shares", response_model=SharePublic, status_code=201)
def add_share(body: ShareCreate, ctx: ContextDep) -> SharePublic:
    """Share your data, read-only, with a clinician by user name."""
    _server_only(ctx)
    return _share(accounts.share_with(ctx=ctx, clinician=body.clinician))


@router.delete("/shares/{clinician}", response_model=OkPublic)
def remove_share(clinician: str, ctx: ContextDep) -> OkPublic:
    """Stop sharing with a clinician."""
    accounts.stop_sharing(ctx=ctx, clinician=clinician)
    return OkPublic()


@router.get("/clinician/clients", response_model=list[SharePublic])
def clinician_clients(ctx: ContextDep) -> list[SharePublic]:
    """Clinicians: the clients who share with you."""
    return [_share(s) for s in accounts.clinician_clients(ctx=ctx)]


@router.get("/account/access-log", response_model=list[AccessPublic])
def access_log(ctx: ContextDep) -> list[AccessPublic]:
    """Which clinicians viewed your data, what and when, newest first."""
    return [
        AccessPublic(clinician=a.clinician, what=a.what, at=a.at)
        for a in accounts.my_access_log(ctx=ctx)
    ]


@router.delete("/account", response_model=DeletedAccountPublic)
def delete_account(
    body: AccountDelete, response: Response, ctx: ContextDep
) -> DeletedAccountPublic:
    """Server mode: close your account for good (your data, shares and sessions), in one step.
    Needs your password."""
    _server_only(ctx)
    gone = accounts.delete_account(ctx=ctx, password=body.password)
    clear_session_cookie(response, ctx.settings)
    return DeletedAccountPublic(
        username=gone.username, shares_ended=gone.shares_ended, rows_deleted=gone.rows_deleted
    )
