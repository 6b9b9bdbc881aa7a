"""The cross-user harness: walk every route of the app with path parameters filled from a small
set of candidate values, as a user who owns nothing, and compare what they see.

Used by ``test_security.py``. The invariants it checks:

1. Nothing user A stores changes any response user B gets (B's view of every GET route, API and
   pages, is the same before and after A seeds data).
2. B never gets a 2xx from a user-scoped route whose integer id belongs to A.
3. Nothing B sends to any unsafe route (with A's ids in the path) changes anything A sees.
4. No response is a 5xx.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from legcare.web.deps import get_context
from tests.web.server_helpers import Browser

SKIP_UNSAFE = {"/api/v1/login", "/api/v1/logout", "/api/v1/register", "/login", "/logout"}
SKIP_UNSAFE |= {"/register"}
SKIP_GET = {"/sw.js"}
MAX_URLS_PER_ROUTE = 40


def uses_user_context(route: APIRoute) -> bool:
    """True when the route's dependencies include the request's AppContext."""
    stack = [route.dependant]
    while stack:
        dep = stack.pop()
        if dep.call is get_context:
            return True
        stack.extend(dep.dependencies)
    return False


def routes(app: FastAPI) -> list[APIRoute]:
    """Every APIRoute, looking inside included routers (FastAPI wraps them)."""
    found: list[APIRoute] = []
    stack: list[Any] = list(app.routes)
    while stack:
        route = stack.pop(0)
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            stack.extend(route.original_router.routes)
    return found


def _openapi_params(app: FastAPI, route: APIRoute, method: str) -> list[dict[str, Any]]:
    op = app.openapi().get("paths", {}).get(route.path, {}).get(method.lower(), {})
    params: list[dict[str, Any]] = op.get("parameters", [])
    return params


def _resolve(app: FastAPI, schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        resolved: dict[str, Any] = app.openapi()["components"]["schemas"][name]
        return resolved
    return schema


def _values_for(
    app: FastAPI, name: str, schema: dict[str, Any], ids: list[int], days: list[date]
) -> list[str]:
    schema = _resolve(app, schema)
    for alt in schema.get("anyOf", []):
        if alt.get("type") != "null":
            schema = _resolve(app, alt)
    if "enum" in schema:
        return [str(v) for v in schema["enum"]]
    kind = schema.get("type")
    if kind == "integer" or name.endswith("id"):
        return [str(i) for i in ids]
    if schema.get("format") == "date" or name in ("day", "date"):
        return [d.isoformat() for d in days]
    if name == "kind":
        return ["evening", "morning"]
    return [str(i) for i in ids[:2]] + [d.isoformat() for d in days[:1]] + ["evening"]


def urls_for(
    app: FastAPI, route: APIRoute, method: str, ids: list[int], days: list[date]
) -> list[str]:
    """Concrete URLs for ``route``: path parameters from the candidates, and every value of
    enum query parameters (e.g. export formats)."""
    params = {p["name"]: p for p in _openapi_params(app, route, method)}
    names = list(route.param_convertors) or [
        seg[1:-1] for seg in route.path.split("/") if seg.startswith("{")
    ]
    choices = []
    for name in names:
        schema = params.get(name, {}).get("schema", {})
        choices.append(_values_for(app, name, schema, ids, days))
    enum_queries = [
        (p["name"], _resolve(app, p.get("schema", {})).get("enum", []))
        for p in params.values()
        if p.get("in") == "query"
    ]
    enum_queries = [(n, v) for n, v in enum_queries if v]
    enum_queries += [
        (p["name"], [str(i) for i in ids])
        for p in params.values()
        if p.get("in") == "query" and (p["name"] == "client" or p["name"].endswith("_id"))
    ]
    urls = []
    for combo in itertools.product(*choices):
        path = route.path
        for name, value in zip(names, combo, strict=True):
            path = path.replace("{" + name + "}", value)
        urls.append(path)
        for qname, values in enum_queries:
            urls.extend(f"{path}?{qname}={v}" for v in values)
    return urls[:MAX_URLS_PER_ROUTE]


def example_body(  # noqa: C901 - one branch per JSON Schema type
    app: FastAPI, schema: dict[str, Any], today: date, depth: int = 0
) -> Any:
    """A minimal body that satisfies ``schema``'s required fields with plain values."""
    schema = _resolve(app, schema)
    if depth > 6:
        return None
    for key in ("anyOf", "oneOf", "allOf"):
        options = [o for o in schema.get(key, []) if o.get("type") != "null"]
        if options:
            return example_body(app, options[0], today, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {
            name: example_body(app, props[name], today, depth + 1)
            for name in schema.get("required", [])
            if name in props
        }
    if kind == "array":
        return []
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        if schema.get("format") == "date":
            return today.isoformat()
        return "x" * max(1, int(schema.get("minLength", 1)))
    return {}


def request_bodies(
    app: FastAPI, route: APIRoute, method: str, today: date, ids: list[int]
) -> list[dict[str, Any]]:
    """Bodies to send: a minimal valid one, and when the body names ids (``*_id`` fields),
    one per candidate id."""
    op = app.openapi().get("paths", {}).get(route.path, {}).get(method.lower())
    if op is None:  # a page route: an empty form
        return [{"data": {}}]
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return [{"content": b"{}", "headers": {"content-type": "application/json"}}]
    schema = _resolve(app, content["application/json"].get("schema", {}))
    body = example_body(app, schema, today)
    id_fields = [n for n in schema.get("properties", {}) if n.endswith("_id")]
    if not id_fields or not isinstance(body, dict):
        return [{"json": body}]
    return [{"json": {**body, **dict.fromkeys(id_fields, i)}} for i in ids]


def _normalise(response: Any) -> tuple[int, Any]:
    ctype = response.headers.get("content-type", "")
    if "json" in ctype:
        try:
            return response.status_code, json.loads(response.content)
        except ValueError:
            return response.status_code, response.text
    if ctype.startswith("text/"):
        return response.status_code, response.text
    return response.status_code, len(response.content)


def snapshot(
    app: FastAPI, browser: Browser, ids: list[int], days: list[date]
) -> dict[str, tuple[int, Any]]:
    """Every GET route (API and pages) as ``browser`` sees it."""
    seen: dict[str, tuple[int, Any]] = {}
    for route in routes(app):
        if "GET" not in route.methods or route.path in SKIP_GET:
            continue
        for url in urls_for(app, route, "GET", ids, days):
            response = browser.get(url, follow_redirects=False)
            assert response.status_code < 500, f"GET {url}: {response.status_code}"
            seen[url] = _normalise(response)
    return seen


def attack(app: FastAPI, browser: Browser, ids: list[int], days: list[date], today: date) -> int:
    """Send every unsafe route, with the candidates in the path, as ``browser``; returns the
    number of requests. Every answer must be below 500."""
    count = 0
    for route in routes(app):
        if route.path in SKIP_UNSAFE:
            continue
        for method in sorted(route.methods - {"GET", "HEAD", "OPTIONS"}):
            bodies = request_bodies(app, route, method, today, ids)
            for url, body in itertools.product(urls_for(app, route, method, ids, days), bodies):
                response = browser.request(method, url, **body)
                count += 1
                assert response.status_code < 500, f"{method} {url}: {response.text[:300]}"
    return count


def replay(browser: Browser, sent: list[tuple[str, str, dict[str, Any]]]) -> int:
    """Send another user's recorded unsafe requests, as ``browser``; returns how many."""
    count = 0
    for method, url, kwargs in sent:
        if url.split("?", 1)[0] in SKIP_UNSAFE:
            continue
        response = browser.request(method, url, **kwargs)
        count += 1
        assert response.status_code < 500, f"{method} {url}: {response.text[:300]}"
    return count


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [url for url in sorted(set(before) | set(after)) if before.get(url) != after.get(url)]


def candidate_days(today: date) -> list[date]:
    return [today - timedelta(days=1), today]
