"""The app: no path and method is served by two routers (so the order they are included in never
changes which handler answers), and the served app (`app_from_env`, what uvicorn workers build)
moves its start-up objects out of the garbage collector's way and still answers."""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from legcare.settings import Settings
from legcare.web.app import app_from_env, create_app

PARAM = re.compile(r"{[^}]+}")


def _owned_routes(app: FastAPI) -> list[tuple[str, Any]]:
    """Every route the app tries, with its owner: the module of the router it was included
    with (looking inside included routers), or ``create_app`` for the app's own routes, whose
    place does not depend on the routers' order (the OpenAPI document first, the static mounts
    last, /static/figures inside /static on purpose)."""
    found: list[tuple[str, Any]] = []
    for top in app.routes:
        if not hasattr(top, "original_router"):
            found.append(("create_app", top))
            continue
        stack: list[Any] = list(top.original_router.routes)
        while stack:
            route = stack.pop(0)
            if hasattr(route, "original_router"):
                stack.extend(route.original_router.routes)
            else:
                found.append((route.endpoint.__module__, route))
    return found


def _candidate_paths(routes: list[tuple[str, Any]]) -> set[str]:
    """Each route's path with its parameters filled from every literal segment of every route
    and a few plain values, so a literal path of one route and a pattern of another meet."""
    literals = {seg for _, r in routes for seg in r.path_format.split("/") if "{" not in seg}
    values = sorted(literals - {""} | {"1", "2026-11-20", "evening", "x"})
    paths: set[str] = set()
    for _, route in routes:
        parts = PARAM.split(route.path_format)
        for combo in itertools.product(values, repeat=len(parts) - 1):
            paths.add("".join(p + v for p, v in zip(parts, (*combo, ""), strict=True)))
    return paths


def clashes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    """(method, path, owners) for each request that routes from two owners would answer."""
    routes = _owned_routes(app)
    methods = {m for _, r in routes for m in getattr(r, "methods", None) or ()} | {"HEAD"}
    found = []
    for path in sorted(_candidate_paths(routes)):
        matching = [(o, r) for o, r in routes if r.path_regex.fullmatch(path)]
        for method in sorted(methods):
            owners = {o for o, r in matching if method in (getattr(r, "methods", None) or methods)}
            if len(owners) > 1:
                found.append((method, path, sorted(owners)))
    return found


def test_no_path_and_method_is_served_by_two_routers(settings: Settings) -> None:
    app = create_app(settings)
    try:
        routes = _owned_routes(app)
        assert len({o for o, _ in routes}) > 25  # the page and API modules, the mounts
        assert any(o.endswith("pages.plan") and r.path == "/plan" for o, r in routes)
        assert clashes(app) == []
    finally:
        app.state.ctx.store.dispose()


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test session collects as usual


def test_the_served_app_freezes_its_start_up_objects(app_env: Path, unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    app = app_from_env()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # modules, routes, templates, tables
    assert len(gc.get_objects()) < frozen  # a full collection now walks far fewer objects
    with TestClient(app) as client:
        assert client.get("/api/v1/health").status_code == 200
        assert client.get("/").status_code == 200
    app.state.ctx.store.dispose()
