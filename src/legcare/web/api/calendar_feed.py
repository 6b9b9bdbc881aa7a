"""The calendar feed: GET/POST /api/v1/plan/feed (its address) and GET /calendar/{name}.ics.

``/calendar/...`` is open without a sign-in (a calendar app cannot sign in): in server mode the
address carries the user's secret key and nothing else answers there.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from legcare.services import calendar_feed
from legcare.services.context import AppContext
from legcare.web.deps import ContextDep
from legcare.web.schemas_plans import CalendarFeedPublic

router = APIRouter(tags=["plan"])


def _with_urls(request: Request, view: calendar_feed.FeedView) -> dict[str, Any]:
    url = str(request.base_url).rstrip("/") + view["path"]
    return {**view, "url": url, "webcal_url": "webcal" + url[url.index(":") :]}


@router.get("/api/v1/plan/feed", response_model=CalendarFeedPublic)
def get_feed(request: Request, ctx: ContextDep) -> dict[str, Any]:
    """The address of your calendar feed (server mode: made on first ask, keep it private)."""
    return _with_urls(request, calendar_feed.feed(ctx=ctx))


@router.post("/api/v1/plan/feed", response_model=CalendarFeedPublic)
def rotate_feed(request: Request, ctx: ContextDep) -> dict[str, Any]:
    """Server mode: a new secret feed address; the old one stops working at once."""
    return _with_urls(request, calendar_feed.rotate_feed(ctx=ctx))


@router.get("/calendar/{name}.ics", response_class=Response)
def feed_calendar(request: Request, name: str) -> Response:
    """The plan as a subscribable iCalendar feed: each session an event with a reminder,
    removed sessions cancelled, every event withdrawn after a warning sign."""
    base: AppContext = request.app.state.ctx
    text = calendar_feed.feed_calendar(ctx=base, name=name)
    return Response(
        content=text,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="legcare.ics"',
            "Cache-Control": "private, no-cache",
        },
    )
