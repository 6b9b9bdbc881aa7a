"""The API response models say what the services return: each model's fields are keys of the
service's typed return value (a TypedDict), with the same optionality.

Typed so far: the plan, session, diary, calendar-feed, Check, safety, reminder and experiment
use-cases. The second half runs the services and checks that what they return at run time has
the keys (and the kinds of value) their TypedDicts declare, so a declared shape cannot drift
from the real one.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from pydantic import BaseModel

from legcare.domain import reminders as reminder_rules
from legcare.domain import safety as safety_rules
from legcare.domain.screening import result as screening_result
from legcare.services import (
    calendar_feed,
    database,
    diary,
    plans,
    reminders,
    safety,
    screening,
    sessions,
)
from legcare.services import experiments as exp
from legcare.web import (
    schemas_diary,
    schemas_experiments,
    schemas_plans,
    schemas_reminders,
    schemas_screening,
)

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
    (screening.CheckView, schemas_screening.ScreeningPublic),
    (screening_result.ResultJson, schemas_screening.ScreeningResultPublic),
    (screening_result.PatternJson, schemas_screening.PatternPublic),
    (screening_result.ReasonJson, schemas_screening.ReasonPublic),
    (screening_result.TriageJson, schemas_screening.TriagePublic),
    (screening_result.RedFlagJson, schemas_screening.RedFlagPublic),
    (screening_result.PrecautionJson, schemas_screening.PrecautionPublic),
    (screening.DraftView, schemas_screening.DraftPublic),
    (screening.QuestionnaireView, schemas_screening.QuestionnairePublic),
    (screening.SectionView, schemas_screening.SectionPublic),
    (screening.QuestionView, schemas_screening.QuestionPublic),
    (screening.OptionView, schemas_screening.OptionPublic),
    (screening.ProgressView, schemas_screening.DraftProgressPublic),
    (screening.UrgentView, schemas_screening.UrgentPublic),
    (safety_rules.SafetyJson, schemas_screening.SafetyPublic),
    (safety_rules.WarningJson, schemas_screening.SafetyWarningPublic),
    (reminders.RemindersView, schemas_reminders.RemindersPublic),
    (reminder_rules.ReminderTimesJson, schemas_reminders.ReminderTimesPublic),
    (reminders.ScheduledReminderView, schemas_reminders.ScheduledReminderPublic),
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
    marked = get_type_hints(shape, include_extras=True)
    for name, field in fields.items():
        if get_origin(marked[name]) is typing.NotRequired:  # a key the service may leave out
            assert not field.is_required(), f"{model.__name__}.{name} must have a default"
            continue
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
    conforms(view, plans.PlanView)
    conforms(saved, plans.PlanView)
    assert [d["weekday"] for d in saved["week"]] == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]


# -- what the services return at run time has the declared shape -------------------------------


def conforms(value: Any, annotation: Any, where: str = "") -> None:
    """Assert that ``value`` has the shape ``annotation`` declares: a TypedDict's keys (its
    required ones, and no others than it declares), lists, unions and plain JSON scalars."""
    if annotation in (Any, object) or isinstance(annotation, typing.ForwardRef | str):
        return
    origin = get_origin(annotation)
    if typing.is_typeddict(annotation):
        assert isinstance(value, dict), f"{where}: {value!r} is not an object"
        # NotRequired read from the hints: under ``from __future__ import annotations`` the
        # class's own __required_keys__ on Python 3.11 counts every key as required.
        marked = get_type_hints(annotation, include_extras=True)
        required = {k for k, h in marked.items() if get_origin(h) is not typing.NotRequired}
        missing = required - annotation.__optional_keys__ - set(value)
        assert not missing, f"{where}: {annotation.__name__} lacks {sorted(missing)}"
        undeclared = set(value) - set(marked)
        assert not undeclared, f"{where}: {annotation.__name__} has {sorted(undeclared)}"
        hints = get_type_hints(annotation)
        for key, item in value.items():
            conforms(item, hints[key], f"{where}.{key}")
    elif origin in (Union, types.UnionType):
        problems = []
        for option in get_args(annotation):
            try:
                conforms(value, option, where)
            except AssertionError as exc:
                problems.append(str(exc))
            else:
                return
        raise AssertionError(f"{where}: fits none of {annotation}: {problems}")
    elif origin is list:
        assert isinstance(value, list), f"{where}: {value!r} is not a list"
        for i, item in enumerate(value):
            conforms(item, get_args(annotation)[0], f"{where}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), f"{where}: {value!r} is not an object"
        for key, item in value.items():
            conforms(item, get_args(annotation)[1], f"{where}.{key}")
    elif annotation is type(None) or annotation is None:
        assert value is None, f"{where}: {value!r} is not null"
    elif annotation is float:
        assert isinstance(value, int | float) and not isinstance(value, bool), f"{where}: {value!r}"
    elif annotation in (int, str, bool):
        assert type(value) is annotation, f"{where}: {value!r} is not {annotation.__name__}"
    else:
        raise AssertionError(f"{where}: the test does not know {annotation!r}")


RLS = {
    "complaints": ["restless"],
    "rls_urge": "yes",
    "rls_rest": "yes",
    "rls_relief": "yes",
    "rls_evening": "yes",
    "rls_days_per_week": 4,
    "rls_sleep": 7,
}


def test_the_check_returns_what_its_types_declare(ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_screening import complete_answers

    questions = screening.questionnaire(ctx=ctx)
    conforms(questions, screening.QuestionnaireView)
    assert {q["type"] for q in questions["questions"]} >= {"yes_no", "multi_choice", "number"}
    state = screening.draft_state(ctx=ctx)
    conforms(state, screening.DraftView)
    state = screening.answer_draft(ctx=ctx, question_id="rf_emergency", value=["none"])
    conforms(state, screening.DraftView)
    state = screening.answer_draft(ctx=ctx, question_id="rf_urgent", value=["one_sided_swelling"])
    assert state["urgent"] is not None and state["interrupt"]
    conforms(state, screening.DraftView)
    conforms(screening.back_draft(ctx=ctx), screening.DraftView)
    conforms(safety.state_json(ctx=ctx), safety_rules.SafetyJson)
    screening.discard_draft(ctx=ctx)
    saved = screening.run_check(ctx=ctx, answers=complete_answers(**RLS))
    assert saved["result"] is not None and saved["result"]["patterns"]
    conforms(saved, screening.CheckView)
    conforms(screening.latest_check(ctx=ctx), screening.CheckView)
    conforms(screening.get_check(ctx=ctx, check_id=saved["id"]), screening.CheckView)
    for check in screening.history(ctx=ctx):
        conforms(check, screening.CheckView)
    conforms(safety.state_json(ctx=ctx), safety_rules.SafetyJson)


def test_reminders_and_database_info_return_what_their_types_declare(ctx) -> None:  # type: ignore[no-untyped-def]
    conforms(reminders.reminders(ctx=ctx), reminders.RemindersView)
    saved = reminders.save_reminders(ctx=ctx, data={"evening_session": "21:00"})
    assert saved["scheduled"]
    conforms(saved, reminders.RemindersView)
    conforms(database.database_info(ctx=ctx), database.DatabaseInfoView)


def test_the_shape_check_can_fail() -> None:
    with pytest.raises(AssertionError, match="lacks"):
        conforms({"id": "x"}, screening_result.TriageJson)
    with pytest.raises(AssertionError, match="has"):
        conforms({"value": "a", "label": "A", "extra": 1}, screening.OptionView)
    with pytest.raises(AssertionError, match="is not int"):
        conforms({"answered": True}, dict[str, int])


def test_every_learn_topic_page_has_the_declared_shape(ctx) -> None:  # type: ignore[no-untyped-def]
    from legcare.services import knowledge

    topics = knowledge.list_topics(ctx=ctx)
    conforms(topics, knowledge.TopicsView)
    conforms(knowledge.search_topics(ctx=ctx, text="calf stretch"), knowledge.SearchView)
    kinds = set()
    for group in topics["groups"]:
        for topic in group["topics"]:
            page = knowledge.show_topic(ctx=ctx, topic=topic["id"])
            conforms(page, knowledge.TopicPage, topic["id"])
            kinds.add(page["kind"])
    assert len(kinds) >= 6  # techniques, exercises, conditions, advice, precautions, questions
