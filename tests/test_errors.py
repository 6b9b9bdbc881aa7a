"""Each error class has one exit code and one HTTP status; the API shape is pinned."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from legcare import errors
from legcare.web.errors import install_error_handlers

CLASSES = [getattr(errors, n) for n in errors.__all__]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_api_error_shape(cls: type[errors.LegcareError]) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise cls("what went wrong", details=["field: allowed 0-10"])

    response = TestClient(app).get("/api/v1/boom")
    assert response.status_code == cls.http_status
    assert response.json() == {
        "ok": False,
        "error": "what went wrong",
        "status": cls.http_status,
        "details": ["field: allowed 0-10"],
    }


def test_every_class_derives_from_the_base_and_has_an_exit_code() -> None:
    for cls in CLASSES:
        assert issubclass(cls, errors.LegcareError)
        assert 1 <= cls.exit_code < 128


def test_details_are_listed_in_the_message() -> None:
    exc = errors.InvalidInput("Bad answers.", details=["q1: unknown id", "q2: must be 0-10"])
    assert str(exc) == "Bad answers.\n  - q1: unknown id\n  - q2: must be 0-10"
