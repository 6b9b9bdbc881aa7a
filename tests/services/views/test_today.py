"""Today's read model: the latest check, today's check-ins, tonight's session; reads only."""

from __future__ import annotations

from legcare.domain.screening.vocabulary import TriageLevel
from legcare.services import diary
from legcare.services.context import AppContext
from legcare.services.views.today import today_view
from legcare.store import plans as plans_repo
from tests.services.plan_helpers import store_check


def test_nothing_yet(ctx: AppContext) -> None:
    view = today_view(ctx=ctx)
    assert view["check"] is None and view["banner"] is None and view["tonight"] is None
    assert view["checkins"] == [
        {"kind": "morning", "done": False},
        {"kind": "evening", "done": False},
    ]


def test_tonight_and_the_week_from_a_plan_not_stored(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs")
    diary.log_checkin(ctx=ctx, kind="morning", values={"sleep_quality": 6})
    view = today_view(ctx=ctx)
    assert view["tonight"] is not None
    assert len(view["plan_days"]) == 7 and sum(d["today"] for d in view["plan_days"]) == 1
    today = next(d for d in view["plan_days"] if d["today"])
    assert view["tonight"]["title"] in today["summary"]
    assert view["checkins"][0] == {"kind": "morning", "done": True}
    assert view["banner"] is None
    with ctx.store.read() as conn:
        assert plans_repo.latest_plan(conn, user_id=ctx.user_id) is None  # a read stores nothing


def test_an_emergency_check_shows_the_banner_and_no_session(ctx: AppContext) -> None:
    store_check(ctx, "restless_legs", triage=TriageLevel.EMERGENCY)
    view = today_view(ctx=ctx)
    assert view["banner"] is not None and view["tonight"] is None and view["plan_days"] == []
