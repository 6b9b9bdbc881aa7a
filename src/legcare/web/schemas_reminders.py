"""Reminder bodies: the times set and the reminders the installed web app schedules."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReminderTimesPublic(BaseModel):
    evening_session: str | None = Field(description="HH:MM, or null for no reminder")
    evening_checkin: str | None
    morning_checkin: str | None


class ReminderTimesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evening_session: str | None = Field(default=None, description="HH:MM, or null/empty: none")
    evening_checkin: str | None = None
    morning_checkin: str | None = None


class ScheduledReminderPublic(BaseModel):
    kind: str = Field(description="evening_session | evening_checkin | morning_checkin")
    time: str
    title: str
    text: str
    url: str


class RemindersPublic(BaseModel):
    times: ReminderTimesPublic
    scheduled: list[ScheduledReminderPublic] = Field(
        description="What to schedule; a possible blood clot leaves the session reminder out"
    )
