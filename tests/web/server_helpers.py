"""Helpers for the server-mode tests: an app on a given database, accounts and a signed-in
browser-like client that sends the CSRF token back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from legcare.services import accounts
from legcare.settings import Settings
from legcare.web.app import create_app

SECRET = "x" * 40
PASSWORD = "correct horse battery"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def server_settings(db_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Server mode over the test client's plain HTTP (allowed explicitly, as for testing)."""
    if not overrides.get("secure_cookies"):
        overrides.setdefault("allow_plain_http", True)
    return Settings(
        mode="server", database_url=db_url, secret_key=SECRET, data_dir=data_dir, **overrides
    )


def server_app(db_url: str, data_dir: Path, **overrides: Any) -> FastAPI:
    return create_app(server_settings(db_url, data_dir, **overrides))


def add_user(app: FastAPI, username: str, role: str = "client") -> int:
    account = accounts.create_account(
        ctx=app.state.ctx, username=username, password=PASSWORD, role=role
    )
    return account.id


class Browser:
    """A TestClient that signs in through the API and sends the CSRF header on unsafe calls."""

    def __init__(self, app: FastAPI) -> None:
        self.client = TestClient(app, raise_server_exceptions=False)
        self.csrf = ""
        self.sent: list[tuple[str, str, dict[str, Any]]] = []  # unsafe requests, for replay

    def login(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        response = self.post("/api/v1/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        self.csrf = body["csrf_token"]
        return body

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRF-Token", self.csrf)
            kwargs["headers"] = headers
            recorded = {k: v for k, v in kwargs.items() if k != "headers"}
            self.sent.append((method.upper(), url, recorded))
        return self.client.request(method, url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def page_token(self, url: str) -> str:
        """The csrf_token of the first form on the page at ``url``."""
        response = self.client.get(url)
        match = CSRF_INPUT.search(response.text)
        assert match is not None, f"no csrf_token field on {url}: {response.text[:300]}"
        return match.group(1)

    def close(self) -> None:
        self.client.close()
