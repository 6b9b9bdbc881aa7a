"""Accounts (server mode): register, log in and out, sessions, login rate limiting, sharing.

Passwords are hashed with argon2id. A login creates a fresh random session token every time (no
session fixation) and only its SHA-256 hash is stored.

Rate limits hold across threads and worker processes because each attempt is reserved in the
database *before* its password is hashed (see `legcare.store.login_attempts`):

- per user name and client address: ``settings.login_attempts_per_minute`` failed sign-ins a
  minute; past it every attempt for that pair is refused with `RateLimited` (even with the right
  password) until the minute passes. The key includes the address, so someone elsewhere cannot
  lock the real user out (the client address is the proxy's idea of it only when the proxy is
  listed in ``settings.trusted_proxies``);
- per client address, any user name: ``settings.login_attempts_per_address_per_minute``
  attempts, so cycling through names does not buy more hashing;
- per client address: ``settings.registrations_per_address_per_hour`` new accounts.

Hashing itself is bounded per process: at most ``settings.password_hashing_memory_mb`` worth of
argon2 hashes (64 MiB each) run at once; further sign-ins wait their turn (and are told to try
again if the wait passes ``HASH_WAIT_SECONDS``).

Sharing: a client chooses a clinician to share with; the clinician then sees that client's data
read-only, through `client_context`, which refuses anyone the client has not chosen.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Literal, TypeVar

import sqlalchemy as sa

from legcare.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from legcare.store import access_log, data_rights, login_attempts, shares, users, web_sessions
from legcare.store.tables import LOCAL_USER_ID

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from legcare.services.context import AppContext

Role = Literal["client", "clinician"]
ROLES: tuple[Role, ...] = ("client", "clinician")
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
RATE_WINDOW = timedelta(minutes=1)
REGISTER_WINDOW = timedelta(hours=1)
KEEP_ATTEMPTS = timedelta(hours=1)
HASH_WAIT_SECONDS = 30.0
T = TypeVar("T")


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


class HashingGate:
    """At most ``slots`` password hashes at once in this process; counts them as they run."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._semaphore = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self.active = 0
        self.peak = 0

    @contextmanager
    def slot(self, timeout: float = HASH_WAIT_SECONDS) -> Iterator[None]:
        if not self._semaphore.acquire(timeout=timeout):
            raise RateLimited("The server is busy checking passwords. Try again in a moment.")
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            yield
        finally:
            with self._lock:
                self.active -= 1
            self._semaphore.release()

    def run(self, work: Callable[[], T]) -> T:
        with self.slot():
            return work()


def hash_slots(memory_mb: int) -> int:
    """How many argon2 hashes fit in ``memory_mb`` MiB at once (at least one)."""
    per_hash_mb = max(1, _hasher().memory_cost // 1024)
    return max(1, memory_mb // per_hash_mb)


_GATES: dict[int, HashingGate] = {}
_GATES_LOCK = threading.Lock()


def hashing_gate(ctx: AppContext) -> HashingGate:
    """The process-wide gate for the memory budget in ``ctx.settings``."""
    slots = hash_slots(ctx.settings.password_hashing_memory_mb)
    with _GATES_LOCK:
        return _GATES.setdefault(slots, HashingGate(slots))


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
    password_hash = hashing_gate(ctx).run(lambda: _hasher().hash(password))
    taken = Conflict(f"The user name {username!r} is taken; choose another.")
    try:
        with ctx.store.transaction() as conn:
            if users.user_by_name(conn, username) is not None:
                raise taken
            user_id = users.insert_user(
                conn,
                username=username,
                role=role,
                password_hash=password_hash,
                created_at=ctx.now(),
            )
            row = users.user_by_id(conn, user_id)
    except sa.exc.IntegrityError:
        raise taken from None  # the same name (in any case) registered at the same moment
    assert row is not None
    return _account(row)


def register(
    *, ctx: AppContext, username: str, password: str, client_address: str = "unknown"
) -> Account:
    """Server mode: anyone may open a client account (clinicians are added by an admin), at
    most ``registrations_per_address_per_hour`` from one address."""
    if ctx.settings.mode != "server":
        raise PermissionDenied("Local mode has no accounts: legcare is already yours.")
    _check_new_account(username, password, "client")
    now = ctx.now()
    key = f"r|{client_address[:90]}"
    limit = ctx.settings.registrations_per_address_per_hour
    ids = _reserve(ctx, [key], now)
    with ctx.store.read() as conn:
        count = login_attempts.failures_since(conn, key=key, since=now - REGISTER_WINDOW)
    if count > limit:
        _release(ctx, ids)
        raise RateLimited(
            f"Too many new accounts from this address (at most {limit} an hour). Try again later."
        )
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


def _name_key(username: str, client_address: str) -> str:
    return f"n|{username.casefold()[:100]}|{client_address[:90]}"


def _address_key(client_address: str) -> str:
    return f"a|{client_address[:90]}"


def _reserve(ctx: AppContext, keys: list[str], now: datetime) -> list[int]:
    """Commit one attempt row per key (before any hashing), pruning old rows now and then."""
    with ctx.store.transaction() as conn:
        ids = login_attempts.reserve(conn, keys=keys, at=now)
    if ids and ids[0] % 50 == 0:
        try:
            with ctx.store.transaction() as conn:
                login_attempts.prune(conn, before=now - KEEP_ATTEMPTS)
        except sa.exc.DBAPIError:
            pass  # two prunes at once may deadlock on PostgreSQL; the next one cleans up
    return ids


def _release(ctx: AppContext, ids: list[int]) -> None:
    with ctx.store.transaction() as conn:
        login_attempts.release(conn, ids=ids)


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
    name_key, address_key = _name_key(username, client_address), _address_key(client_address)
    ids = _reserve(ctx, [name_key, address_key], now)
    with ctx.store.read() as conn:
        by_name = login_attempts.failures_since(conn, key=name_key, since=now - RATE_WINDOW)
        by_address = login_attempts.failures_since(conn, key=address_key, since=now - RATE_WINDOW)
        row = users.user_by_name(conn, username)
    if by_name > ctx.settings.login_attempts_per_minute:
        _release(ctx, ids)
        raise RateLimited(
            "Too many failed sign-ins for this user name. Wait a minute and try again."
        )
    if by_address > ctx.settings.login_attempts_per_address_per_minute:
        _release(ctx, ids)
        raise RateLimited("Too many sign-ins from this address. Wait a minute and try again.")
    stored = row.password_hash if row is not None and row.password_hash else None

    def check() -> bool:
        try:
            return _hasher().verify(stored or _dummy_hash(), password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    ok = hashing_gate(ctx).run(check)
    if not ok or row is None:
        raise NotAuthenticated("The user name or password is not right.")
    assert stored is not None
    new_hash = (
        hashing_gate(ctx).run(lambda: _hasher().hash(password))
        if _hasher().check_needs_rehash(stored)
        else None
    )
    return _open_session(
        ctx=ctx, row=row, key=name_key, previous_token=previous_token, now=now, new_hash=new_hash
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
    with ctx.store.transaction(durable=True) as conn:
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
    with ctx.store.transaction(durable=True) as conn:
        target = users.user_by_name(conn, clinician)
        removed = target is not None and shares.remove_share(
            conn, client_id=ctx.user_id, clinician_id=target.id, at=ctx.now()
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


def client_context(
    *, ctx: AppContext, client_id: int, what: str = "data"
) -> tuple[AppContext, Share]:
    """A context acting for ``client_id``, for READ-ONLY use by this clinician; refused (404,
    so that ids are not probed) unless the client shares with them. Every grant is written to
    the client's access log (``what`` says what was looked at), which the client can read."""
    _require_clinician(ctx)
    with ctx.store.transaction() as conn:
        found = [
            s
            for s in shares.clients_of_clinician(conn, clinician_id=ctx.user_id)
            if s.client_id == client_id
        ]
        if found:
            access_log.record(
                conn,
                client_id=client_id,
                clinician_id=ctx.user_id,
                clinician_name=found[0].clinician_name,
                what=what,
                at=ctx.now(),
            )
    if not found:
        raise NotFound("No client with that id shares with you.")
    return ctx.for_user(client_id), _share(found[0])


@dataclass(frozen=True, slots=True)
class Access:
    """One look by a clinician at this user's data."""

    clinician: str
    what: str
    at: datetime


def my_access_log(*, ctx: AppContext, limit: int = 200) -> list[Access]:
    """Which clinicians viewed this user's data and when, newest first."""
    with ctx.store.read() as conn:
        rows = access_log.of_client(conn, client_id=ctx.user_id, limit=limit)
    return [Access(clinician=r.clinician_name, what=r.what, at=r.at) for r in rows]


@dataclass(frozen=True, slots=True)
class DeletedAccount:
    username: str
    shares_ended: int
    rows_deleted: dict[str, int]


def delete_account(*, ctx: AppContext, password: str | None) -> DeletedAccount:
    """Close this account for good, in one transaction: every health record, every share (as
    client or clinician, each remembered as ended), every sign-in session and the account.

    ``password`` must be the account's (a session alone is not enough to delete); ``None`` is
    for a clinic admin at the command line (`legcare users delete`)."""
    if ctx.user_id == LOCAL_USER_ID or (password is not None and ctx.settings.mode != "server"):
        raise PermissionDenied(
            "Local mode has no account to delete: use 'delete all' to remove your data."
        )
    with ctx.store.read() as conn:
        row = users.user_by_id(conn, ctx.user_id)
    if row is None:
        raise NotFound("This account no longer exists.")
    if password is not None:
        stored = row.password_hash or _dummy_hash()

        def check() -> bool:
            from argon2.exceptions import InvalidHashError, VerificationError

            try:
                return bool(_hasher().verify(stored, password)) and bool(row.password_hash)
            except (VerificationError, InvalidHashError):
                return False

        if not hashing_gate(ctx).run(check):
            raise NotAuthenticated("The password is not right; the account was not deleted.")
    with ctx.store.transaction(durable=True) as conn:
        ended = shares.end_all_shares(conn, user_id=row.id, at=ctx.now())
        deleted = data_rights.delete_all(conn, row.id)
        web_sessions.delete_user_sessions(conn, user_id=row.id)
        users.delete_user(conn, user_id=row.id)
    return DeletedAccount(username=row.username, shares_ended=ended, rows_deleted=deleted)


def account_by_name(*, ctx: AppContext, username: str) -> Account:
    """The account called ``username`` (any case); for clinic admins at the command line."""
    with ctx.store.read() as conn:
        row = users.user_by_name(conn, username)
    if row is None:
        raise NotFound(f"There is no account called {username!r}.")
    return _account(row)
