"""Who is asking: the single local user, or (server mode) the user behind the session cookie.

`AuthMiddleware` puts ``user_id`` and ``current_user`` in ``request.state`` (``web/deps.py``
turns ``user_id`` into the request's AppContext). In server mode a request without a live
session gets 401 in the JSON error shape from the API, and a redirect to /login from a page;
only the login and register pages, the health check, the API schema, static files and the
calendar feed (whose secret address is its key, see ``services/calendar_feed.py``) are open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from legcare.store.tables import LOCAL_USER_ID
from legcare.web.asgi import ASGIApp, Receive, Scope, Send
from legcare.web.csrf import HOST_PREFIX
from legcare.web.errors import send_error

if TYPE_CHECKING:
    from starlette.responses import Response

    from legcare.services.accounts import LoginSession
    from legcare.services.context import AppContext
    from legcare.settings import Settings

SESSION_COOKIE = "legcare_session"
PUBLIC_PATHS = frozenset(
    {
        "/login",
        "/register",
        "/api/v1/login",
        "/api/v1/register",
        "/api/v1/health",
        "/api/v1/openapi.json",
        "/api/docs",
        "/favicon.ico",
        "/manifest.webmanifest",
        "/sw.js",
        "/offline",
    }
)
PUBLIC_PREFIXES = ("/static/", "/calendar/")  # the calendar feed checks its own key


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The user a request acts for, as templates see it (``current_user``)."""

    id: int
    username: str
    role: str
    local: bool = False

    @property
    def is_clinician(self) -> bool:
        return self.role == "clinician"


LOCAL_USER = CurrentUser(id=LOCAL_USER_ID, username="local", role="client", local=True)


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def safe_next(target: str | None) -> str:
    """Where to go after login: only a path on this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def session_cookie_name(settings: Settings) -> str:
    """``__Host-legcare_session`` with Secure cookies (bound to this host, HTTPS only),
    else ``legcare_session``."""
    return HOST_PREFIX + SESSION_COOKIE if settings.secure_cookies else SESSION_COOKIE


def set_session_cookie(response: Response, login: LoginSession, settings: Settings) -> None:
    response.set_cookie(
        session_cookie_name(settings),
        login.token,
        max_age=settings.session_hours * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        session_cookie_name(settings),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def session_token(request: Request) -> str | None:
    """The raw session token the browser sent, if any."""
    settings: Settings = request.app.state.settings
    return request.cookies.get(session_cookie_name(settings)) or None


def client_address(request: Request) -> str:
    """The client's address: the connection's, or what a trusted proxy forwarded (the
    `SecurityMiddleware` has already resolved ``X-Forwarded-For`` against
    ``settings.trusted_proxies``)."""
    return request.client.host if request.client else "unknown"


class AuthMiddleware:
    """Resolves the session cookie (server mode) and turns away anonymous requests."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        if self.settings.mode == "local":
            state["user_id"] = LOCAL_USER_ID
            state["current_user"] = LOCAL_USER
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = session_token(request)
        if token:
            await run_in_threadpool(self._resolve, scope["app"].state.ctx, token, state)
        path = str(scope["path"])
        if "user_id" not in state and not is_public(path):
            await self._refuse(scope, send, path)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _resolve(ctx: AppContext, token: str, state: dict[str, object]) -> None:
        from legcare.services.accounts import active_session

        session = active_session(ctx=ctx, token=token)
        if session is None:
            return
        state["user_id"] = session.user_id
        state["session_csrf"] = session.csrf_token
        state["current_user"] = CurrentUser(
            id=session.user_id, username=session.username, role=session.role
        )

    @staticmethod
    async def _refuse(scope: Scope, send: Send, path: str) -> None:
        if path.startswith("/api/"):
            await send_error(scope, send, 401, "Sign in first.")
            return
        from starlette.responses import RedirectResponse

        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        await response(scope, receive_nothing, send)


async def receive_nothing() -> dict[str, object]:
    return {"type": "http.disconnect"}
