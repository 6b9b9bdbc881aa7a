"""The served app (`app_from_env`, what uvicorn workers build): start-up objects are moved out
of the garbage collector's way, and the app still answers."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from legcare.web.app import app_from_env


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
