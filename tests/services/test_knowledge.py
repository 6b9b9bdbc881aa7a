"""The knowledge service: list, show and search return plain JSON-ready dicts."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcare.errors import InvalidInput, NotFound
from legcare.services import knowledge
from legcare.services.context import AppContext


def test_every_topic_page_is_json_and_complete(ctx: AppContext) -> None:
    listing = knowledge.list_topics(ctx=ctx)
    for group in listing["groups"]:
        for topic in group["topics"]:
            page = knowledge.show_topic(ctx=ctx, topic=topic["id"])
            json.dumps(page)  # plain data only
            assert page["kind"] == group["kind"]
            assert page["evidence"]["grade"] and page["sources"] and page["seed_facts"]
            assert page["content_version"] == listing["content_version"]


def test_topic_sources_are_what_the_topic_page_lists(ctx: AppContext) -> None:
    listing = knowledge.list_topics(ctx=ctx)
    ids = [t["id"] for group in listing["groups"] for t in group["topics"]]
    for topic_id in ids:
        sources = knowledge.topic_sources(ctx=ctx, topic_id=topic_id)
        assert sources and sources == knowledge.show_topic(ctx=ctx, topic=topic_id)["sources"]
    assert knowledge.topic_sources(ctx=ctx, topic_id="no-such-topic") == []


def test_technique_pages_carry_their_how_to(ctx: AppContext) -> None:
    page = knowledge.show_topic(ctx=ctx, topic="myofascial release")
    assert page["id"] == "myofascial_release"
    assert page["dose"]["hold_seconds"] == {"min": 30, "max": 90}
    assert page["steps"] and page["pressure"]["cue"] and page["direction"]["value"]
    assert page["precautions"][0]["id"] == "blood_clot"


def test_evening_session_dose_for_the_plan(ctx: AppContext) -> None:
    page = knowledge.show_topic(ctx=ctx, topic="rls_evening_massage_session")
    assert page["dose"]["minutes"] == {"min": 30, "max": 60}
    assert page["dose"]["times_per_week"] == {"min": 2, "max": None}
    assert "evening" in page["dose"]["time_of_day"]
    assert page["dose"]["text"].startswith("30-60 min; at least twice a week")


def test_blood_clot_page_blocks_every_technique(ctx: AppContext) -> None:
    page = knowledge.show_topic(ctx=ctx, topic="blood-clot")
    assert page["kind"] == "precaution" and page["blocks_all"] is True
    techniques = knowledge.list_topics(ctx=ctx)["groups"]
    ids = {t["id"] for g in techniques if g["kind"] == "technique" for t in g["topics"]}
    assert {b["id"] for b in page["blocks"]} == ids


def test_condition_page_has_codes_and_chain(ctx: AppContext) -> None:
    page = knowledge.show_topic(ctx=ctx, topic="plantar_fasciitis")
    assert {c["code"] for c in page["codes"]} == {"202882003", "M72.2"}
    assert any("Calf tightness" in p for p in page["chain"]["paths_into"])


def test_bad_input(ctx: AppContext) -> None:
    with pytest.raises(InvalidInput):
        knowledge.show_topic(ctx=ctx, topic="   ")
    with pytest.raises(InvalidInput):
        knowledge.search_topics(ctx=ctx, text="calf", limit=0)
    with pytest.raises(NotFound) as info:
        knowledge.show_topic(ctx=ctx, topic="qqqq zzzz")
    assert len(info.value.details) == 5


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_show_topic_returns_a_page_or_a_clear_error(ctx: AppContext, text: str) -> None:
    try:
        page = knowledge.show_topic(ctx=ctx, topic=text)
    except NotFound as exc:
        assert exc.details  # the closest topics
    except InvalidInput:
        assert not text.split()
    else:
        assert page["id"] and page["title"]


def test_precautions_for_you_are_those_the_check_found(ctx: AppContext) -> None:
    from tests.web.pages.conftest import RLS_AND_HEEL, complete_check

    assert knowledge.show_topic(ctx=ctx, topic="trigger_point")["precautions_for_you"] is None
    complete_check(ctx, RLS_AND_HEEL)
    calm = knowledge.show_topic(ctx=ctx, topic="trigger_point")
    assert calm["precautions_for_you"] == []
    complete_check(ctx, {**RLS_AND_HEEL, "ctx_bleeding": "yes"})
    page = knowledge.show_topic(ctx=ctx, topic="trigger_point")
    assert [p["id"] for p in page["precautions_for_you"]] == ["anticoagulants_bleeding"]
    assert len(page["precautions"]) > len(page["precautions_for_you"])
