"""The API response models say what the services return: each model's fields are keys of the
service's typed return value (a TypedDict), with the same optionality.

Typed so far: the plan, session, diary, calendar-feed and experiment use-cases.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from pydantic import BaseModel

from legcare.services import calendar_feed, diary, plans, sessions
from legcare.services import experiments as exp
from legcare.web import schemas_diary, schemas_experiments, schemas_plans

PAIRS: list[tuple[type[Any], type[BaseModel]]] = [
    (plans.ProfileView, schemas_plans.ProfilePublic),
    (plans.PlanView, schemas_plans.PlanPublic),
    (plans.PlanVersionView, schemas_plans.PlanVersionPublic),
    (plans.ReviewView, schemas_plans.ReviewPublic),
    (plans.WeeklyReviewView, schemas_plans.WeeklyReviewPublic),
    (plans.ReviewDecidedView, schemas_plans.ReviewDecided),
    (sessions.SessionLogView, schemas_plans.SessionLogPublic),
    (sessions.SessionRunView, schemas_plans.SessionRunPublic),
    (diary.CheckinView, schemas_diary.CheckinPublic),
    (diary.CheckinListingView, schemas_diary.CheckinListPublic),
    (diary.FieldView, schemas_diary.FieldPublic),
    (diary.FieldCatalogueView, schemas_diary.FieldCataloguePublic),
    (calendar_feed.FeedView, schemas_plans.CalendarFeedPublic),
    (exp.TodayArmView, schemas_experiments.TodayArmPublic),
    (exp.OutcomeView, schemas_experiments.OutcomePublic),
    (exp.ThresholdsView, schemas_experiments.ThresholdsPublic),
    (exp.ScheduleEntryView, schemas_experiments.ScheduleEntryPublic),
    (exp.SizeCheckView, schemas_experiments.SizeCheckPublic),
    (exp.LookView, schemas_experiments.LookPublic),
    (exp.ExperimentStatusView, schemas_experiments.ExperimentStatusPublic),
    (exp.ExperimentItemView, schemas_experiments.ExperimentItemPublic),
    (exp.ExperimentListView, schemas_experiments.ExperimentListPublic),
    (exp.BandView, schemas_experiments.BandPublic),
    (exp.ComparisonView, schemas_experiments.ComparisonPublic),
    (exp.PeriodView, schemas_experiments.PeriodPublic),
    (exp.SensitivityView, schemas_experiments.SensitivityPublic),
    (exp.ExperimentResultsView, schemas_experiments.ExperimentResultsPublic),
    (exp.PooledMemberView, schemas_experiments.PooledMemberPublic),
    (exp.PooledFiguresView, schemas_experiments.PooledFiguresPublic),
    (exp.PooledGroupView, schemas_experiments.PooledGroupPublic),
    (exp.PooledView, schemas_experiments.PooledViewPublic),
    (exp.SizeEstimateView, schemas_experiments.SizeEstimatePublic),
    (exp.SizeEstimatesView, schemas_experiments.SizeEstimatesPublic),
    (exp.FactorArmView, schemas_experiments.FactorArmPublic),
    (exp.OtherFactorView, schemas_experiments.OtherFactorPublic),
]
# The API adds the feed's full addresses (url, webcal_url) to what the service returns.
ADDED_BY_THE_API = {schemas_plans.CalendarFeedPublic: {"url", "webcal_url"}}


def _nullable(annotation: Any) -> bool:
    origin = get_origin(annotation)
    return origin in (Union, types.UnionType) and type(None) in get_args(annotation)


@pytest.mark.parametrize(("shape", "model"), PAIRS, ids=lambda p: getattr(p, "__name__", ""))
def test_the_model_matches_what_the_service_returns(
    shape: type[Any], model: type[BaseModel]
) -> None:
    hints = get_type_hints(shape)
    assert typing.is_typeddict(shape)
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    fields = {k: v for k, v in fields.items() if k not in ADDED_BY_THE_API.get(model, set())}
    missing = set(fields) - set(hints)
    assert not missing, f"{model.__name__} has fields the service does not return: {missing}"
    for name, field in fields.items():
        assert _nullable(field.annotation) == _nullable(hints[name]), (
            f"{model.__name__}.{name}: null in one and not in the other"
        )
    if model.model_config.get("extra") != "allow":
        extra = set(hints) - set(fields)
        assert not extra, f"{model.__name__} leaves out what the service returns: {extra}"


def test_a_plan_view_has_every_declared_key(ctx) -> None:  # type: ignore[no-untyped-def]
    view = plans.current_plan(ctx=ctx)
    assert set(view) == set(get_type_hints(plans.PlanView))
    saved = plans.save_plan(ctx=ctx)
    assert set(saved) == set(get_type_hints(plans.PlanView))
    assert set(plans.plan_history(ctx=ctx)[0]) == set(get_type_hints(plans.PlanVersionView))
