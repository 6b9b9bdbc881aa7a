"""Today: start here on a first run; then tonight's session, check-in status, the week at a
glance, the triage banner above self-care, and today's experiment arm."""

from __future__ import annotations

import re

from legcare.web.contexts import build_today_context
from tests.web.pages.conftest import RLS_AND_HEEL, complete_check


def test_first_run_says_where_to_start(html_client) -> None:
    html = html_client.get("/").text
    assert "Start here" in html
    assert 'href="/check">Start the check' in html
    assert "Morning: not yet" in html and "Evening: not yet" in html


def test_after_a_check_today_shows_tonight_the_week_and_the_banner(html_client) -> None:
    complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    html = html_client.get("/").text
    main = html.split('<main id="main"', 1)[1]
    assert "Start here" not in main
    assert "This week" in main and main.count('class="spread') >= 7
    assert re.search(
        r'action="/session/start" class="start-session">.*?name="session_id" value="[a-z_]+">'
        r'\s*<button type="submit">Start the session',
        main,
        re.S,
    )
    assert '<section class="banner triage-' in main  # above self-care: the banner is shown
    assert "triage-self_care" not in main
    assert main.index("triage-") < main.index("This week")


def test_no_banner_for_self_care(ctx) -> None:
    complete_check(ctx, {"rf_emergency": ["none"], "rf_urgent": ["none"], "complaints": ["none"]})
    context = build_today_context(ctx)
    assert context["check"]["triage"]["level"] == "self_care"
    assert context["banner"] is None


def test_todays_experiment_arm_is_shown(ctx) -> None:
    from legcare.services import experiments

    experiments.new_experiment(ctx=ctx, arms="evening massage,none", pairs=2, seed=1)
    context = build_today_context(ctx)
    assert context["experiment"]["message"].startswith("Experiment day 1 of")
