"""The session state machine, driven by a fake clock."""

from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.domain.sessions import player as p
from legcare.domain.sessions.player import Change, Outcome, Phase, PlayerState, PlayerStep

STEPS = (PlayerStep("a", 60), PlayerStep("b", 30), PlayerStep("c", 90))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


def _start(get_ready: float = 5) -> tuple[PlayerState, FakeClock]:
    clock = FakeClock()
    state, changes = p.start(STEPS, clock.now, get_ready_s=get_ready)
    assert changes == [Change.GET_READY]
    return state, clock


def test_get_ready_then_running_then_next_step() -> None:
    state, clock = _start()
    assert state.phase is Phase.GET_READY and p.remaining(state, clock.now) == 5
    state, changes = p.tick(state, clock.advance(5))
    assert changes == [Change.STEP_STARTED] and state.phase is Phase.RUNNING
    assert p.remaining(state, clock.advance(20)) == 40
    state, changes = p.tick(state, clock.advance(40))
    assert changes == [Change.STEP_DONE, Change.GET_READY]
    assert state.index == 1 and state.records[0].outcome is Outcome.DONE
    assert state.records[0].seconds_done == 60


def test_a_long_gap_runs_through_to_the_end() -> None:
    state, clock = _start()
    state, changes = p.tick(state, clock.advance(10_000))
    assert state.finished and changes[-1] is Change.FINISHED
    assert [r.outcome for r in state.records] == [Outcome.DONE] * 3
    assert p.summary(state)["seconds"] == 180
    assert p.progress(state, clock.now) == 1.0


def test_pause_freezes_the_countdown() -> None:
    state, clock = _start()
    state, _ = p.tick(state, clock.advance(15))  # 10 s into step a
    state, changes = p.toggle_pause(state, clock.now)
    assert changes == [Change.PAUSED] and state.phase is Phase.PAUSED
    clock.advance(500)
    assert p.remaining(state, clock.now) == 50
    state, changes = p.tick(state, clock.now)
    assert changes == [] and state.index == 0
    state, changes = p.toggle_pause(state, clock.now)
    assert changes == [Change.RESUMED] and state.phase is Phase.RUNNING
    state, _ = p.tick(state, clock.advance(50))
    assert state.index == 1 and state.records[0].seconds_done == 60


def test_skip_keeps_the_time_done_and_marks_it_skipped() -> None:
    state, clock = _start()
    state, _ = p.tick(state, clock.advance(25))
    state, changes = p.skip(state, clock.now)
    assert changes == [Change.SKIPPED, Change.GET_READY]
    assert state.records[0].outcome is Outcome.SKIPPED
    assert state.records[0].seconds_done == 20
    assert state.index == 1


def test_extend_adds_thirty_seconds() -> None:
    state, clock = _start()
    state, _ = p.tick(state, clock.advance(10))
    state, changes = p.extend(state, clock.now)
    assert changes == [Change.EXTENDED]
    assert p.remaining(state, clock.now) == 85
    state, _ = p.tick(state, clock.advance(85))
    assert state.index == 1 and state.records[0].seconds_done == 90
    assert state.records[0].extended == 30


def test_extend_during_get_ready_lengthens_the_coming_step() -> None:
    state, clock = _start()
    state, _ = p.extend(state, clock.advance(1))
    state, _ = p.tick(state, clock.advance(4))
    assert p.remaining(state, clock.now) == 90


def test_back_goes_to_the_previous_step() -> None:
    state, clock = _start()
    state, _ = p.tick(state, clock.advance(70))  # into b's get-ready... then running
    assert state.index == 1
    state, changes = p.back(state, clock.now)
    assert changes == [Change.BACK, Change.GET_READY]
    assert state.index == 0 and state.records[0].outcome is Outcome.PENDING
    state, _ = p.back(state, clock.now)  # at the first step: restart it
    assert state.index == 0 and state.phase is Phase.GET_READY


def test_quit_and_restore_keep_what_was_done() -> None:
    state, clock = _start()
    state, _ = p.tick(state, clock.advance(65 + 5 + 10))  # a done, 10 s into b
    saved = p.checkpoint(state, clock.now).to_dict()
    other = FakeClock()  # another process, another clock origin
    other.now = 5.0
    restored = PlayerState.from_dict(saved)
    assert restored.records[1].seconds_done == 10
    restored, changes = p.restore(restored, other.now)
    assert changes == [Change.GET_READY] and restored.index == 1
    restored, _ = p.tick(restored, other.advance(5))
    assert p.remaining(restored, other.now) == 20
    restored, _ = p.tick(restored, other.advance(20))
    assert restored.records[1].seconds_done == 30 and restored.index == 2


def test_restore_of_a_crash_saved_while_running() -> None:
    state, clock = _start()
    state, _ = p.tick(state, clock.advance(15))  # 10 s into a, saved without pausing
    crashed = PlayerState.from_dict(state.to_dict())
    restored, _ = p.restore(crashed, 0.0)
    assert restored.resume_left is not None
    restored, _ = p.tick(restored, 5.0)
    assert p.remaining(restored, 5.0) == 60  # unknown time since the crash: not counted


def test_progress_moves_forward() -> None:
    state, clock = _start()
    assert p.progress(state, clock.now) == 0
    state, _ = p.tick(state, clock.advance(5 + 90))  # a done (60) + b get-ready 5 + 25 of b
    assert 0.45 < p.progress(state, clock.now) < 0.5


def test_empty_session_is_finished() -> None:
    state, changes = p.start((), 0.0)
    assert state.finished and changes == [Change.FINISHED]


actions = st.lists(
    st.tuples(
        st.sampled_from(["tick", "pause", "skip", "extend", "back", "save"]),
        st.floats(0, 120, allow_nan=False),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(actions)
def test_any_sequence_keeps_the_books_straight(seq: list[tuple[str, float]]) -> None:
    state, clock = _start(get_ready=3)
    for action, gap in seq:
        now = clock.advance(gap)
        if action == "save":
            state, _ = p.restore(PlayerState.from_dict(p.checkpoint(state, now).to_dict()), now)
            continue
        fn = {"tick": p.tick, "pause": p.toggle_pause, "skip": p.skip}.get(action)
        fn = fn or {"extend": p.extend, "back": p.back}[action]
        state, _ = fn(state, now)
        assert 0 <= p.progress(state, now) <= 1
        assert p.remaining(state, now) >= 0
    for record, step in zip(state.records, STEPS, strict=True):
        assert record.seconds_done >= 0
        if record.outcome is Outcome.DONE:
            assert record.seconds_done >= step.seconds - 1e-6 or record.extended >= 0
    state, _ = p.tick(p.restore(state, clock.now)[0], clock.advance(10_000))
    assert state.finished


def test_withhold_drops_blocked_steps_still_to_come() -> None:
    state, clock = _start(get_ready=1)
    state, _ = p.tick(state, clock.advance(70))  # a done, b under way
    state = p.checkpoint(state, clock.advance(10))
    kept = p.withhold(p.restore(state, clock.now)[0], frozenset({"b"}), clock.now)
    assert [s.id for s in kept.steps] == ["a", "b", "c"]  # b had time done: kept as skipped
    assert kept.records[1].outcome is Outcome.SKIPPED and kept.records[1].seconds_done > 0
    assert kept.current == PlayerStep("c", 90) and kept.phase is Phase.GET_READY
    only_a = p.withhold(p.restore(state, clock.now)[0], frozenset({"b", "c"}), clock.now)
    assert only_a.finished and [s.id for s in only_a.steps] == ["a", "b"]


blocked_sets = st.frozensets(st.sampled_from(["a", "b", "c"]))


@settings(max_examples=300, deadline=None)
@given(actions, blocked_sets)
def test_withhold_never_leaves_a_blocked_step_to_play(
    seq: list[tuple[str, float]], blocked: frozenset[str]
) -> None:
    state, clock = _start(get_ready=3)
    for action, gap in seq:
        now = clock.advance(gap)
        fn = {"tick": p.tick, "pause": p.toggle_pause, "skip": p.skip}.get(action)
        fn = fn or {"extend": p.extend, "back": p.back, "save": p.tick}[action]
        state, _ = fn(state, now)
    before = p.restore(p.checkpoint(state, clock.now), clock.now)[0]
    kept = p.withhold(before, blocked, clock.now)
    ahead = [s.id for s in kept.steps[kept.index :]]
    assert not set(ahead) & blocked
    assert kept.records[: before.index] == before.records[: before.index]  # the past stays
    done = sum(r.seconds_done for r in before.records)
    assert sum(r.seconds_done for r in kept.records) == done  # no time done is lost
    assert kept.finished is (before.finished or not ahead)
    if not kept.finished:  # the player can run on from here to the end
        final, _ = p.tick(kept, clock.advance(10_000))
        assert final.finished


@settings(max_examples=200, deadline=None)
@given(actions, blocked_sets, st.lists(st.floats(0, 120, allow_nan=False), max_size=8))
def test_back_never_returns_to_a_withheld_step(
    seq: list[tuple[str, float]], blocked: frozenset[str], gaps: list[float]
) -> None:
    state, clock = _start(get_ready=3)
    for action, gap in seq:
        fn = {"tick": p.tick, "pause": p.toggle_pause, "skip": p.skip, "save": p.tick}.get(action)
        state, _ = (fn or {"extend": p.extend, "back": p.back}[action])(state, clock.advance(gap))
    kept = p.withhold(p.restore(p.checkpoint(state, clock.now), clock.now)[0], blocked, clock.now)
    kept = PlayerState.from_dict(kept.to_dict())  # first_open survives the JSON round trip
    for gap in gaps:
        kept, _ = p.back(kept, clock.advance(gap))
        current = kept.current
        assert current is None or current.id not in blocked
