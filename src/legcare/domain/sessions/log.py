"""The saved state of one played session, read back: what each step was and how it ended.

A session log keeps ``{"session": {...the planned session...}, "player": {...PlayerState...}}``
(``legcare.store.session_logs``). These pure reads are shared by the session log view, the
weekly review (adherence, skipped techniques) and the diary ("a massage was done that day").
What counts as massage is decided in ``legcare.domain.safety``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from legcare.domain.safety import Activity, activity_of_step
from legcare.domain.sessions.player import Outcome, PlayerState


@dataclass(frozen=True, slots=True)
class LoggedStep:
    """One step of a played session as it ended."""

    id: str
    title: str
    technique: str
    kind: str | None
    planned_seconds: int | None
    seconds_done: float
    extended: int
    outcome: Outcome

    @property
    def is_massage(self) -> bool:
        return self.kind is not None and activity_of_step(self.kind) is Activity.MASSAGE


def logged_steps(saved: Mapping[str, Any]) -> tuple[LoggedStep, ...]:
    """The steps of a saved session log (``state`` of a session log row), in playing order."""
    state = PlayerState.from_dict(saved["player"])
    steps = {s["id"]: s for s in saved["session"]["steps"]}
    out = []
    for r in state.records:
        info = steps.get(r.step_id, {})
        out.append(
            LoggedStep(
                id=r.step_id,
                title=info.get("title", r.step_id),
                technique=info.get("technique", r.step_id.split(".")[0]),
                kind=info.get("kind"),
                planned_seconds=info.get("seconds"),
                seconds_done=r.seconds_done,
                extended=r.extended,
                outcome=r.outcome,
            )
        )
    return tuple(out)


def massage_done(saved: Mapping[str, Any]) -> bool:
    """A massage or rolling step was done (a session whose steps were all skipped is not a
    session done, however long it was open)."""
    return any(s.is_massage and s.outcome is Outcome.DONE for s in logged_steps(saved))


def any_step_done(saved: Mapping[str, Any]) -> bool:
    """At least one step was done: the session counts as a session done (one whose steps were
    all skipped does not, however long it was open)."""
    return any(s.outcome is Outcome.DONE for s in logged_steps(saved))


def session_id(saved: Mapping[str, Any]) -> str:
    """Which session of the plan was played (its id, e.g. ``evening_massage``)."""
    return str(saved.get("session", {}).get("id", ""))


def sessions_done(played: Iterable[tuple[date, str, bool]]) -> list[date]:
    """The sessions done from ``(day, session id, a step was done)`` per played session: each
    session of a day once (playing it again is not a second session), and only when at least
    one of its steps was done."""
    return [day for day, _ in session_keys_done(played)]


def session_keys_done(played: Iterable[tuple[date, str, bool]]) -> list[tuple[date, str]]:
    """``sessions_done`` with each session's id: sorted (day, session id) pairs."""
    return sorted({(day, session) for day, session, any_done in played if any_done})
