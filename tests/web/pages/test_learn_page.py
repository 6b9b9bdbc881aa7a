"""Learn: every topic renders; techniques show how-to, dose, cautions, evidence and sources."""

from __future__ import annotations

import re

import pytest

from legcare.web.contexts import build_learn_context, build_topic_context
from tests.web.pages.htmlcheck import PAGE_BUDGET_BYTES, external_urls, parse


def _topic_ids(client) -> list[str]:
    return sorted(set(re.findall(r'href="/learn/([a-z0-9_]+)"', client.get("/learn").text)))


def test_every_topic_page_renders_within_budget(html_client) -> None:
    ids = _topic_ids(html_client)
    assert len(ids) > 20
    for topic in ids:
        response = html_client.get(f"/learn/{topic}")
        assert response.status_code == 200, topic
        facts = parse(response.text)
        assert facts.h1_count == 1, topic
        assert len(response.content) < PAGE_BUDGET_BYTES
        links = tuple(h for h, rel in facts.external_links if "external" in rel)
        assert external_urls(response.text, allowed_links=links) == [], topic


def test_massage_technique_page_has_steps_dose_cautions_grade_sources(html_client) -> None:
    html = html_client.get("/learn/myofascial_release").text
    for heading in ("How to do it", "Dose", "Cautions for you", "Evidence", "Sources"):
        assert f">{heading}</h2>" in html, heading
    assert "Possible blood clot" in html  # every massage technique names the DVT block
    assert 'class="tag grade-low"' in html


def test_the_kinetic_chain_is_a_section_of_learn(html_client) -> None:
    html = html_client.get("/learn").text
    assert 'id="chain_node">Kinetic chain</h2>' in html


def test_search_lists_matching_topics(html_client) -> None:
    html = html_client.get("/learn?q=heel").text
    assert re.search(r"\d+ topics? for “heel”", html)
    assert "/learn/plantar_fasciitis" in html


def test_unknown_topic_is_404_with_closest_topics(html_client) -> None:
    response = html_client.get("/learn/plantar-thing")
    assert response.status_code == 404
    assert "No topic is called that" in response.text
    assert 'href="/learn/plantar_fasciitis"' in response.text


@pytest.mark.parametrize("address", ["nonexistent", "massage", "non-drug"])
def test_an_address_names_a_page_and_is_never_a_search(html_client, address) -> None:
    """Words that search would match (even one topic clearly) are not an address: 404."""
    response = html_client.get(f"/learn/{address}")
    assert response.status_code == 404
    assert "No topic is called that" in response.text


def test_an_address_may_use_hyphens_a_title_or_an_alias(html_client) -> None:
    assert html_client.get("/learn/plantar-fasciitis").status_code == 200
    assert html_client.get("/learn/Plantar fasciitis").status_code == 200


def test_contexts(ctx) -> None:
    index = build_learn_context(ctx)
    kinds = [g["kind"] for g in index["groups"]]
    assert kinds[:3] == ["condition", "chain_node", "technique"]
    assert index["results"] is None
    topic = build_topic_context(ctx, topic="myofascial_release")
    assert topic["topic"]["steps"] and topic["topic"]["dose"]["text"]
    assert all(c["source_titles"] for c in topic["claims"])


def test_technique_pages_say_not_now_when_the_check_blocks_massage(html_client) -> None:
    from tests.web.pages.conftest import complete_check

    assert "Not for you now" not in html_client.get("/learn/myofascial_release").text
    complete_check(
        html_client.app.state.ctx, {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
    )
    technique = html_client.get("/learn/myofascial_release").text
    assert "Not for you now" in technique and 'role="alert"' in technique
    condition = html_client.get("/learn/plantar_fasciitis").text
    assert 'id="blocked-h"' not in condition  # a description is not blocked ...
    assert 'data-safety="blocked"' in condition  # ... but it says what to do now


def test_a_possible_clot_reaches_every_topic_page(html_client) -> None:
    """Devices that squeeze or shake the legs are blocked like massage; a condition page says
    which of its self-care is not for now; every topic page carries the what-to-do-now."""
    from tests.web.pages.conftest import complete_check

    assert "Not for you now" not in html_client.get("/learn/rls_other_non_drug_options").text
    complete_check(
        html_client.app.state.ctx, {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
    )
    devices = html_client.get("/learn/rls_other_non_drug_options").text
    assert "Not for you now" in devices and 'role="alert"' in devices
    condition = html_client.get("/learn/restless_legs").text
    assert 'data-safety="blocked"' in condition and 'id="blocked-h"' not in condition
    care = condition[condition.index("Self-care that may help") :]
    massage = care[care.index("/learn/rls_evening_massage_session") :].split("</li>")[0]
    assert "not for you now" in massage
    sleep = care[care.index("/learn/sleep_habits") :].split("</li>")[0]
    assert "not for you now" not in sleep


def test_technique_and_stretch_pages_show_their_figure_served_from_the_package(
    html_client,
) -> None:
    from legcare.store.knowledge_files import load_knowledge_base

    kb = load_knowledge_base()
    for entry in (*kb.techniques, *kb.exercises):
        assert entry.figure is not None
        html = html_client.get(f"/learn/{entry.id}").text
        url = f"/static/figures/{entry.figure.file}"
        assert f'<img src="{url}" alt="' in html, entry.id
        response = html_client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
    api = html_client.get("/api/v1/learn/calf_raises", headers={"accept": "application/json"})
    assert api.json()["figure"] == {
        "file": "wall_calf_raise.svg",
        "alt": kb.exercise("calf_raises").figure.alt,  # type: ignore[union-attr]
        "url": "/static/figures/wall_calf_raise.svg",
    }


def test_technique_page_shows_how_first_then_only_the_cautions_for_this_person(
    html_client,
) -> None:
    from tests.web.pages.conftest import RLS_AND_HEEL, complete_check

    before = html_client.get("/learn/trigger_point").text
    assert 'Take <a href="/check">the check</a> to see which' in before
    complete_check(html_client.app.state.ctx, {**RLS_AND_HEEL, "ctx_bleeding": "yes"})
    html = html_client.get("/learn/trigger_point").text
    how, cautions = html.index(">How to do it</h2>"), html.index(">Cautions for you</h2>")
    assert how < cautions
    yours, every = html[cautions:].split("<details>", 1)
    assert "Blood thinners" in yours and "Possible blood clot" not in yours
    assert re.search(r"<summary>All \d+ cautions</summary>", every)
    assert "Possible blood clot" in every.split("</details>")[0]


def test_a_blocked_technique_says_so_before_anything_else(html_client) -> None:
    from tests.web.pages.conftest import complete_check

    complete_check(
        html_client.app.state.ctx, {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
    )
    html = html_client.get("/learn/trigger_point").text
    main = html[html.index("<h1>") :]
    assert main.index("Not for you now") < main.index(">How to do it</h2>")
