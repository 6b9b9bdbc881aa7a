"""Spoken cues: which change is said, the words, "switch legs" and "10 seconds left"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.sessions import player
from legcare.domain.sessions.cues import (
    Cue,
    StepFacts,
    cue_of,
    cue_words,
    duration_words,
    switches_legs,
    ten_seconds_left,
    words_for,
)
from legcare.domain.sessions.player import Change, PlayerStep


def test_the_most_important_change_is_said() -> None:
    assert cue_of([Change.STEP_DONE, Change.FINISHED]) is Cue.FINISHED
    assert cue_of([Change.STEP_DONE, Change.GET_READY]) is Cue.GET_READY
    assert cue_of([Change.STEP_STARTED]) is Cue.START
    assert cue_of([Change.EXTENDED]) is None


def test_words() -> None:
    assert cue_words(Cue.START, title="Calf roll (left)", seconds=45) == (
        "Calf roll (left). Hold for 45 seconds."
    )
    assert cue_words(Cue.GET_READY, title="Calf roll (right)", switch_legs=True) == (
        "Switch legs. Calf roll (right). Get ready."
    )
    assert cue_words(Cue.GET_READY, title="Soleus stretch") == "Next: Soleus stretch. Get ready."
    assert cue_words(Cue.TEN_LEFT) == "10 seconds left."
    assert duration_words(1) == "1 second"
    assert duration_words(60) == "1 minute"
    assert duration_words(180) == "3 minutes"
    assert duration_words(150) == "2 minutes 30 seconds"
    assert duration_words(90) == "90 seconds"


@given(st.integers(min_value=1, max_value=3600))
def test_duration_words_say_the_whole_length(seconds: int) -> None:
    words = duration_words(seconds).split()
    numbers = [int(w) for w in words if w.isdigit()]
    units = [w for w in words if not w.isdigit()]
    factor = {"minute": 60, "minutes": 60, "second": 1, "seconds": 1}
    assert sum(n * factor[u] for n, u in zip(numbers, units, strict=True)) == seconds


def test_switch_legs_only_for_the_same_work_on_the_other_leg() -> None:
    left = StepFacts("Calf roll (left)", "myofascial_release", ("calf",), "left")
    right = StepFacts("Calf roll (right)", "myofascial_release", ("calf",), "right")
    other = StepFacts("Hamstring roll (right)", "myofascial_release", ("hamstring",), "right")
    assert switches_legs(left, right)
    assert not switches_legs(None, right)
    assert not switches_legs(left, other)
    assert not switches_legs(right, right)


def test_ten_seconds_left_only_near_the_end_of_a_long_enough_hold() -> None:
    state, _ = player.start((PlayerStep("a", 30), PlayerStep("b", 12)), 0.0, get_ready_s=0)
    state, _ = player.tick(state, 0.0)
    assert not ten_seconds_left(state, 10.0)
    assert ten_seconds_left(state, 21.0)
    state, _ = player.tick(state, 30.0)
    assert state.index == 1 and not ten_seconds_left(state, 34.0)  # 12 s: too short
    steps = [StepFacts("A (left)", "x", (), "left"), StepFacts("A (right)", "x", (), "right")]
    assert words_for(state, Cue.GET_READY, steps) == "Switch legs. A (right). Get ready."


def _all_skipped_and_one_done() -> tuple[player.PlayerState, player.PlayerState]:
    steps = (PlayerStep("a", 30), PlayerStep("b", 30))
    skipped, _ = player.start(steps, now=0.0)
    done, _ = player.start(steps, now=0.0)
    while not skipped.finished:
        skipped, _ = player.skip(skipped, now=1.0)
    done, _ = player.tick(done, now=36.0)  # get ready 5 s, then the first step runs to its end
    while not done.finished:
        done, _ = player.skip(done, now=37.0)
    return skipped, done


def test_the_end_praises_only_a_session_with_a_step_done() -> None:
    skipped, done = _all_skipped_and_one_done()
    facts = [StepFacts("A", "t", ("calf",), None), StepFacts("B", "t", ("calf",), None)]
    assert skipped.finished and done.finished
    assert words_for(skipped, Cue.FINISHED, facts) == (
        "Session ended. Every step was skipped, so none is counted as done."
    )
    assert words_for(done, Cue.FINISHED, facts) == "Session complete. Well done."
