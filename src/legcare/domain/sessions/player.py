"""The guided-session player as a pure state machine, driven by clock values passed in.

Phases: ``get_ready`` (a short countdown before each step), ``running``, ``paused`` and
``finished``. Events: `tick`, `pause`, `resume`, `skip`, `extend` (+30 s), `back`, `checkpoint`
(for a quit: keeps what was done), `restore` (resume later, even after a crash) and
`withhold` (drop the steps the safety state no longer allows). Every
function returns a new `PlayerState` and the list of `Change`s it caused (the UI rings a bell for
each). `PlayerState.to_dict` / `from_dict` make the state JSON, so it can be saved after every
change and resumed in another process.

Clock values are seconds (any monotonic origin); only differences matter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

EXTEND_SECONDS = 30
DEFAULT_GET_READY = 5.0


class Phase(Enum):
    GET_READY = "get_ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Change(Enum):
    GET_READY = "get_ready"
    STEP_STARTED = "step_started"
    STEP_DONE = "step_done"
    SKIPPED = "skipped"
    EXTENDED = "extended"
    BACK = "back"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"


class Outcome(Enum):
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class PlayerStep:
    id: str
    seconds: int


@dataclass(frozen=True, slots=True)
class StepRecord:
    """What happened to one step: seconds actually spent, extensions, and how it ended."""

    step_id: str
    seconds_done: float = 0.0
    extended: int = 0
    outcome: Outcome = Outcome.PENDING


@dataclass(frozen=True, slots=True)
class PlayerState:
    steps: tuple[PlayerStep, ...]
    records: tuple[StepRecord, ...]
    index: int
    phase: Phase
    since: float  # clock value when the current phase segment began
    remaining: float  # seconds left in the phase segment, as of ``since``
    get_ready_s: float = DEFAULT_GET_READY
    paused_from: Phase | None = None
    resume_left: float | None = None  # after a restore: what was left of the step
    first_open: int = 0  # `back` stops here: the steps before it are closed (see `withhold`)

    @property
    def current(self) -> PlayerStep | None:
        return self.steps[self.index] if self.index < len(self.steps) else None

    @property
    def finished(self) -> bool:
        return self.phase is Phase.FINISHED

    def planned_seconds(self, index: int) -> int:
        return self.steps[index].seconds + self.records[index].extended

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": [{"id": s.id, "seconds": s.seconds} for s in self.steps],
            "records": [
                {
                    "step_id": r.step_id,
                    "seconds_done": round(r.seconds_done, 3),
                    "extended": r.extended,
                    "outcome": r.outcome.value,
                }
                for r in self.records
            ],
            "index": self.index,
            "phase": self.phase.value,
            "since": self.since,
            "remaining": self.remaining,
            "get_ready_s": self.get_ready_s,
            "paused_from": self.paused_from.value if self.paused_from else None,
            "resume_left": self.resume_left,
            "first_open": self.first_open,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlayerState:
        return cls(
            steps=tuple(PlayerStep(s["id"], int(s["seconds"])) for s in data["steps"]),
            records=tuple(
                StepRecord(
                    r["step_id"],
                    float(r["seconds_done"]),
                    int(r["extended"]),
                    Outcome(r["outcome"]),
                )
                for r in data["records"]
            ),
            index=int(data["index"]),
            phase=Phase(data["phase"]),
            since=float(data["since"]),
            remaining=float(data["remaining"]),
            get_ready_s=float(data.get("get_ready_s", DEFAULT_GET_READY)),
            paused_from=Phase(data["paused_from"]) if data.get("paused_from") else None,
            resume_left=None if data.get("resume_left") is None else float(data["resume_left"]),
            first_open=int(data.get("first_open") or 0),
        )


Result = tuple[PlayerState, list[Change]]


def start(
    steps: tuple[PlayerStep, ...], now: float, *, get_ready_s: float = DEFAULT_GET_READY
) -> Result:
    """A new session at its first get-ready countdown (finished at once if there are no steps)."""
    records = tuple(StepRecord(s.id) for s in steps)
    state = PlayerState(steps, records, 0, Phase.GET_READY, now, get_ready_s, get_ready_s)
    if not steps:
        return replace(state, phase=Phase.FINISHED, remaining=0.0), [Change.FINISHED]
    return state, [Change.GET_READY]


def remaining(state: PlayerState, now: float) -> float:
    """Seconds left in the current countdown (get-ready or step)."""
    if state.phase in (Phase.PAUSED, Phase.FINISHED):
        return state.remaining
    return max(0.0, state.remaining - (now - state.since))


def progress(state: PlayerState, now: float) -> float:
    """How much of the whole session is behind, 0.0 to 1.0."""
    total = sum(state.planned_seconds(i) for i in range(len(state.steps)))
    if state.finished or total == 0:
        return 1.0
    behind: float = sum(state.planned_seconds(i) for i in range(state.index))
    running = state.phase is Phase.RUNNING or state.paused_from is Phase.RUNNING
    if running:
        behind += state.planned_seconds(state.index) - remaining(state, now)
    return min(1.0, max(0.0, behind / total))


def _with_record(state: PlayerState, index: int, **changes: Any) -> tuple[StepRecord, ...]:
    records = list(state.records)
    records[index] = replace(records[index], **changes)
    return tuple(records)


def _enter_step(state: PlayerState, index: int, at: float) -> PlayerState:
    """The get-ready countdown before step ``index`` (or the end)."""
    if index >= len(state.steps):
        return replace(state, index=index, phase=Phase.FINISHED, since=at, remaining=0.0)
    return replace(
        state,
        index=index,
        phase=Phase.GET_READY,
        since=at,
        remaining=state.get_ready_s,
        resume_left=None,
    )


def tick(state: PlayerState, now: float) -> Result:
    """Let the clock run to ``now``: countdowns that ran out move the session on."""
    changes: list[Change] = []
    while state.phase in (Phase.GET_READY, Phase.RUNNING):
        end = state.since + state.remaining
        if now < end:
            break
        if state.phase is Phase.GET_READY:
            seconds = state.resume_left
            if seconds is None:
                seconds = float(state.planned_seconds(state.index))
            state = replace(
                state, phase=Phase.RUNNING, since=end, remaining=seconds, resume_left=None
            )
            changes.append(Change.STEP_STARTED)
            continue
        record = state.records[state.index]
        records = _with_record(
            state,
            state.index,
            seconds_done=record.seconds_done + state.remaining,
            outcome=Outcome.DONE,
        )
        state = _enter_step(replace(state, records=records), state.index + 1, end)
        changes.append(Change.STEP_DONE)
        changes.append(Change.FINISHED if state.finished else Change.GET_READY)
    return state, changes


def _account(state: PlayerState, now: float) -> PlayerState:
    """Add the running time of the current step to its record, restarting the segment at now."""
    if state.phase is not Phase.RUNNING:
        return state
    spent = max(0.0, now - state.since)  # a clock that went backwards counts nothing
    record = state.records[state.index]
    records = _with_record(state, state.index, seconds_done=record.seconds_done + spent)
    return replace(state, records=records, since=now, remaining=state.remaining - spent)


def pause(state: PlayerState, now: float) -> Result:
    state, changes = tick(state, now)
    if state.phase not in (Phase.GET_READY, Phase.RUNNING):
        return state, changes
    left = remaining(state, now)
    state = _account(state, now)
    state = replace(state, phase=Phase.PAUSED, paused_from=state.phase, since=now, remaining=left)
    return state, [*changes, Change.PAUSED]


def resume(state: PlayerState, now: float) -> Result:
    if state.phase is not Phase.PAUSED:
        return state, []
    phase = state.paused_from or Phase.GET_READY
    return replace(state, phase=phase, paused_from=None, since=now), [Change.RESUMED]


def toggle_pause(state: PlayerState, now: float) -> Result:
    return resume(state, now) if state.phase is Phase.PAUSED else pause(state, now)


def skip(state: PlayerState, now: float) -> Result:
    """Leave the current step (what was done of it is kept) and get ready for the next."""
    state, changes = tick(state, now)
    if state.finished:
        return state, changes
    state = _account(state, now)
    records = _with_record(state, state.index, outcome=Outcome.SKIPPED)
    state = _enter_step(replace(state, records=records, paused_from=None), state.index + 1, now)
    return state, [
        *changes,
        Change.SKIPPED,
        Change.FINISHED if state.finished else Change.GET_READY,
    ]


def extend(state: PlayerState, now: float, seconds: int = EXTEND_SECONDS) -> Result:
    """Add ``seconds`` to the current step (to its countdown if it is already running)."""
    state, changes = tick(state, now)
    if state.finished:
        return state, changes
    record = state.records[state.index]
    records = _with_record(state, state.index, extended=record.extended + seconds)
    running = state.phase is Phase.RUNNING or state.paused_from is Phase.RUNNING
    left = state.remaining + seconds if running else state.remaining
    resume_left = None if state.resume_left is None else state.resume_left + seconds
    state = replace(state, records=records, remaining=left, resume_left=resume_left)
    return state, [*changes, Change.EXTENDED]


def back(state: PlayerState, now: float) -> Result:
    """Go back to the start of the previous step (or restart the first open one)."""
    state, changes = tick(state, now)
    state = _account(state, now)
    target = max(state.first_open, min(state.index, len(state.steps)) - 1)
    if target >= len(state.steps):  # nothing open is left to go back to
        return state, changes
    if not state.steps:
        return state, changes
    records = _with_record(state, target, outcome=Outcome.PENDING)
    state = _enter_step(replace(state, records=records, paused_from=None), target, now)
    return state, [*changes, Change.BACK, Change.GET_READY]


def snapshot(state: PlayerState, now: float) -> PlayerState:
    """The state with the time so far counted, still running: save it every few seconds so
    that a crash loses at most that much."""
    state, _ = tick(state, now)
    return _account(state, now)


def checkpoint(state: PlayerState, now: float) -> PlayerState:
    """The state to save when the person quits: time so far counted, paused where it was."""
    state, _ = tick(state, now)
    if state.finished or state.phase is Phase.PAUSED:
        return state
    paused, _ = pause(state, now)
    return paused


def restore(state: PlayerState, now: float) -> Result:
    """Resume a saved session (after a quit or a crash): a get-ready countdown, then what was
    left of the step it stopped in."""
    state, _ = tick(state, now) if state.phase is Phase.PAUSED else (state, [])
    if state.finished:
        return state, []
    running = state.phase is Phase.RUNNING or state.paused_from is Phase.RUNNING
    # A state saved while running (a crash) counts time up to its last `snapshot` only.
    left = state.remaining if running else state.resume_left
    state = replace(
        state,
        phase=Phase.GET_READY,
        paused_from=None,
        since=now,
        remaining=state.get_ready_s,
        resume_left=left,
    )
    return state, [Change.GET_READY]


def withhold(state: PlayerState, blocked: frozenset[str], now: float) -> PlayerState:
    """The state without the steps in ``blocked`` that are still to come.

    Steps already behind stay as they were (the log keeps them). A blocked step from the
    current one on is dropped when no time was spent on it; one with time done (under way, or
    done before going back) moves behind as skipped, so no time done is lost and nothing
    blocked is left to play; ``first_open`` keeps `back` from returning to a blocked step behind.
    The session goes on at the first allowed step still to come (the
    current step keeps its countdown), or finishes when none is left.
    """
    if not blocked:
        return state
    if state.finished:  # nothing ahead; close the blocked steps behind against `back`
        closed = any(step.id in blocked for step in state.steps)
        return replace(state, first_open=len(state.steps)) if closed else state
    pairs = list(zip(state.steps, state.records, strict=True))
    behind = pairs[: state.index]
    ahead = pairs[state.index :]
    moved = [
        (step, replace(record, outcome=Outcome.SKIPPED))
        for step, record in ahead
        if step.id in blocked and record.seconds_done > 0
    ]
    allowed = [(step, record) for step, record in ahead if step.id not in blocked]
    kept = [*behind, *moved, *allowed]
    index = len(behind) + len(moved)
    closed = any(step.id in blocked for step, _ in kept[:index])
    trimmed = replace(
        state,
        steps=tuple(s for s, _ in kept),
        records=tuple(r for _, r in kept),
        index=index,
        first_open=index if closed else min(state.first_open, index),
    )
    current_kept = bool(ahead) and ahead[0][0].id not in blocked
    if current_kept:
        return trimmed
    return _enter_step(replace(trimmed, paused_from=None), index, now)


def summary(state: PlayerState) -> dict[str, Any]:
    """Steps done, skipped and seconds on each: what the session log keeps."""
    return {
        "done": sum(1 for r in state.records if r.outcome is Outcome.DONE),
        "skipped": sum(1 for r in state.records if r.outcome is Outcome.SKIPPED),
        "total": len(state.records),
        "seconds": round(sum(r.seconds_done for r in state.records)),
        "steps": [
            {"id": r.step_id, "seconds": round(r.seconds_done), "outcome": r.outcome.value}
            for r in state.records
        ],
    }
