"""Alembic, driven from code: the CLI (`legcare db upgrade`) and app start-up call `upgrade`.

Every command opens the database and makes sure its schema is current. Importing Alembic and
loading its script directory costs a few hundred milliseconds, so the common case (already at
head) is answered without it: the head comes from the revision files' own `revision` and
`down_revision` lines, and the current revision from one query. Alembic runs only when an
upgrade is really needed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@cache
def head_revision() -> str:
    """The newest revision: the one no other revision names as its `down_revision`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = _REVISION.search(text)
        if rev is None:
            continue
        revisions.add(rev.group(1))
        down = _DOWN.search(text)
        if down is not None and down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Upgrade to ``revision`` (head by default); a no-op when already there."""
    if revision != "head" or current_revision(engine) != head_revision():
        from alembic import command

        command.upgrade(alembic_config(engine), revision)
    rev = current_revision(engine)
    assert rev is not None
    return rev
