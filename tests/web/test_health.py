"""The app starts, answers its health check, and keeps local mode on loopback."""

from __future__ import annotations

import pytest

from legcare.errors import ConfigurationError
from legcare.settings import Settings
from legcare.settings import check_serving as check_settings


def test_health(client) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["mode"] == "local"
    assert body["database"] == {
        "engine": "sqlite",
        "up_to_date": True,
        "writable": True,
        "problem": None,
    }


def test_health_reports_a_database_that_cannot_be_written(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from legcare.web.app import create_app
    from tests.store.read_only import read_only

    settings = Settings(data_dir=tmp_path / "data")
    create_app(settings).state.ctx.store.dispose()  # creates the database
    db = tmp_path / "data" / "legcare.db"
    for extra in ("-wal", "-shm"):
        (tmp_path / "data" / f"legcare.db{extra}").unlink(missing_ok=True)
    with read_only(db, db.parent):
        app = create_app(settings)
        with TestClient(app) as client:
            health = client.get("/api/v1/health")
            assert health.status_code == 503
            assert health.json()["ok"] is False
            assert health.json()["database"]["writable"] is False
            assert "read-only" in health.json()["database"]["problem"]
            assert client.get("/api/v1/checkins").status_code == 200  # reads still work
            write = client.post(
                "/api/v1/checkins",
                json={"kind": "evening", "day": "2026-01-05", "values": {"rls": 4}},
            )
            assert write.status_code == 503
            assert "cannot be written" in write.json()["error"]
        app.state.ctx.store.dispose()


def test_openapi_schema_is_served(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/health" in schema["paths"]


def test_unknown_api_path_uses_the_error_shape(client) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["ok"] is False


def test_home_page_renders(client) -> None:
    response = client.get("/", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "<h1>" in response.text


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org"])
def test_local_mode_refuses_non_loopback(tmp_path, host: str) -> None:
    with pytest.raises(ConfigurationError, match="Local mode"):
        check_settings(Settings(data_dir=tmp_path, host=host))


def test_server_mode_refuses_default_secret(tmp_path) -> None:
    with pytest.raises(ConfigurationError, match="secret"):
        check_settings(Settings(data_dir=tmp_path, mode="server", host="0.0.0.0"))
    check_settings(
        Settings(data_dir=tmp_path, mode="server", secret_key="x" * 40, secure_cookies=True)
    )


def test_server_mode_requires_secure_cookies_or_plain_http_on_loopback(tmp_path) -> None:
    base = {"data_dir": tmp_path, "mode": "server", "secret_key": "x" * 40}
    with pytest.raises(ConfigurationError, match="LEGCARE_SECURE_COOKIES=true"):
        check_settings(Settings(**base))
    check_settings(Settings(**base, allow_plain_http=True))  # testing on this computer
    with pytest.raises(ConfigurationError, match="testing on this computer only"):
        check_settings(Settings(**base, allow_plain_http=True, host="0.0.0.0"))
    check_settings(Settings(**base, secure_cookies=True, host="0.0.0.0"))


def test_no_page_loads_files_from_a_cdn(client) -> None:
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize("value", ["¹", "²", "٣"])
def test_unicode_digits_in_the_profile_are_a_422_not_a_500(client, value: str) -> None:
    response = client.put("/api/v1/profile", json={"days": value})
    assert response.status_code == 422, response.text
