"""Map every error to one JSON shape for the API and a friendly page for HTML.

JSON shape: ``{"ok": false, "error": "<message>", "status": <code>, "details": [...]}``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from legcare.errors import LegcareError
from legcare.web.asgi import Scope, Send, header, never_receive
from legcare.web.templating import render


def error_body(message: str, status: int, details: list[str] | None = None) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status, "details": details or []}


def _wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    return "text/html" not in request.headers.get("accept", "")


def _respond(request: Request, message: str, status: int, details: list[str]) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(message, status, details), status_code=status)
    return render(
        request,
        "error.html",
        {"message": message, "status": status, "details": details},
        status_code=status,
    )


# Pydantic's error types in plain words, each with what is allowed.
_PLAIN = {
    "date_parsing": "not a date; use YYYY-MM-DD, e.g. 2026-11-30",
    "date_from_datetime_parsing": "not a date; use YYYY-MM-DD, e.g. 2026-11-30",
    "date_from_datetime_inexact": "not a date; use YYYY-MM-DD, e.g. 2026-11-30",
    "datetime_parsing": "not a date and time; use YYYY-MM-DDTHH:MM",
    "datetime_from_date_parsing": "not a date and time; use YYYY-MM-DDTHH:MM",
    "time_parsing": "not a time; use HH:MM, e.g. 21:30",
    "int_parsing": "not a whole number",
    "int_from_float": "not a whole number",
    "float_parsing": "not a number",
    "bool_parsing": "not yes or no (true or false)",
    "missing": "missing; it is required",
    "string_too_long": "too long",
    "extra_forbidden": "not a field here",
}


def _field_problem(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
    plain = _PLAIN.get(str(err.get("type", "")))
    return f"{loc or 'request'}: {plain or err.get('msg', 'invalid value')}"


_OUT_OF_RANGE = (
    "numbers: ids and counts are whole numbers from 0 to 2147483647; dates: years 1 to 9999"
)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LegcareError)
    async def _legcare(request: Request, exc: LegcareError) -> Response:
        return _respond(request, exc.message, exc.http_status, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        details = [_field_problem(dict(e)) for e in exc.errors()]
        return _respond(request, "Some values were not valid.", 422, details)

    @app.exception_handler(json.JSONDecodeError)
    async def _bad_json(request: Request, exc: json.JSONDecodeError) -> Response:
        where = f"line {exc.lineno}, column {exc.colno}"
        return _respond(
            request, "The body is not valid JSON.", 422, [f"body: {exc.msg} at {where}"]
        )

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, _exc: OverflowError) -> Response:
        return _respond(request, "A number or date is out of range.", 422, [_OUT_OF_RANGE])

    @app.exception_handler(sa_exc.DataError)
    async def _data_error(request: Request, _exc: sa_exc.DataError) -> Response:
        return _respond(request, "A value is out of range for storage.", 422, [_OUT_OF_RANGE])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _respond(request, str(exc.detail), exc.status_code, [])

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _exc: Exception) -> Response:
        return _respond(request, "Something went wrong on our side. Nothing was saved.", 500, [])


__all__ = ["error_body", "install_error_handlers"]


async def send_error(
    scope: Scope, send: Send, status: int, message: str, details: list[str] | None = None
) -> None:
    """Answer with the one JSON error shape (or the error page for a browser page request)."""
    path = str(scope.get("path", ""))
    accept = header(scope, b"accept") or ""
    if not path.startswith("/api/") and "text/html" in accept:
        request = Request(scope)
        context = {"message": message, "status": status, "details": details or []}
        response: Response = render(request, "error.html", context, status_code=status)
    else:
        response = JSONResponse(error_body(message, status, details), status_code=status)
    await response(scope, never_receive, send)
