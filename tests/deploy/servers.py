"""A real legcare server for the deploy tests: accounts added through the CLI, `legcare serve`
started as its own process on a free port, and every process stopped at the end."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from tests.crash.procs import LEGCARE, wait_for_port


def add_users(env: Mapping[str, str], passwords: Mapping[str, str]) -> None:
    """``legcare users add NAME --password-stdin`` for each name."""
    for name, password in passwords.items():
        subprocess.run(
            [*LEGCARE, "users", "add", name, "--password-stdin"],
            env=dict(env),
            input=f"{password}\n".encode(),
            check=True,
            capture_output=True,
        )


def stop(*procs: subprocess.Popen[bytes]) -> None:
    """Terminate each process, killing one that does not stop within 20 s."""
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def serving(env: Mapping[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`legcare serve --port PORT` with ``env``, answering on the port, stopped on exit."""
    app = subprocess.Popen(
        [*LEGCARE, "serve", "--port", str(port)],
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=60)
        yield app
    finally:
        stop(app)
