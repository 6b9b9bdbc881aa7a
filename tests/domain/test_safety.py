"""The one safety state: properties over any pair of check results (completed, unfinished)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.knowledge.entry import EntryKind
from legcare.domain.plans.model import LEG_LOADING_KINDS, MASSAGE_KINDS, StepKind
from legcare.domain.safety import (
    Activity,
    SafetyState,
    activities_of_topic,
    activity_of_arm,
    activity_of_step,
    activity_of_topic,
    derive,
    split_arms,
)
from legcare.domain.screening.result import (
    Precaution,
    RedFlagFinding,
    ScreeningResult,
    Triage,
)
from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel, most_urgent

levels = st.sampled_from(list(TriageLevel))
flags = st.builds(
    RedFlagFinding,
    id=st.sampled_from(["possible_clot", "suspected_pe", "skin_infection", "cauda_equina"]),
    label=st.sampled_from(["A", "B"]),
    what_to_do=st.sampled_from(["Be seen today.", "Call your emergency number now."]),
    level=levels,
)
precautions = st.builds(
    Precaution,
    id=st.sampled_from(["possible_clot", "varicose", "anticoagulants"]),
    kind=st.sampled_from(list(PrecautionKind)),
    label=st.sampled_from(["a possible blood clot", "varicose veins"]),
)


@st.composite
def results(draw: st.DrawFn) -> ScreeningResult:
    red = tuple(sorted(draw(st.lists(flags, max_size=3)), key=lambda f: f.level.rank))
    level = most_urgent([draw(levels), *(f.level for f in red)])
    return ScreeningResult(
        patterns=(),
        triage=Triage(level, draw(st.sampled_from(["", "Rest.", "Be seen today."]))),
        red_flags=red,
        precautions=tuple(draw(st.lists(precautions, max_size=3))),
        clinician_points=(),
        summary="",
        content_version="test",
    )


maybe_results = st.none() | results()


@given(maybe_results, maybe_results)
def test_massage_is_blocked_exactly_when_either_check_says_no_massage(latest, unfinished) -> None:
    state = derive(latest, unfinished)
    expected = any(r is not None and r.massage_blocked for r in (latest, unfinished))
    assert state.massage_blocked is expected
    assert state.allows(Activity.MASSAGE) is not expected
    assert state.allows(Activity.LEG_LOADING) is not expected  # a clot: no loading either
    assert state.allows(Activity.OTHER)
    assert bool(state.refusal()) is expected
    assert state.to_dict()["blocked"] == ([] if not expected else ["massage", "leg_loading"])


@given(maybe_results, maybe_results)
def test_an_unfinished_check_only_adds_restrictions(latest, unfinished) -> None:
    alone, both = derive(latest, None), derive(latest, unfinished)
    assert not both.triage.rank > alone.triage.rank  # never less urgent
    assert both.massage_blocked or not alone.massage_blocked
    assert {w.id for w in alone.warnings} <= {w.id for w in both.warnings}


@given(maybe_results, maybe_results)
def test_the_triage_is_the_most_urgent_of_both_and_help_now_means_today(latest, unfinished) -> None:
    state = derive(latest, unfinished)
    candidates = [latest.triage.level] if latest is not None else []
    if unfinished is not None:
        candidates += [f.level for f in unfinished.red_flags]
    assert state.triage is most_urgent(candidates)
    assert state.needs_help_now is (state.triage in (TriageLevel.EMERGENCY, TriageLevel.URGENT))


@given(st.none() | results(), results())
def test_warnings_of_an_unfinished_check_are_marked_and_listed_most_urgent_first(
    latest, unfinished
) -> None:
    state = derive(latest, unfinished)
    ranks = [w.level.rank for w in state.warnings]
    assert ranks == sorted(ranks)
    seen = {f.id for f in latest.red_flags} if latest is not None else set()
    for warning in state.warnings:
        assert warning.unfinished_check is (warning.id not in seen)
    if any(f.id not in seen for f in unfinished.red_flags):
        assert state.unfinished_check


def test_the_default_state_allows_everything() -> None:
    state = derive(None, None)
    assert state == SafetyState()
    assert all(state.allows(a) for a in Activity) and state.refusal() == ""


def test_step_kinds_are_classified_in_one_place() -> None:
    for kind in StepKind:
        activity = activity_of_step(kind.value)
        assert (kind in MASSAGE_KINDS) is (activity is Activity.MASSAGE)
        assert (kind in LEG_LOADING_KINDS) is (activity is Activity.LEG_LOADING)
    assert {k.value for k in MASSAGE_KINDS} == {"massage", "rolling"}
    assert {k.value for k in LEG_LOADING_KINDS} == {"stretch", "strength"}


def test_every_topic_kind_has_an_activity() -> None:
    kinds = {k.value: activity_of_topic(k.value) for k in EntryKind}
    assert kinds["technique"] is Activity.MASSAGE
    assert kinds["exercise"] is Activity.LEG_LOADING
    assert {k for k, a in kinds.items() if a is Activity.OTHER} == {
        "condition",
        "chain_node",
        "advice",
        "precaution",
        "clinician_question",
    }


@given(
    st.sampled_from(["massage", "foam roller", "ball", "trigger point", "deep tissue", "knead"]),
    st.sampled_from(["", "evening ", "calf ", "Foot "]),
)
def test_arms_that_name_massage_or_a_tool_are_massage(word, prefix) -> None:
    assert activity_of_arm(prefix + word) is Activity.MASSAGE
    assert activity_of_arm("no " + word) is Activity.OTHER
    blocked = derive(_clot(), None)
    assert not blocked.allows_arms(f"{prefix}{word},none")
    assert blocked.allows_arms(["orthotics", "none"])


@given(st.sampled_from(["calf stretch", "stretching", "strengthening", "eccentric heel drops"]))
def test_arms_that_stretch_or_strengthen_load_the_leg(arm) -> None:
    assert activity_of_arm(arm) is Activity.LEG_LOADING
    assert not derive(_clot(), None).allows_arms([arm, "none"])


@given(st.lists(st.text(alphabet="ab ,", max_size=6), max_size=4))
def test_split_arms_drops_empty_items_and_strips(items) -> None:
    joined = ",".join(items)
    assert all(a and a == a.strip() for a in split_arms(joined))
    assert split_arms(joined) == split_arms(joined.split(","))


def _clot() -> ScreeningResult:
    return ScreeningResult(
        patterns=(),
        triage=Triage(TriageLevel.URGENT, "Be seen today."),
        red_flags=(RedFlagFinding("possible_clot", "Clot", "Be seen today.", TriageLevel.URGENT),),
        precautions=(Precaution("possible_clot", PrecautionKind.NO_MASSAGE, "a possible clot"),),
        clinician_points=(),
        summary="",
        content_version="test",
    )


@given(
    st.sampled_from(["calf raises", "yoga", "nordic curls", "hamstring bridge", "squats"]),
    st.sampled_from([" ", "_", "-"]),
)
def test_arms_written_as_topic_ids_read_as_their_words(arm, joiner) -> None:
    """ "calf_raises" (a topic id) is the same arm as "calf raises"; both load the leg."""
    written = arm.replace(" ", joiner)
    assert activity_of_arm(written) is Activity.LEG_LOADING
    assert not derive(_clot(), None).allows_arms([written, "none"])


@given(st.sampled_from(["calf rub", "massage gun", "foot_reflexology", "pressing the calf"]))
def test_arms_that_rub_or_press_are_massage(arm) -> None:
    assert activity_of_arm(arm) is Activity.MASSAGE


@given(
    st.sampled_from(["Vibration pad", "pneumatic compression sleeves", "foot MASSAGER"]),
    st.lists(st.text(max_size=20), max_size=3),
)
def test_an_advice_topic_that_names_a_pressing_device_teaches_massage(device, others) -> None:
    names = [*others, device]
    assert Activity.MASSAGE in activities_of_topic("advice", names=names)
    assert not derive(_clot(), None).allows_all(activities_of_topic("advice", names=names))
    # a condition is described, not done: its other names never block it
    assert activities_of_topic("condition", names=names) == {Activity.OTHER}


def test_advice_named_by_ordinary_words_stays_open() -> None:
    names = ["Triggers", "caffeine", "depression", "stress", "warm bath"]
    assert activities_of_topic("advice", names=names) == {Activity.OTHER}


def test_an_advice_topic_takes_the_activities_it_teaches() -> None:
    assert activities_of_topic("advice") == {Activity.OTHER}
    assert activities_of_topic("advice", linked_topic_kinds=["technique"]) == {Activity.MASSAGE}
    assert activities_of_topic("advice", step_kinds=["stretch", "breathing"]) == {
        Activity.LEG_LOADING
    }
    assert activities_of_topic("advice", advice_category="activity") == {Activity.LEG_LOADING}
    assert not derive(_clot(), None).allows_all(
        activities_of_topic("advice", linked_topic_kinds=["exercise"])
    )


@given(st.data())
def test_a_one_letter_slip_in_a_massage_or_stretch_word_reads_the_same(data) -> None:
    """A typo must not get an arm past a block: "masage" is massage, "strech" is stretching."""
    from legcare.domain.safety import LEG_LOADING_WORDS, MASSAGE_WORDS, Activity, activity_of_arm

    kind, words = data.draw(
        st.sampled_from(
            [(Activity.MASSAGE, MASSAGE_WORDS), (Activity.LEG_LOADING, LEG_LOADING_WORDS)]
        )
    )
    word = data.draw(st.sampled_from([w for w in words if " " not in w and len(w) >= 6]))
    cut = data.draw(st.integers(1, len(word) - 2))
    slip = word[:cut] + word[cut + 1 :]  # one letter dropped
    assert activity_of_arm(f"evening {slip}") is kind, slip
    assert activity_of_arm(f"no {slip}") is Activity.OTHER
