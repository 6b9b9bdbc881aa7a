"""Accounts (server mode): register, log in and out, sessions, login rate limiting, sharing.

Passwords are hashed with argon2id. A login creates a fresh random session token every time (no
session fixation) and only its SHA-256 hash is stored. Failed logins are counted per user name
and client address; past ``settings.login_attempts_per_minute`` in a minute, every attempt for
that key is refused with `RateLimited` (even with the right password) until the minute passes.

Sharing: a client chooses a clinician to share with; the clinician then sees that client's data
read-only, through `client_context`, which refuses anyone the client has not chosen.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Literal

from legcare.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from legcare.store import login_attempts, shares, users, web_sessions

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from legcare.services.context import AppContext

Role = Literal["client", "clinician"]
ROLES: tuple[Role, ...] = ("client", "clinician")
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
RATE_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Account:
    """A user as the app shows it (never the password hash)."""

    id: int
    username: str
    role: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LoginSession:
    """What a successful login hands back: the token goes into the cookie, never into storage."""

    token: str
    csrf_token: str
    expires_at: datetime
    account: Account


@dataclass(frozen=True, slots=True)
class ActiveSession:
    """A live session, resolved from its cookie."""

    user_id: int
    username: str
    role: str
    csrf_token: str


@dataclass(frozen=True, slots=True)
class Share:
    client_id: int
    client_name: str
    clinician_id: int
    clinician_name: str
    created_at: datetime


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(type=Type.ID)


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def hash_token(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _account(row: users.UserRow) -> Account:
    return Account(id=row.id, username=row.username, role=row.role, created_at=row.created_at)


def _check_new_account(username: str, password: str, role: str) -> None:
    problems = []
    if not USERNAME_RE.match(username):
        problems.append(
            "username: 3 to 64 characters; letters, digits and . _ @ - "
            "(starting with a letter or digit)"
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.append(f"password: {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if role not in ROLES:
        problems.append(f"role: one of {', '.join(ROLES)}")
    if problems:
        raise InvalidInput("The account could not be created.", details=problems)


def create_account(*, ctx: AppContext, username: str, password: str, role: str) -> Account:
    """Create an account (the CLI for clinic admins, and `register`)."""
    _check_new_account(username, password, role)
    password_hash = _hasher().hash(password)
    with ctx.store.transaction() as conn:
        if users.user_by_name(conn, username) is not None:
            raise Conflict(f"The user name {username!r} is taken; choose another.")
        user_id = users.insert_user(
            conn, username=username, role=role, password_hash=password_hash, created_at=ctx.now()
        )
        row = users.user_by_id(conn, user_id)
    assert row is not None
    return _account(row)


def register(*, ctx: AppContext, username: str, password: str) -> Account:
    """Server mode: anyone may open a client account (clinicians are added by an admin)."""
    if ctx.settings.mode != "server":
        raise PermissionDenied("Local mode has no accounts: legcare is already yours.")
    return create_account(ctx=ctx, username=username, password=password, role="client")


def list_accounts(*, ctx: AppContext) -> list[Account]:
    """Every account, oldest first (for clinic admins; the CLI only)."""
    with ctx.store.read() as conn:
        return [_account(r) for r in users.list_users(conn)]


def current_account(*, ctx: AppContext) -> Account:
    """The account ``ctx`` acts for."""
    with ctx.store.read() as conn:
        row = users.user_by_id(conn, ctx.user_id)
    if row is None:
        raise NotFound("This account no longer exists.")
    return _account(row)


def _rate_key(username: str, client_address: str) -> str:
    return f"{username.casefold()[:100]}|{client_address[:90]}"


def login(
    *,
    ctx: AppContext,
    username: str,
    password: str,
    client_address: str,
    previous_token: str | None = None,
) -> LoginSession:
    """Check the password and open a new session; any session the browser had is ended."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = ctx.now()
    key = _rate_key(username, client_address)
    limit = ctx.settings.login_attempts_per_minute
    with ctx.store.read() as conn:
        failures = login_attempts.failures_since(conn, key=key, since=now - RATE_WINDOW)
        row = users.user_by_name(conn, username)
    if failures >= limit:
        raise RateLimited(
            "Too many failed sign-ins for this user name. Wait a minute and try again."
        )
    stored = row.password_hash if row is not None and row.password_hash else None
    try:
        ok = _hasher().verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None:
        with ctx.store.transaction() as conn:
            login_attempts.prune(conn, before=now - timedelta(hours=1))
            login_attempts.record_failure(conn, key=key, at=now)
        raise NotAuthenticated("The user name or password is not right.")
    assert stored is not None
    new_hash = _hasher().hash(password) if _hasher().check_needs_rehash(stored) else None
    return _open_session(
        ctx=ctx, row=row, key=key, previous_token=previous_token, now=now, new_hash=new_hash
    )


def _open_session(  # noqa: PLR0913
    *,
    ctx: AppContext,
    row: users.UserRow,
    key: str,
    previous_token: str | None,
    now: datetime,
    new_hash: str | None,
) -> LoginSession:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=ctx.settings.session_hours)
    with ctx.store.transaction() as conn:
        if previous_token:
            web_sessions.delete_session(conn, token_hash=hash_token(previous_token))
        web_sessions.delete_expired(conn, now=now)
        login_attempts.clear(conn, key=key)
        web_sessions.insert_session(
            conn,
            token_hash=hash_token(token),
            user_id=row.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=expires,
        )
        if new_hash is not None:
            users.set_password_hash(conn, user_id=row.id, password_hash=new_hash)
    return LoginSession(token=token, csrf_token=csrf, expires_at=expires, account=_account(row))


def logout(*, ctx: AppContext, token: str) -> None:
    """End the session ``token`` (no error when it had already ended)."""
    with ctx.store.transaction() as conn:
        web_sessions.delete_session(conn, token_hash=hash_token(token))


def active_session(*, ctx: AppContext, token: str) -> ActiveSession | None:
    """The live session for a cookie's ``token``, or None when unknown or expired."""
    if not token or len(token) > 200:
        return None
    with ctx.store.read() as conn:
        row = web_sessions.live_session(conn, token_hash=hash_token(token), now=ctx.now())
    if row is None:
        return None
    return ActiveSession(
        user_id=row.user_id, username=row.username, role=row.role, csrf_token=row.csrf_token
    )


def _share(row: shares.ShareRow) -> Share:
    return Share(
        client_id=row.client_id,
        client_name=row.client_name,
        clinician_id=row.clinician_id,
        clinician_name=row.clinician_name,
        created_at=row.created_at,
    )


def share_with(*, ctx: AppContext, clinician: str) -> Share:
    """Let the clinician named ``clinician`` see this user's data, read-only."""
    with ctx.store.transaction() as conn:
        target = users.user_by_name(conn, clinician)
        if target is None or target.role != "clinician" or target.id == ctx.user_id:
            raise NotFound(f"There is no clinician with the user name {clinician!r}.")
        shares.add_share(conn, client_id=ctx.user_id, clinician_id=target.id, created_at=ctx.now())
        found = shares.shares_of_client(conn, client_id=ctx.user_id)
    return next(_share(s) for s in found if s.clinician_id == target.id)


def stop_sharing(*, ctx: AppContext, clinician: str) -> None:
    """Stop sharing with ``clinician``; they lose access at once."""
    with ctx.store.transaction() as conn:
        target = users.user_by_name(conn, clinician)
        removed = target is not None and shares.remove_share(
            conn, client_id=ctx.user_id, clinician_id=target.id
        )
    if not removed:
        raise NotFound(f"You do not share with {clinician!r}.")


def my_shares(*, ctx: AppContext) -> list[Share]:
    """The clinicians this user shares with."""
    with ctx.store.read() as conn:
        return [_share(s) for s in shares.shares_of_client(conn, client_id=ctx.user_id)]


def _require_clinician(ctx: AppContext) -> None:
    if current_account(ctx=ctx).role != "clinician":
        raise PermissionDenied("Only a clinician account can see shared clients.")


def clinician_clients(*, ctx: AppContext) -> list[Share]:
    """The clients who chose to share with this clinician."""
    _require_clinician(ctx)
    with ctx.store.read() as conn:
        return [_share(s) for s in shares.clients_of_clinician(conn, clinician_id=ctx.user_id)]


def client_context(*, ctx: AppContext, client_id: int) -> tuple[AppContext, Share]:
    """A context acting for ``client_id``, for READ-ONLY use by this clinician; refused (404,
    so that ids are not probed) unless the client shares with them."""
    _require_clinician(ctx)
    with ctx.store.read() as conn:
        found = [
            s
            for s in shares.clients_of_clinician(conn, clinician_id=ctx.user_id)
            if s.client_id == client_id
        ]
    if not found:
        raise NotFound("No client with that id shares with you.")
    return ctx.for_user(client_id), _share(found[0])
