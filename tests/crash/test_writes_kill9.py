"""kill -9 the CLI and the web server in the middle of check-in writes, 200 times each.

After every kill: each acknowledged write is present and whole, no row is half-written,
`PRAGMA integrity_check` passes, and the app starts again (the next cycle starts it)."""

from __future__ import annotations

import random
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.crash.procs import LEGCARE, env_for, free_port, integrity_ok, kill9, wait_for_port
from tests.crash.writes import assert_whole, entry_for, stored_entries

pytestmark = pytest.mark.slow
CYCLES = 200
ROOT = Path(__file__).resolve().parents[2]


def _read_acks(proc: subprocess.Popen[bytes], acked: set[int], first: threading.Event) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        parts = line.decode().split()
        if len(parts) == 2 and parts[0] == "ACK":
            acked.add(int(parts[1]))
            first.set()


def _prepare(data_dir: Path) -> None:
    subprocess.run([*LEGCARE, "db", "upgrade"], env=env_for(data_dir), check=True)


def test_kill9_cli_mid_write(tmp_path: Path) -> None:
    rng = random.Random(2026)
    db = tmp_path / "legcare.db"
    acked: set[int] = set()
    next_index = 0
    _prepare(tmp_path)
    for _ in range(CYCLES):
        proc = subprocess.Popen(
            [*LEGCARE[:1], "-m", "tests.crash.cli_writer", str(next_index)],
            cwd=ROOT,
            env=env_for(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        cycle_acks: set[int] = set()
        writing = threading.Event()
        reader = threading.Thread(target=_read_acks, args=(proc, cycle_acks, writing))
        reader.start()
        # Kill while it writes: after its first acknowledged write.
        assert writing.wait(timeout=60), "the CLI acknowledged no write in a minute"
        time.sleep(rng.uniform(0.0, 0.4))
        kill9(proc)
        reader.join(timeout=10)
        acked |= cycle_acks
        attempted = max(cycle_acks, default=next_index) + 1
        assert integrity_ok(db)
        assert_whole(stored_entries(db), acked, attempted)
        next_index = attempted + 1
    assert len(acked) > CYCLES, "too few writes were acknowledged to prove anything"


def _post_until_stopped(
    port: int, first: int, acked: set[int], stop: threading.Event, writing: threading.Event
) -> None:
    i = first
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        while not stop.is_set():
            e = entry_for(i)
            body = {
                "kind": "evening",
                "day": e["day"],
                "values": {"rls": e["rls"], "caffeine": e["caffeine"], "note": e["note"]},
            }
            try:
                resp = client.post("/api/v1/checkins", json=body)
            except httpx.HTTPError:
                return
            if resp.status_code == 201:
                acked.add(i)
                writing.set()
            i += 1


def test_kill9_server_mid_write(tmp_path: Path) -> None:
    rng = random.Random(5)
    db = tmp_path / "legcare.db"
    acked: set[int] = set()
    next_index = 0
    _prepare(tmp_path)
    for _ in range(CYCLES):
        port = free_port()
        proc = subprocess.Popen(
            [*LEGCARE, "serve", "--port", str(port)],
            env=env_for(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(port)
        cycle_acks: set[int] = set()
        stop = threading.Event()
        writing = threading.Event()
        writer = threading.Thread(
            target=_post_until_stopped, args=(port, next_index, cycle_acks, stop, writing)
        )
        writer.start()
        assert writing.wait(timeout=60), "the server acknowledged no write in a minute"
        time.sleep(rng.uniform(0.0, 0.3))
        kill9(proc)
        stop.set()
        writer.join(timeout=10)
        acked |= cycle_acks
        attempted = max(cycle_acks, default=next_index) + 1
        assert integrity_ok(db)
        assert_whole(stored_entries(db), acked, attempted)
        next_index = attempted + 1
    assert len(acked) > CYCLES, "too few writes were acknowledged to prove anything"
