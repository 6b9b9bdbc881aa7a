"""Open-loop load generator, run as its own process: `python benchmarks/loadgen.py URL SPEC.json`.

It sends requests at a fixed rate (each request is scheduled at start + i / rate, whether or not
earlier ones have finished, so a slow server shows up as latency rather than as a lower rate),
bounded by a request count and a time limit, on loopback only. It prints one JSON object:
throughput, p50/p99 latency, error counts and the list of acknowledged writes.

SPEC: {"rate": 200, "count": 2000, "time_limit": 60, "login": {"path", "json"} (optional),
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


def _check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"refusing to send load to {host}: loopback only")


async def _drive(base: str, spec: dict[str, Any]) -> dict[str, Any]:
    import httpx

    rate = float(spec["rate"])
    count = int(spec["count"])
    time_limit = float(spec.get("time_limit", 60))
    reqs = spec["requests"]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked: list[str] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10.0) as client:
        login = spec.get("login")
        if login:  # server mode: sign in once; the cookie rides along, the token in a header
            resp = await client.post(login["path"], json=login["json"])
            resp.raise_for_status()
            client.headers["X-CSRF-Token"] = resp.json()["csrf_token"]
        start = time.perf_counter()

        async def one(i: int) -> None:
            nonlocal errors
            req = reqs[i % len(reqs)]
            t0 = time.perf_counter()
            try:
                resp = await client.request(req["method"], req["path"], json=req.get("json"))
            except httpx.HTTPError:
                errors += 1
                return
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
            if resp.status_code < 300 and req.get("ack_key"):
                acked.append(req["ack_key"])

        tasks = []
        for i in range(count):
            due = start + i / rate
            now = time.perf_counter()
            if now - start > time_limit:
                break
            if due > now:
                await asyncio.sleep(due - now)
            tasks.append(asyncio.create_task(one(i)))
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
        "statuses": statuses,
        "acked": acked,
    }


def main() -> int:
    base, spec_path = sys.argv[1], sys.argv[2]
    _check_loopback(base)
    with open(spec_path) as fh:
        spec = json.load(fh)
    result = asyncio.run(_drive(base, spec))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
