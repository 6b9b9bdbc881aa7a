"""Bad input at the web edge, generated with Hypothesis: malformed JSON, wrong types, odd
unicode, huge bodies, dates far in the past or future. Always a 4xx (or a 2xx) with the one
error shape; never a 5xx or a traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from legcare.settings import Settings
from legcare.web.app import create_app
from tests.web import cross_user

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
ODD_TEXT = st.text(
    alphabet=st.characters(codec=None, categories=None, exclude_categories=()), max_size=40
) | st.sampled_from(
    [
        "\ud800",
        "a\udfffb",
        "\x00",
        "\u202e\u0301\ufeff",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🦵🏽",
        "\U0010ffff",
        "'; DROP TABLE checkins; --",
        "<img src=x onerror=alert(1)>",
        "../../../etc/passwd",
        "%00%2e%2e",
    ]
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ODD_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    application = create_app(
        Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'fuzz.db'}")
    )
    yield application
    application.state.ctx.store.dispose()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _assert_clean(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code} {response.text[:400]}"
    assert "Traceback" not in response.text, what
    if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
        body = response.json()
        assert body["ok"] is False and body["status"] == response.status_code, (what, body)
        assert isinstance(body["details"], list), (what, body)


def _send_json(client: TestClient, method: str, url: str, value: Any) -> Any:
    """Send ``value`` as JSON with \\u escapes (so lone surrogates reach the server)."""
    content = json.dumps(value).encode()
    return client.request(
        method, url, content=content, headers={"content-type": "application/json"}
    )


def _body_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every API route that takes a JSON body, path params filled."""
    spec = app.openapi()["paths"]
    found = []
    for route in cross_user.routes(app):
        if not route.path.startswith("/api/v1/") or route.path in cross_user.SKIP_UNSAFE:
            continue
        for method in sorted(route.methods - {"GET", "HEAD", "OPTIONS"}):
            op = spec.get(route.path, {}).get(method.lower(), {})
            if "requestBody" in op or route.path.endswith("/import"):
                url = cross_user.urls_for(app, route, method, [1], [date(2026, 11, 19)])[0]
                found.append((method, url))
    return found


def _date_routes(app: FastAPI) -> list[tuple[APIRoute, list[str]]]:
    """GET routes with date parameters (path or query), and the names of those."""
    spec = app.openapi()["paths"]
    found = []
    for route in cross_user.routes(app):
        if "GET" not in route.methods:
            continue
        params = spec.get(route.path, {}).get("get", {}).get("parameters", [])
        names = [
            p["name"]
            for p in params
            if "date" in json.dumps(p.get("schema", {})) or p["name"] in ("day", "from", "to")
        ]
        if names:
            found.append((route, names))
    return found


def test_every_json_route_survives_malformed_and_odd_bodies(
    app: FastAPI, client: TestClient
) -> None:
    routes = _body_routes(app)
    assert len(routes) >= 8

    @FUZZ
    @given(raw=st.binary(max_size=200), value=JSONISH)
    @example(raw=b'{"kind": "evening", "values": {', value={"values": {"note": "\ud800"}})
    @example(raw=b"\xff\xfe\x00", value=[1, 2, 3])
    @example(raw=b"[" * 5000, value={"kind": "evening", "values": {"rls": 10**30}})
    @example(raw=b'{"a": 1e999999}', value={"day": "9999-12-31", "values": {"rls": -1}})
    def run(raw: bytes, value: Any) -> None:
        for method, url in routes:
            headers = {"content-type": "application/json"}
            _assert_clean(client.request(method, url, content=raw, headers=headers), url)
            _assert_clean(_send_json(client, method, url, value), url)

    run()


def test_odd_unicode_in_every_string_field(app: FastAPI, client: TestClient) -> None:
    spec = app.openapi()
    today = date(2026, 11, 19)

    @FUZZ
    @given(text=ODD_TEXT)
    def run(text: str) -> None:
        for method, url in _body_routes(app):
            path = url.split("?")[0]
            route_spec = spec["paths"].get(_template(app, method, path), {})
            schema = (
                route_spec.get(method.lower(), {})
                .get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            body = cross_user.example_body(app, schema, today)
            body = _fill_strings(app, schema, body, text)
            _assert_clean(_send_json(client, method, url, body), f"{method} {url} {text!r}")

    run()
    # whatever was stored still renders
    for url in ("/", "/api/v1/checkins", "/api/v1/export"):
        _assert_clean(client.get(url), url)


def _template(app: FastAPI, method: str, path: str) -> str:
    for route in cross_user.routes(app):
        if method in route.methods and route.path_regex.match(path):
            return route.path
    return path


def _fill_strings(app: FastAPI, schema: dict[str, Any], body: Any, text: str) -> Any:
    """``body`` with every string property of ``schema`` (required or not) set to ``text``."""
    schema = cross_user._resolve(app, schema)
    if not isinstance(body, dict):
        return body
    out = dict(body)
    for name, prop in schema.get("properties", {}).items():
        prop = cross_user._resolve(app, prop)
        kinds = {prop.get("type")} | {o.get("type") for o in prop.get("anyOf", [])}
        if "string" in kinds and "format" not in prop and "enum" not in prop:
            out[name] = text
        elif "object" in kinds and name == "values":
            out[name] = {"rls": 3, "sleep_quality": 3, "note": text}
    return out


def test_dates_far_in_the_past_and_future(app: FastAPI, client: TestClient) -> None:
    routes = _date_routes(app)
    assert routes

    @FUZZ
    @given(day=st.dates(), other=st.dates())
    @example(day=date(1, 1, 1), other=date(9999, 12, 31))
    @example(day=date(9999, 12, 31), other=date(1, 1, 1))
    @example(day=date(1, 1, 1), other=date(1, 1, 1))
    def run(day: date, other: date) -> None:
        for route, names in routes:
            url = route.path
            query = []
            for i, name in enumerate(names):
                value = (day if i % 2 == 0 else other).isoformat()
                if "{" + name + "}" in url:
                    url = url.replace("{" + name + "}", value)
                else:
                    query.append(f"{name}={value}")
            url = url.replace("{kind}", "evening")
            _assert_clean(client.get(url + ("?" + "&".join(query) if query else "")), url)
        for kind in ("evening", "morning"):
            put = client.put(
                f"/api/v1/checkins/{kind}/{day.isoformat()}", json={"values": {"rls": 1}}
            )
            _assert_clean(put, f"PUT {kind} {day}")
            _assert_clean(client.get(f"/checkin?kind={kind}&day={day.isoformat()}"), "page")

    run()


def test_every_unsafe_api_route_refuses_a_huge_body(app: FastAPI, client: TestClient) -> None:
    limit = app.state.settings.max_request_bytes
    big = b'{"x": "' + b"a" * limit + b'"}'
    routes = _body_routes(app)
    for method, url in routes:
        response = client.request(method, url, content=big, headers={"content-type": "a/b"})
        assert response.status_code == 413, (method, url, response.status_code)
        assert response.json()["status"] == 413
