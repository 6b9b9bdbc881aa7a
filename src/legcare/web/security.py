"""Web security: CSRF tokens, security headers and the request-size limit.

CSRF. Every unsafe request (POST, PUT, PATCH, DELETE) that a browser could have sent must carry
the request's CSRF token, in the form field ``csrf_token`` or the header ``X-CSRF-Token``:

- server mode, signed in: the token stored with the session (``web_sessions.csrf_token``);
- otherwise (local mode, or the login and register forms): a signed double-submit cookie
  ``legcare_csrf``. Local mode needs it too, because any website can POST to 127.0.0.1.

"Could have sent" means: it names an ``Origin`` or ``Sec-Fetch-Site`` (browsers add these to
every unsafe request, same-site or not), or it has a body a cross-site form can send without a
CORS preflight (form-encoded, multipart, text/plain or no content type), or it carries a live
server-mode session cookie. A JSON request from a script with none of these (a test, the CLI, a
server-to-server call) cannot come from another website, so it needs no token.

Local mode also answers only to loopback host names, against DNS rebinding.
"""

from __future__ import annotations

import hmac
import ipaddress
import itertools
import json
import re
from typing import Any

from starlette.requests import Request

from legcare.settings import DEFAULT_SECRET, IPNetwork, Settings, cookie_problem
from legcare.web.asgi import ASGIApp, Message, Receive, Scope, Send, header, never_receive
from legcare.web.csrf import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    HOST_PREFIX,
    MIN_SECRET,
    csrf_cookie_header,
    csrf_cookie_name,
    csrf_token,
    is_signed_token,
    signing_key,
)
from legcare.web.errors import send_error

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


class BodyTooLarge(Exception):
    """The request body passed ``settings.max_request_bytes``."""


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


MAX_JSON_DEPTH = 64
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")


def _json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in ``body`` (brackets in strings skipped)."""
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", body))
    steps = (1 if b in (0x5B, 0x7B) else -1 for b in brackets)
    return max(itertools.accumulate(steps), default=0)


def json_body_problem(body: bytes) -> str | None:
    """Why a JSON-looking body cannot be accepted (too deep, or text with a lone surrogate that
    could be stored but never shown again), or None. Other bodies are left to the routes."""
    if body.lstrip()[:1] not in (b"[", b"{"):
        return None
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and (
        _json_depth(body) > MAX_JSON_DEPTH
    ):
        return f"body: arrays and objects nest at most {MAX_JSON_DEPTH} deep"
    if _SURROGATE_ESCAPE.search(body):
        try:
            json.dumps(json.loads(body), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return "body: text holds a broken character (a lone surrogate \\uD800-\\uDFFF)"
        except ValueError:
            return None  # not JSON after all: the route says what is wrong
    return None


def _in_networks(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def forwarded_client(peer: str, forwarded_for: str | None, trusted: tuple[IPNetwork, ...]) -> str:
    """The client address of a request that arrived from ``peer``.

    ``X-Forwarded-For`` is believed only when ``peer`` is a trusted proxy; then the address is
    the right-most entry that is not itself a trusted proxy (each proxy appends the address it
    saw, so entries to its left are whatever the client chose to send). Otherwise it is ignored.
    """
    if not forwarded_for or not _in_networks(peer, trusted):
        return peer
    entries = [e.strip() for e in forwarded_for.split(",") if e.strip()]
    for entry in reversed(entries):
        if not _in_networks(entry, trusted):
            return entry[:90]
    return entries[0][:90] if entries else peer


def _apply_forwarded(scope: Scope, trusted: tuple[IPNetwork, ...]) -> None:
    client = scope.get("client")
    peer = str(client[0]) if client else ""
    if not trusted or not _in_networks(peer, trusted):
        return
    values = [v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-forwarded-for"]
    if values:
        address = forwarded_client(peer, ",".join(values), trusted)
        scope["client"] = (address, client[1] if client else 0)
    proto = (header(scope, b"x-forwarded-proto") or "").split(",")[-1].strip().lower()
    if proto in ("http", "https"):
        scope["scheme"] = proto


def _host_allowed(scope: Scope) -> bool:
    host = (header(scope, b"host") or "").strip().lower()
    if host.startswith("["):
        name = host.split("]", 1)[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in LOOPBACK_HOSTS


class SecurityMiddleware:
    """Outermost layer: loopback host names (local mode), the body size limit, and the
    security headers on every response."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        headers = list(SECURITY_HEADERS)
        if settings.secure_cookies:
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        self.headers = headers
        self.trusted = settings.trusted_proxy_networks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        _apply_forwarded(scope, self.trusted)
        if self.settings.mode == "local" and not _host_allowed(scope):
            await send_error(scope, send, 400, "legcare in local mode answers only to 127.0.0.1.")
            return
        limit = self.settings.max_request_bytes
        too_big = f"The request is larger than the limit of {limit} bytes."
        declared = header(scope, b"content-length")
        number = declared is not None and declared.isascii() and declared.isdigit()
        if declared is not None and (not number or int(declared) > limit):
            status = 413 if number else 400
            await send_error(scope, send, status, too_big if status == 413 else "Bad length.")
            return
        try:
            body = await _read_body(receive, limit)
        except BodyTooLarge:
            await send_error(scope, send, 413, too_big)
            return
        problem = json_body_problem(body)
        if problem is not None:
            await send_error(scope, send, 422, "The body could not be read.", [problem])
            return
        await self.app(scope, _replay(body, receive), send)

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        extra = self.headers
        private = not str(scope.get("path", "")).startswith("/static/")

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in present]
                if private and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        return wrapped


def _needs_csrf(scope: Scope, body: bytes) -> bool:
    """True when a browser could have sent this unsafe request (see the module docstring)."""
    if header(scope, b"origin") is not None or header(scope, b"sec-fetch-site") is not None:
        return True
    ctype = (header(scope, b"content-type") or "").split(";")[0].strip().lower()
    if ctype in SIMPLE_CONTENT_TYPES or (not ctype and body):
        return True
    return bool(scope.get("state", {}).get("session_csrf"))


async def _submitted_token(scope: Scope, body: bytes) -> str:
    given = header(scope, CSRF_HEADER.encode())
    if given:
        return given
    ctype = (header(scope, b"content-type") or "").split(";")[0].strip().lower()
    if ctype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return ""
    request = Request(scope, _replay(body, never_receive))
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - a malformed form simply carries no token
        return ""
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    finally:
        await form.close()


class CSRFMiddleware:
    """Checks the CSRF token of unsafe browser requests and issues the double-submit cookie.

    Runs inside `legcare.web.auth.AuthMiddleware`, which puts the session's token in the
    request state when someone is signed in."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.key = signing_key(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._issue_cookie(scope, send)
        if scope["method"] in UNSAFE_METHODS:
            body = await _read_body(receive, self.settings.max_request_bytes)
            receive = _replay(body, receive)
            if _needs_csrf(scope, body) and not await self._token_ok(scope, body):
                await send_error(
                    scope,
                    send,
                    403,
                    "The form or request is missing its security token (CSRF). "
                    "Reload the page and try again.",
                )
                return
        await self.app(scope, receive, send)

    async def _token_ok(self, scope: Scope, body: bytes) -> bool:
        submitted = await _submitted_token(scope, body)
        if not submitted:
            return False
        state = scope.get("state", {})
        expected = state.get("session_csrf")
        if expected:
            return hmac.compare_digest(submitted.encode(), str(expected).encode())
        cookie = Request(scope).cookies.get(csrf_cookie_name(self.settings), "")
        return (
            bool(cookie)
            and hmac.compare_digest(submitted.encode(), cookie.encode())
            and is_signed_token(self.key, cookie)
        )

    def _issue_cookie(self, scope: Scope, send: Send) -> Send:
        settings = self.settings

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                token = scope.get("state", {}).get("csrf_issue")
                if token:
                    headers = list(message.get("headers", []))
                    headers.append((b"set-cookie", csrf_cookie_header(token, settings)))
                    message["headers"] = headers
            await send(message)

        return wrapped


def install_security(app: Any, settings: Settings, *, auth: type) -> None:
    """Add the layers, outermost first: security headers and limits, who is asking (``auth``,
    ``legcare.web.auth.AuthMiddleware``, passed in so this module stays below it), CSRF.

    Server mode refuses the default or a short secret here too, however the app is started."""
    from legcare.errors import ConfigurationError

    if settings.mode == "server" and (
        settings.secret_key == DEFAULT_SECRET or len(settings.secret_key) < MIN_SECRET
    ):
        raise ConfigurationError(
            "Server mode refuses to start with the default or a short secret: set "
            f"LEGCARE_SECRET_KEY to a random string of at least {MIN_SECRET} characters."
        )
    problem = cookie_problem(settings)
    if problem is not None:
        raise ConfigurationError(problem)

    app.add_middleware(CSRFMiddleware, settings=settings)
    app.add_middleware(auth, settings=settings)
    app.add_middleware(SecurityMiddleware, settings=settings)


__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "HOST_PREFIX",
    "ASGIApp",
    "CSRFMiddleware",
    "SecurityMiddleware",
    "csrf_cookie_header",
    "csrf_cookie_name",
    "csrf_token",
    "forwarded_client",
    "install_security",
    "json_body_problem",
    "signing_key",
]
