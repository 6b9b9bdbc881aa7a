"""The one service call every surface asks before it offers, starts, resumes or schedules
anything: ``current_state(ctx=ctx)``.

It reads the newest completed check and the answers of an unfinished check (saved the moment
each is given) and derives ``legcare.domain.safety.SafetyState`` from them. ``refuse`` raises
``SafetyStop`` with the state's own words when an activity is not allowed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from legcare.domain.safety import Activity, SafetyJson, SafetyState, derive
from legcare.domain.screening.result import ScreeningResult, result_from_dict
from legcare.errors import SafetyStop
from legcare.services.context import AppContext


def _unfinished_result(ctx: AppContext, stored: Mapping[str, object]) -> ScreeningResult | None:
    from legcare.services.screening import evaluate_answers

    return evaluate_answers(ctx=ctx, stored=stored)


# Within one web request the state is read once: a page asks it for the Today card, the gate
# of each offer and the safety banner. Keyed by the store's write count, so a write in the same
# request (a check answered, a red flag) is always seen; outside a request nothing is kept.
_ONE_REQUEST: ContextVar[dict[tuple[int, int, int, str], SafetyState] | None] = ContextVar(
    "legcare_safety_one_request", default=None
)


@contextmanager
def one_state_per_request() -> Iterator[None]:
    """Read the safety state at most once per user inside this block (one web request)."""
    token = _ONE_REQUEST.set({})
    try:
        yield
    finally:
        _ONE_REQUEST.reset(token)


def current_state(*, ctx: AppContext) -> SafetyState:
    """What the latest check and any unfinished check allow now."""
    memo = _ONE_REQUEST.get()
    if memo is None:
        return _read_state(ctx)
    key = (id(ctx.store), ctx.store.writes, ctx.user_id, ctx.today().isoformat())
    state = memo.get(key)
    if state is None:
        state = memo[key] = _read_state(ctx)
    return state


def _read_state(ctx: AppContext) -> SafetyState:
    from legcare.store import screenings as screenings_repo

    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
        draft = screenings_repo.get_draft(conn, user_id=ctx.user_id)
    latest = result_from_dict(record.result) if record is not None and record.result else None
    # Evaluating a draft needs the Check content; most people have none in progress. The
    # draft's answers were read in the same transaction as the latest check.
    unfinished = (
        _unfinished_result(ctx, draft.answers) if draft is not None and draft.answers else None
    )
    return derive(latest, unfinished)


def precaution_ids(*, ctx: AppContext) -> frozenset[str] | None:
    """The knowledge-base precautions the person's checks found (the newest completed check and
    any unfinished one); ``None`` when there is no check at all, so nothing is known yet."""
    return current_state(ctx=ctx).precautions


def state_json(*, ctx: AppContext) -> SafetyJson:
    """The state as JSON (``GET /api/v1/safety`` and ``legcare check status --json``)."""
    return current_state(ctx=ctx).to_dict()


def refuse(state: SafetyState, activity: Activity, what: str, *, details: list[str]) -> None:
    """Raise ``SafetyStop`` ("``what`` cannot start") when ``state`` does not allow it."""
    if not state.allows(activity):
        raise SafetyStop(f"{what} cannot start. {state.refusal()}", details=details)


__all__ = ["current_state", "one_state_per_request", "precaution_ids", "refuse", "state_json"]
