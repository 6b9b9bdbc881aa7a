"""The baseline for the load benchmark: a bare FastAPI app with one trivial JSON endpoint and
one endpoint that does a single-row SQLite insert, served by the same uvicorn settings."""

from __future__ import annotations

import os
import sqlite3
import threading

from fastapi import FastAPI

app = FastAPI()
_db_path = os.environ.get("BARE_DB", ":memory:")
_local = threading.local()


def _conn() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(_db_path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, day TEXT UNIQUE, v INT)"
        )
        _local.conn = conn
    return conn


@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"ok": True}


@app.post("/write/{day}")
def write(day: str) -> dict[str, bool]:
    conn = _conn()
    with conn:
        conn.execute("INSERT OR REPLACE INTO t (day, v) VALUES (?, 1)", (day,))
    return {"ok": True}
