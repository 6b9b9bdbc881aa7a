"""Jinja2 templates shared by every page.

Besides ``version``, every template can use:

- ``csrf_field()``: the hidden ``<input name="csrf_token">`` every POST form must contain;
- ``csrf_token()``: the bare token, for a ``<meta name="csrf-token">`` that scripts send back in
  the ``X-CSRF-Token`` header;
- the filter ``count``: ``{{ n|count("step") }}`` gives "1 step" or "2 steps";
- ``current_user``: the signed-in user (``id``, ``username``, ``role``, ``local``), or the single
  local user (``local`` is true) in local mode; ``None`` on a server-mode page before login.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from legcare import __version__
from legcare.domain.counting import count, percent
from legcare.web.csrf import CSRF_FIELD
from legcare.web.csrf import csrf_token as request_csrf_token

WEB_DIR = Path(__file__).parent  # templates/ and static/


@pass_context
def _csrf_token(context: Context) -> str:
    return request_csrf_token(context["request"])


@pass_context
def _csrf_field(context: Context) -> Markup:
    token = request_csrf_token(context["request"])
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(token))


def _user_context(request: Request) -> dict[str, Any]:
    return {"current_user": getattr(request.state, "current_user", None)}


@cache
def templates() -> Jinja2Templates:
    tpl = Jinja2Templates(directory=str(WEB_DIR / "templates"), context_processors=[_user_context])
    # The templates ship with the package: compile each once, and do not look at its file
    # again on every render (Jinja's default checks the modification time of every template a
    # page uses, on every request).
    tpl.env.auto_reload = False
    tpl.env.globals["version"] = __version__
    tpl.env.globals["csrf_field"] = _csrf_field
    tpl.env.globals["csrf_token"] = _csrf_token
    tpl.env.filters["count"] = count  # {{ n|count("step") }}: "1 step", "2 steps"
    tpl.env.filters["percent"] = percent  # {{ p|percent }}: "42%", ">99%", "<1%"
    return tpl


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` with ``context`` (autoescaped)."""
    return templates().TemplateResponse(request, name, context, status_code=status_code)
