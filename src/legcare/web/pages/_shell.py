"""Render a page inside the app shell (navigation, footer). Not a router: the name starts with _."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from legcare.web.contexts import build_nav_context
from legcare.web.templating import render


def page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` with the navigation for the current path."""
    full = {"nav": build_nav_context(request.url.path), **context}
    return render(request, template, full, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    """After a successful form POST: 303 See Other, so a reload does not post again."""
    return RedirectResponse(url, status_code=303)
