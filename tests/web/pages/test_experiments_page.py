"""Experiments: start one from the form, see today's arm and results, stop it."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import timedelta

from legcare.web.contexts import build_experiments_context
from tests.web.pages.conftest import csrf_from
from tests.web.pages.htmlcheck import parse


def _post(client, url: str, **fields):
    token = csrf_from(client.get("/experiments").text)
    return client.post(url, data={"csrf_token": token, **fields}, follow_redirects=False)


def test_no_experiment_yet_shows_the_start_form(html_client) -> None:
    html = html_client.get("/experiments").text
    assert "Start an experiment" in html and 'name="arms"' in html
    assert parse(html).h1_count == 1


def test_start_see_today_and_stop(html_client) -> None:
    started = _post(
        html_client, "/experiments/new", arms="evening massage,none", outcome="rls", pairs="4"
    )
    assert started.status_code == 303
    html = html_client.get("/experiments").text
    assert "evening massage or none" in html
    assert re.search(r"Experiment day 1 of \d+", html)
    assert "Start an experiment" not in html  # one at a time
    again = _post(html_client, "/experiments/new", arms="foam roller,ball")
    assert again.status_code == 303 or again.status_code == 409
    stopped = _post(html_client, "/experiments/stop", reason="travel")
    assert stopped.status_code == 303
    html = html_client.get("/experiments").text
    assert "Start an experiment" in html and "stopped" in html


def test_bad_design_is_refused_with_the_reason(html_client) -> None:
    response = _post(html_client, "/experiments/new", arms="only one", pairs="4")
    assert response.status_code == 422
    assert "arms" in response.text
    assert _post(html_client, "/experiments/new", arms="a,b", pairs="x").status_code == 422


def test_results_appear_with_check_ins(ctx) -> None:
    from legcare.services import diary, experiments

    start = ctx.today()
    experiments.new_experiment(ctx=ctx, arms="evening massage,none", pairs=2, start=start, seed=5)
    later = replace(ctx, clock=lambda: ctx.now() + timedelta(days=27))
    rng = random.Random(3)
    for i in range(28):
        day = start + timedelta(days=i)
        diary.log_checkin(ctx=later, kind="evening", day=day, values={"rls": rng.randint(3, 7)})
    context = build_experiments_context(later)
    assert [f["name"] for f in context["results"]["other_factors"]] == []  # nothing else recorded
    assert context["results"]["sentence"]
    assert context["results"]["comparisons"]
    assert context["chart"] is None or context["chart"]["src"].startswith("data:image/svg+xml")


def test_no_massage_experiment_after_a_possible_clot(html_client) -> None:
    from tests.web.pages.conftest import complete_check

    ctx = html_client.app.state.ctx
    complete_check(ctx, {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]})
    from legcare.services import screening

    assert screening.latest_result(ctx=ctx).massage_blocked
    html = html_client.get("/experiments").text
    assert "Not for you now: no massage" in html and 'data-safety="blocked"' in html
    assert "Evening massage or no massage" not in html and "Orthotic inserts or none" in html
    refused = _post(html_client, "/experiments/new", arms="evening massage,none")
    assert refused.status_code == 409 and "cannot start" in refused.text
    allowed = _post(html_client, "/experiments/new", arms="orthotics,none")
    assert allowed.status_code == 303


def test_the_start_form_says_how_many_pairs_from_recent_ratings(html_client) -> None:
    from legcare.services import diary

    ctx = html_client.app.state.ctx
    assert "How many pairs you may need" not in html_client.get("/experiments").text
    rng = random.Random(2)
    for i in range(1, 15):
        day = ctx.today() - timedelta(days=i)
        diary.log_checkin(ctx=ctx, kind="evening", day=day, values={"rls": rng.randint(2, 8)})
    html = html_client.get("/experiments").text
    assert "How many pairs you may need" in html
    found = re.search(r"<li>([^<]*restless[^<]*): (about \d+ pairs?|more than 12 pairs) "
                      r"\(14 ratings\)</li>", html)  # fmt: skip
    assert found, html
    api = html_client.get("/api/v1/experiments/size", params={"period_days": 7}).json()
    pairs = api["estimates"][0]["pairs_needed"]
    assert found.group(2) in (f"about {pairs} pair" + ("" if pairs == 1 else "s"),
                              "more than 12 pairs")  # fmt: skip


def test_other_things_that_changed_are_a_table_by_arm(html_client) -> None:
    from legcare.services import diary, experiments

    ctx = html_client.app.state.ctx
    start = ctx.today()
    experiments.new_experiment(ctx=ctx, arms="evening massage,none", pairs=2, start=start, seed=5)
    schedule = experiments.experiment_status(ctx=ctx)["schedule"]
    day0 = schedule[0]
    diary.log_checkin(ctx=ctx, kind="evening", day=start,
                      values={"rls": 4, "long_sitting": day0["arm"] == "none"})  # fmt: skip
    html = html_client.get("/experiments").text
    assert "Other things that changed (0 differed between the arms)" in html
    table = parse(html)
    assert table.h1_count == 1
    row = re.search(r'<th scope="row">long sitting or travel</th>(.*?)</tr>', html)
    assert row and "not recorded" in row.group(1) and "of 1 day" in row.group(1)


def test_results_on_the_page_read_as_numbers_and_words(html_client) -> None:
    from legcare.services import diary, experiments

    app = html_client.app
    ctx = app.state.ctx
    start = ctx.today()
    experiments.new_experiment(ctx=ctx, arms="evening massage,none", pairs=2, start=start, seed=5)
    app.state.ctx = later = replace(ctx, clock=lambda: ctx.now() + timedelta(days=27))
    rng = random.Random(3)
    for i in range(28):
        day = start + timedelta(days=i)
        diary.log_checkin(ctx=later, kind="evening", day=day, values={"rls": rng.randint(3, 7)})
    page = html_client.get("/experiments").text
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    thresholds = experiments.experiment_results(ctx=later)["thresholds"]
    assert "built-in method" not in page and "0x" not in text
    clear = thresholds["clear"]
    assert f"at least {clear:g} point{'' if clear == 1 else 's'}" in text
    effect = re.search(r"Effect ([+-]\d+(?:\.\d+)?) points \(95% interval", text)
    assert effect is not None and len(effect.group(1).split(".")[-1]) == 1  # one decimal
    assert re.search(r"Helps (?:\d{1,3}%|>99%|<1%) likely", text)
