"""The bound parameters the store's prepared statements share, and the day range filter.

The hot repository reads build their statement once, at import, with these parameters in place
of the per-call values (``{"p_user_id": ..., "p_start": ..., "p_end": ...}`` at execution). The
names start with ``p_`` because an UPDATE reserves its columns' names.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

USER = sa.bindparam("p_user_id", type_=sa.Integer)
START = sa.bindparam("p_start", type_=sa.Date)
END = sa.bindparam("p_end", type_=sa.Date)


def in_range(
    query: sa.Select[Any], day: sa.ColumnElement[Any], *, start: bool, end: bool
) -> sa.Select[Any]:
    """``query`` limited to ``day >= p_start`` and/or ``day <= p_end``, for the bounds given."""
    if start:
        query = query.where(day >= START)
    if end:
        query = query.where(day <= END)
    return query
