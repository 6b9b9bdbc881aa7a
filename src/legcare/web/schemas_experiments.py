"""Request and response bodies of the experiments API (``/api/v1/experiments``).

The response models are the typed returns of ``legcare.services.experiments`` (the
``...View`` TypedDicts), field for field; ``tests/web/test_response_models.py`` checks that
they agree. The CLI prints the same with ``--json``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

OUTCOME_HELP = (
    "The primary outcome, one check-in item: rls or leg_pain (evening), sleep_quality, "
    "first_step_heel_pain, calf_hamstring_pain or times_woken_by_legs (morning)."
)


class ExperimentCreate(BaseModel):
    """The body of ``POST /api/v1/experiments``."""

    model_config = ConfigDict(extra="forbid")

    arms: list[str] = Field(
        description='Two to six arms; the LAST is the comparison, e.g. ["evening massage", "none"].'
    )
    outcome: str = Field(description=OUTCOME_HELP)
    pairs: int = Field(4, description="Number of blocks (pairs when there are two arms).")
    period_days: int = Field(7, description="Days per period: 3, 4, 5, 7, 10 or 14.")
    run_in_days: int = Field(0, description="Days of usual routine first (0-14), not compared.")
    transition_days: int | None = Field(
        None, description="Settling-in days at the start of each period (default by length)."
    )
    seed: int | None = Field(None, description="Randomisation seed; random when left out.")
    start: date | None = Field(None, description="First day; today when left out.")
    early_looks: bool = Field(
        False, description="Allow an early look at each pair end from the second (0.99 rule)."
    )
    noticeable: float = Field(1.0, description="Points of benefit that count as noticeable.")
    clear: float = Field(2.0, description="Points of benefit that count as clear.")
    plan_step: str | None = Field(None, description="The plan step it was started from.")
    shared: bool = Field(False, description="Include it in clinicians' pooled view.")


class ExperimentStop(BaseModel):
    """The body of ``POST /api/v1/experiments/stop``."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field("", description="Why it stopped (kept with the experiment).")
    experiment_id: int | None = Field(None, description="Default: the running experiment.")


class ExperimentShare(BaseModel):
    """The body of ``PUT /api/v1/experiments/shared``."""

    model_config = ConfigDict(extra="forbid")

    shared: bool
    experiment_id: int | None = None


class TodayArmPublic(BaseModel):
    """Today's arm of the running experiment (``services.experiments.todays_arm``)."""

    experiment_id: int
    day: str
    arm: str | None = Field(
        description="null on run-in days, and when the safety state blocks today's arm."
    )
    is_run_in: bool
    is_transition: bool
    period: int
    block: int
    day_number: int
    total_days: int
    outcome: str
    message: str
    blocked: bool = Field(
        False, description="Today's arm is not allowed now (for example massage after a clot)."
    )
    not_for_you_now: str | None = Field(
        None, description="On a blocked day: what is not for you now, and why (the safety state)."
    )


class OutcomePublic(BaseModel):
    key: str
    label: str
    checkin: str = Field(description="evening or morning.")
    direction: str = Field(description="lower_is_better or higher_is_better.")
    scale: list[float]


class ThresholdsPublic(BaseModel):
    noticeable: float = Field(description="Points of benefit that count as noticeable.")
    clear: float = Field(description="Points of benefit that count as clear.")


class ScheduleEntryPublic(BaseModel):
    day: str
    arm: str | None = Field(description="null on run-in days.")
    period: int
    block: int
    is_transition: bool
    is_run_in: bool
    day_number: int
    blocked: bool = Field(description="From today on: the safety state does not allow this arm.")


class SizeCheckPublic(BaseModel):
    """How many pairs this person needs, from their own ratings before the experiment."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", description="Which ratings the estimate rests on.")
    ratings: int
    sd: float | None
    phi: float | None
    pairs_needed: int
    more_than_max: bool
    planned_pairs: int
    sentence: str


class LookPublic(BaseModel):
    day: str
    final: bool
    action: str = Field(description="continue, stop_benefit, stop_futility or finished.")
    reason: str


class SizeEstimatePublic(BaseModel):
    outcome: OutcomePublic
    period_days: int
    ratings: int = Field(description="How many ratings the estimate rests on.")
    sd: float
    phi: float = Field(description="Day-to-day carry-over (lag-1 correlation, 0 to 0.9).")
    pairs_needed: int
    more_than_max: bool
    sentence: str


class SizeEstimatesPublic(BaseModel):
    """Before starting: how many pairs each outcome would need, from the last four weeks."""

    start: str
    end: str
    noticeable: float
    estimates: list[SizeEstimatePublic] = Field(
        description="Outcomes rated on fewer than 7 of these days are left out."
    )
    note: str


class ExperimentStatusPublic(BaseModel):
    """An experiment as the person may see it today (future periods are not revealed)."""

    id: int
    status: str = Field(description="active, stopped or finished.")
    phase: str = Field(description="not_started, run_in, running or ended.")
    created_at: str
    start_day: str
    end_day: str
    seed: int | None = Field(description="null while it runs: it would reveal the future.")
    arms: list[str]
    comparison: str
    outcome: OutcomePublic
    pairs: int
    period_days: int
    run_in_days: int
    transition_days: int
    total_days: int
    early_looks: bool
    thresholds: ThresholdsPublic
    plan_step: str | None
    shared: bool
    stopped_at: str | None
    stop_reason: str | None
    notes: list[str]
    today: TodayArmPublic | None
    safety: dict[str, Any] = Field(description="The safety state, as every surface shows it.")
    schedule: list[ScheduleEntryPublic]
    look: LookPublic | None
    size_check: SizeCheckPublic | None


class ExperimentItemPublic(BaseModel):
    id: int
    status: str
    arms: list[str]
    outcome: str
    start_day: str
    end_day: str
    shared: bool


class ExperimentListPublic(BaseModel):
    count: int
    experiments: list[ExperimentItemPublic]


class BandPublic(BaseModel):
    key: str = Field(description="worse, no_change, noticeable or clear.")
    label: str
    probability: float


class ComparisonPublic(BaseModel):
    """One practice arm against the comparison arm; effects are practice minus comparison."""

    arm: str
    comparison: str
    effect_mean: float
    effect_sd: float
    effect_median: float
    ci95: list[float]
    ci80: list[float]
    p_helps: float
    p_noticeable: float
    p_clear: float
    p_worse: float
    p_worse_noticeable: float
    bands: list[BandPublic]
    verdict: str = Field(
        description="helps_noticeably, probably_helps, no_useful_benefit or unclear; before the "
        "planned end the stricter interim rule applies (never probably_helps)."
    )
    sentence: str
    p_helps_range: list[float] = Field(
        description="The lowest and highest chance that it helps across the main analysis and "
        "its checks (a different analysis each)."
    )


class PeriodPublic(BaseModel):
    period: int
    block: int
    arm: str
    start: str
    end: str
    planned_days: int
    rated_days: int
    mean: float | None


class SensitivityPublic(BaseModel):
    arm: str
    name: str
    p_helps: float
    effect_mean: float
    verdict: str
    agrees: bool


class FactorArmPublic(BaseModel):
    arm: str
    days: int = Field(description="Days of this arm with the factor recorded.")
    value: float | None = Field(
        description="Yes/no: the share of those days with yes; 0-10: their mean."
    )


class OtherFactorPublic(BaseModel):
    """One factor recorded during the experiment, arm by arm; the analysis does not adjust for
    it."""

    name: str
    source: str = Field(description="check-in or your factor.")
    kind: str = Field(description="yes_no or scale_0_10.")
    arms: list[FactorArmPublic]
    differs: bool = Field(
        description="The arms differ by at least a quarter of the days (yes/no) or 1.5 points "
        "(0-10), each with at least 3 recorded days."
    )
    summary: str


class ExperimentResultsPublic(BaseModel):
    """The analysis so far: probabilities, effect and interval, bands, sentence, caveats."""

    experiment_id: int
    status: str
    arms: list[str]
    comparison: str
    outcome: OutcomePublic
    analysed_through: str
    direction: str = Field(description="lower_is_better or higher_is_better.")
    thresholds: ThresholdsPublic
    enough_data: bool
    reasons: list[str]
    sentence: str
    comparisons: list[ComparisonPublic]
    phi_mean: float | None
    trend_per_week: float | None
    rated_days: int
    elapsed_days: int
    adherence: float | None
    practice_adherence: float | None
    periods: list[PeriodPublic]
    sensitivity: list[SensitivityPublic]
    interim: bool = Field(
        description="Read before the planned end: provisional, with the stricter interim rule."
    )
    planned_end: str | None
    best_of: int = Field(description="How many practice arms the headline was picked from.")
    caveats: list[str]
    model: str
    false_alarms: str
    ratings: list[tuple[str, float]] = Field(description="[day, rating] of the days so far.")
    look: LookPublic | None
    other_factors: list[OtherFactorPublic] = Field(
        description="Other things recorded during the experiment, arm by arm (not adjusted for)."
    )
    other_factors_note: str


class PooledMemberPublic(BaseModel):
    client: str
    experiment_id: int
    arm: str
    comparison: str
    benefit_mean: float
    benefit_sd: float
    shrunken_benefit: float


class PooledFiguresPublic(BaseModel):
    benefit_mean: float
    benefit_sd: float
    p_helps_on_average: float
    between_person_sd: float
    new_person_mean: float
    new_person_sd: float


class PooledGroupPublic(BaseModel):
    outcome: OutcomePublic
    people: int
    experiments: list[PooledMemberPublic]
    pooled: PooledFiguresPublic


class PooledViewPublic(BaseModel):
    """Clinicians, server mode: the two-stage pooled benefit of shared experiments."""

    clients_sharing: int
    experiments_shared: int
    groups: list[PooledGroupPublic]
    note: str
