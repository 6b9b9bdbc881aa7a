"""Request and response bodies of the plan and session API.

Profile values are loose on purpose (a list or a comma-separated string of tools or days, a
number or a string of minutes): the domain (``legcare.domain.plans.profile``) checks every field
and answers 422 with one line per problem saying what is allowed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ProfileFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tools: list[str] = Field(description="Tools owned; hands are always counted.")
    minutes_per_day: int = Field(description="Minutes available per day (5-180).")
    bedtime: str = Field(description="Usual bedtime, HH:MM.")
    days: list[str] = Field(description="Days available: mon ... sun.")
    pressure: str = Field(description="light, moderate or firm.")
    side: str = Field(description="left, right or both.")


class ProfilePublic(BaseModel):
    """``GET``/``PUT /api/v1/profile``: the profile and whether it was saved (else defaults)."""

    profile: ProfileFields
    saved: bool


class ProfileUpdate(BaseModel):
    """The body of ``PUT /api/v1/profile``: fields not given keep their current values."""

    model_config = ConfigDict(extra="forbid")

    tools: list[str] | str | None = Field(None, description="List or comma-separated string.")
    minutes_per_day: int | str | None = None
    bedtime: str | None = Field(None, description="HH:MM")
    days: list[str] | str | None = Field(None, description="mon ... sun, or all.")
    pressure: str | None = None
    side: str | None = None

    def given(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class PlanPublic(BaseModel):
    """``GET /api/v1/plan`` (and ``legcare plan --json``): the current plan; ``version`` and
    ``created_at`` are null and ``saved`` false while no stored version holds it yet."""

    model_config = ConfigDict(extra="allow")

    kind: str
    version: int | None
    created_at: str | None
    saved: bool
    screening_id: int | None
    today: str
    profile: dict[str, Any]
    profile_saved: bool
    check: dict[str, Any] | None
    notices: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    checklists: list[dict[str, Any]]
    patterns: list[str]
    adjustments: dict[str, Any]
    week: list[dict[str, Any]]


class PlanVersionPublic(BaseModel):
    version: int
    created_at: str
    screening_id: int | None
    patterns: list[str]
    adjustments: dict[str, Any]
    sessions: list[dict[str, Any]]


class ReviewPublic(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    plan_id: int
    created_at: str
    decision: str | None
    kind: str
    text: str
    reason: str
    change: dict[str, Any]


class WeeklyReviewPublic(BaseModel):
    """The current proposal (``review``) or, when none is due, the date the next one is."""

    review: ReviewPublic | None
    due: str | None


class ReviewDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: bool = Field(description="true to accept the proposal, false to decline it.")


class ReviewDecided(BaseModel):
    review: ReviewPublic
    plan_version: int


class SessionStart(BaseModel):
    """The body of ``POST /api/v1/sessions``."""

    model_config = ConfigDict(extra="forbid")

    session_id: str | None = Field(
        None, description="A session of the plan; tonight's if left out."
    )
    resume: bool = Field(True, description="Resume the unfinished session if there is one.")
    get_ready_s: float = Field(5.0, ge=0, le=60, description="Get-ready countdown, seconds.")
    step_seconds: int | None = Field(None, ge=1, le=3600, description="Shorten every step.")


class SessionProgress(BaseModel):
    """The body of ``PUT /api/v1/sessions/{id}/progress``."""

    model_config = ConfigDict(extra="forbid")

    state: dict[str, Any] = Field(description="The player state as the start response gave it.")
    quit: bool = Field(False, description="Stopping early: keep what was done for resume.")


class SessionFinish(BaseModel):
    """The body of ``POST /api/v1/sessions/{id}/finish``."""

    model_config = ConfigDict(extra="forbid")

    state: dict[str, Any]
    tenderness: dict[str, Any] = Field(
        default_factory=dict,
        description="0-10 per area: foot, calf, shin, hamstring, thigh, buttock (left_calf too).",
    )
    note: str | None = Field(None, max_length=2000)


class SessionLogPublic(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    day: str
    status: str
    session_id: str
    title: str
    done: int
    skipped: int
    total: int
    seconds: int
    massage_seconds: int
    steps: list[dict[str, Any]]
    tenderness: dict[str, int] | None
    note: str | None


class SessionRunPublic(BaseModel):
    log_id: int
    resumed: bool
    session: dict[str, Any]
    state: dict[str, Any]
    log: SessionLogPublic


class SessionLogList(BaseModel):
    count: int
    sessions: list[SessionLogPublic]


class CalendarFeedPublic(BaseModel):
    """``GET``/``POST /api/v1/plan/feed``: the address a calendar app subscribes to."""

    url: str = Field(description="The feed's address (https or http).")
    webcal_url: str = Field(description="The same address with the webcal scheme.")
    path: str = Field(description="The address without scheme and host.")
    secret: bool = Field(description="True in server mode: the address itself is the key.")
    weeks: int = Field(description="Weeks of sessions the feed carries from this Monday.")
    reminder_minutes: int = Field(description="Minutes before each session its reminder fires.")
