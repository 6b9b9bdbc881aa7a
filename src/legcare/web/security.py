"""Web security: CSRF tokens, security headers and the request-size limit.

CSRF. Every unsafe request (POST, PUT, PATCH, DELETE) that a browser could have sent must carry
the request's CSRF token, in the form field ``csrf_token`` or the header ``X-CSRF-Token``:

- server mode, signed in: the token stored with the session (``web_sessions.csrf_token``);
- otherwise (local mode, or the login and register forms): a signed double-submit cookie
  ``legcare_csrf``. Local mode needs it too, because any website can POST to 127.0.0.1.

"Could have sent" means: it names an ``Origin`` or ``Sec-Fetch-Site`` (browsers add these to
every unsafe request, same-site or not), or it has a body a cross-site form can send without a
CORS preflight (form-encoded, multipart, text/plain or no content type), or it carries the
server-mode session cookie. A JSON request from a script with none of these (a test, the CLI, a
server-to-server call) cannot come from another website, so it needs no token.

Local mode also answers only to loopback host names, against DNS rebinding.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request

from legcare.settings import DEFAULT_SECRET, Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "legcare_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SIMPLE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
# "testserver" is the host name of Starlette's in-process test client; no DNS resolves it.

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

_PROCESS_SECRET = secrets.token_urlsafe(32)


def signing_key(settings: Settings) -> bytes:
    """The key for signed cookies: the configured secret, or (local mode with the default
    secret) a random key that lives as long as the process."""
    if settings.secret_key == DEFAULT_SECRET:
        return _PROCESS_SECRET.encode()
    return settings.secret_key.encode()


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
    existing = request.cookies.get(CSRF_COOKIE, "")
    if existing and is_signed_token(key, existing):
        return existing
    token = new_signed_token(key)
    state.csrf_issue = token
    return token


def csrf_cookie_header(token: str, settings: Settings) -> bytes:
    cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
    if settings.secure_cookies:
        cookie += "; Secure"
    return cookie.encode("latin-1")
