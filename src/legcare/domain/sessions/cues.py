"""Spoken cues of the session player: which changes are said aloud, and in which words.

The terminal player speaks these through a local speech engine; the web player says the same
words with the browser's speech synthesis (``web/static/speech.js`` keeps them in step, and a
test compares the two). A cue is said when a step is coming ("Next: ..." or "Switch legs" when
the same work moves to the other leg), when it starts (its name and the hold), when 10 seconds
are left, on pause and resume, and at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from legcare.domain.sessions.player import Change, Outcome, Phase, PlayerState, remaining

TEN_SECONDS = 10
MIN_STEP_FOR_COUNTDOWN = 15  # a shorter step gets no "10 seconds left"


class Cue(Enum):
    GET_READY = "get_ready"
    START = "start"
    TEN_LEFT = "ten_left"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class StepFacts:
    """What a cue needs to know about a step of the plan."""

    title: str
    technique: str = ""
    areas: tuple[str, ...] = ()
    leg: str | None = None


def cue_of(changes: Sequence[Change]) -> Cue | None:
    """The one cue to say for the changes of one event (the most important wins)."""
    for change, cue in (
        (Change.FINISHED, Cue.FINISHED),
        (Change.STEP_STARTED, Cue.START),
        (Change.GET_READY, Cue.GET_READY),
        (Change.PAUSED, Cue.PAUSED),
        (Change.RESUMED, Cue.RESUMED),
    ):
        if change in changes:
            return cue
    return None


def switches_legs(previous: StepFacts | None, step: StepFacts | None) -> bool:
    """The same work on the same area, now on the other leg."""
    if previous is None or step is None or not previous.leg or not step.leg:
        return False
    same_work = (previous.technique, previous.areas) == (step.technique, step.areas)
    return same_work and previous.leg != step.leg


def duration_words(seconds: int) -> str:
    """``45`` -> "45 seconds", ``180`` -> "3 minutes", ``150`` -> "2 minutes 30 seconds"."""
    if seconds >= 60 and seconds % 60 == 0:  # noqa: PLR2004
        minutes = seconds // 60
        return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    if seconds > 90:  # noqa: PLR2004
        minutes = seconds // 60
        unit = "minute" if minutes == 1 else "minutes"
        return f"{minutes} {unit} {seconds % 60} seconds"
    return "1 second" if seconds == 1 else f"{seconds} seconds"


FINISHED_WORDS = "Session complete. Well done."
NOTHING_DONE_WORDS = "Session ended. Every step was skipped, so none is counted as done."


def finished_words(steps_done: int) -> str:
    """What the end of a session says: praise only when at least one step was done."""
    return FINISHED_WORDS if steps_done > 0 else NOTHING_DONE_WORDS


def cue_words(
    cue: Cue, *, title: str = "", seconds: int = 0, switch_legs: bool = False, steps_done: int = 1
) -> str:
    """What is said for ``cue`` on a step called ``title`` held ``seconds`` (``steps_done``:
    how many steps were done, for the words at the end)."""
    if cue is Cue.FINISHED:
        return finished_words(steps_done)
    if cue is Cue.GET_READY:
        return f"{'Switch legs. ' if switch_legs else 'Next: '}{title}. Get ready."
    if cue is Cue.START:
        return f"{title}. Hold for {duration_words(seconds)}."
    return {
        Cue.TEN_LEFT: "10 seconds left.",
        Cue.PAUSED: "Paused.",
        Cue.RESUMED: "Resumed.",
    }[cue]


def words_for(state: PlayerState, cue: Cue, steps: Sequence[StepFacts]) -> str:
    """The words of ``cue`` for the player's current step (``steps`` in the player's order)."""
    index = state.index
    step = steps[index] if index < len(steps) else None
    previous = steps[index - 1] if 0 < index <= len(steps) else None
    seconds = state.planned_seconds(index) if index < len(state.steps) else 0
    return cue_words(
        cue,
        title=step.title if step else "",
        seconds=seconds,
        switch_legs=switches_legs(previous, step),
        steps_done=steps_done(state),
    )


def steps_done(state: PlayerState) -> int:
    """How many steps of ``state`` were done (not skipped, not pending)."""
    return sum(1 for record in state.records if record.outcome is Outcome.DONE)


def ten_seconds_left(state: PlayerState, now: float) -> bool:
    """True while the running step of a long enough hold has 10 seconds or less to go."""
    if state.phase is not Phase.RUNNING or state.index >= len(state.steps):
        return False
    left = remaining(state, now)
    return 1 < left <= TEN_SECONDS and state.planned_seconds(state.index) > MIN_STEP_FOR_COUNTDOWN
