"""A GET writes nothing: every API read and every page leaves the database row for row as it was.

The plan and the weekly review are the reads that used to store things (a new plan version, a
review proposal); they now compute in memory and say so, and POST stores them.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from legcare.services import diary, plans
from legcare.services.context import AppContext
from legcare.store.tables import metadata
from legcare.web.contexts import NAV
from tests.services.plan_helpers import later, store_check

Snapshot = dict[str, list[tuple[Any, ...]]]


def _snapshot(ctx: AppContext) -> Snapshot:
    """Every row of every table, in a stable order. The health probe's ``write_check`` stamp
    is left out: GET /api/v1/health proves the database can be written by writing it (an
    operational probe that holds no one's data)."""
    out: Snapshot = {}
    with ctx.store.read() as conn:
        for table in metadata.sorted_tables:
            rows = [tuple(r) for r in conn.execute(sa.select(table)).all()]
            if table.name == "legcare_meta":
                rows = [r for r in rows if r[0] != "write_check"]
            out[table.name] = sorted(rows, key=repr)
    return out


def _get_paths(client: TestClient) -> list[str]:
    """Every GET route of the API without a path parameter, and every page."""
    schema = client.get("/api/v1/openapi.json").json()
    api = [path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path]
    return sorted(api) + [item.path for item in NAV] + ["/offline", "/plan/calendar.ics"]


def _get_everything(client: TestClient) -> dict[str, int]:
    statuses = {}
    for path in _get_paths(client):
        statuses[path] = client.get(path, headers={"accept": "text/html"}).status_code
        statuses[f"{path} (json)"] = client.get(path).status_code
    return statuses


def _assert_unchanged(before: Snapshot, after: Snapshot) -> None:
    for name in before:
        assert after[name] == before[name], f"a GET changed the table {name}"


def test_reads_store_no_plan_version_when_none_is_stored(
    client: TestClient, ctx: AppContext
) -> None:
    store_check(ctx, "restless_legs", "plantar_fasciitis")
    diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 5})
    before = _snapshot(ctx)
    statuses = _get_everything(client)
    _assert_unchanged(before, _snapshot(ctx))
    assert statuses["/plan"] == 200 and statuses["/"] == 200
    shown = client.get("/api/v1/plan").json()
    assert shown["saved"] is False and shown["version"] is None
    assert "Not saved yet" in client.get("/plan", headers={"accept": "text/html"}).text
    saved = client.post("/api/v1/plan").json()
    assert saved["saved"] is True and saved["version"] == 1
    assert {k: v for k, v in saved.items() if k not in ("saved", "version", "created_at")} == {
        k: v for k, v in shown.items() if k not in ("saved", "version", "created_at")
    }
    assert client.get("/api/v1/plan").json()["version"] == 1


def test_a_due_review_is_shown_as_due_and_made_only_by_post(
    client: TestClient, ctx: AppContext
) -> None:
    store_check(ctx, "restless_legs")
    plans.save_plan(ctx=later(ctx, days=-8))  # a week ago: the first review is due
    before = _snapshot(ctx)
    statuses = _get_everything(client)
    _assert_unchanged(before, _snapshot(ctx))
    assert statuses["/api/v1/plan/review (json)"] == 200
    review = client.get("/api/v1/plan/review").json()
    assert review["review"] is None and review["due"] <= ctx.today().isoformat()
    page = client.get("/plan", headers={"accept": "text/html"}).text
    assert "Make this week&#39;s review" in page or "Make this week's review" in page
    made = client.post("/api/v1/plan/review").json()
    assert made["review"]["decision"] is None and made["due"] is None
    assert len(_snapshot(ctx)["plan_reviews"]) == 1
    again = client.post("/api/v1/plan/review").json()  # the undecided one, not a second
    assert again["review"]["id"] == made["review"]["id"]


@pytest.mark.parametrize("days", [0, 3])
def test_a_stale_plan_is_computed_anew_but_not_stored(
    client: TestClient, ctx: AppContext, days: int
) -> None:
    store_check(ctx, "plantar_fasciitis")
    plans.save_plan(ctx=later(ctx, days=-days))
    store_check(later(ctx, minutes=1), "restless_legs")  # a newer check: the plan is stale
    before = _snapshot(ctx)
    _get_everything(client)
    _assert_unchanged(before, _snapshot(ctx))
    shown = client.get("/api/v1/plan").json()
    assert shown["saved"] is False and "restless_legs" in shown["patterns"]
    assert client.post("/api/v1/plan").json()["version"] == 2


def test_tracking_pages_and_reads_write_nothing(client: TestClient, ctx: AppContext) -> None:
    """With medicines, own factors (one archived), weekly answers and check-in factor values
    stored, the tracking pages (listed on More) and their API reads change no row."""
    from legcare.services import factors, medicines, weekly_scores

    medicines.add_medicine(ctx=ctx, name="diphenhydramine", as_needed=True)
    factors.add_factor(ctx=ctx, name="stress", kind="scale_0_10")
    old = factors.add_factor(ctx=ctx, name="old shoes", kind="yes_no")
    factors.archive_factor(ctx=ctx, factor_id=old.id)
    items = [i.id for i in weekly_scores.questions(kind="rls").text.items]
    weekly_scores.save_week(ctx=ctx, kind="rls", answers=dict.fromkeys(items, 3))
    diary.log_checkin(ctx=ctx, kind="evening", values={"rls": 4}, factors={"stress": 5})
    before = _snapshot(ctx)
    statuses = _get_everything(client)
    for path in ("/weekly?kind=heel", "/checkin?kind=evening", "/more"):
        statuses[path] = client.get(path, headers={"accept": "text/html"}).status_code
    _assert_unchanged(before, _snapshot(ctx))
    for path in ("/medicines", "/factors", "/weekly", "/health-import", "/api/v1/factors"):
        assert statuses[path] == 200, path
