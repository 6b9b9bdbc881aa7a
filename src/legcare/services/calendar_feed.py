"""The subscribable calendar feed: the plan as an iCalendar address a phone calendar polls.

Local mode has one plain address (``/calendar/feed.ics``): the app only listens on this
computer. In server mode a calendar app cannot sign in, so each user gets a secret address:
``/calendar/<user id>.<key>.ics`` where the key is an HMAC of a stored random nonce under the
server's secret. Neither the database alone nor the secret alone gives the key away; a new
nonce (``rotate_feed``) turns the old address off.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from typing import TypedDict

from legcare.errors import InvalidInput, NotFound, SafetyStop
from legcare.services.context import AppContext
from legcare.store import calendar_feeds as feeds_repo

LOCAL_NAME = "feed"
WEEKS = 8


def _key(ctx: AppContext, user_id: int, nonce: str) -> str:
    digest = hmac.new(
        ctx.settings.secret_key.encode(), f"calendar-feed:{user_id}:{nonce}".encode(), "sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class FeedView(TypedDict):
    """The feed's address (``path``; the API adds ``url`` and ``webcal_url``)."""

    path: str
    secret: bool
    weeks: int
    reminder_minutes: int


def _view(ctx: AppContext, name: str) -> FeedView:
    return {
        "path": f"/calendar/{name}.ics",
        "secret": ctx.settings.mode == "server",
        "weeks": WEEKS,
        "reminder_minutes": ctx.settings.reminder_minutes,
    }


def feed(*, ctx: AppContext) -> FeedView:
    """The feed's address for the current user (a secret one is made on first ask)."""
    if ctx.settings.mode == "local":
        return _view(ctx, LOCAL_NAME)
    with ctx.store.transaction() as conn:
        nonce = feeds_repo.feed_nonce(conn, user_id=ctx.user_id)
        if nonce is None:
            nonce = secrets.token_urlsafe(24)
            feeds_repo.set_feed_nonce(conn, user_id=ctx.user_id, nonce=nonce, created_at=ctx.now())
    return _view(ctx, f"{ctx.user_id}.{_key(ctx, ctx.user_id, nonce)}")


def existing_feed(*, ctx: AppContext) -> FeedView | None:
    """The feed's address if it exists (always in local mode), without making one."""
    if ctx.settings.mode == "local":
        return _view(ctx, LOCAL_NAME)
    with ctx.store.read() as conn:
        nonce = feeds_repo.feed_nonce(conn, user_id=ctx.user_id)
    if nonce is None:
        return None
    return _view(ctx, f"{ctx.user_id}.{_key(ctx, ctx.user_id, nonce)}")


def rotate_feed(*, ctx: AppContext) -> FeedView:
    """A new secret address; the old one stops working at once (server mode only)."""
    if ctx.settings.mode == "local":
        raise InvalidInput(
            "Local mode has one plain calendar address; there is no secret to change.",
            details=["a new feed address is for server mode (LEGCARE_MODE=server)"],
        )
    nonce = secrets.token_urlsafe(24)
    with ctx.store.transaction() as conn:
        feeds_repo.set_feed_nonce(conn, user_id=ctx.user_id, nonce=nonce, created_at=ctx.now())
    return _view(ctx, f"{ctx.user_id}.{_key(ctx, ctx.user_id, nonce)}")


def feed_owner(*, ctx: AppContext, name: str) -> AppContext:
    """The context of the user whose feed ``name`` is; NotFound for any other name (the same
    answer for a wrong key as for a missing user, so the address cannot be guessed piecewise)."""
    missing = NotFound(
        "No calendar feed at this address.", details=["ask the app for the feed address again"]
    )
    if ctx.settings.mode == "local":
        if name != LOCAL_NAME:
            raise missing
        return ctx
    user_part, _, key = name.partition(".")
    if not user_part.isascii() or not user_part.isdigit() or not key:
        raise missing
    user_id = int(user_part)
    with ctx.store.read() as conn:
        nonce = feeds_repo.feed_nonce(conn, user_id=user_id)
    if nonce is None or not hmac.compare_digest(key, _key(ctx, user_id, nonce)):
        raise missing
    return ctx.for_user(user_id)


def feed_calendar(*, ctx: AppContext, name: str) -> str:
    """The calendar text behind the feed address ``name``."""
    from legcare.services.plans import plan_calendar, withdrawn_calendar

    owner = feed_owner(ctx=ctx, name=name)
    try:
        return plan_calendar(ctx=owner, weeks=WEEKS, publish=True)
    except SafetyStop:
        # A subscribed calendar keeps what it last fetched: cancel every event (and so every
        # reminder) rather than leave a massage reminder standing after a warning sign.
        return withdrawn_calendar(ctx=owner, weeks=WEEKS)
