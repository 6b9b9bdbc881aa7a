"""Guessing passwords the way an attacker does: many sign-ins at once against a real server,
server mode with two worker processes on PostgreSQL. The limits are counted in the database,
so they hold whichever worker answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.crash.procs import env_for, free_port
from tests.deploy.servers import add_users, serving

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SECRET = "brute-force-test-secret-" + "s" * 32
PASSWORD = "alice-password-123"
PER_NAME = 5
PER_ADDRESS = 20


@pytest.fixture
def server(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    env = env_for(
        tmp_path / "data",
        LEGCARE_MODE="server",
        LEGCARE_DATABASE_URL=postgres_url,
        LEGCARE_SECRET_KEY=SECRET,
        LEGCARE_WORKERS="2",
        LEGCARE_ALLOW_PLAIN_HTTP="true",
        LEGCARE_LOGIN_ATTEMPTS_PER_MINUTE=str(PER_NAME),
        LEGCARE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE=str(PER_ADDRESS),
    )
    add_users(env, {"alice": PASSWORD})
    port = free_port()
    with serving(env, port):
        yield f"http://127.0.0.1:{port}"


def _login(base: str, username: str, password: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    with httpx.Client(base_url=base, timeout=120) as client:
        body = {"username": username, "password": password}
        return client.post("/api/v1/login", json=body, headers=headers).status_code


def _burst(base: str, calls: list[tuple[str, str, str | None]]) -> Counter[int]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return Counter(pool.map(lambda c: _login(base, *c), calls))


def test_sixty_parallel_guesses_check_at_most_the_limit(server: str) -> None:
    codes = _burst(server, [("alice", f"guess-{i}", None) for i in range(60)])
    assert set(codes) <= {401, 429}
    assert codes[401] <= PER_NAME
    assert codes[429] >= 60 - PER_NAME
    # refused attempts are not counted, so a few more guesses may be checked, never more than
    # the limit in all; then the right password is refused too until the minute passes
    later = [_login(server, "alice", f"later-{i}") for i in range(PER_NAME)]
    assert codes[401] + later.count(401) == PER_NAME
    assert _login(server, "alice", PASSWORD) == 429


def test_many_user_names_from_one_address_hit_the_address_limit(server: str) -> None:
    codes = _burst(server, [(f"nobody{i}", "whatever-pass", None) for i in range(60)])
    assert set(codes) <= {401, 429}
    assert codes[401] <= PER_ADDRESS


def test_forged_forwarded_addresses_do_not_escape_the_limit(server: str) -> None:
    # no trusted proxy is configured: X-Forwarded-For is ignored, even from 127.0.0.1
    calls = [("alice", f"guess-{i}", f"198.51.100.{i}") for i in range(40)]
    codes = _burst(server, calls)
    assert codes[401] <= PER_NAME


def _workers(pid: int) -> list[int]:
    """The worker processes under the `legcare serve` process (uvicorn's children)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    nested = [w for c in found for w in _workers(c)]
    return found + nested


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def test_eighty_parallel_sign_ins_stay_within_the_hashing_memory_budget(
    postgres_url: str, tmp_path: Path
) -> None:
    """Hashing memory is bounded per worker: 2 slots of 64 MiB here, whatever the load."""
    env = env_for(
        tmp_path / "data",
        LEGCARE_MODE="server",
        LEGCARE_DATABASE_URL=postgres_url,
        LEGCARE_SECRET_KEY=SECRET,
        LEGCARE_WORKERS="2",
        LEGCARE_ALLOW_PLAIN_HTTP="true",
        LEGCARE_PASSWORD_HASHING_MEMORY_MB="128",
        LEGCARE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE="1000",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serving(env, port) as app:
        _burst(base, [(f"warm{i}", "whatever-pass", None) for i in range(8)])  # both workers
        workers = _workers(app.pid)
        assert len(workers) >= 2, workers
        before = {w: _kib(w, "VmRSS") for w in workers}
        codes = _burst(base, [(f"nobody{i}", "whatever-pass", None) for i in range(80)])
        # each was checked (401) or, after waiting its turn too long, told the server is busy
        assert set(codes) <= {401, 429} and codes[401] >= 8, codes
        for w in workers:
            grown_mib = (_kib(w, "VmHWM") - before[w]) / 1024
            # two argon2 hashes of 64 MiB at once, and some slack for the rest of the work
            assert grown_mib < 2 * 64 + 96, (w, grown_mib)
