"""The analysis of one person's experiment: exact, deterministic, answered in plain words.

Model (statistics note, section 7.2): rating = intercept + one effect per practice arm (each
against the comparison arm, the last one) + a linear trend per week + AR(1) errors. The
posterior is exact given phi (``conjugate.fit``) and phi is integrated on a 199-node grid; days
without a rating are handled exactly by the gap-aware transform (assumed missing at random,
and reported as adherence).

Direction is explicit: each outcome says whether lower or higher is better (symptom scores:
lower). "Benefit" is the effect turned so that positive means better for the person; the
probabilities shown are about the benefit, the effect itself is reported in the outcome's own
units (practice minus comparison).

Sensitivity analyses (note, section 7.2): independent errors, transition days left out, a
sceptical prior (effect SD about 1 point) and block steps instead of the linear trend, for every
practice arm. Instead of a yes/no "fragile" flag (which fired for a third to two thirds of real
effects), each comparison carries the range of P(helps) across the main analysis and its checks.
Arms use centred coding, so swapping the two arms flips the effect exactly.

Looking early (note, section 7.5): a result read before the planned end of the experiment is an
interim view. It says so, and it uses the stricter interim rule: "helps" needs P(helps) >= 0.99
(not 0.95) with a noticeable benefit more likely than not, "no useful benefit" needs
P(noticeable) < 0.05, and there is no "probably helps" before the end. Looking every day at the
final rule would show a false "probably helps" to more than a third of people for whom the
practice does nothing. With three or more arms the headline names the best-looking one, and the
result warns that the best of several looks better than it is.

Everything here is about the person's own experiment, over its weeks; the sentence never says
"proves" and never generalises beyond it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from statistics import fmean
from typing import TYPE_CHECKING

from legcare.domain.experiments.design import RATING_LIMIT, Design, Direction, ScheduleDay
from legcare.domain.experiments.wording import comparison_sentence, range_words
from legcare.errors import InvalidInput

if TYPE_CHECKING:  # numpy and the fit are imported when an analysis runs, not before
    import numpy as np

    from legcare.domain.experiments.conjugate import MixturePosterior, NigPrior

GRID_SIZE = 199
SENSITIVITY_GRID_SIZE = 99
MIN_COMPLETE_BLOCKS = 2
MIN_RATED_PER_PERIOD = 4
BLOCK_VAR = 1.0  # prior variance of a block step, in units of the innovation variance


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How big a benefit must be, in points, to count as noticeable and as clear."""

    noticeable: float = 1.0
    clear: float = 2.0

    @classmethod
    def from_json(cls, stored: Mapping[str, object] | None) -> Thresholds:
        """The thresholds stored with an experiment's design (the defaults where absent).
        ``TypeError`` for a value that is not a number; check ``problems()`` for the range."""
        stored = stored or {}
        values = []
        for name, default in (("noticeable", 1.0), ("clear", 2.0)):
            value = stored.get(name, default)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{name} threshold: {value!r} is not a number of points")
            values.append(float(value))
        return cls(values[0], values[1])

    def problems(self) -> list[str]:
        """What is wrong with these thresholds, each saying what is allowed (NaN and infinite
        values fail every range)."""
        out = []
        if not 0 < self.noticeable <= 5:
            out.append("noticeable threshold: use a number of points above 0 and up to 5")
        if not self.noticeable < self.clear <= 10:
            out.append("clear threshold: use more points than the noticeable one, up to 10")
        return out


@dataclass(frozen=True, slots=True)
class Prior:
    """Weakly informative on a 0-10 scale, centred on no effect (note, section 7.2).

    ``intercept_mean`` None means: the run-in mean when there is one, else the scale midpoint.
    Variances are in units of the innovation variance (NIG), with sigma^2 ~ IG(a0, b0).
    """

    intercept_mean: float | None = None
    intercept_var: float = 25.0
    effect_var: float = 2.0
    trend_var: float = 0.25
    a0: float = 2.0
    b0: float = 2.0


SCEPTICAL_PRIOR = Prior(effect_var=0.5)


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """The thresholds of the pre-specified decision rule (note, sections 7.4 and 7.5).

    The final rule applies at the planned end; the interim rule to any earlier look.
    """

    final_helps: float = 0.95
    interim_helps: float = 0.99
    noticeable_needed: float = 0.5
    probably_helps: float = 0.8
    no_benefit_noticeable: float = 0.1
    interim_futility_noticeable: float = 0.05


DECISION_RULE = DecisionRule()


class Verdict(Enum):
    """The pre-specified decision rule of the note (section 7.4)."""

    HELPS_NOTICEABLY = "helps_noticeably"
    PROBABLY_HELPS = "probably_helps"
    NO_USEFUL_BENEFIT = "no_useful_benefit"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class Band:
    key: str  # worse | no_change | noticeable | clear
    label: str
    probability: float


@dataclass(frozen=True, slots=True)
class Comparison:
    """One practice arm against the comparison arm. ``effect_*`` = practice minus comparison."""

    arm: str
    comparison: str
    effect_mean: float
    effect_sd: float
    effect_median: float
    ci95: tuple[float, float]
    ci80: tuple[float, float]
    p_helps: float
    p_noticeable: float
    p_clear: float
    p_worse: float
    p_worse_noticeable: float
    bands: tuple[Band, ...]
    verdict: Verdict
    sentence: str
    p_helps_range: tuple[float, float] = (0.0, 1.0)  # lowest and highest across the checks


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    period: int
    block: int
    arm: str
    start: date
    end: date
    planned_days: int
    rated_days: int
    mean: float | None


@dataclass(frozen=True, slots=True)
class Sensitivity:
    arm: str
    name: str
    p_helps: float
    effect_mean: float
    verdict: Verdict
    agrees: bool


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    enough_data: bool
    reasons: tuple[str, ...]
    direction: Direction
    thresholds: Thresholds
    comparisons: tuple[Comparison, ...] = ()
    sentence: str = ""
    phi_mean: float | None = None
    trend_per_week: float | None = None
    rated_days: int = 0
    elapsed_days: int = 0
    adherence: float | None = None
    practice_adherence: float | None = None
    periods: tuple[PeriodSummary, ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    caveats: tuple[str, ...] = field(default_factory=tuple)
    interim: bool = False  # read before the planned end: provisional, stricter rule
    planned_end: date | None = None
    best_of: int = 1  # how many practice arms the headline was picked from


@dataclass(frozen=True, slots=True)
class _Data:
    y: np.ndarray
    x: np.ndarray
    t: np.ndarray
    transition: np.ndarray
    block: np.ndarray


def _experimental(schedule: Sequence[ScheduleDay]) -> list[ScheduleDay]:
    return [d for d in schedule if not d.is_run_in]


def _build_data(
    design: Design, schedule: Sequence[ScheduleDay], ratings: Mapping[date, float]
) -> _Data:
    import numpy as np

    days = _experimental(schedule)
    first = days[0].day
    centre = (len(days) - 1) / 2.0
    practice = design.arms[:-1]
    share = 1.0 / len(design.arms)  # centred arm coding: the intercept is the mean over arms
    rows, ys, ts, trans, blocks = [], [], [], [], []
    for d in days:
        value = ratings.get(d.day)
        if value is None:
            continue
        t = (d.day - first).days
        centred = (float(d.arm == a) - share for a in practice)
        rows.append([1.0, *centred, (t - centre) / 7.0])
        ys.append(float(value))
        ts.append(t)
        trans.append(d.is_transition)
        blocks.append(d.block)
    return _Data(np.array(ys), np.array(rows).reshape(-1, len(practice) + 2), np.array(ts),
                 np.array(trans, dtype=bool), np.array(blocks))  # fmt: skip


def _nig_prior(design: Design, prior: Prior, run_in_mean: float | None) -> NigPrior:
    from legcare.domain.experiments.conjugate import NigPrior

    spec = design.outcome_spec
    mean = prior.intercept_mean
    if mean is None:
        mean = run_in_mean if run_in_mean is not None else (spec.scale_min + spec.scale_max) / 2
    k = len(design.arms) - 1
    return NigPrior(
        mean=(mean, *([0.0] * k), 0.0),
        var=(prior.intercept_var, *([prior.effect_var] * k), prior.trend_var),
        a0=prior.a0,
        b0=prior.b0,
    )


def _fit(
    data: _Data, nig: NigPrior, grid: int, *, drop_transition: bool = False
) -> MixturePosterior:
    import numpy as np

    from legcare.domain.experiments.conjugate import fit, phi_grid

    keep = ~data.transition if drop_transition else np.ones(len(data.y), dtype=bool)
    return fit(data.y[keep], data.x[keep], data.t[keep], nig, phi_grid(grid))


def _benefit_cdf(post: MixturePosterior, coef: int, direction: Direction, benefit: float) -> float:
    """P(benefit < ``benefit``), where benefit is the effect turned so that positive is better."""
    if direction is Direction.LOWER_IS_BETTER:  # benefit = -effect
        return 1.0 - post.cdf(coef, -benefit)
    return post.cdf(coef, benefit)


def verdict(
    p_helps: float,
    p_noticeable: float,
    *,
    interim: bool = False,
    rule: DecisionRule = DECISION_RULE,
) -> Verdict:
    """The decision rule: the final one at the planned end, the stricter one before it."""
    helps = rule.interim_helps if interim else rule.final_helps
    if p_helps >= helps and p_noticeable >= rule.noticeable_needed:
        return Verdict.HELPS_NOTICEABLY
    if interim:
        if p_noticeable < rule.interim_futility_noticeable:
            return Verdict.NO_USEFUL_BENEFIT
        return Verdict.UNCLEAR
    if p_helps >= rule.probably_helps:
        return Verdict.PROBABLY_HELPS
    if p_noticeable < rule.no_benefit_noticeable:
        return Verdict.NO_USEFUL_BENEFIT
    return Verdict.UNCLEAR


def check_ratings(ratings: Mapping[date, float]) -> None:
    """``InvalidInput`` naming the days whose rating is not a finite number of a sane size."""
    bad = sorted(d for d, v in ratings.items() if not (_finite(v) and abs(v) <= RATING_LIMIT))
    if bad:
        shown = ", ".join(d.isoformat() for d in bad[:5]) + (" ..." if len(bad) > 5 else "")
        raise InvalidInput(
            "Some ratings are not numbers the analysis can use.",
            details=[f"ratings on {shown}: allowed: finite numbers, such as 0 to 10"],
        )


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _clip(p: float) -> float:
    return min(1.0, max(0.0, p))


def compare(
    post: MixturePosterior,
    coef: int,
    design: Design,
    thresholds: Thresholds,
    *,
    interim: bool = False,
) -> Comparison:
    """The summaries of effect ``coef`` (1-based column of the practice arm) of ``post``;
    ``interim`` applies the stricter rule of a look before the planned end."""
    direction = design.outcome_spec.direction
    below_zero = _clip(_benefit_cdf(post, coef, direction, 0.0))
    below_noticeable = _clip(_benefit_cdf(post, coef, direction, thresholds.noticeable))
    below_clear = _clip(_benefit_cdf(post, coef, direction, thresholds.clear))
    below_minus = _clip(_benefit_cdf(post, coef, direction, -thresholds.noticeable))
    p_helps, p_noticeable, p_clear = 1 - below_zero, 1 - below_noticeable, 1 - below_clear
    bands = (
        Band("worse", f"worse by {thresholds.noticeable:g}+ points", below_minus),
        Band("no_change", "no meaningful change", below_noticeable - below_minus),
        Band("noticeable", "noticeably better", below_clear - below_noticeable),
        Band("clear", f"clearly better ({thresholds.clear:g}+ points)", p_clear),
    )
    lo95, lo80, median, hi80, hi95 = post.quantiles(coef, (0.025, 0.1, 0.5, 0.9, 0.975))
    ci95, ci80 = (lo95, hi95), (lo80, hi80)
    arm = design.arms[coef - 1]
    the_verdict = verdict(p_helps, p_noticeable, interim=interim)
    sentence = comparison_sentence(
        arm=arm,
        comparison=design.comparison,
        outcome_label=design.outcome_spec.label,
        effect=median,
        ci95=ci95,
        p_helps=p_helps,
        p_noticeable=p_noticeable,
        noticeable=thresholds.noticeable,
        verdict=the_verdict.value,
        interim=interim,
    )
    return Comparison(
        arm, design.comparison, post.mean(coef), post.sd(coef), median, ci95, ci80, p_helps,
        p_noticeable, p_clear, below_zero, below_minus, bands, the_verdict, sentence,
        (p_helps, p_helps),
    )  # fmt: skip


def period_summaries(
    schedule: Sequence[ScheduleDay], ratings: Mapping[date, float], today: date
) -> tuple[PeriodSummary, ...]:
    """Per-period planned and rated days and the mean rating (CENT-style reporting)."""
    out = []
    days = _experimental(schedule)
    for period in sorted({d.period for d in days}):
        members = [d for d in days if d.period == period]
        if members[0].day > today:
            break
        values = [ratings[d.day] for d in members if d.day in ratings]
        out.append(
            PeriodSummary(
                period=period,
                block=members[0].block,
                arm=members[0].arm or "",
                start=members[0].day,
                end=members[-1].day,
                planned_days=len(members),
                rated_days=len(values),
                mean=fmean(values) if values else None,
            )
        )
    return tuple(out)


def sufficiency_problems(design: Design, periods: Sequence[PeriodSummary]) -> list[str]:
    """Why there is not enough data yet (empty when there is): the note's rule, section 7.2."""
    need = min(MIN_RATED_PER_PERIOD, max(design.period_days - 1, 1))
    complete = 0
    for block in sorted({p.block for p in periods}):
        members = [p for p in periods if p.block == block]
        if len(members) == len(design.arms) and all(p.rated_days >= need for p in members):
            complete += 1
    problems = []
    if complete < MIN_COMPLETE_BLOCKS:
        problems.append(
            f"{complete} of the {MIN_COMPLETE_BLOCKS} complete blocks needed so far "
            f"(a block is complete when each of its periods has at least {need} rated days)"
        )
    rated_arms = {p.arm for p in periods if p.rated_days > 0}
    if not set(design.arms) <= rated_arms:
        problems.append("every arm needs rated days")
    return problems


def analyse(
    design: Design,
    schedule: Sequence[ScheduleDay],
    ratings: Mapping[date, float],
    *,
    today: date,
    thresholds: Thresholds | None = None,
    prior: Prior | None = None,
    followed: Mapping[date, bool] | None = None,
) -> ExperimentResult:
    """Analyse the ratings (day -> value, already mapped to schedule days) up to ``today``.

    Before the planned end (``today`` earlier than the last scheduled day) the result is an
    interim view with the stricter rule. ``InvalidInput`` when a rating is not a finite number
    (see ``check_ratings``) or a threshold is out of its range (NaN and infinities included).
    """
    thresholds = thresholds or Thresholds()
    if thresholds.problems():
        raise InvalidInput("Those thresholds cannot be used.", details=thresholds.problems())
    prior = prior or Prior()
    upto = {d: v for d, v in ratings.items() if d <= today}
    check_ratings(upto)
    planned_end = schedule[-1].day if schedule else None
    interim = planned_end is not None and today < planned_end
    direction = design.outcome_spec.direction
    periods = period_summaries(schedule, upto, today)
    elapsed = [d for d in _experimental(schedule) if d.day <= today]
    rated = sum(p.rated_days for p in periods)
    adherence = rated / len(elapsed) if elapsed else None
    practice_adherence = _practice_adherence(elapsed, followed)
    base = ExperimentResult(
        enough_data=False, reasons=(), direction=direction, thresholds=thresholds,
        rated_days=rated, elapsed_days=len(elapsed), adherence=adherence,
        practice_adherence=practice_adherence, periods=periods, interim=interim,
        planned_end=planned_end, best_of=len(design.arms) - 1,
    )  # fmt: skip
    problems = sufficiency_problems(design, periods)
    if problems:
        return replace(base, reasons=tuple(problems))
    run_in = [upto[d.day] for d in schedule if d.is_run_in and d.day in upto]
    run_in_mean = fmean(run_in) if len(run_in) >= 3 else None
    data = _build_data(design, schedule, upto)
    nig = _nig_prior(design, prior, run_in_mean)
    post = _fit(data, nig, GRID_SIZE)
    k = len(design.arms) - 1
    first = tuple(compare(post, i + 1, design, thresholds, interim=interim) for i in range(k))
    sensitivity = _sensitivity(design, data, nig, thresholds, first, interim=interim)
    comparisons = tuple(
        replace(c, p_helps_range=_p_range(c, [s for s in sensitivity if s.arm == c.arm]))
        for c in first
    )
    best = max(comparisons, key=lambda c: c.p_helps)
    trend = post.mean(k + 1)
    return replace(
        base,
        enough_data=True,
        comparisons=comparisons,
        sentence=best.sentence,
        phi_mean=post.phi_mean(),
        trend_per_week=trend,
        sensitivity=sensitivity,
        caveats=tuple(
            _caveats(post, k + 1, adherence, practice_adherence, comparisons, best, interim)
        ),
    )


def _p_range(c: Comparison, checks: Sequence[Sensitivity]) -> tuple[float, float]:
    values = [c.p_helps, *(s.p_helps for s in checks)]
    return min(values), max(values)


def _practice_adherence(
    elapsed: Sequence[ScheduleDay], followed: Mapping[date, bool] | None
) -> float | None:
    if not followed:
        return None
    answers = [followed[d.day] for d in elapsed if d.day in followed]
    return sum(answers) / len(answers) if answers else None


def _fit_blocks(data: _Data, nig: NigPrior) -> MixturePosterior:
    """Block (pair) indicators instead of the linear trend: a step-shaped drift."""
    import numpy as np

    from legcare.domain.experiments.conjugate import NigPrior, fit, phi_grid

    levels = np.unique(data.block)[1:]
    steps = (data.block[:, None] == levels[None, :]).astype(float)
    x = np.column_stack([data.x[:, :-1], steps])
    prior = NigPrior(
        mean=(*nig.mean[:-1], *([0.0] * len(levels))),
        var=(*nig.var[:-1], *([BLOCK_VAR] * len(levels))),
        a0=nig.a0,
        b0=nig.b0,
    )
    return fit(data.y, x, data.t, prior, phi_grid(SENSITIVITY_GRID_SIZE))


def _sensitivity(
    design: Design,
    data: _Data,
    nig: NigPrior,
    thresholds: Thresholds,
    primary: Sequence[Comparison],
    *,
    interim: bool,
) -> tuple[Sensitivity, ...]:
    """Every check for every practice arm (``primary[i]`` is the main result of arm i)."""
    sceptical = replace(
        nig, var=(nig.var[0], *([SCEPTICAL_PRIOR.effect_var] * (len(nig.var) - 2)), nig.var[-1])
    )
    fits = {
        "independent errors (no autocorrelation)": _fit(data, nig, 1),
        "transition days left out": _fit(data, nig, SENSITIVITY_GRID_SIZE, drop_transition=True),
        "sceptical prior": _fit(data, sceptical, SENSITIVITY_GRID_SIZE),
        "block steps instead of a linear trend": _fit_blocks(data, nig),
    }
    direction = design.outcome_spec.direction
    out = []
    for i, main in enumerate(primary):
        coef = i + 1
        for name, post in fits.items():
            p_helps = 1 - _clip(_benefit_cdf(post, coef, direction, 0.0))
            p_noticeable = 1 - _clip(_benefit_cdf(post, coef, direction, thresholds.noticeable))
            said = verdict(p_helps, p_noticeable, interim=interim)
            out.append(
                Sensitivity(main.arm, name, p_helps, post.mean(coef), said, said is main.verdict)
            )
    return tuple(out)


def _caveats(  # noqa: PLR0913
    post: MixturePosterior,
    trend_coef: int,
    adherence: float | None,
    practice_adherence: float | None,
    comparisons: Sequence[Comparison],
    best: Comparison,
    interim: bool,
) -> list[str]:
    out = []
    if interim:
        out.append(
            "This is an interim look before the planned end: the answer is provisional and uses "
            "a stricter rule (99% instead of 95%), because looking often makes chance "
            "differences look real."
        )
    if len(comparisons) > 1:
        out.append(
            f"'{best.arm}' is named because it looked best of {len(comparisons)} practices; "
            "the best of several looks better than it is by chance alone, so its chance of "
            "helping is likely overstated."
        )
    if adherence is not None and adherence < 0.8:
        out.append(
            f"Ratings were given on {adherence:.0%} of the days so far; missing days make the "
            "answer less certain and can bias it if they were not missed at random."
        )
    if practice_adherence is not None and practice_adherence < 0.8:
        out.append(
            f"The scheduled practice was followed on {practice_adherence:.0%} of the days "
            "reported, which blurs the comparison."
        )
    p_down = post.cdf(trend_coef, 0.0)
    if p_down > 0.95 or p_down < 0.05:
        way = "down" if p_down > 0.5 else "up"
        out.append(
            f"Your ratings drifted {way} over the weeks (about "
            f"{abs(post.mean(trend_coef)):.2f} points a week); the analysis allows for that."
        )
    for c in comparisons:
        out.append(range_words(c.arm, *c.p_helps_range))
    return out
