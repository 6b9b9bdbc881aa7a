"""Reminder times: GET/PUT /api/v1/reminders (the installed web app schedules from these)."""

from __future__ import annotations

from fastapi import APIRouter

from legcare.services import reminders
from legcare.web.deps import ContextDep
from legcare.web.schemas_reminders import RemindersPublic, ReminderTimesUpdate

router = APIRouter(tags=["reminders"])


@router.get("/api/v1/reminders", response_model=RemindersPublic)
def get_reminders(ctx: ContextDep) -> reminders.RemindersView:
    """The reminder times you set, and the reminders to show today."""
    return reminders.reminders(ctx=ctx)


@router.put("/api/v1/reminders", response_model=RemindersPublic)
def put_reminders(ctx: ContextDep, body: ReminderTimesUpdate) -> reminders.RemindersView:
    """Set the reminder times (HH:MM, or null for none); fields left out keep theirs."""
    return reminders.save_reminders(ctx=ctx, data=body.model_dump(exclude_unset=True))
