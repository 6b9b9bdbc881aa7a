"""Open-loop load generator, run as its own process: `python benchmarks/loadgen.py URL SPEC.json`.

It sends requests at a fixed rate (each request is scheduled at start + i / rate, whether or not
earlier ones have finished, so a slow server shows up as latency rather than as a lower rate),
bounded by a request count and a time limit, on loopback only. Latency is timed from the
scheduled send, not from when the generator got round to sending, so a generator that falls
behind cannot hide queueing (no coordinated omission). It prints one JSON object: throughput,
p50/p99 latency, status counts, connection errors by kind, the slowest path, and the list of
acknowledged writes.

It speaks HTTP/1.1 over keep-alive asyncio streams itself: a general-purpose client (httpx)
spent more CPU parsing 30 KB pages than the server spent making them, so it measured itself.

SPEC: {"rate": 200, "count": 2000, "time_limit": 60, "login": {"path", "json"} (optional),
       "warmup": [requests sent one by one before the clock starts] (optional),
       "requests": [
         {"method": "POST", "path": "/api/v1/checkins", "json": {...}, "ack_key": "..."}, ...]}
Requests are taken from the list in turn.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any
from urllib.parse import urlparse

MAX_CONNECTIONS = 64


class Pool:
    """Keep-alive connections to one host; a request takes an idle one or opens a new one."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(MAX_CONNECTIONS)
        self.headers: dict[str, str] = {}

    async def request(
        self, method: str, path: str, body: Any = None
    ) -> tuple[int, dict[str, str], bytes]:
        async with self.slots:
            conn = (
                self.idle.pop()
                if self.idle
                else await asyncio.open_connection(self.host, self.port)
            )
            reader, writer = conn
            data = b"" if body is None else json.dumps(body).encode()
            head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                    f"Content-Length: {len(data)}"]  # fmt: skip
            if body is not None:
                head.append("Content-Type: application/json")
            head += [f"{k}: {v}" for k, v in self.headers.items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
            status_line = await reader.readline()
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers.setdefault(name.strip().lower(), value.strip())
            payload = await reader.readexactly(int(headers.get("content-length", "0")))
            if headers.get("connection", "").lower() == "close":
                writer.close()
            else:
                self.idle.append(conn)
            return int(status_line.split()[1]), headers, payload


async def _drive(base: str, spec: dict[str, Any]) -> dict[str, Any]:
    url = urlparse(base)
    pool = Pool(url.hostname or "127.0.0.1", url.port or 80)
    rate = float(spec["rate"])
    count = int(spec["count"])
    time_limit = float(spec.get("time_limit", 60))
    reqs = spec["requests"]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked: list[str] = []
    errors = 0
    login = spec.get("login")
    if login:  # server mode: sign in once; the cookie rides along, the token in a header
        status, headers, payload = await pool.request("POST", login["path"], login["json"])
        if status != 200:
            raise SystemExit(f"login failed: {status} {payload[:200]!r}")
        pool.headers["Cookie"] = headers["set-cookie"].split(";", 1)[0]
        pool.headers["X-CSRF-Token"] = json.loads(payload)["csrf_token"]

    for req in spec.get("warmup", []):  # first requests import and load what pages need
        await pool.request(req["method"], req["path"], req.get("json"))

    error_kinds: dict[str, int] = {}
    by_path: dict[str, list[float]] = {}

    async def one(i: int, due: float) -> None:
        nonlocal errors
        req = reqs[i % len(reqs)]
        try:
            status, _, _ = await pool.request(req["method"], req["path"], req.get("json"))
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            errors += 1
            error_kinds[type(exc).__name__] = error_kinds.get(type(exc).__name__, 0) + 1
            return
        latency = (time.perf_counter() - due) * 1000
        latencies.append(latency)
        by_path.setdefault(f"{req['method']} {req['path']}", []).append(latency)
        statuses[status] = statuses.get(status, 0) + 1
        if status < 300 and req.get("ack_key"):
            acked.append(req["ack_key"])

    start = time.perf_counter()
    tasks = []
    for i in range(count):
        due = start + i / rate
        now = time.perf_counter()
        if now - start > time_limit:
            break
        if due > now:
            await asyncio.sleep(due - now)
        tasks.append(asyncio.create_task(one(i, max(due, start))))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * (len(ordered) - 1)))] if ordered else 0.0

    return {
        "sent": len(tasks),
        "completed": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "error_kinds": error_kinds,
        "p99_by_path": {
            path: sorted(values)[min(len(values) - 1, int(0.99 * (len(values) - 1)))]
            for path, values in sorted(by_path.items())
        },
        "acked": acked,
    }


def main() -> int:
    base, spec_path = sys.argv[1], sys.argv[2]
    host = urlparse(base).hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"refusing to send load to {host}: loopback only")
    with open(spec_path) as fh:
        spec = json.load(fh)
    result = asyncio.run(_drive(base, spec))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
