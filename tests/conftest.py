"""Shared fixtures: settings, a migrated store on SQLite (and PostgreSQL where asked), a service
context with a fixed clock, an ASGI client and a CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from legcare.services.context import AppContext
from legcare.settings import Settings
from legcare.store.database import Store, open_store

# No per-example deadline: the machine is shared and timing is the benchmarks' job. Under CI the
# examples are derived from each test's name, so a run can be repeated exactly.
hypothesis_settings.register_profile(
    "legcare",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("legcare")

# The built content is cached per user (legcare.store.content_cache): the tests use a cache folder
# of their own, never the user's.
_CACHE_HOME = tempfile.mkdtemp(prefix="legcare-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, ignore_errors=True)

FIXED_NOW = datetime(2026, 11, 20, 20, 30, tzinfo=timezone(timedelta(hours=1)))
PG_ENV = "LEGCARE_TEST_POSTGRES_URL"


def _postgres_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    message = (
        f"\n\n!!! {PG_ENV} is not set: the PostgreSQL suites are SKIPPED. "
        "Run scripts/test (it starts a throwaway cluster) to run them.\n"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI=true but no PostgreSQL test server.{message}")
    pytest.skip(message)
    return None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the throwaway cluster, dropped afterwards."""
    import sqlalchemy as sa

    admin = _postgres_admin_url()
    assert admin is not None
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'legcare.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store suites run on both engines."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'legcare.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def settings(tmp_path: Path, sqlite_url: str) -> Settings:
    return Settings(data_dir=tmp_path, database_url=sqlite_url)


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    s = open_store(sqlite_url)
    yield s
    s.dispose()


@pytest.fixture
def any_store(any_db_url: str) -> Iterator[Store]:
    s = open_store(any_db_url)
    yield s
    s.dispose()


@pytest.fixture
def ctx(settings: Settings, store: Store) -> AppContext:
    """A service context on a migrated SQLite store with the clock fixed at FIXED_NOW."""
    return AppContext(settings=settings, store=store, clock=lambda: FIXED_NOW)


@pytest.fixture
def any_ctx(settings: Settings, any_store: Store) -> AppContext:
    """The same, on SQLite and on PostgreSQL."""
    return AppContext(settings=settings, store=any_store, clock=lambda: FIXED_NOW)


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point LEGCARE_* at a temporary data dir, for CLI and app tests that read the environment."""
    monkeypatch.setenv("LEGCARE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LEGCARE_DATABASE_URL", raising=False)
    monkeypatch.delenv("LEGCARE_MODE", raising=False)
    from legcare.cli import runtime

    runtime.settings.cache_clear()
    runtime.context.cache_clear()
    yield tmp_path
    runtime.settings.cache_clear()
    runtime.context.cache_clear()


@pytest.fixture
def client(settings: Settings):  # type: ignore[no-untyped-def]
    """An ASGI test client on a fresh local-mode app."""
    from fastapi.testclient import TestClient

    from legcare.web.app import create_app

    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def cli(app_env: Path):  # type: ignore[no-untyped-def]
    """Run `legcare ARGS...` in-process; returns a result with exit_code, stdout and stderr."""
    from tests.clirunner import run_cli

    return run_cli
