from hypothesis import given
from hypothesis import strategies as st

from legcare.domain.plans.model import Adjustments
from legcare.domain.plans.progression import (
    PlanShape,
    Proposal,
    ProposalKind,
    Trend,
    WeekActivity,
    apply_proposals,
    propose,
    symptom_trend,
)

SHAPE = PlanShape(
    techniques={
        "trigger_point": frozenset({"calf"}),
        "myofascial_release": frozenset({"calf", "hamstring"}),
        "full_leg_self_massage": frozenset({"calf", "shin", "hamstring", "thigh"}),
    },
    evenings=2,
    free_days=7,
    adjustments=Adjustments(),
)
WORSE = ([6, 7, 6], [4, 4, 5])
BETTER = ([3, 3, 4], [6, 6, 5])


def test_trend() -> None:
    assert symptom_trend(*BETTER) is Trend.BETTER
    assert symptom_trend(*WORSE) is Trend.WORSE
    assert symptom_trend([5, 5], [5.5, 5]) is Trend.SAME
    assert symptom_trend([5], [5, 5]) is Trend.UNKNOWN


def test_a_technique_skipped_twice_is_changed() -> None:
    week = WeekActivity(planned=2, done=2, skipped={"trigger_point": 2})
    proposal = propose(week, SHAPE)
    assert proposal.kind is ProposalKind.CHANGE_TECHNIQUE
    assert proposal.change == {"exclude": "trigger_point"}
    assert apply_proposals([proposal]).excluded == {"trigger_point"}


def test_high_tenderness_drops_the_firmest_technique_on_that_area() -> None:
    week = WeekActivity(planned=2, done=2, tenderness={"calf": 8, "thigh": 2})
    proposal = propose(week, SHAPE)
    assert proposal.change == {"exclude": "trigger_point"}
    assert "8/10" in proposal.reason


def test_low_adherence_keeps_the_plan() -> None:
    proposal = propose(WeekActivity(planned=4, done=1, recent=WORSE[0], before=WORSE[1]), SHAPE)
    assert proposal.kind is ProposalKind.KEEP and not proposal.change


def test_better_and_adherent_holds_longer() -> None:
    proposal = propose(WeekActivity(planned=2, done=2, recent=BETTER[0], before=BETTER[1]), SHAPE)
    assert proposal.kind is ProposalKind.HOLD_LONGER
    assert proposal.change == {"hold_seconds": 45, "strength_level": 2}
    adj = apply_proposals([proposal])
    assert (adj.hold_seconds, adj.strength_level) == (45, 2)


def test_not_better_adds_an_evening_then_suggests_an_experiment() -> None:
    week = WeekActivity(planned=2, done=2, recent=WORSE[0], before=WORSE[1])
    proposal = propose(week, SHAPE)
    assert proposal.kind is ProposalKind.ADD_EVENING
    assert proposal.change == {"evenings_per_week": 3}
    full = PlanShape(SHAPE.techniques, evenings=3, free_days=3, adjustments=Adjustments())
    experiment = propose(week, full)
    assert experiment.kind is ProposalKind.EXPERIMENT
    assert experiment.change["experiment"]["arms"] == ["massage", "none"]


def test_heel_only_plan_steps_up_strength() -> None:
    shape = PlanShape({"calf_raises": frozenset({"calf"})}, 0, 7, Adjustments())
    proposal = propose(WeekActivity(planned=10, done=9), shape)
    assert proposal.kind is ProposalKind.STEP_UP
    top = PlanShape(shape.techniques, 0, 7, Adjustments(strength_level=3))
    assert propose(WeekActivity(planned=10, done=9), top).kind is ProposalKind.KEEP


def test_proposal_round_trip() -> None:
    proposal = propose(WeekActivity(planned=2, done=2, skipped={"trigger_point": 3}), SHAPE)
    assert Proposal.from_dict(proposal.to_dict()) == proposal


@given(st.lists(st.sampled_from(list(ProposalKind)), max_size=12))
def test_adjustments_stay_in_range(kinds: list[ProposalKind]) -> None:
    changes = {
        ProposalKind.HOLD_LONGER: {"hold_seconds": 200, "strength_level": 9},
        ProposalKind.ADD_EVENING: {"evenings_per_week": 9},
        ProposalKind.CHANGE_TECHNIQUE: {"exclude": "deep_tissue"},
    }
    adj = apply_proposals(Proposal(k, "", "", changes.get(k, {})) for k in kinds)
    assert 30 <= adj.hold_seconds <= 90
    assert 2 <= adj.evenings_per_week <= 4
    assert 1 <= adj.strength_level <= 3
