"""The calendar feed: one plain address in local mode, a secret per-user address in server mode
that a new nonce turns off; after a warning sign the feed cancels every event."""

from __future__ import annotations

from dataclasses import replace

import pytest
import vobject

from legcare.domain.screening.vocabulary import TriageLevel
from legcare.errors import InvalidInput, NotFound
from legcare.services import accounts, calendar_feed, plans
from legcare.services.context import AppContext
from tests.services.plan_helpers import store_check


@pytest.fixture
def server(ctx: AppContext) -> AppContext:
    settings = ctx.settings.model_copy(update={"mode": "server", "secret_key": "k" * 40})
    return replace(ctx, settings=settings)


def _name(view: dict[str, object]) -> str:
    path = str(view["path"])
    assert path.startswith("/calendar/") and path.endswith(".ics")
    return path.removeprefix("/calendar/").removesuffix(".ics")


def test_local_mode_has_one_plain_address(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    view = calendar_feed.feed(ctx=ctx)
    assert view["path"] == "/calendar/feed.ics" and view["secret"] is False
    events = vobject.readOne(calendar_feed.feed_calendar(ctx=ctx, name="feed")).vevent_list
    assert events and all(len(e.valarm_list) == 1 for e in events)
    with pytest.raises(NotFound):
        calendar_feed.feed_calendar(ctx=ctx, name="other")
    with pytest.raises(InvalidInput, match="no secret"):
        calendar_feed.rotate_feed(ctx=ctx)


def test_server_mode_address_is_secret_per_user_and_rotates(server: AppContext) -> None:
    ann = accounts.create_account(ctx=server, username="ann", password="p" * 12, role="client").id
    bob = accounts.create_account(ctx=server, username="bob", password="p" * 12, role="client").id
    a, b = server.for_user(ann), server.for_user(bob)
    store_check(a, "restless_legs")
    store_check(b, "plantar_fasciitis")
    assert calendar_feed.existing_feed(ctx=a) is None  # nothing until asked
    first = _name(calendar_feed.feed(ctx=a))
    assert calendar_feed.feed(ctx=a)["path"] == f"/calendar/{first}.ics"  # stable once made
    assert calendar_feed.feed_owner(ctx=server, name=first).user_id == ann
    bobs = _name(calendar_feed.feed(ctx=b))
    assert bobs != first and calendar_feed.feed_owner(ctx=server, name=bobs).user_id == bob

    def uids(text: str) -> set[str]:
        return {e.uid.value for e in vobject.readOne(text).vevent_list}

    ann_feed = uids(calendar_feed.feed_calendar(ctx=server, name=first))
    assert ann_feed == uids(plans.plan_calendar(ctx=a, weeks=calendar_feed.WEEKS))
    assert all(u.endswith(f"@user{ann}.legcare") for u in ann_feed)  # ann's plan, not bob's
    assert ann_feed.isdisjoint(uids(calendar_feed.feed_calendar(ctx=server, name=bobs)))
    user, _, key = first.partition(".")
    forged = [
        f"{bob}.{key}",  # ann's key with bob's id
        f"{user}.{key[:-1]}",
        f"{user}.",
        "feed",
        f"{user}",
        f"x{first}",
        f"{ann + 100}.{key}",
    ]
    for name in forged:
        with pytest.raises(NotFound):
            calendar_feed.feed_owner(ctx=server, name=name)
    second = _name(calendar_feed.rotate_feed(ctx=a))
    assert second != first
    with pytest.raises(NotFound):
        calendar_feed.feed_owner(ctx=server, name=first)  # the old address is off
    assert calendar_feed.feed_owner(ctx=server, name=second).user_id == ann
    other_secret = replace(
        server, settings=server.settings.model_copy(update={"secret_key": "z" * 40})
    )
    with pytest.raises(NotFound):
        calendar_feed.feed_owner(ctx=other_secret, name=second)  # the key needs the secret


def test_after_a_warning_sign_the_feed_cancels_every_event(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    before = vobject.readOne(calendar_feed.feed_calendar(ctx=ctx, name="feed")).vevent_list
    store_check(ctx, "restless_legs", triage=TriageLevel.EMERGENCY)
    text = calendar_feed.feed_calendar(ctx=ctx, name="feed")
    after = {e.uid.value: e for e in vobject.readOne(text).vevent_list}
    assert {e.uid.value for e in before} <= set(after)
    assert {e.status.value for e in after.values()} == {"CANCELLED"}
    assert "VALARM" not in text  # no massage reminder left standing
