"""Insights: an empty state, then trends, associations worded as associations, SVG charts as
images with their description as text."""

from __future__ import annotations

import base64
import random
import re
from datetime import timedelta

from legcare.web.contexts import build_insights_context, svg_image
from tests.web.pages.htmlcheck import PAGE_BUDGET_BYTES


def _diary(ctx, days: int = 30) -> None:
    from legcare.services import diary

    rng = random.Random(7)
    for i in range(days):
        day = ctx.today() - timedelta(days=i)
        caffeine = rng.random() < 0.5
        rls = min(10, rng.randint(2, 6) + (2 if caffeine else 0))
        diary.log_checkin(
            ctx=ctx, kind="evening", day=day, values={"rls": rls, "caffeine": caffeine}
        )
        diary.log_checkin(ctx=ctx, kind="morning", day=day, values={"sleep_quality": 10 - rls})


def test_empty_state_invites_a_check_in(html_client) -> None:
    html = html_client.get("/insights").text
    assert "No check-ins in this period yet" in html and 'href="/checkin"' in html
    assert "<img" not in html


def test_charts_trends_and_associations(html_client) -> None:
    _diary(html_client.app.state.ctx)
    response = html_client.get("/insights")
    html = response.text
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(images) >= 2
    for encoded, alt in images:
        assert base64.b64decode(encoded).decode().lstrip().startswith("<svg") and alt
    assert html.count("<figcaption") == len(images)
    assert "Restless-legs symptoms" in html
    assert "caffeine causes" in html  # "this does not show that caffeine causes ..."
    assert len(re.sub(r'src="data:[^"]*"', "", html)) < PAGE_BUDGET_BYTES


def test_range_is_chosen_in_the_address(html_client) -> None:
    today = html_client.app.state.ctx.today()
    start = (today - timedelta(days=13)).isoformat()
    html = html_client.get(f"/insights?from={start}&to={today.isoformat()}").text
    assert "14 days" in html and f'value="{start}"' in html
    assert html_client.get("/insights?from=2026-13-01").status_code == 422


def test_context_keeps_short_comparisons_out(ctx) -> None:
    _diary(ctx, days=8)
    context = build_insights_context(ctx)
    assert all(a.enough for a in context["shown"])
    waiting = context["waiting"]
    assert waiting and not set(waiting) & {a.exposure_label for a in context["shown"]}
    from legcare.domain.insights.tracked import describe_tested

    assert context["tested"] == describe_tested(len(context["shown"]))


def test_page_says_how_many_were_compared_and_what_was_merged(html_client) -> None:
    from legcare.services import factors

    ctx = html_client.app.state.ctx
    factors.add_factor(ctx=ctx, name="alcohol late", kind="yes_no")
    _diary(ctx)
    factors.record_factor(ctx=ctx, name="alcohol late", value=True)
    html = html_client.get("/insights").text
    assert re.search(r"We looked at \d+ things; with that many, one or two can look linked", html)
    assert "Counted as one: " in html and "alcohol and alcohol late" in html
    assert "caffeine and caffeine after midday" in html


def test_svg_image_reads_title_and_description() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>A &amp; B</title><desc>Up</desc></svg>'
    image = svg_image(svg)
    assert image["title"] == "A & B" and image["alt"] == "Up"
    assert image["src"].startswith("data:image/svg+xml;base64,")
