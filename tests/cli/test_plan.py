"""`legcare plan`: the week, --json, --ics (parsed back with vobject), setup, history, review."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import vobject

from legcare.domain.screening.vocabulary import TriageLevel
from legcare.services import plans
from legcare.services.context import AppContext, build_context
from legcare.settings import Settings
from tests.services.plan_helpers import later, store_check


@pytest.fixture
def app(app_env: Path) -> AppContext:
    return build_context(Settings(data_dir=app_env))


def test_plan_json_is_the_service_view(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    store_check(app, "restless_legs")
    result = cli("plan", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == plans.current_plan(ctx=later(app, seconds=0))  # the same view
    assert data["saved"] is False and data["version"] is None  # showing it stored nothing
    assert plans.plan_history(ctx=app) == []
    text = " ".join(cli("plan").stdout.split())
    assert "Not saved yet: `legcare plan save` stores it" in text
    assert "Your plan (not saved yet): this week" in text and "None" not in text
    saved = cli("plan", "save", "--json")
    assert saved.exit_code == 0, saved.stderr
    assert json.loads(saved.stdout)["version"] == 1
    again = cli("plan", "save")
    assert "already saved as version 1" in again.stdout
    shown = json.loads(cli("plan", "--json").stdout)
    assert shown["saved"] is True and shown["version"] == 1
    assert "Not saved yet" not in cli("plan").stdout
    assert "Plan version 1: this week" in cli("plan").stdout


def test_plan_text_highlights_today(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    store_check(app, "plantar_fasciitis", triage=TriageLevel.SEE_CLINICIAN_SOON)
    result = cli("plan", "--details")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("See a clinician soon") < out.index("this week")
    assert "today >" in out
    assert "Morning first steps" in out and "Footwear and orthotics" in out
    text = " ".join(out.split())
    assert "evidence strong" in text and "F32" not in text
    assert "why: for Plantar fasciitis" in text and "legcare learn" in text


def test_setup_prompts_with_defaults(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    answers = "foam_roller,tennis_ball\n300\n30\n\nmon,thu\nlight\nleft\n"
    result = cli("plan", "setup", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "[hands]" in result.stdout and "[45]" in result.stdout and "[22:30]" in result.stdout
    assert "300 is outside 5-180" in result.stdout  # asked again
    profile = plans.get_profile(ctx=app)["profile"]
    assert profile == {
        "tools": ["hands", "foam_roller", "tennis_ball"],
        "minutes_per_day": 30,
        "bedtime": "22:30",
        "days": ["mon", "thu"],
        "pressure": "light",
        "side": "left",
    }


def test_setup_options_and_clear_errors(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    ok = cli(
        "plan", "setup", "--tools", "hands", "--minutes", "20", "--bedtime", "23:00",
        "--days", "all", "--pressure", "firm", "--side", "both", "--json",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["profile"]["minutes_per_day"] == 20
    bad = cli(
        "plan", "setup", "--tools", "chainsaw", "--minutes", "900", "--bedtime", "soon",
        "--days", "all", "--pressure", "firm", "--side", "both",
    )  # fmt: skip
    assert bad.exit_code == 2
    assert "chainsaw" in bad.stderr and "5-180" in bad.stderr and "HH:MM" in bad.stderr


def test_ics_export_parses_with_a_second_parser(cli, app: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store_check(app, "restless_legs", "plantar_fasciitis")
    target = tmp_path / "plan.ics"
    result = cli("plan", "--ics", str(target), "--weeks", "2")
    assert result.exit_code == 0, result.stderr
    view = plans.current_plan(ctx=app)
    expected = sum(len(day["sessions"]) for day in view["week"]) * 2
    assert f"Wrote {expected} sessions" in result.stdout
    calendar = vobject.readOne(target.read_text(encoding="utf-8"))
    events = calendar.vevent_list
    assert len(events) == expected
    uids = set()
    for event in events:
        uids.add(event.uid.value)
        assert event.summary.value.startswith("legcare: ")
        start, end = event.dtstart.value, event.dtend.value
        assert start.tzinfo is not None and end > start
        alarms = event.valarm_list
        assert len(alarms) == 1
        assert alarms[0].action.value == "DISPLAY"
        assert alarms[0].trigger.value == timedelta(minutes=-30)
        assert "legcare session" in event.description.value
    assert len(uids) == expected  # every event has its own UID
    titles = {e.summary.value for e in events}
    assert {"legcare: Evening leg massage", "legcare: Morning first steps"} <= titles


def test_history_and_review(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    past = later(app, days=-8)
    store_check(past, "restless_legs")
    plans.save_plan(ctx=past)
    result = cli("plan", "history", "--json")
    assert [h["version"] for h in json.loads(result.stdout)] == [1]
    shown = cli("plan", "review", "--json")
    review = json.loads(shown.stdout)["review"]
    assert review["decision"] is None and review["kind"]
    text = cli("plan", "review", input="n\n")
    assert text.exit_code == 0, text.stderr
    assert review["text"] in text.stdout and "Declined" in text.stdout
    again = cli("plan", "review")
    assert "No review is due" in again.stdout


def test_emergency_prints_what_to_do_now(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    store_check(app, "restless_legs", triage=TriageLevel.EMERGENCY)
    result = cli("plan")
    assert result.exit_code == 7
    assert "no self-care plan" in result.stderr and "emergency" in result.stderr


def test_feed_prints_the_address_to_subscribe_to(cli, app: AppContext) -> None:  # type: ignore[no-untyped-def]
    import json

    result = cli("plan", "feed", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    port = app.settings.port
    assert data["url"] == f"http://127.0.0.1:{port}/calendar/feed.ics"
    assert data["webcal_url"] == f"webcal://127.0.0.1:{port}/calendar/feed.ics"
    assert data["secret"] is False and data["reminder_minutes"] == app.settings.reminder_minutes
    text = cli("plan", "feed")
    assert text.exit_code == 0 and data["webcal_url"] in text.stdout


def test_feed_address_of_an_ipv6_or_every_interface_host_opens_in_a_browser(  # type: ignore[no-untyped-def]
    cli, app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    from urllib.parse import urlsplit

    from legcare.cli import runtime

    monkeypatch.setenv("LEGCARE_HOST", "::1")
    runtime.settings.cache_clear()
    runtime.context.cache_clear()
    data = json.loads(cli("plan", "feed", "--json").stdout)
    assert urlsplit(data["url"]).hostname == "::1" and "[::1]" in data["webcal_url"]

    monkeypatch.setenv("LEGCARE_HOST", "0.0.0.0")
    runtime.settings.cache_clear()
    runtime.context.cache_clear()
    result = cli("plan", "feed")
    assert result.exit_code == 0, result.stderr
    assert "webcal://localhost:" in result.stdout and "0.0.0.0" not in result.stdout
    assert "another device" in result.stdout


def test_ics_after_a_plan_change_counts_cancellations(cli, app: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store_check(app, "restless_legs")
    plans.save_profile(ctx=app, data={"days": "mon,wed,fri"})
    assert cli("plan", "--ics", str(tmp_path / "a.ics"), "--weeks", "1").exit_code == 0
    plans.save_profile(ctx=app, data={"days": "tue,thu"})
    result = cli("plan", "--ics", str(tmp_path / "b.ics"), "--weeks", "1")
    assert result.exit_code == 0, result.stderr
    events = vobject.readOne((tmp_path / "b.ics").read_text(encoding="utf-8")).vevent_list
    cancelled = sum(1 for e in events if e.status.value == "CANCELLED")
    assert cancelled > 0
    assert f"Wrote {len(events) - cancelled} sessions with reminders and {cancelled} " in (
        result.stdout.replace("\n", " ")
    )
