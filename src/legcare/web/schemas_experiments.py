"""Request and response bodies of the experiments API (``/api/v1/experiments``).

The response models name the main fields and allow the rest (``extra="allow"``), so that the
API returns exactly the dicts of ``legcare.services.experiments``, which the CLI prints with
``--json``.
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


class ExperimentStatusPublic(BaseModel):
    """An experiment as the person may see it today (future periods are not revealed)."""

    model_config = ConfigDict(extra="allow")

    id: int
    status: str = Field(description="active, stopped or finished.")
    phase: str = Field(description="not_started, run_in, running or ended.")
    arms: list[str]
    comparison: str
    outcome: dict[str, Any]
    schedule: list[dict[str, Any]]


class ExperimentListPublic(BaseModel):
    count: int
    experiments: list[dict[str, Any]]


class ExperimentResultsPublic(BaseModel):
    """The analysis so far: probabilities, effect and interval, bands, sentence, caveats."""

    model_config = ConfigDict(extra="allow")

    experiment_id: int
    enough_data: bool
    direction: str = Field(description="lower_is_better or higher_is_better.")
    sentence: str
    comparisons: list[dict[str, Any]]


class PooledViewPublic(BaseModel):
    """Clinicians, server mode: the two-stage pooled benefit of shared experiments."""

    model_config = ConfigDict(extra="allow")

    clients_sharing: int
    experiments_shared: int
    groups: list[dict[str, Any]]
