"""`legcare learn` through the real CLI."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("words", [["trigger-point"], ["trigger_point"], ["trigger", "point"]])
def test_trigger_point_page_shows_dose_tools_precautions_evidence_sources(cli, words) -> None:
    result = cli("learn", *words)
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())  # Rich wraps lines
    assert "Trigger-point therapy" in out
    assert "3-5 min" in out and "at least twice a day" in out
    assert "hands, massage cane" in out
    assert "Cautions" in out and "Possible blood clot" in out and "Blood thinners" in out
    assert out.index("How to do it") < out.index("Cautions")
    assert "Evidence" in out and "Low certainty" in out
    assert "[S2] Massage Treatments for Restless Leg Syndrome" in out
    assert "away from where the pain is felt" in out


def test_trigger_point_json_has_the_same_facts(cli) -> None:
    result = cli("learn", "trigger-point", "--json")
    assert result.exit_code == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["id"] == "trigger_point" and page["kind"] == "technique"
    assert page["dose"]["minutes"] == {"min": 3, "max": 5}
    assert page["dose"]["text"].startswith("3-5 min; at least twice a day")
    assert page["tools"] == ["hands", "massage_cane"]
    assert page["evidence"]["grade"] == "low"
    assert {p["id"] for p in page["precautions"]} >= {"blood_clot", "anticoagulants_bleeding"}
    assert "S2" in [s["id"] for s in page["sources"]]


def test_learn_lists_topics_grouped_by_kind(cli) -> None:
    result = cli("learn")
    assert result.exit_code == 0, result.stderr
    for heading in ("Conditions and look-alikes", "Massage techniques", "Precautions"):
        assert heading in result.stdout
    assert "restless_legs" in result.stdout and "calf_raises" in result.stdout
    data = json.loads(cli("learn", "--json").stdout)
    kinds = [g["kind"] for g in data["groups"]]
    assert kinds[0] == "condition" and "technique" in kinds
    assert data["count"] == sum(len(g["topics"]) for g in data["groups"])


def test_unknown_topic_exits_3_with_closest_matches(cli) -> None:
    result = cli("learn", "trigger", "ponit", "therpy", "zz")
    assert result.exit_code == 3
    assert result.stderr.startswith("legcare: No topic matches")
    assert "trigger_point" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_words_show_a_condition_page_with_the_chain(cli) -> None:
    result = cli("learn", "calf", "tightness")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Kinetic chain" in out
    assert "limits Ankle dorsiflexion" in out


def test_search_lists_matches(cli) -> None:
    result = cli("learn", "--search", "stretch", "--json")
    data = json.loads(result.stdout)
    ids = [r["id"] for r in data["results"]]
    assert {"calf_stretch_gastrocnemius", "plantar_fascia_stretch"} <= set(ids)
    assert cli("learn", "--search", "stretch").exit_code == 0


def test_condition_page_never_diagnoses(cli) -> None:
    result = cli("learn", "restless_legs")
    assert result.exit_code == 0, result.stderr
    assert "you have" not in result.stdout.lower()
    assert "G25.81" in result.stdout


def test_words_matching_several_topics_list_them(cli) -> None:
    result = cli("learn", "hamstring")
    assert result.exit_code == 3
    assert "matches several topics" in result.stderr
    assert "hamstring_stretch" in result.stderr and "hamstring_strain" in result.stderr


def test_technique_page_says_not_for_you_now_after_a_clot_check(cli) -> None:
    from legcare.cli import runtime
    from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
    from tests.services.plan_helpers import store_check

    assert "Not for you now" not in cli("learn", "trigger-point").stdout
    no_massage = ((PrecautionKind.NO_MASSAGE, ()),)
    store_check(runtime.context(), "dvt", triage=TriageLevel.URGENT, precautions=no_massage)
    page = cli("learn", "trigger-point")
    assert page.exit_code == 0
    assert "Not for you now" in page.stdout
    assert "Not for you now" not in cli("learn", "plantar-fasciitis").stdout


def test_a_word_that_only_begins_like_a_topic_word_finds_nothing(cli) -> None:
    """ "nonexistent" begins with "non" (of "non-drug"): not found, exit 3, closest listed."""
    result = cli("learn", "nonexistent")
    assert result.exit_code == 3
    assert "No topic matches 'nonexistent'" in result.stderr
