"""Jinja2 templates shared by every page."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from legcare import __version__
from legcare.web.app import WEB_DIR


@cache
def templates() -> Jinja2Templates:
    tpl = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    tpl.env.globals["version"] = __version__
    return tpl


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` with ``context`` (autoescaped)."""
    return templates().TemplateResponse(request, name, context, status_code=status_code)
