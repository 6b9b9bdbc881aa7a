"""/api/v1/plan/feed and /calendar/{name}.ics: a plain feed in local mode; in server mode a
secret address per user, open to a calendar app without a sign-in, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import vobject
from fastapi import FastAPI
from fastapi.testclient import TestClient

from legcare.services.context import AppContext
from tests.services.plan_helpers import store_check
from tests.web.server_helpers import Browser, add_user, server_app


def test_local_feed_is_a_plain_address(client: TestClient, ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    view = client.get("/api/v1/plan/feed").json()
    assert view["path"] == "/calendar/feed.ics" and view["secret"] is False
    assert view["url"] == "http://testserver/calendar/feed.ics"
    assert view["webcal_url"] == "webcal://testserver/calendar/feed.ics"
    response = client.get(view["path"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = vobject.readOne(response.text).vevent_list
    assert events and all(len(e.valarm_list) == 1 for e in events)
    assert client.get("/calendar/nope.ics").status_code == 404
    assert client.post("/api/v1/plan/feed").status_code == 422  # no secret to change locally


@pytest.fixture
def app(any_db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    application = server_app(any_db_url, tmp_path)
    yield application
    application.state.ctx.store.dispose()


def test_server_feed_is_secret_and_needs_no_sign_in(app: FastAPI) -> None:
    ann = add_user(app, "ann")
    bob = add_user(app, "bob")
    store_check(app.state.ctx.for_user(ann), "restless_legs")
    browser = Browser(app)
    anonymous = TestClient(app)
    assert anonymous.get("/api/v1/plan/feed").status_code == 401
    assert anonymous.get("/calendar/feed.ics").status_code == 404
    browser.login("ann")
    view = browser.get("/api/v1/plan/feed").json()
    assert view["secret"] is True and view["path"].startswith(f"/calendar/{ann}.")
    feed = anonymous.get(view["path"])  # a calendar app has no cookie
    assert feed.status_code == 200
    uids = {e.uid.value for e in vobject.readOne(feed.text).vevent_list}
    assert uids and all(u.endswith(f"@user{ann}.legcare") for u in uids)
    rotated = browser.post("/api/v1/plan/feed")
    assert rotated.status_code == 200
    assert anonymous.get(view["path"]).status_code == 404  # the old address is off
    assert anonymous.get(rotated.json()["path"]).status_code == 200
    other = Browser(app)
    other.login("bob")
    bobs = other.get("/api/v1/plan/feed").json()["path"]
    assert bobs != rotated.json()["path"]
    bob_uids = {e.uid.value for e in vobject.readOne(anonymous.get(bobs).text).vevent_list}
    assert bob_uids and all(
        u.endswith(f"@user{bob}.legcare") for u in bob_uids
    )  # bob's own plan, never ann's
    browser.close()
    other.close()
