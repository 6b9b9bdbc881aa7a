"""Fixtures for the page tests: an app client and helpers that fetch a page and its assets."""

from __future__ import annotations

import re

import pytest

from legcare.web.contexts import NAV, page_available

ALL_PATHS = [item.path for item in NAV]
EXTRA_PATHS = ["/offline"]


def available_paths() -> list[str]:
    return [p for p in ALL_PATHS if page_available(p)] + EXTRA_PATHS


@pytest.fixture
def html_client(client):  # type: ignore[no-untyped-def]
    """The app's test client, asking for HTML like a browser does."""
    client.headers["accept"] = "text/html"
    return client


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)
