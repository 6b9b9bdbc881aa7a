"""The Plan use-cases: the profile, the current plan (versioned), its history, the calendar
and the weekly review.

Interface other parts rely on:

- ``current_plan(ctx=ctx) -> dict``: the plan view that ``legcare plan --json`` and
  ``GET /api/v1/plan`` return (version, profile, check, notices, sessions, checklists, the week
  with today marked). A new check, a profile change or an accepted review makes a new version;
  old versions stay. An emergency check raises ``SafetyStop`` whose details say what to do now.
- ``current_plan`` and every other read store nothing: when no stored version matches the
  current inputs the plan is computed in memory (``saved`` false, ``version`` null).
  ``save_plan`` (``POST /api/v1/plan``, ``legcare plan save``) and ``current_plan_record`` (starting
  a session) store the new version; ``make_weekly_review`` (``POST /api/v1/plan/review``) makes
  the weekly proposal.
- ``planned_session_days(ctx=ctx, start=..., end=...) -> set[date] | None``: days with an
  evening massage in the plan version in force that day (insights' adherence); None without a
  stored plan.
- ``planned_sessions(ctx=ctx, start=..., end=...) -> list[tuple[date, str]] | None``: every
  planned session of the plan version in force each day as (day, session id) (adherence); None
  without a stored plan.
- ``get_profile`` / ``save_profile``, ``plan_history``, ``plan_calendar`` (iCalendar text),
  ``weekly_review`` (a read), ``make_weekly_review`` and ``decide_review``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypedDict, cast

import sqlalchemy as sa

from legcare.domain.jsontypes import JsonObject
from legcare.domain.knowledge import KnowledgeBase
from legcare.domain.plans.catalogue import Catalogue
from legcare.domain.plans.check import CheckSummary, Precaution, PrecautionKind, no_check
from legcare.domain.plans.generator import generate_plan
from legcare.domain.plans.model import Adjustments, NoPlan, Plan
from legcare.domain.plans.profile import WEEKDAYS, Profile, default_profile, parse_profile
from legcare.domain.plans.progression import (
    PlanShape,
    Proposal,
    WeekActivity,
    apply_proposals,
    propose,
)
from legcare.domain.screening.result import result_from_dict
from legcare.domain.sessions.log import any_step_done, logged_steps, session_id, sessions_done
from legcare.domain.sessions.player import Outcome
from legcare.errors import Conflict, NotFound, SafetyStop
from legcare.services import diary
from legcare.services.context import AppContext
from legcare.services.safety import current_state
from legcare.store import plan_reviews as reviews_repo
from legcare.store import plans as plans_repo
from legcare.store import profiles as profiles_repo
from legcare.store import screenings as screenings_repo
from legcare.store import session_logs as session_logs_repo
from legcare.store.plans import PlanRecord

GENERATOR_VERSION = "3"  # 3: chosen days only; neutral dose notes; checklists obey the block


# -- profile ------------------------------------------------------------------------------


# -- what the plan use-cases return (the API response models are checked against these in
# tests/web/test_response_models.py) ---------------------------------------------------------


class ProfileView(TypedDict):
    profile: dict[str, Any]
    saved: bool


class WeekSessionView(TypedDict):
    id: str
    title: str
    start: str  # HH:MM
    minutes: int


class WeekDayView(TypedDict):
    date: str
    weekday: str  # mon ... sun
    today: bool
    sessions: list[WeekSessionView]


class PlanView(TypedDict):
    """The plan as ``legcare plan --json`` and ``GET /api/v1/plan`` show it."""

    version: int | None  # None: computed in memory, no stored version holds it yet
    created_at: str | None
    saved: bool
    screening_id: int | None
    profile: dict[str, Any]
    profile_saved: bool
    check: dict[str, Any] | None
    today: str
    kind: str
    notices: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    checklists: list[dict[str, Any]]
    patterns: list[str]
    adjustments: dict[str, Any]
    week: list[WeekDayView]


class PlanVersionView(TypedDict):
    version: int
    created_at: str
    screening_id: int | None
    patterns: list[str]
    adjustments: dict[str, Any]
    sessions: list[dict[str, Any]]


class ReviewView(TypedDict):
    id: int
    plan_id: int
    created_at: str
    decision: str | None
    kind: str
    text: str
    reason: str
    change: dict[str, Any]


class WeeklyReviewView(TypedDict):
    review: ReviewView | None
    due: str | None  # the day the next review is due; None while one is undecided


class ReviewDecidedView(TypedDict):
    review: ReviewView
    plan_version: int


def load_profile(*, ctx: AppContext) -> tuple[Profile, bool]:
    """The user's profile and whether it was saved (False: the defaults)."""
    with ctx.store.read() as conn:
        data = profiles_repo.get_profile(conn, user_id=ctx.user_id)
    if data is None:
        return default_profile(), False
    return parse_profile({k: v for k, v in data.items() if k != "reminders"}), True


def get_profile(*, ctx: AppContext) -> ProfileView:
    """``{"profile": {...}, "saved": bool}`` as ``GET /api/v1/profile`` returns it."""
    profile, saved = load_profile(ctx=ctx)
    return {"profile": profile.to_dict(), "saved": saved}


def save_profile(*, ctx: AppContext, data: Mapping[str, Any]) -> ProfileView:
    """Validate and store the profile (fields not given keep their values); the plan view
    shows the plan for it (not saved yet) until ``save_plan`` stores it as a new version."""
    current, _ = load_profile(ctx=ctx)
    profile = parse_profile(data, base=current)
    with ctx.store.transaction() as conn:
        stored = profiles_repo.get_profile(conn, user_id=ctx.user_id) or {}
        kept = {"reminders": stored["reminders"]} if "reminders" in stored else {}
        profiles_repo.save_profile(
            conn, user_id=ctx.user_id, data={**profile.to_dict(), **kept}, now=ctx.now()
        )
    return {"profile": profile.to_dict(), "saved": True}


# -- inputs -------------------------------------------------------------------------------


def check_summary(*, ctx: AppContext) -> tuple[CheckSummary, str]:
    """The newest completed check as the plan needs it, and what the triage says to do, with
    the safety state folded in (a warning sign of an unfinished check counts at once)."""
    summary, what_to_do = _completed_summary(ctx)
    safety = current_state(ctx=ctx)
    if safety.triage.more_urgent_than(summary.triage):
        summary = replace(summary, triage=safety.triage)
        what_to_do = safety.what_to_do
    if safety.massage_blocked and not summary.has(PrecautionKind.NO_MASSAGE):
        clot = Precaution(PrecautionKind.NO_MASSAGE, frozenset(), safety.block_reason)
        summary = replace(summary, precautions=(clot, *summary.precautions))
    return summary, what_to_do


def _completed_summary(ctx: AppContext) -> tuple[CheckSummary, str]:
    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
    if record is None or record.result is None:
        return no_check(), ""
    result = result_from_dict(record.result)
    summary = CheckSummary(
        patterns={p.id: p.status.value for p in result.patterns},
        triage=result.triage.level,
        precautions=tuple(
            Precaution(p.kind, frozenset(p.areas), p.label) for p in result.precautions
        ),
        screening_id=record.id,
    )
    return summary, result.triage.what_to_do


def plan_catalogue(*, ctx: AppContext) -> Catalogue:
    """The plan templates, read from the knowledge base (one dose per technique)."""
    return _catalogue(ctx.kb)


@lru_cache(maxsize=4)
def _catalogue(kb: KnowledgeBase) -> Catalogue:
    # the knowledge base is read once per process and never changes, so neither does this
    return Catalogue.from_knowledge(kb)


def adjustments(*, ctx: AppContext) -> Adjustments:
    """What the accepted weekly reviews changed, in order."""
    with ctx.store.read() as conn:
        accepted = reviews_repo.list_reviews(conn, user_id=ctx.user_id, decision="accepted")
    return apply_proposals(Proposal.from_dict(r.proposal) for r in accepted)


def _inputs_key(check: CheckSummary, profile: Profile, adj: Adjustments, content: str) -> str:
    data = {
        "check": check.to_dict(),
        "profile": profile.to_dict(),
        "adjustments": adj.to_dict(),
        "content": content,
        "generator": GENERATOR_VERSION,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# -- the plan -----------------------------------------------------------------------------


def _planned(ctx: AppContext) -> tuple[JsonObject, Profile, CheckSummary]:
    """The plan for the current inputs, computed in memory (nothing is stored), as the dict a
    new version would store; ``SafetyStop`` when the check allows no plan."""
    check, what_to_do = check_summary(ctx=ctx)
    profile, saved = load_profile(ctx=ctx)
    adj = adjustments(ctx=ctx)
    result = generate_plan(check, profile, adj, catalogue=plan_catalogue(ctx=ctx))
    if isinstance(result, NoPlan):
        details = ([what_to_do] if what_to_do else []) + list(result.what_to_do_now)
        raise SafetyStop(
            "Your last check found a warning sign that needs help now, so there is no "
            "self-care plan.",
            details=details,
        )
    stored: JsonObject = {
        **result.to_dict(),
        "inputs_key": _inputs_key(check, profile, adj, ctx.kb.content_version),
        "check": check.to_dict(),
        "profile_saved": saved,
    }
    return stored, profile, check


def read_plan(*, ctx: AppContext) -> tuple[PlanRecord | None, Plan]:
    """The plan for the current inputs without writing anything: the stored version when it is
    current, else ``(None, plan)`` computed in memory (no version is stored yet, or the stored
    one is out of date). ``save_plan`` stores it."""
    stored, _, _ = _planned(ctx)
    with ctx.store.read() as conn:
        latest = plans_repo.latest_plan(conn, user_id=ctx.user_id)
    if latest is not None and latest.plan.get("inputs_key") == stored["inputs_key"]:
        return latest, Plan.from_dict(latest.plan)
    return None, Plan.from_dict(stored)


def current_plan_record(*, ctx: AppContext) -> tuple[PlanRecord, Plan]:
    """The stored plan for the current inputs, storing a new version when they changed (a
    write: for POST routes, starting a session and the CLI; reads use ``read_plan``)."""
    stored, profile, check = _planned(ctx)
    with ctx.store.read() as conn:
        latest = plans_repo.latest_plan(conn, user_id=ctx.user_id)
    if latest is not None and latest.plan.get("inputs_key") == stored["inputs_key"]:
        return latest, Plan.from_dict(latest.plan)
    try:
        with ctx.store.transaction() as conn:
            record = plans_repo.insert_plan(
                conn,
                user_id=ctx.user_id,
                profile=profile.to_dict(),
                plan=stored,
                screening_id=check.screening_id,
                now=ctx.now(),
            )
    except sa.exc.IntegrityError:  # another process stored the same version first
        with ctx.store.read() as conn:
            record = plans_repo.latest_plan(conn, user_id=ctx.user_id)  # type: ignore[assignment]
        if record is None:  # pragma: no cover - the insert above failed for another reason
            raise
    return record, Plan.from_dict(record.plan)


def week_of(plan: Plan, today: date) -> list[WeekDayView]:
    """Monday to Sunday of the week holding ``today``, each day with its sessions."""
    monday = today - timedelta(days=today.weekday())
    days: list[WeekDayView] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append(
            {
                "date": day.isoformat(),
                "weekday": WEEKDAYS[offset],
                "today": day == today,
                "sessions": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "start": s.start.strftime("%H:%M"),
                        "minutes": s.minutes,
                    }
                    for s in plan.sessions_on(offset)
                ],
            }
        )
    return days


def plan_view(record: PlanRecord | None, plan: Plan, today: date, *,
              unsaved: tuple[dict[str, Any], Profile] | None = None) -> PlanView:  # fmt: skip
    """The plan as the CLI ``--json`` and the API show it. ``saved`` is false (``version`` and
    ``created_at`` null) for a plan computed in memory that no version holds yet."""
    if record is not None:
        head = {
            "version": record.version,
            "created_at": record.created_at.isoformat(),
            "saved": True,
            "screening_id": record.screening_id,
            "profile": record.profile,
            "profile_saved": bool(record.plan.get("profile_saved", False)),
            "check": record.plan.get("check"),
        }
    else:
        stored, profile = unsaved if unsaved is not None else ({}, default_profile())
        check = stored.get("check") or {}
        head = {
            "version": None,
            "created_at": None,
            "saved": False,
            "screening_id": check.get("screening_id"),
            "profile": profile.to_dict(),
            "profile_saved": bool(stored.get("profile_saved", False)),
            "check": stored.get("check"),
        }
    view = {**head, "today": today.isoformat(), **plan.to_dict(), "week": week_of(plan, today)}
    return cast(PlanView, view)


def current_plan(*, ctx: AppContext) -> PlanView:
    """The plan view for ``GET /api/v1/plan`` and the pages: reads only. When no stored version
    matches the current inputs, the plan is computed in memory and ``saved`` is false."""
    record, plan = read_plan(ctx=ctx)
    if record is not None:
        return plan_view(record, plan, ctx.today())
    stored, profile, _ = _planned(ctx)
    return plan_view(None, plan, ctx.today(), unsaved=(stored, profile))


def save_plan(*, ctx: AppContext) -> PlanView:
    """Store the plan for the current inputs as a new version when they changed
    (``POST /api/v1/plan``, ``legcare plan save``); the plan view of the stored version."""
    record, plan = current_plan_record(ctx=ctx)
    return plan_view(record, plan, ctx.today())


def plan_history(*, ctx: AppContext) -> list[PlanVersionView]:
    """Every stored version, newest first, with what it was built from."""
    with ctx.store.read() as conn:
        records = plans_repo.list_plans(conn, user_id=ctx.user_id)
    history: list[PlanVersionView] = []
    for record in records:
        plan = record.plan
        history.append(
            {
                "version": record.version,
                "created_at": record.created_at.isoformat(),
                "screening_id": record.screening_id,
                "patterns": plan.get("patterns", []),
                "adjustments": plan.get("adjustments", {}),
                "sessions": [
                    {"id": s["id"], "title": s["title"], "minutes": s["minutes"]}
                    for s in plan.get("sessions", [])
                ],
            }
        )
    return history


def plan_calendar(*, ctx: AppContext, weeks: int = 4, publish: bool = False) -> str:
    """The plan's sessions from the start of this week as an RFC 5545 calendar.

    Every stored version is read so that an occurrence keeps its UID across versions, and one
    that the current version dropped is written as cancelled (see ``interop/ical.py``).
    A download reads only. ``publish`` (the subscribed feed) stores the version it serves, so
    that a later warning sign can cancel every event a calendar app holds."""
    if publish:
        stored, plan = current_plan_record(ctx=ctx)
        return _calendar(ctx, weeks, current=(stored.version, plan))
    record, plan = read_plan(ctx=ctx)
    return _calendar(ctx, weeks, current=(None if record is None else record.version, plan))


def withdrawn_calendar(*, ctx: AppContext, weeks: int = 4) -> str:
    """Every event the stored plan versions had, cancelled: what a subscribed calendar gets
    when a safety stop withdraws the plan."""
    return _calendar(ctx, weeks, current=None)


def _calendar(ctx: AppContext, weeks: int, *, current: tuple[int | None, Plan] | None) -> str:
    """``current``: (its stored version, or None when it is computed in memory, newer than every
    stored one; the plan), or None when the plan is withdrawn."""
    from legcare.interop.ical import plan_to_ical

    with ctx.store.read() as conn:
        records = plans_repo.list_plans(conn, user_id=ctx.user_id)
    last = current[0] if current is not None else None
    versions = []
    for record in sorted(records, key=lambda r: r.version):
        if current is not None and last is not None and record.version >= last:
            continue
        try:
            versions.append(Plan.from_dict(record.plan))
        except (KeyError, TypeError, ValueError):  # a version this release cannot read
            continue  # its occurrences are not cancelled; the current ones are still right
    if current is not None:
        versions.append(current[1])
    monday = ctx.today() - timedelta(days=ctx.today().weekday())
    return plan_to_ical(
        versions,
        start=monday,
        weeks=weeks,
        reminder_minutes=ctx.settings.reminder_minutes,
        tz=_zone(ctx),
        stamp=ctx.now(),
        owner=f"user{ctx.user_id}.legcare",
        withdrawn=current is None,
    )


def _zone(ctx: AppContext) -> Any:
    from zoneinfo import ZoneInfo

    if ctx.settings.timezone:
        return ZoneInfo(ctx.settings.timezone)
    return ctx.now().tzinfo


def planned_session_days(*, ctx: AppContext, start: date, end: date) -> set[date] | None:
    """Days in ``[start, end]`` with an evening massage in the plan version in force that day,
    from the day the first version was made (nothing is planned before a plan existed); None
    when there is no stored plan."""
    with ctx.store.read() as conn:
        records = plans_repo.list_plans(conn, user_id=ctx.user_id)
    if not records:
        return None
    zone = ctx.now().tzinfo
    versions = sorted(
        ((r.created_at.astimezone(zone).date(), _massage_weekdays(r.plan)) for r in records),
        key=lambda item: item[0],
    )
    days: set[date] = set()
    day = max(start, versions[0][0])
    while day <= end:
        in_force = versions[0][1]
        for since, weekdays in versions:
            if since <= day:
                in_force = weekdays
        if day.weekday() in in_force:
            days.add(day)
        day += timedelta(days=1)
    return days


def planned_sessions(*, ctx: AppContext, start: date, end: date) -> list[tuple[date, str]] | None:
    """The sessions planned in ``[start, end]`` as (day, session id), once per session of the
    plan version in force that day, from the day the first version was made
    (``legcare.domain.insights.adherence.planned_session_keys``); None without a stored plan."""
    from legcare.domain.insights.adherence import PlanVersion
    from legcare.domain.insights.adherence import planned_session_keys as planned

    with ctx.store.read() as conn:
        records = plans_repo.list_plans(conn, user_id=ctx.user_id)
    if not records:
        return None
    zone = ctx.now().tzinfo
    versions = [
        PlanVersion(
            r.created_at.astimezone(zone).date(),
            tuple(tuple(int(d) for d in s.get("weekdays", [])) for s in r.plan.get("sessions", [])),
            tuple(str(s.get("id", "")) for s in r.plan.get("sessions", [])),
        )
        for r in records
    ]
    return planned(versions, start, end)


def _massage_weekdays(plan: Mapping[str, Any]) -> frozenset[int]:
    for session in plan.get("sessions", []):
        if session.get("id") == "evening_massage":
            return frozenset(int(d) for d in session.get("weekdays", []))
    return frozenset()


# -- the weekly review --------------------------------------------------------------------

REVIEW_DAYS = 7


def _review_view(review: reviews_repo.ReviewRecord) -> ReviewView:
    view = {
        "id": review.id,
        "plan_id": review.plan_id,
        "created_at": review.created_at.isoformat(),
        "decision": review.decision,
        **review.proposal,  # kind, text, reason, change (domain Proposal.to_dict)
    }
    return cast(ReviewView, view)


def _evening_ratings(ctx: AppContext, start: date, end: date) -> list[float]:
    items = diary.list_checkins(ctx=ctx, start=start, end=end, kind="evening")
    values = (item.values.get("rls") for item in items)
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def _week_activity(ctx: AppContext, plan: Plan) -> WeekActivity:
    today = ctx.today()
    start = today - timedelta(days=REVIEW_DAYS - 1)
    # Adherence counts the evening massage when the plan has one (the daily routines are
    # rarely played in the player), else every session.
    focus = "evening_massage" if plan.session("evening_massage") else None
    planned = sum(
        1
        for i in range(REVIEW_DAYS)
        for s in plan.sessions_on((start + timedelta(days=i)).weekday())
        if focus is None or s.id == focus
    )
    with ctx.store.read() as conn:
        logs = session_logs_repo.list_logs(conn, user_id=ctx.user_id, start=start, end=today)
    # a session counts once a day, and only when one of its steps was done (not one opened
    # and skipped through): the same rule as insights' adherence
    done = sessions_done(
        (log.day, session_id(log.state), any_step_done(log.state))
        for log in logs
        if focus is None or session_id(log.state) == focus
    )
    skipped: dict[str, int] = {}
    tenderness: dict[str, int] = {}
    for log in logs:
        for step in logged_steps(log.state):
            if step.outcome is Outcome.SKIPPED:
                skipped[step.technique] = skipped.get(step.technique, 0) + 1
        for area, value in (log.tenderness or {}).items():
            name = area.removeprefix("left_").removeprefix("right_")
            tenderness[name] = max(tenderness.get(name, 0), int(value))
    return WeekActivity(
        planned=planned,
        done=len(done),
        skipped=skipped,
        tenderness=tenderness,
        recent=_evening_ratings(ctx, start, today),
        before=_evening_ratings(ctx, start - timedelta(days=REVIEW_DAYS), start - timedelta(1)),
    )


def _shape(plan: Plan, profile: Profile) -> PlanShape:
    techniques: dict[str, frozenset[str]] = {}
    for step in plan.all_steps():
        techniques[step.technique] = techniques.get(step.technique, frozenset()) | set(step.areas)
    evening = plan.session("evening_massage")
    return PlanShape(
        techniques=techniques,
        evenings=len(evening.weekdays) if evening else 0,
        free_days=len(profile.days),
        adjustments=plan.adjustments,
    )


def _review_due(ctx: AppContext) -> tuple[reviews_repo.ReviewRecord | None, date | None]:
    """(the latest review, the day the next one is due), or (undecided review, None)."""
    with ctx.store.read() as conn:
        latest = reviews_repo.latest_review(conn, user_id=ctx.user_id)
        versions = plans_repo.list_plans(conn, user_id=ctx.user_id)
    if latest is not None and latest.decision is None:
        return latest, None
    if latest is None and not versions:  # a week after the plan that is not stored yet
        return None, ctx.today() + timedelta(days=REVIEW_DAYS)
    since = latest.created_at if latest is not None else min(p.created_at for p in versions)
    return latest, since.astimezone(ctx.now().tzinfo).date() + timedelta(days=REVIEW_DAYS)


def weekly_review(*, ctx: AppContext) -> WeeklyReviewView:
    """This week's proposal if one is undecided, else the latest review and the day the next is
    due (today or earlier: ``make_weekly_review`` makes it). Reads only."""
    read_plan(ctx=ctx)  # SafetyStop after an emergency check, as before
    latest, due = _review_due(ctx)
    if due is None:
        return {"review": _review_view(latest), "due": None}  # type: ignore[arg-type]
    return {"review": None if latest is None else _review_view(latest), "due": due.isoformat()}


def make_weekly_review(*, ctx: AppContext) -> WeeklyReviewView:
    """Make this week's proposal when a review is due (a week after the last review, or after
    the first plan), storing the current plan version first; otherwise what
    ``weekly_review`` shows (``POST /api/v1/plan/review``, ``legcare plan review``)."""
    record, plan = current_plan_record(ctx=ctx)
    latest, due = _review_due(ctx)
    if due is None or ctx.today() < due:
        return weekly_review(ctx=ctx)
    profile = parse_profile(record.profile)
    proposal = propose(_week_activity(ctx, plan), _shape(plan, profile))
    with ctx.store.transaction() as conn:
        review = reviews_repo.insert_review(
            conn,
            user_id=ctx.user_id,
            plan_id=record.id,
            proposal=proposal.to_dict(),
            now=ctx.now(),
        )
    return {"review": _review_view(review), "due": None}


def decide_review(*, ctx: AppContext, review_id: int, accept: bool) -> ReviewDecidedView:
    """Accept or decline a proposal; an accepted change makes a new plan version."""
    decision = "accepted" if accept else "declined"
    with ctx.store.transaction() as conn:
        review = reviews_repo.get_review(conn, user_id=ctx.user_id, review_id=review_id)
        if review is None:
            raise NotFound(f"There is no plan review {review_id}.")
        if review.decision is not None:
            raise Conflict(f"Plan review {review_id} was already {review.decision}.")
        reviews_repo.decide_review(
            conn, user_id=ctx.user_id, review_id=review_id, decision=decision
        )
    record, _ = current_plan_record(ctx=ctx)
    with ctx.store.read() as conn:
        decided = reviews_repo.get_review(conn, user_id=ctx.user_id, review_id=review_id)
    assert decided is not None
    return {"review": _review_view(decided), "plan_version": record.version}
