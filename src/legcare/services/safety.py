"""The one service call every surface asks before it offers, starts, resumes or schedules
anything: ``current_state(ctx=ctx)``.

It reads the newest completed check and the answers of an unfinished check (saved the moment
each is given) and derives ``legcare.domain.safety.SafetyState`` from them. ``refuse`` raises
``SafetyStop`` with the state's own words when an activity is not allowed.
"""

from __future__ import annotations

from typing import Any

from legcare.domain.safety import Activity, SafetyState, derive
from legcare.domain.screening.result import ScreeningResult, result_from_dict
from legcare.errors import SafetyStop
from legcare.services.context import AppContext


def _unfinished_result(ctx: AppContext) -> ScreeningResult | None:
    from legcare.services.screening import draft_result

    return draft_result(ctx=ctx)


def current_state(*, ctx: AppContext) -> SafetyState:
    """What the latest check and any unfinished check allow now."""
    from legcare.store import screenings as screenings_repo

    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
    latest = result_from_dict(record.result) if record is not None and record.result else None
    return derive(latest, _unfinished_result(ctx))


def precaution_ids(*, ctx: AppContext) -> frozenset[str] | None:
    """The knowledge-base precautions the person's checks found (the newest completed check and
    any unfinished one); ``None`` when there is no check at all, so nothing is known yet."""
    from legcare.store import screenings as screenings_repo

    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
    results = [result_from_dict(record.result) if record is not None and record.result else None]
    results.append(_unfinished_result(ctx))
    found = [r for r in results if r is not None]
    if not found:
        return None
    return frozenset(p.id for r in found for p in r.precautions)


def state_json(*, ctx: AppContext) -> dict[str, Any]:
    """The state as JSON (``GET /api/v1/safety`` and ``legcare check status --json``)."""
    return current_state(ctx=ctx).to_dict()


def refuse(state: SafetyState, activity: Activity, what: str, *, details: list[str]) -> None:
    """Raise ``SafetyStop`` ("``what`` cannot start") when ``state`` does not allow it."""
    if not state.allows(activity):
        raise SafetyStop(f"{what} cannot start. {state.refusal()}", details=details)


__all__ = ["current_state", "precaution_ids", "refuse", "state_json"]
