"""Experiment use-cases: start, status, today's arm, stop, results, sharing and the pooled view.

An experiment asks "does this practice help *me*?" with a randomised n-of-1 design
(``legcare.domain.experiments``). Its schedule is randomised once from a stored seed, stored
at enrolment and never recomputed. The outcome values are read from the check-ins
(``legcare.services.diary.list_checkins``): evening items (``rls``, ``leg_pain``) belong to the
day they are logged; morning items (``sleep_quality``, ``first_step_heel_pain``,
``calf_hamstring_pain``, ``times_woken_by_legs``) describe the night before, so a morning
rating belongs to the previous day's arm. Practice adherence is read from the evening
``massage_done`` flag when an arm is a massage.

Other parts show today's arm with ``todays_arm(ctx=...)`` (None when no experiment is running).
Every public function returns a TypedDict below (``...View``): exactly what the API returns
(``legcare.web.schemas_experiments``, checked against them in
``tests/web/test_response_models.py``) and the CLI prints with ``--json``.
"""

from __future__ import annotations

import math
import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from legcare.domain.counting import arm_day
from legcare.domain.diary.checkins import log_fills_massage
from legcare.domain.experiments.analysis import (
    Comparison,
    ExperimentResult,
    Prior,
    Thresholds,
    analyse,
)
from legcare.domain.experiments.design import (
    OUTCOMES,
    PERIOD_DAYS_ALLOWED,
    Design,
    OutcomeSpec,
    ScheduleDay,
    build_schedule,
    day_in_schedule,
    default_transition_days,
    revealed,
    suitability_notes,
    validate_design,
)
from legcare.domain.experiments.monitoring import LookDecision, StoppingRule, decide, due_look
from legcare.domain.safety import SafetyJson, is_massage_arm
from legcare.errors import Conflict, InvalidInput, NotFound, PermissionDenied, SafetyStop
from legcare.services import diary
from legcare.services.context import AppContext
from legcare.services.safety import current_state
from legcare.store import experiments as repo

if TYPE_CHECKING:  # pooling needs numpy: imported when the pooled view is asked for
    from legcare.domain.experiments.pooling import PooledResult

MAX_SEED = 2**62
MAX_START_AHEAD = 30
MAX_REASON = 500
MAX_ID = 2**31
ARMS_HELP = 'arms: two to six names, the last is the comparison, e.g. "evening massage,none"'


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _f(value: float) -> float:
    return round(float(value), 4)


# -- what the use-cases return (the API models are checked against these) -----------------


class OutcomeView(TypedDict):
    key: str
    label: str
    checkin: str  # evening | morning
    direction: str  # lower_is_better | higher_is_better
    scale: list[float]


class ThresholdsView(TypedDict):
    noticeable: float
    clear: float


class BandView(TypedDict):
    key: str  # worse | no_change | noticeable | clear
    label: str
    probability: float


class ComparisonView(TypedDict):
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
    bands: list[BandView]
    verdict: str
    sentence: str
    p_helps_range: list[float]  # lowest and highest P(helps) across the checks


class PeriodView(TypedDict):
    period: int
    block: int
    arm: str
    start: str
    end: str
    planned_days: int
    rated_days: int
    mean: float | None


class SensitivityView(TypedDict):
    arm: str
    name: str
    p_helps: float
    effect_mean: float
    verdict: str
    agrees: bool


class ResultView(TypedDict):
    """The JSON shape of an analysis (``result_to_dict``)."""

    direction: str
    thresholds: ThresholdsView
    enough_data: bool
    reasons: list[str]
    sentence: str
    comparisons: list[ComparisonView]
    phi_mean: float | None
    trend_per_week: float | None
    rated_days: int
    elapsed_days: int
    adherence: float | None
    practice_adherence: float | None
    periods: list[PeriodView]
    sensitivity: list[SensitivityView]
    interim: bool  # before the planned end: provisional, the stricter rule
    planned_end: str | None
    best_of: int  # how many practice arms the headline was picked from
    caveats: list[str]
    model: str
    false_alarms: str


class LookView(TypedDict):
    day: str
    final: bool
    action: str  # continue | stop_benefit | stop_futility | finished
    reason: str


class FactorArmView(TypedDict):
    arm: str
    days: int  # days of this arm with the factor recorded
    value: float | None  # yes/no: share of those days with yes; 0-10: their mean


class OtherFactorView(TypedDict):
    """One factor recorded during the experiment, arm by arm (not adjusted for)."""

    name: str
    source: str  # check-in | your factor
    kind: str  # yes_no | scale_0_10
    arms: list[FactorArmView]
    differs: bool  # the arms differ by a quarter of the days, or 1.5 points
    summary: str


class ExperimentResultsView(ResultView):
    """``experiment_results``: the analysis so far with the experiment it is about."""

    experiment_id: int
    status: str
    arms: list[str]
    comparison: str
    outcome: OutcomeView
    analysed_through: str
    ratings: list[tuple[str, float]]  # (day, rating) of the experimental days so far
    look: LookView | None
    other_factors: list[OtherFactorView]  # what else changed, arm by arm
    other_factors_note: str


class TodayArmView(TypedDict):
    """Today's entry of the running experiment (``todays_arm``)."""

    experiment_id: int
    day: str
    arm: str | None  # None on run-in days and when the safety state blocks it
    is_run_in: bool
    is_transition: bool
    period: int
    block: int
    day_number: int
    total_days: int
    outcome: str
    message: str
    blocked: bool
    not_for_you_now: str | None


class ScheduleEntryView(TypedDict):
    day: str
    arm: str | None
    period: int
    block: int
    is_transition: bool
    is_run_in: bool
    day_number: int
    blocked: bool


# How many pairs this person needs (``legcare.domain.experiments.sizing``); "from" says which
# ratings the estimate rests on ("run-in" or "the four weeks before the start").
SizeCheckView = TypedDict(
    "SizeCheckView",
    {
        "from": str,
        "ratings": int,
        "sd": float | None,
        "phi": float | None,
        "pairs_needed": int,
        "more_than_max": bool,
        "planned_pairs": int,
        "sentence": str,
    },
)


class SizeEstimateView(TypedDict):
    """One outcome and period length: the pairs needed (``legcare.domain.experiments.sizing``)."""

    outcome: OutcomeView
    period_days: int
    ratings: int  # how many ratings the estimate rests on
    sd: float
    phi: float
    pairs_needed: int
    more_than_max: bool
    sentence: str


class SizeEstimatesView(TypedDict):
    """Before starting: how many pairs each outcome would need, from the last four weeks."""

    start: str
    end: str
    noticeable: float
    estimates: list[SizeEstimateView]  # outcomes with too few ratings are left out
    note: str


class ExperimentStatusView(TypedDict):
    """An experiment as the person may see it today (future periods are not revealed)."""

    id: int
    status: str  # active | stopped | finished
    phase: str  # not_started | run_in | running | ended
    created_at: str
    start_day: str
    end_day: str
    seed: int | None  # None while it runs: it would reveal the future
    arms: list[str]
    comparison: str
    outcome: OutcomeView
    pairs: int
    period_days: int
    run_in_days: int
    transition_days: int
    total_days: int
    early_looks: bool
    thresholds: ThresholdsView
    plan_step: str | None
    shared: bool
    stopped_at: str | None
    stop_reason: str | None
    notes: list[str]
    today: TodayArmView | None
    safety: SafetyJson  # ``SafetyState.to_dict``, as every surface shows it
    schedule: list[ScheduleEntryView]
    look: LookView | None
    size_check: SizeCheckView | None


class ExperimentItemView(TypedDict):
    id: int
    status: str
    arms: list[str]
    outcome: str
    start_day: str
    end_day: str
    shared: bool


class ExperimentListView(TypedDict):
    count: int
    experiments: list[ExperimentItemView]


class ResultsChartsView(TypedDict):
    bands: str  # SVG text: how likely each size of change is
    ratings: str  # SVG text: the daily ratings by period


class PooledMemberView(TypedDict):
    client: str
    experiment_id: int
    arm: str
    comparison: str
    benefit_mean: float
    benefit_sd: float
    shrunken_benefit: float


class PooledFiguresView(TypedDict):
    benefit_mean: float
    benefit_sd: float
    p_helps_on_average: float
    between_person_sd: float
    new_person_mean: float
    new_person_sd: float


class PooledGroupView(TypedDict):
    outcome: OutcomeView
    people: int
    experiments: list[PooledMemberView]
    pooled: PooledFiguresView


class PooledView(TypedDict):
    clients_sharing: int
    experiments_shared: int
    groups: list[PooledGroupView]
    note: str


def outcome_to_dict(spec: OutcomeSpec) -> OutcomeView:
    return {
        "key": spec.key,
        "label": spec.label,
        "checkin": spec.kind.value,
        "direction": spec.direction.value,
        "scale": [spec.scale_min, spec.scale_max],
    }


def _comparison_to_dict(c: Comparison) -> ComparisonView:
    return {
        "arm": c.arm,
        "comparison": c.comparison,
        "effect_mean": _f(c.effect_mean),
        "effect_sd": _f(c.effect_sd),
        "effect_median": _f(c.effect_median),
        "ci95": [_f(c.ci95[0]), _f(c.ci95[1])],
        "ci80": [_f(c.ci80[0]), _f(c.ci80[1])],
        "p_helps": _f(c.p_helps),
        "p_noticeable": _f(c.p_noticeable),
        "p_clear": _f(c.p_clear),
        "p_worse": _f(c.p_worse),
        "p_worse_noticeable": _f(c.p_worse_noticeable),
        "bands": [
            {"key": b.key, "label": b.label, "probability": _f(b.probability)} for b in c.bands
        ],  # fmt: skip
        "verdict": c.verdict.value,
        "sentence": c.sentence,
        "p_helps_range": [_f(c.p_helps_range[0]), _f(c.p_helps_range[1])],
    }


def result_to_dict(result: ExperimentResult) -> ResultView:
    """The JSON shape of an analysis (effects are practice minus comparison, in points)."""
    return {
        "direction": result.direction.value,
        "thresholds": {
            "noticeable": result.thresholds.noticeable,
            "clear": result.thresholds.clear,
        },  # fmt: skip
        "enough_data": result.enough_data,
        "reasons": list(result.reasons),
        "sentence": result.sentence,
        "comparisons": [_comparison_to_dict(c) for c in result.comparisons],
        "phi_mean": _r(result.phi_mean),
        "trend_per_week": _r(result.trend_per_week),
        "rated_days": result.rated_days,
        "elapsed_days": result.elapsed_days,
        "adherence": _r(result.adherence),
        "practice_adherence": _r(result.practice_adherence),
        "periods": [
            {
                "period": p.period,
                "block": p.block,
                "arm": p.arm,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "planned_days": p.planned_days,
                "rated_days": p.rated_days,
                "mean": _r(p.mean),
            }
            for p in result.periods
        ],  # fmt: skip
        "sensitivity": [
            {
                "arm": s.arm,
                "name": s.name,
                "p_helps": _f(s.p_helps),
                "effect_mean": _f(s.effect_mean),
                "verdict": s.verdict.value,
                "agrees": s.agrees,
            }
            for s in result.sensitivity
        ],  # fmt: skip
        "interim": result.interim,
        "planned_end": None if result.planned_end is None else result.planned_end.isoformat(),
        "best_of": result.best_of,
        "caveats": list(result.caveats),
        "model": MODEL_NOTE,
        "false_alarms": FALSE_ALARM_NOTE,
    }


def look_to_dict(decision: LookDecision) -> LookView:
    return {"day": decision.day.isoformat(), "final": decision.final,
            "action": decision.action.value, "reason": decision.reason}  # fmt: skip


def pooled_group_to_dict(
    spec: OutcomeSpec, members: list[PooledMemberView], pooled: PooledResult
) -> PooledGroupView:  # PooledResult: imported for type checking only (numpy on use)
    """One outcome's pooled figures; ``members`` carry their unrounded benefit, in the order
    given to the pooling."""
    shown: list[PooledMemberView] = [
        {
            "client": m["client"],
            "experiment_id": m["experiment_id"],
            "arm": m["arm"],
            "comparison": m["comparison"],
            "benefit_mean": _f(m["benefit_mean"]),
            "benefit_sd": _f(m["benefit_sd"]),
            "shrunken_benefit": _f(shrunk),
        }
        for m, shrunk in zip(members, pooled.shrunken, strict=True)
    ]
    return {
        "outcome": outcome_to_dict(spec),
        "people": pooled.people,
        "experiments": shown,
        "pooled": {
            "benefit_mean": _f(pooled.mean),
            "benefit_sd": _f(pooled.sd),
            "p_helps_on_average": _f(pooled.p_helps_on_average),
            "between_person_sd": _f(pooled.tau_mean),
            "new_person_mean": _f(pooled.predictive_mean),
            "new_person_sd": _f(pooled.predictive_sd),
        },
    }


MODEL_NOTE = (
    "Exact Bayesian analysis: rating = level + effect of each practice + a linear trend, with "
    "day-to-day carry-over of symptoms (AR(1) errors integrated over a grid); missing days are "
    "handled exactly. Weakly informative prior centred on no effect."
)

FALSE_ALARM_NOTE = (
    "For transparency: in simulated 8-week experiments where the practice truly did nothing, "
    "about 6 in 100 still showed a 95% or higher chance that it helps, and about 5 in 100 met "
    "the 'helps by a noticeable amount' rule (95% and a 50% chance of 1+ points)."
)


FACTORS_NOTE = (
    "Other things you recorded during the experiment, arm by arm. The analysis does not adjust "
    "for them: one that differed between the arms could explain part of the difference in your "
    "ratings, or be an effect of the practice itself; with few days per arm, differences also "
    "arise by chance."
)


class _Loaded:
    """A stored experiment with its design and schedule parsed."""

    def __init__(self, row: repo.ExperimentRow) -> None:
        self.row = row
        self.design = Design.from_json(row.design)
        self.schedule = [ScheduleDay.from_json(d) for d in row.schedule]
        self.rule = StoppingRule(early_looks=bool(row.design.get("early_looks", False)))
        self.thresholds = Thresholds.from_json(row.design.get("thresholds"))

    @property
    def end_day(self) -> date:
        return self.schedule[-1].day

    def status(self, today: date) -> str:
        if self.row.status == repo.ACTIVE and today > self.end_day:
            return repo.FINISHED
        return self.row.status


def _parse_arms(arms: Sequence[str] | str) -> tuple[str, ...]:
    items = arms.split(",") if isinstance(arms, str) else list(arms)
    return tuple(" ".join(a.split()) for a in items)


def _check_new(ctx: AppContext, design: Design, thresholds: Thresholds, start: date,
               seed: int) -> None:  # fmt: skip
    problems = validate_design(design) + thresholds.problems()
    if not 0 <= seed < MAX_SEED:
        problems.append(f"seed: a whole number from 0 to {MAX_SEED - 1}")
    today = ctx.today()
    if not today <= start <= today + timedelta(days=MAX_START_AHEAD):
        problems.append(f"start: today or up to {MAX_START_AHEAD} days ahead")
    if problems:
        raise InvalidInput("The experiment cannot be set up as asked.", details=problems)


def new_experiment(  # noqa: PLR0913
    *,
    ctx: AppContext,
    arms: Sequence[str] | str | None = None,
    outcome: str = "rls",
    pairs: int = 4,
    period_days: int = 7,
    run_in_days: int = 0,
    transition_days: int | None = None,
    seed: int | None = None,
    start: date | None = None,
    early_looks: bool = False,
    noticeable: float = 1.0,
    clear: float = 2.0,
    plan_step: str | None = None,
    shared: bool = False,
) -> ExperimentStatusView:
    """Randomise and store a new experiment (one transaction); returns its status.

    ``arms``: two or more, the LAST is the comparison (e.g. ``"evening massage,none"``); when
    None, the plan step against "none".
    ``pairs``: the number of blocks (pairs with two arms). ``seed``: a random one when None.
    ``plan_step``: the plan step it was started from, kept for the record.
    """
    if arms is None:
        if not plan_step:
            raise InvalidInput("Name the arms to compare.", details=[ARMS_HELP])
        arms = (plan_step.replace("_", " "), "none")  # the plan step against the usual routine
    design = Design(
        arms=_parse_arms(arms),
        outcome=outcome,
        blocks=pairs,
        period_days=period_days,
        run_in_days=run_in_days,
        transition_days=(
            default_transition_days(period_days) if transition_days is None else transition_days
        ),
    )
    _refuse_if_blocked(ctx, design.arms)
    thresholds = Thresholds(noticeable, clear)
    the_seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    the_start = start or ctx.today()
    _check_new(ctx, design, thresholds, the_start, the_seed)
    schedule = build_schedule(design, start=the_start, seed=the_seed)
    stored_design = {
        **design.to_json(),
        "early_looks": early_looks,
        "thresholds": {"noticeable": noticeable, "clear": clear},
        "plan_step": plan_step,
    }
    with ctx.store.transaction() as conn:
        for row in repo.list_experiments(conn, ctx.user_id):
            loaded = _Loaded(row)
            if row.status == repo.ACTIVE and loaded.status(ctx.today()) == repo.FINISHED:
                repo.set_status(conn, ctx.user_id, row.id, status=repo.FINISHED)
            if loaded.status(ctx.today()) == repo.ACTIVE:
                raise Conflict(
                    f"Experiment {row.id} is still running (until "
                    f"{loaded.end_day.isoformat()}). Stop it first: one experiment at a time."
                )
        new_id = repo.insert_experiment(
            conn, ctx.user_id, created_at=ctx.now(), start_day=the_start, seed=the_seed,
            design=stored_design, schedule=[d.to_json() for d in schedule], shared=shared,
        )  # fmt: skip
    return experiment_status(ctx=ctx, experiment_id=new_id)


def _refuse_if_blocked(ctx: AppContext, arms: Sequence[str]) -> None:
    """The safety state decides: a possible blood clot blocks every massage (and loading of
    the leg), experiments included."""
    state = current_state(ctx=ctx)
    if not state.allows_arms(arms):
        raise SafetyStop(
            "This experiment cannot start. " + state.refusal(),
            details=[
                "arms: choose arms without massage, rolling, pressure or stretching, "
                "e.g. 'orthotics,none'"
            ],
        )


def _gate_schedule(ctx: AppContext, days: list[ScheduleEntryView]) -> list[ScheduleEntryView]:
    """The schedule with each day from today on marked ``blocked`` when the safety state does
    not allow its arm (the days before stay as they were: they are the record)."""
    state = current_state(ctx=ctx)
    today = ctx.today().isoformat()
    for day in days:
        arm = day["arm"]
        day["blocked"] = bool(arm) and day["day"] >= today and not state.allows_arms([str(arm)])
    return days


def _gate_today(ctx: AppContext, today: TodayArmView | None) -> TodayArmView | None:
    """Today's entry as the safety state allows it: a blocked arm becomes "not today"."""
    if today is None:
        return None
    state = current_state(ctx=ctx)
    arm = today["arm"]
    blocked = arm is not None and bool(arm) and not state.allows_arms([arm])
    today["blocked"] = blocked
    today["not_for_you_now"] = None
    if blocked:
        today["arm"] = None
        # The refusal itself is said once, by the safety note of each surface
        # (``not_for_you_now`` here for a surface that shows this message on its own).
        today["not_for_you_now"] = state.refusal()
        today["message"] = (
            f"Experiment day {today['day_number']} of {today['total_days']}: nothing of this "
            "experiment today, because of the warning sign in your check. You can stop this "
            "experiment."
        )
    return today


def _current(ctx: AppContext) -> _Loaded | None:
    """The experiment running today (the newest, should there be several), else the newest
    one. One stored as active whose schedule has ended (an import can hold one) is not
    running: a newer stopped or finished experiment is shown before it."""
    with ctx.store.read() as conn:
        rows = repo.list_experiments(conn, ctx.user_id)  # newest first
    today = ctx.today()
    active = (_Loaded(r) for r in rows if r.status == repo.ACTIVE)
    running = next((exp for exp in active if exp.status(today) == repo.ACTIVE), None)
    if running is not None:
        return running
    return _Loaded(rows[0]) if rows else None


def _load(ctx: AppContext, experiment_id: int | None) -> _Loaded:
    if experiment_id is None:
        current = _current(ctx)
        if current is None:
            raise NotFound("There is no experiment yet. Start one with `experiment new`.")
        return current
    in_range = 0 < experiment_id < MAX_ID  # larger ids would overflow the column
    with ctx.store.read() as conn:
        row = repo.get_experiment(conn, ctx.user_id, experiment_id) if in_range else None
    if row is None:
        raise NotFound(f"There is no experiment {experiment_id}.")
    return _Loaded(row)


def _entry_to_dict(entry: ScheduleDay, first: date) -> ScheduleEntryView:
    """One schedule day; ``blocked`` is set by ``_gate_schedule``."""
    return {"day": entry.day.isoformat(), "arm": entry.arm, "period": entry.period,
            "block": entry.block, "is_transition": entry.is_transition,
            "is_run_in": entry.is_run_in, "day_number": (entry.day - first).days + 1,
            "blocked": False}  # fmt: skip


def _phase(exp: _Loaded, today: date) -> str:
    entry = day_in_schedule(exp.schedule, today)
    if exp.status(today) != repo.ACTIVE:
        return "ended"
    if entry is None:
        return "not_started"
    return "run_in" if entry.is_run_in else "running"


def experiment_status(*, ctx: AppContext, experiment_id: int | None = None) -> ExperimentStatusView:
    """The experiment (default: the running or latest one) as the person may see it today:
    the schedule is revealed only up to the end of the current period."""
    exp = _load(ctx, experiment_id)
    today = ctx.today()
    status = exp.status(today)
    first = exp.schedule[0].day
    shown = exp.schedule if status != repo.ACTIVE else revealed(exp.schedule, today)
    return {
        "id": exp.row.id,
        "status": status,
        "phase": _phase(exp, today),
        "created_at": exp.row.created_at.isoformat(),
        "start_day": first.isoformat(),
        "end_day": exp.end_day.isoformat(),
        "seed": None if status == repo.ACTIVE else exp.row.seed,  # it would reveal the future
        "arms": list(exp.design.arms),
        "comparison": exp.design.comparison,
        "outcome": outcome_to_dict(exp.design.outcome_spec),
        "pairs": exp.design.blocks,
        "period_days": exp.design.period_days,
        "run_in_days": exp.design.run_in_days,
        "transition_days": exp.design.transition_days,
        "total_days": len(exp.schedule),
        "early_looks": exp.rule.early_looks,
        "thresholds": {"noticeable": exp.thresholds.noticeable, "clear": exp.thresholds.clear},
        "plan_step": exp.row.design.get("plan_step"),
        "shared": exp.row.shared,
        "stopped_at": exp.row.stopped_at.isoformat() if exp.row.stopped_at else None,
        "stop_reason": exp.row.stop_reason,
        "notes": suitability_notes(exp.design),
        "today": _gate_today(ctx, _today_dict(exp, today)),
        "safety": current_state(ctx=ctx).to_dict(),
        "schedule": _gate_schedule(ctx, [_entry_to_dict(d, first) for d in shown]),
        "look": _look(ctx, exp) if status == repo.ACTIVE else None,
        "size_check": _size_check(ctx, exp) if status == repo.ACTIVE else None,
    }


SIZE_LOOKBACK_DAYS = 28


def _size_check(ctx: AppContext, exp: _Loaded) -> SizeCheckView | None:
    """How many pairs this person needs, from their run-in ratings (or, without a run-in, the
    four weeks before the start): ``legcare.domain.experiments.sizing``."""
    from legcare.domain.experiments.sizing import pairs_needed

    spec = exp.design.outcome_spec
    lag = timedelta(days=spec.lag_days)
    first = exp.schedule[0].day
    run_in = [d.day for d in exp.schedule if d.is_run_in and d.day + lag <= ctx.today()]
    start, end = (run_in[0], run_in[-1]) if run_in else (
        first - timedelta(days=SIZE_LOOKBACK_DAYS), first - timedelta(days=1)
    )  # fmt: skip
    values: dict[date, float] = {}
    for kind, day, recorded in _checkin_values(ctx, start + lag, min(end + lag, ctx.today())):
        value = recorded.get(spec.key)
        if kind == spec.kind.value and isinstance(value, int | float):
            values[day - lag] = float(value)
    estimate = pairs_needed(
        [values[d] for d in sorted(values)],
        period_days=exp.design.period_days,
        effect=exp.thresholds.noticeable,
    )
    if estimate is None:
        return None
    return {
        "from": "run-in" if run_in else "the four weeks before the start",
        "ratings": estimate.ratings,
        "sd": _r(estimate.sd),
        "phi": _r(estimate.phi),
        "pairs_needed": estimate.pairs,
        "more_than_max": estimate.too_many,
        "planned_pairs": exp.design.blocks,
        "sentence": estimate.sentence(exp.design.blocks),
    }


SIZE_PERIODS = (7, 14)
SIZE_NOTE = (
    "Each figure assumes your ratings keep behaving as they did in these weeks; an outcome you "
    "rated on fewer than 7 days is left out."
)


def size_estimates(
    *,
    ctx: AppContext,
    outcome: str | None = None,
    period_days: int | None = None,
    noticeable: float = 1.0,
) -> SizeEstimatesView:
    """Design time, before an experiment exists: how many pairs each outcome (or ``outcome``)
    would need to find a ``noticeable`` benefit with ``period_days``-day periods (default: 7
    and 14), from this person's ratings over the four weeks before today."""
    from legcare.domain.experiments.sizing import pairs_needed

    problems = []
    if outcome is not None and outcome not in OUTCOMES:
        problems.append(f"outcome: allowed: {', '.join(OUTCOMES)}")
    if period_days is not None and period_days not in PERIOD_DAYS_ALLOWED:
        problems.append(f"period days: allowed: {', '.join(map(str, PERIOD_DAYS_ALLOWED))}")
    if not (math.isfinite(noticeable) and 0 < noticeable <= 5):
        problems.append("noticeable: a number of points above 0 and up to 5")
    if problems:
        raise InvalidInput("The estimate cannot be made as asked.", details=problems)
    end = ctx.today() - timedelta(days=1)
    start = end - timedelta(days=SIZE_LOOKBACK_DAYS - 1)
    rows = _checkin_values(ctx, start, end + timedelta(days=1))
    estimates: list[SizeEstimateView] = []
    for key, spec in OUTCOMES.items():
        if outcome is not None and key != outcome:
            continue
        lag = timedelta(days=spec.lag_days)
        values = {
            day - lag: float(v)
            for kind, day, recorded in rows
            if kind == spec.kind.value
            and isinstance(v := recorded.get(spec.key), int | float)
            and not isinstance(v, bool)
            and start <= day - lag <= end
        }
        series = [values[d] for d in sorted(values)]
        for days in (period_days,) if period_days else SIZE_PERIODS:
            found = pairs_needed(series, period_days=days, effect=noticeable)
            if found is None:
                continue
            estimates.append({
                "outcome": outcome_to_dict(spec), "period_days": days,
                "ratings": found.ratings, "sd": _f(found.sd), "phi": _f(found.phi),
                "pairs_needed": found.pairs, "more_than_max": found.too_many,
                "sentence": found.planning_sentence("over the last four weeks"),
            })  # fmt: skip
    return {"start": start.isoformat(), "end": end.isoformat(), "noticeable": noticeable,
            "estimates": estimates, "note": SIZE_NOTE}  # fmt: skip


def list_experiments(*, ctx: AppContext) -> ExperimentListView:
    """Every experiment of this user, newest first (no schedules)."""
    with ctx.store.read() as conn:
        rows = repo.list_experiments(conn, ctx.user_id)
    today = ctx.today()
    items: list[ExperimentItemView] = []
    for row in rows:
        exp = _Loaded(row)
        items.append({"id": row.id, "status": exp.status(today), "arms": list(exp.design.arms),
                      "outcome": exp.design.outcome, "start_day": row.start_day.isoformat(),
                      "end_day": exp.end_day.isoformat(), "shared": row.shared})  # fmt: skip
    return {"count": len(items), "experiments": items}


def _today_dict(exp: _Loaded, today: date) -> TodayArmView | None:
    entry = day_in_schedule(exp.schedule, today)
    if entry is None or exp.status(today) != repo.ACTIVE:
        return None
    total = len(exp.schedule)
    number = (today - exp.schedule[0].day).days + 1
    spec = exp.design.outcome_spec
    when = "tomorrow morning's" if spec.lag_days else "this evening's"
    if entry.is_run_in:
        doing = "a run-in day: keep your usual routine"
    else:
        doing = arm_day(entry.arm or "")
        if entry.is_transition:
            doing += (
                " (a settling-in day at the start of a period)"
                if entry.period == 1 and not exp.design.run_in_days
                else " (a settling-in day after the switch)"
            )
    return {
        "experiment_id": exp.row.id,
        "day": today.isoformat(),
        "arm": entry.arm,
        "is_run_in": entry.is_run_in,
        "is_transition": entry.is_transition,
        "period": entry.period,
        "block": entry.block,
        "day_number": number,
        "total_days": total,
        "outcome": spec.key,
        "message": f"Experiment day {number} of {total}: today is {doing}. "
        f"Rate {spec.label.split(' (')[0]} in {when} check-in.",
        "blocked": False,  # ``_gate_today`` decides
        "not_for_you_now": None,
    }


def todays_arm(*, ctx: AppContext) -> TodayArmView | None:
    """Today's arm of the running experiment, or None when none is running today.

    The plan, the session player and the check-in show ``message`` (or build their own words
    from ``arm``; ``arm`` is None on run-in days).
    """
    current = _current(ctx)
    if current is None or current.row.status != repo.ACTIVE:
        return None
    return _gate_today(ctx, _today_dict(current, ctx.today()))


def stop_experiment(
    *, ctx: AppContext, reason: str = "", experiment_id: int | None = None
) -> ExperimentStatusView:
    """Stop the running experiment now (any time, for any reason; the reason is kept)."""
    if len(reason) > MAX_REASON:
        raise InvalidInput("The reason is too long.", details=[f"reason: at most {MAX_REASON}"])
    exp = _load(ctx, experiment_id)
    if exp.status(ctx.today()) != repo.ACTIVE:
        raise Conflict(f"Experiment {exp.row.id} is not running (it is {exp.status(ctx.today())}).")
    with ctx.store.transaction() as conn:
        repo.set_status(conn, ctx.user_id, exp.row.id, status=repo.STOPPED,
                        stopped_at=ctx.now(), stop_reason=reason.strip() or None)  # fmt: skip
    return experiment_status(ctx=ctx, experiment_id=exp.row.id)


def set_shared(
    *, ctx: AppContext, shared: bool, experiment_id: int | None = None
) -> ExperimentStatusView:
    """Let clinicians this person shares with include the experiment in their pooled view."""
    exp = _load(ctx, experiment_id)
    with ctx.store.transaction() as conn:
        repo.set_shared(conn, ctx.user_id, exp.row.id, shared=shared)
    return experiment_status(ctx=ctx, experiment_id=exp.row.id)


def _checkin_values(
    ctx: AppContext, start: date, end: date
) -> list[tuple[str, date, dict[str, Any]]]:
    """(kind, day, recorded values) of the check-ins in ``[start, end]``: the store's fast read
    path (no Checkin objects), as insights reads them."""
    from legcare.store import checkins as checkins_repo

    with ctx.store.read() as conn:
        return list(checkins_repo.checkin_values(conn, ctx.user_id, start=start, end=end))


def _observations(ctx: AppContext, exp: _Loaded) -> tuple[dict[date, float], dict[date, bool]]:
    """(ratings by schedule day, practice followed by schedule day) from the check-ins.

    "Massage done" is read as the diary shows it: yes on a day with a massage session logged,
    otherwise the evening's own answer (``legcare.services.diary``).
    """
    spec = exp.design.outcome_spec
    lag = timedelta(days=spec.lag_days)
    first, last = exp.schedule[0].day, min(exp.end_day, ctx.today())
    end = last + lag if last + lag <= ctx.today() else last
    ratings: dict[date, float] = {}
    followed: dict[date, bool] = {}
    arms = {d.day: d.arm for d in exp.schedule}
    track = any(is_massage_arm(a) for a in exp.design.arms)
    if first > ctx.today():
        return ratings, followed
    logged: set[date] | None = None
    if track:
        logged = diary.massage_days(ctx=ctx, start=first, end=end)
    for kind, day, values in _checkin_values(ctx, first, end):
        value = values.get(spec.key)
        if kind == spec.kind.value and isinstance(value, int | float):
            ratings[day - lag] = float(value)
        arm = arms.get(day)
        if not (track and kind == "evening" and arm):
            continue
        done = values.get("massage_done")
        if logged is not None and log_fills_massage(done, day in logged):
            done = day in logged  # the session log fills the evening's answer
        if isinstance(done, bool):
            followed[day] = done == is_massage_arm(arm)
    return ratings, followed


def _analyse(ctx: AppContext, exp: _Loaded, *, today: date, thresholds: Thresholds,
             prior: Prior | None = None) -> ExperimentResult:  # fmt: skip
    return _analyse_with_ratings(ctx, exp, today=today, thresholds=thresholds, prior=prior)[0]


def _analyse_with_ratings(
    ctx: AppContext, exp: _Loaded, *, today: date, thresholds: Thresholds,
    prior: Prior | None = None,
) -> tuple[ExperimentResult, dict[date, float]]:  # fmt: skip
    ratings, followed = _observations(ctx, exp)
    return _analysed(exp, ratings, followed, today, thresholds, prior), ratings


_ANALYSED: OrderedDict[tuple[Any, ...], ExperimentResult] = OrderedDict()
_ANALYSED_SIZE = 128
_ANALYSED_LOCK = threading.Lock()


def _analysed(exp: _Loaded, ratings: dict[date, float], followed: dict[date, bool], today: date,
              thresholds: Thresholds, prior: Prior | None) -> ExperimentResult:  # fmt: skip
    """``analyse()``, remembered by its whole input (design, schedule, ratings, practice, day,
    thresholds, prior): a page or command that asks again without a new check-in gets the same
    result without the fit; any change to the data is a different key."""
    key = (exp.design, tuple(exp.schedule), tuple(sorted(ratings.items())),
           tuple(sorted(followed.items())), today, thresholds, prior)  # fmt: skip
    with _ANALYSED_LOCK:
        found = _ANALYSED.get(key)
        if found is not None:
            _ANALYSED.move_to_end(key)
            return found
    result = analyse(exp.design, exp.schedule, ratings, today=today, thresholds=thresholds,
                     prior=prior, followed=followed)  # fmt: skip
    with _ANALYSED_LOCK:
        _ANALYSED[key] = result
        if len(_ANALYSED) > _ANALYSED_SIZE:
            _ANALYSED.popitem(last=False)
    return result


def _look(ctx: AppContext, exp: _Loaded) -> LookView | None:
    day = due_look(exp.schedule, exp.rule, ctx.today())
    if day is None:
        return None
    result = _analyse(ctx, exp, today=day, thresholds=exp.thresholds)
    return look_to_dict(decide(result, exp.rule, day=day, final=day == exp.end_day))


def experiment_results(
    *,
    ctx: AppContext,
    experiment_id: int | None = None,
    noticeable: float | None = None,
    clear: float | None = None,
) -> ExperimentResultsView:
    """The analysis of the experiment so far (default thresholds: the ones set at the start)."""
    exp = _load(ctx, experiment_id)
    thresholds = Thresholds(
        exp.thresholds.noticeable if noticeable is None else noticeable,
        exp.thresholds.clear if clear is None else clear,
    )
    if thresholds.problems():
        raise InvalidInput("Those thresholds cannot be used.", details=thresholds.problems())
    today = min(ctx.today(), exp.end_day)
    if exp.row.stopped_at is not None:
        today = min(today, exp.row.stopped_at.astimezone(ctx.now().tzinfo).date())
    result, ratings = _analyse_with_ratings(ctx, exp, today=today, thresholds=thresholds)
    status = exp.status(ctx.today())
    experimental = {d.day for d in exp.schedule if not d.is_run_in}
    return {
        "experiment_id": exp.row.id,
        "status": status,
        "arms": list(exp.design.arms),
        "comparison": exp.design.comparison,
        "outcome": outcome_to_dict(exp.design.outcome_spec),
        "analysed_through": today.isoformat(),
        **result_to_dict(result),
        "ratings": [
            (day.isoformat(), value)
            for day, value in sorted(ratings.items())
            if day <= today and day in experimental
        ],
        "look": _look(ctx, exp) if status == repo.ACTIVE else None,
        "other_factors": _other_factors(ctx, exp, today),
        "other_factors_note": FACTORS_NOTE,
    }


def _other_factors(ctx: AppContext, exp: _Loaded, today: date) -> list[OtherFactorView]:
    """The check-in's own yes/no items and the person's factors on the experiment's days so
    far, arm by arm (``legcare.domain.experiments.covariates``)."""
    from legcare.domain.diary.exposures import EXPOSURES, exposure_value
    from legcare.domain.experiments.covariates import factor_table
    from legcare.domain.tracking.factors import FactorKind
    from legcare.services import factors as factors_service

    first = exp.schedule[0].day
    if first > today:
        return []
    series: list[tuple[str, str, FactorKind, dict[date, float]]] = []
    evenings = {day: v for kind, day, v in _checkin_values(ctx, first, today) if kind == "evening"}
    for exposure in EXPOSURES:
        if exposure.name == "massage_done":  # the practice itself ("practice followed")
            continue
        days: dict[date, float] = {}
        for day, values in evenings.items():
            said = exposure_value(exposure.name, values)
            if said is not None:
                days[day] = float(said)
        series.append((exposure.label, "check-in", FactorKind.YES_NO, days))
    own = factors_service.list_factors(ctx=ctx).factors
    recorded = factors_service.factor_values(ctx=ctx, start=first, end=today).values
    for factor in own:
        days = {v.day: float(v.value) for v in recorded if v.factor == factor.name}
        series.append((factor.name, "your factor", FactorKind(factor.kind), days))
    rows = factor_table(series, exp.schedule, exp.design.arms, today)
    return [
        {
            "name": r.name, "source": r.source, "kind": r.kind.value,
            "arms": [{"arm": a.arm, "days": a.days, "value": _r(a.value)} for a in r.arms],
            "differs": r.differs, "summary": r.words(),
        }
        for r in rows
    ]  # fmt: skip


def results_charts(data: ExperimentResultsView, *, inline: bool = False) -> ResultsChartsView:
    """The charts of a results dict (``experiment_results``) as SVG text: ``bands`` (how
    likely each size of change is) and ``ratings`` (the daily ratings by period)."""
    from legcare.reports.experiment_chart import banded_bar_svg, ratings_svg

    rows = [
        (f"{c['arm']} vs {c['comparison']}", [(b["label"], b["probability"]) for b in c["bands"]])
        for c in data["comparisons"]
    ]
    label = data["outcome"]["label"]
    return {
        "bands": banded_bar_svg(
            rows, title=f"How likely each size of change is: {label}", inline=inline
        ),
        "ratings": ratings_svg(
            ratings=[(date.fromisoformat(d), float(v)) for d, v in data["ratings"]],
            periods=data["periods"],
            arms=data["arms"],
            outcome=label.split(" (")[0],
            scale=(float(data["outcome"]["scale"][0]), float(data["outcome"]["scale"][1])),
            rated_of=(data["rated_days"], data["elapsed_days"]),
            inline=inline,
        ),
    }


def experiment_chart_svg(
    *, ctx: AppContext, experiment_id: int | None = None, noticeable: float | None = None,
    clear: float | None = None,
) -> str:  # fmt: skip
    """The banded bar chart of the results as SVG text (an empty-state chart without data)."""
    data = experiment_results(ctx=ctx, experiment_id=experiment_id, noticeable=noticeable,
                              clear=clear)  # fmt: skip
    return results_charts(data)["bands"]


def pooled_view(*, ctx: AppContext) -> PooledView:
    """Server mode, clinicians only: the two-stage pooled effect across clients who share with
    this clinician and marked an experiment as shared, one group per outcome."""
    from legcare.domain.experiments.pooling import pool
    from legcare.services.accounts import clinician_clients

    if ctx.settings.mode != "server":
        raise PermissionDenied("The pooled view is for clinicians in server mode.")
    clients = {s.client_id: s.client_name for s in clinician_clients(ctx=ctx)}
    with ctx.store.read() as conn:
        rows = repo.shared_experiments(conn, sorted(clients))
    groups: dict[str, list[PooledMemberView]] = {}
    vague = Prior(effect_var=100.0)
    for row in rows:
        exp = _Loaded(row)
        client_ctx = ctx.for_user(row.user_id)
        result = _analyse(client_ctx, exp, today=min(ctx.today(), exp.end_day),
                          thresholds=exp.thresholds, prior=vague)  # fmt: skip
        if not result.enough_data:
            continue
        c = result.comparisons[0]
        sign = -1.0 if exp.design.outcome_spec.direction.value == "lower_is_better" else 1.0
        groups.setdefault(exp.design.outcome, []).append({
            "client": clients[row.user_id], "experiment_id": row.id, "arm": c.arm,
            "comparison": c.comparison, "benefit_mean": sign * c.effect_mean,
            "benefit_sd": c.effect_sd, "shrunken_benefit": 0.0,  # set by the pooling
        })  # fmt: skip
    out = []
    for outcome, members in sorted(groups.items()):
        pooled = pool([m["benefit_mean"] for m in members], [m["benefit_sd"] ** 2 for m in members])
        out.append(pooled_group_to_dict(OUTCOMES[outcome], members, pooled))
    return {
        "clients_sharing": len(clients),
        "experiments_shared": len(rows),
        "groups": out,
        "note": "Benefit is positive when the practice did better than its comparison. The pooled "
        "figure describes the people who chose to share; it is not a promise for anyone else.",
    }
