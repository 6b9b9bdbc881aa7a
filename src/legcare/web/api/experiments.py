"""Experiments: /api/v1/experiments (list, new, status, today, stop, results, chart, sharing,
the clinicians' pooled view, the pairs needed before starting). Each returns what
`legcare experiment ... --json` prints."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response, status

from legcare.services import experiments as svc
from legcare.web.deps import ContextDep
from legcare.web.schemas_experiments import (
    ExperimentCreate,
    ExperimentListPublic,
    ExperimentResultsPublic,
    ExperimentShare,
    ExperimentStatusPublic,
    ExperimentStop,
    PooledViewPublic,
    SizeEstimatesPublic,
    TodayArmPublic,
)

router = APIRouter(prefix="/api/v1", tags=["experiments"])
ID_HELP = "Which experiment; default: the running one, else the latest."


@router.get("/experiments", response_model=ExperimentListPublic)
def list_experiments(ctx: ContextDep) -> svc.ExperimentListView:
    """Every experiment, newest first."""
    return svc.list_experiments(ctx=ctx)


@router.post(
    "/experiments", response_model=ExperimentStatusPublic, status_code=status.HTTP_201_CREATED
)
def new_experiment(body: ExperimentCreate, ctx: ContextDep) -> svc.ExperimentStatusView:
    """Randomise and start an experiment; 409 while another one is running."""
    return svc.new_experiment(ctx=ctx, **body.model_dump())


@router.get("/experiments/status", response_model=ExperimentStatusPublic)
def experiment_status(
    ctx: ContextDep, experiment_id: int | None = Query(None, description=ID_HELP)
) -> svc.ExperimentStatusView:
    """The experiment as it stands today (only the current period is revealed)."""
    return svc.experiment_status(ctx=ctx, experiment_id=experiment_id)


@router.get("/experiments/today", response_model=TodayArmPublic | None)
def todays_arm(ctx: ContextDep) -> svc.TodayArmView | None:
    """Today's arm, or null when no experiment is running today."""
    return svc.todays_arm(ctx=ctx)


@router.post("/experiments/stop", response_model=ExperimentStatusPublic)
def stop_experiment(body: ExperimentStop, ctx: ContextDep) -> svc.ExperimentStatusView:
    """Stop the running experiment (any time; the reason is kept)."""
    return svc.stop_experiment(ctx=ctx, reason=body.reason, experiment_id=body.experiment_id)


@router.get("/experiments/results", response_model=ExperimentResultsPublic)
def experiment_results(
    ctx: ContextDep,
    experiment_id: int | None = Query(None, description=ID_HELP),
    noticeable: float | None = Query(None, description="Points that count as noticeable."),
    clear: float | None = Query(None, description="Points that count as clear."),
) -> svc.ExperimentResultsView:
    """How likely it is that the practice helps, and by how much."""
    return svc.experiment_results(
        ctx=ctx, experiment_id=experiment_id, noticeable=noticeable, clear=clear
    )


@router.get("/experiments/results.svg", response_class=Response)
def experiment_chart(
    ctx: ContextDep,
    experiment_id: int | None = Query(None, description=ID_HELP),
    noticeable: float | None = Query(None),
    clear: float | None = Query(None),
) -> Response:
    """The banded bar chart of the results (SVG)."""
    svg = svc.experiment_chart_svg(
        ctx=ctx, experiment_id=experiment_id, noticeable=noticeable, clear=clear
    )
    return Response(content=svg, media_type="image/svg+xml")


@router.put("/experiments/shared", response_model=ExperimentStatusPublic)
def share_experiment(body: ExperimentShare, ctx: ContextDep) -> svc.ExperimentStatusView:
    """Include (or stop including) the experiment in clinicians' pooled view."""
    return svc.set_shared(ctx=ctx, shared=body.shared, experiment_id=body.experiment_id)


@router.get("/experiments/pooled", response_model=PooledViewPublic)
def pooled_view(ctx: ContextDep) -> svc.PooledView:
    """Clinicians in server mode: pooled benefit across clients who share."""
    return svc.pooled_view(ctx=ctx)


@router.get("/experiments/size", response_model=SizeEstimatesPublic)
def size_estimates(
    ctx: ContextDep,
    outcome: str | None = Query(None, description="One outcome; default: every outcome."),
    period_days: int | None = Query(None, description="Days per period; default: 7 and 14."),
    noticeable: float = Query(1.0, description="Points of benefit that count as noticeable."),
) -> svc.SizeEstimatesView:
    """Before starting: how many pairs you would need, from your last four weeks of ratings."""
    return svc.size_estimates(
        ctx=ctx, outcome=outcome, period_days=period_days, noticeable=noticeable
    )


@router.get("/experiments/{experiment_id}", response_model=ExperimentStatusPublic)
def get_experiment(experiment_id: int, ctx: ContextDep) -> svc.ExperimentStatusView:
    """One experiment by id."""
    return svc.experiment_status(ctx=ctx, experiment_id=experiment_id)
