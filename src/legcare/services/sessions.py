"""The Do use-cases: start or resume tonight's session, save its progress, finish it with
tenderness and a note, and list what was done.

The player's state (``legcare.domain.sessions.player``) travels as JSON: the CLI and the web
page run the clock and send the state back after each change; it is stored in ``session_logs``
so that a quit or a crash keeps what was done and can be resumed. Clock values are Unix seconds.

Interface other parts rely on:

- ``massage_days(ctx=ctx, start=..., end=...) -> set[date]``: days with a massage or rolling
  step done (finished or not; a session with every step skipped does not count).
- ``session_logs(ctx=ctx, start=..., end=...) -> list[dict]``: the log views, oldest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any, TypedDict

from legcare.domain.jsontypes import JsonObject
from legcare.domain.plans.model import Plan, Session
from legcare.domain.safety import SafetyState
from legcare.domain.sessions import player
from legcare.domain.sessions.log import logged_steps
from legcare.domain.sessions.player import PlayerState, PlayerStep
from legcare.errors import InvalidInput, NotFound, SafetyStop
from legcare.services.context import AppContext
from legcare.services.plans import current_plan_record
from legcare.services.safety import current_state
from legcare.store import session_logs as repo
from legcare.store.session_logs import SessionLogRecord

AREAS = ("foot", "calf", "shin", "hamstring", "thigh", "buttock")
MAX_NOTE = 2000
DEFAULT_GET_READY = 5.0
PREFERRED = ("evening_massage", "evening_wind_down")


# -- what the session use-cases return (tests/web/test_response_models.py checks the API's
# response models against these) --------------------------------------------------------------


class LoggedStepView(TypedDict):
    id: str
    title: str
    technique: str
    kind: str | None
    planned_seconds: int | None
    seconds: int
    extended: int
    outcome: str


class SessionLogView(TypedDict):
    """One session log as the CLI ``--json`` and the API show it."""

    id: int
    day: str
    status: str
    session_id: str
    title: str
    plan_id: int | None
    plan_version: int | None
    started_at: str
    ended_at: str | None
    done: int
    skipped: int
    total: int
    seconds: int
    massage_seconds: int
    steps: list[LoggedStepView]
    tenderness: dict[str, int] | None
    note: str | None


class SessionRunView(TypedDict):
    """What a player needs: the session (steps with instructions), the state and the log."""

    log_id: int
    resumed: bool
    session: dict[str, Any]
    state: dict[str, Any]
    log: SessionLogView


def _clock(ctx: AppContext) -> float:
    return ctx.now().timestamp()


def session_for_day(plan: Plan, weekday: int) -> Session | None:
    """The session the player offers on ``weekday`` unasked: the evening one, else the first
    one planned that day; None on a day with no session."""
    today = plan.sessions_on(weekday)
    for wanted in PREFERRED:
        found = next((s for s in today if s.id == wanted), None)
        if found is not None:
            return found
    return today[0] if today else None


def choose_session(plan: Plan, weekday: int, session_id: str | None) -> Session:
    """The session to play: the one asked for, else tonight's evening session, else the
    first one planned today."""
    if session_id is not None:
        chosen = plan.session(session_id)
        if chosen is None:
            allowed = ", ".join(s.id for s in plan.sessions) or "none"
            raise InvalidInput(
                f"There is no session {session_id!r} in your plan.",
                details=[f"session: allowed: {allowed}"],
            )
        return chosen
    tonight = session_for_day(plan, weekday)
    if tonight is not None:
        return tonight
    allowed = ", ".join(s.id for s in plan.sessions)
    raise NotFound(
        "No session is planned for today.",
        details=[f"play one anyway by naming it: {allowed}"] if allowed else [],
    )


def _session_json(session: Session) -> JsonObject:
    """The session as stored in the log (its steps with instructions; no weekdays)."""
    data: JsonObject = session.to_dict()
    data.pop("weekdays", None)
    return data


def log_view(record: SessionLogRecord) -> SessionLogView:
    """One session log as the CLI ``--json`` and the API show it."""
    state = PlayerState.from_dict(record.state["player"])
    session = record.state["session"]
    steps = logged_steps(record.state)
    massage_seconds = sum(s.seconds_done for s in steps if s.is_massage)
    step_rows: list[LoggedStepView] = [
        {
            "id": s.id,
            "title": s.title,
            "technique": s.technique,
            "kind": s.kind,
            "planned_seconds": s.planned_seconds,
            "seconds": round(s.seconds_done),
            "extended": s.extended,
            "outcome": s.outcome.value,
        }
        for s in steps
    ]
    summary = player.summary(state)
    return {
        "id": record.id,
        "day": record.day.isoformat(),
        "status": record.status,
        "session_id": session["id"],
        "title": session["title"],
        "plan_id": record.plan_id,
        "plan_version": record.state.get("plan_version"),
        "started_at": record.started_at.isoformat(),
        "ended_at": record.ended_at.isoformat() if record.ended_at else None,
        "done": summary["done"],
        "skipped": summary["skipped"],
        "total": summary["total"],
        "seconds": summary["seconds"],
        "massage_seconds": round(massage_seconds),
        "steps": step_rows,
        "tenderness": record.tenderness,
        "note": record.note,
    }


def run_view(record: SessionLogRecord, *, resumed: bool) -> SessionRunView:
    """What a player needs: the session (steps with instructions), the state and the log."""
    return {
        "log_id": record.id,
        "resumed": resumed,
        "session": record.state["session"],
        "state": record.state["player"],
        "log": log_view(record),
    }


def _blocked_steps(session: Mapping[str, Any], state: SafetyState) -> frozenset[str]:
    """The ids of the session's steps the safety state does not allow now."""
    return frozenset(
        str(s["id"]) for s in session["steps"] if not state.allows_step(str(s.get("kind")))
    )


def _refiltered(record: SessionLogRecord, state: SafetyState, now: float) -> JsonObject:
    """The stored session and player state, restored for a resume and re-filtered step by
    step: no step the safety state blocks is left to play."""
    restored, _ = player.restore(PlayerState.from_dict(record.state["player"]), now)
    kept = player.withhold(restored, _blocked_steps(record.state["session"], state), now)
    ids = {s.id for s in kept.steps}
    session = dict(record.state["session"])
    session["steps"] = [s for s in session["steps"] if s["id"] in ids]
    return {**record.state, "session": session, "player": kept.to_dict()}


def _resumable(record: SessionLogRecord, state: SafetyState) -> bool:
    """True when an unfinished session still has a step to play that is allowed now."""
    saved = PlayerState.from_dict(record.state["player"])
    blocked = _blocked_steps(record.state["session"], state)
    return any(step.id not in blocked for step in saved.steps[saved.index :])


def pending_session(*, ctx: AppContext) -> SessionLogView | None:
    """The newest unfinished (quit or interrupted) session that may be resumed now.

    A session whose remaining steps the safety state blocks (for example massage after a
    check found a possible blood clot) is not offered."""
    with ctx.store.read() as conn:
        record = repo.latest_unfinished(conn, user_id=ctx.user_id)
    safety = current_state(ctx=ctx)
    if record is None or not _resumable(record, safety):
        return None
    return log_view(replace(record, state=_refiltered(record, safety, _clock(ctx))))


def start_session(
    *,
    ctx: AppContext,
    session_id: str | None = None,
    resume: bool = True,
    get_ready_s: float = DEFAULT_GET_READY,
    step_seconds: int | None = None,
) -> SessionRunView:
    """Resume the unfinished session (when ``resume``) or start today's (or ``session_id``).

    Both ask the safety state: a resumed session is re-filtered step by step, a new one keeps
    only the steps allowed now, and ``SafetyStop`` says why when nothing is left to play.
    ``step_seconds`` shortens every step (for tests and demonstrations)."""
    now = _clock(ctx)
    safety = current_state(ctx=ctx)
    with ctx.store.read() as conn:
        unfinished = repo.latest_unfinished(conn, user_id=ctx.user_id)
    same = unfinished is not None and session_id in (None, unfinished.state["session"]["id"])
    if resume and unfinished is not None and same and _resumable(unfinished, safety):
        saved = _refiltered(unfinished, safety, now)
        with ctx.store.transaction() as conn:
            repo.update_log(
                conn,
                user_id=ctx.user_id,
                log_id=unfinished.id,
                state=saved,
                status="in_progress",
            )
            record = repo.get_log(conn, user_id=ctx.user_id, log_id=unfinished.id)
        assert record is not None
        return run_view(record, resumed=True)
    if step_seconds is not None and not 1 <= step_seconds <= 3600:
        raise InvalidInput("step_seconds must be 1-3600.")
    plan_record, plan = current_plan_record(ctx=ctx)
    session = choose_session(plan, ctx.today().weekday(), session_id)
    allowed = tuple(s for s in session.steps if safety.allows_step(s.kind.value))
    if not allowed:
        raise SafetyStop(
            f"{session.title} cannot start. {safety.refusal()}",
            details=[safety.what_to_do] if safety.what_to_do else [],
        )
    session = replace(session, steps=allowed)
    steps = tuple(PlayerStep(s.id, step_seconds or s.seconds) for s in session.steps)
    state, _ = player.start(steps, now, get_ready_s=get_ready_s)
    body: JsonObject = {
        "plan_version": plan_record.version,
        "session": _session_json(session),
        "player": state.to_dict(),
    }
    with ctx.store.transaction() as conn:
        if unfinished is not None:  # starting afresh: the old one stays as a quit session
            repo.update_log(
                conn,
                user_id=ctx.user_id,
                log_id=unfinished.id,
                state=unfinished.state,
                status="quit",
            )
        record = repo.insert_log(
            conn,
            user_id=ctx.user_id,
            plan_id=plan_record.id,
            day=ctx.today(),
            state=body,
            now=ctx.now(),
        )
    return run_view(record, resumed=False)


def _unfinished(ctx: AppContext, log_id: int) -> SessionLogRecord:
    with ctx.store.read() as conn:
        record = repo.get_log(conn, user_id=ctx.user_id, log_id=log_id)
    if record is None:
        raise NotFound(f"There is no session {log_id}.")
    if record.status == "finished":
        raise InvalidInput(f"Session {log_id} is already finished.")
    return record


def _checked_state(record: SessionLogRecord, state: Mapping[str, Any]) -> PlayerState:
    try:
        parsed = PlayerState.from_dict(dict(state))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("The session state is not valid.", details=[str(exc)]) from exc
    stored = [s["id"] for s in record.state["player"]["steps"]]
    if [s.id for s in parsed.steps] != stored or len(parsed.records) != len(stored):
        raise InvalidInput("The session state does not match this session's steps.")
    if not 0 <= parsed.index <= len(stored):
        raise InvalidInput("The session state points past the last step.")
    return parsed


def save_progress(
    *, ctx: AppContext, log_id: int, state: Mapping[str, Any], quit: bool = False
) -> SessionLogView:
    """Store the player's state; ``quit`` keeps what was done and offers it for resume."""
    record = _unfinished(ctx, log_id)
    parsed = _checked_state(record, state)
    current = parsed.current
    if not quit and not parsed.finished and current is not None:
        safety = current_state(ctx=ctx)
        if current.id in _blocked_steps(record.state["session"], safety):
            raise SafetyStop(
                f"This step cannot go on. {safety.refusal()}",
                details=["quit the session; it can be resumed without this step"],
            )
    if quit:
        parsed = player.checkpoint(parsed, _clock(ctx)) if not parsed.finished else parsed
    body = {**record.state, "player": parsed.to_dict()}
    with ctx.store.transaction() as conn:
        repo.update_log(
            conn,
            user_id=ctx.user_id,
            log_id=log_id,
            state=body,
            status="quit" if quit else "in_progress",
        )
        saved = repo.get_log(conn, user_id=ctx.user_id, log_id=log_id)
    assert saved is not None
    return log_view(saved)


def validate_tenderness(values: Mapping[str, Any]) -> dict[str, int]:
    """Tenderness 0-10 per area (``calf`` or ``left_calf``); every problem listed."""
    problems = []
    out: dict[str, int] = {}
    for raw_area, raw in values.items():
        area = str(raw_area).strip().lower()
        base = area.removeprefix("left_").removeprefix("right_")
        if base not in AREAS:
            problems.append(
                f"tenderness: {raw_area!r} is not an area; allowed: {', '.join(AREAS)} "
                "(optionally left_ or right_ first)"
            )
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            problems.append(f"tenderness.{area}: {raw!r} is not a whole number 0-10")
            continue
        try:
            value = int(raw)
        except ValueError:
            problems.append(f"tenderness.{area}: {raw!r} is not a whole number 0-10")
            continue
        if not 0 <= value <= 10:
            problems.append(f"tenderness.{area}: {value} is outside 0-10")
        out[area] = value
    if problems:
        raise InvalidInput("The tenderness ratings were not saved.", details=problems)
    return out


def finish_session(
    *,
    ctx: AppContext,
    log_id: int,
    state: Mapping[str, Any],
    tenderness: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> SessionLogView:
    """End the session and log it: steps done, seconds on each, tenderness and a note."""
    record = _unfinished(ctx, log_id)
    parsed = _checked_state(record, state)
    ratings = validate_tenderness(tenderness or {})
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput(f"The note is {len(note)} characters; at most {MAX_NOTE} are kept.")
    if not parsed.finished:
        parsed = player.checkpoint(parsed, _clock(ctx))
    body = {**record.state, "player": parsed.to_dict()}
    with ctx.store.transaction() as conn:
        repo.update_log(
            conn,
            user_id=ctx.user_id,
            log_id=log_id,
            state=body,
            status="finished",
            ended_at=ctx.now(),
            tenderness=ratings,
            note=(note or "").strip() or None,
        )
        saved = repo.get_log(conn, user_id=ctx.user_id, log_id=log_id)
    assert saved is not None
    return log_view(saved)


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(f"The range ends ({end}) before it starts ({start}).")


def session_logs(*, ctx: AppContext, start: date, end: date) -> list[SessionLogView]:
    """Every session log with ``start <= day <= end``, oldest first."""
    _check_range(start, end)
    with ctx.store.read() as conn:
        records = repo.list_logs(conn, user_id=ctx.user_id, start=start, end=end)
    return [log_view(r) for r in records]


def get_session_log(*, ctx: AppContext, log_id: int) -> SessionLogView:
    with ctx.store.read() as conn:
        record = repo.get_log(conn, user_id=ctx.user_id, log_id=log_id)
    if record is None:
        raise NotFound(f"There is no session {log_id}.")
    return log_view(record)


def massage_days(*, ctx: AppContext, start: date, end: date) -> set[date]:
    """Days in ``[start, end]`` with a massage or rolling step done
    (``legcare.domain.sessions.log.massage_done``)."""
    _check_range(start, end)
    with ctx.store.read() as conn:
        return repo.massage_days(conn, user_id=ctx.user_id, start=start, end=end)


def sessions_done(*, ctx: AppContext, start: date, end: date) -> list[tuple[date, str]]:
    """The sessions done in ``[start, end]`` as (day, session id), once per session of the plan
    and day, played with at least one step done
    (``legcare.domain.sessions.log.session_keys_done``)."""
    from legcare.domain.sessions.log import any_step_done, session_id
    from legcare.domain.sessions.log import session_keys_done as count_done

    _check_range(start, end)
    with ctx.store.read() as conn:
        records = repo.list_logs(conn, user_id=ctx.user_id, start=start, end=end)
    return count_done((r.day, session_id(r.state), any_step_done(r.state)) for r in records)


__all__ = [
    "choose_session",
    "finish_session",
    "get_session_log",
    "massage_days",
    "pending_session",
    "save_progress",
    "session_logs",
    "sessions_done",
    "start_session",
    "validate_tenderness",
]
