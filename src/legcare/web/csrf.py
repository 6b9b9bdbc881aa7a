"""CSRF tokens: the signed double-submit cookie, the signing key and the token of a request.

The rules for which requests need a token are in ``legcare.web.security``; templates read the
token here (``legcare.web.templating``), so the page shell needs no part of the middleware.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from functools import cache
from pathlib import Path

from starlette.requests import Request

from legcare.settings import DEFAULT_SECRET, Settings

CSRF_COOKIE = "legcare_csrf"
HOST_PREFIX = "__Host-"  # browsers accept it only Secure, with Path=/ and no Domain
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
_PROCESS_SECRET = secrets.token_urlsafe(32)
MIN_SECRET = 32
KEY_FILE = "web-secret.key"


def signing_key(settings: Settings) -> bytes:
    """The key for signed cookies: the configured secret, or (local mode with the default
    secret) a random key kept in the data folder, so that every worker process started on the
    same folder agrees on it. Only when the folder cannot be written does the key live as long
    as the process."""
    if settings.secret_key == DEFAULT_SECRET:
        return _folder_key(str(settings.data_dir))
    return settings.secret_key.encode()


@cache
def _folder_key(folder: str) -> bytes:
    path = Path(folder) / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return _PROCESS_SECRET.encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)  # another worker made it first
    except OSError:
        return _PROCESS_SECRET.encode()  # a read-only folder
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_urlsafe(32))
        fh.flush()
        os.fsync(fh.fileno())
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    for _ in range(50):  # a worker that has just created the file may not have written it
        value = path.read_text().strip()
        if len(value) >= MIN_SECRET:
            return value.encode()
        time.sleep(0.02)
    return _PROCESS_SECRET.encode()


def _signature(key: bytes, raw: str) -> str:
    return hmac.new(key, b"csrf:" + raw.encode(), hashlib.sha256).hexdigest()[:32]


def new_signed_token(key: bytes) -> str:
    raw = secrets.token_urlsafe(24)
    return f"{raw}.{_signature(key, raw)}"


def is_signed_token(key: bytes, value: str) -> bool:
    raw, _, sig = value.partition(".")
    return bool(raw) and hmac.compare_digest(sig, _signature(key, raw))


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def csrf_token(request: Request) -> str:
    """The CSRF token for ``request``: the session's (server mode, signed in) or the signed
    double-submit cookie's, issuing a new cookie with the response when there is none yet."""
    state = request.state
    session_token = getattr(state, "session_csrf", None)
    if session_token:
        return str(session_token)
    issued = getattr(state, "csrf_issue", None)
    if issued:
        return str(issued)
    key = signing_key(_settings(request))
    existing = request.cookies.get(csrf_cookie_name(_settings(request)), "")
    if existing and is_signed_token(key, existing):
        return existing
    token = new_signed_token(key)
    state.csrf_issue = token
    return token


def csrf_cookie_name(settings: Settings) -> str:
    """``__Host-legcare_csrf`` with Secure cookies, else ``legcare_csrf``."""
    return HOST_PREFIX + CSRF_COOKIE if settings.secure_cookies else CSRF_COOKIE


def csrf_cookie_header(token: str, settings: Settings) -> bytes:
    cookie = f"{csrf_cookie_name(settings)}={token}; Path=/; HttpOnly; SameSite=Lax"
    if settings.secure_cookies:
        cookie += "; Secure"
    return cookie.encode("latin-1")
