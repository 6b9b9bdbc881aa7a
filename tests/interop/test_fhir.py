"""The FHIR R4 Bundle: every resource validates with fhir.resources (R4B models), pain ratings
carry LOINC 72514-3, our own ratings use the legcare code system, and the Bundle is stable."""

from __future__ import annotations

import copy

import pytest

from legcare.errors import InvalidInput
from legcare.interop import fhir
from legcare.services.export import export_bundle, read_everything
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import SCRIPT_NOTE, seed_everything

TODAY = FIXED_NOW.date()


@pytest.fixture
def bundle(ctx):
    seed_everything(ctx, end=TODAY, days=7)
    return export_bundle(ctx=ctx)


def _resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _codes(resource, system):
    return {c["code"] for c in resource["code"]["coding"] if c["system"] == system}


def test_every_resource_validates_with_fhir_resources(bundle) -> None:
    from fhir.resources.R4B.bundle import Bundle

    assert fhir.validate_bundle(bundle) == []
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        module = __import__(
            f"fhir.resources.R4B.{resource['resourceType'].lower()}", fromlist=["x"]
        )
        getattr(module, resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_resource_counts(bundle) -> None:
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("QuestionnaireResponse") == 1
    assert kinds.count("CarePlan") == 2
    assert kinds.count("Procedure") == 4
    panels = [o for o in _resources(bundle, "Observation") if "hasMember" in o]
    assert len(panels) == 14  # 7 evenings + 7 mornings


def test_pain_ratings_carry_loinc_72514_3(bundle) -> None:
    observations = _resources(bundle, "Observation")
    pain = [o for o in observations if "72514-3" in _codes(o, "http://loinc.org")]
    # leg pain (evening) + first-step heel pain and calf/hamstring pain (morning), 7 days each
    assert len(pain) == 21
    sites = {next(iter(_codes(o, fhir.CODE_SYSTEM))) for o in pain}
    assert sites == {"leg_pain", "first_step_heel_pain", "calf_hamstring_pain"}
    assert all(isinstance(o["valueInteger"], int) and 0 <= o["valueInteger"] <= 10 for o in pain)


def test_rls_and_sleep_use_our_code_system(bundle) -> None:
    observations = _resources(bundle, "Observation")
    rls = [o for o in observations if "rls" in _codes(o, fhir.CODE_SYSTEM)]
    sleep = [o for o in observations if "sleep_quality" in _codes(o, fhir.CODE_SYSTEM)]
    assert len(rls) == 7 and len(sleep) == 7
    assert not any(_codes(o, "http://loinc.org") for o in rls + sleep)
    hours = [o for o in observations if "hours_slept" in _codes(o, fhir.CODE_SYSTEM)]
    assert hours[0]["valueQuantity"]["code"] == "h"


def test_panel_carries_exposures_and_note(bundle) -> None:
    panels = [
        o
        for o in _resources(bundle, "Observation")
        if "evening-check-in" in _codes(o, fhir.CODE_SYSTEM)
    ]
    last = max(panels, key=lambda o: o["effectiveDateTime"])
    assert last["effectiveDateTime"] == TODAY.isoformat()
    assert last["note"] == [{"text": SCRIPT_NOTE}]
    names = {c["code"]["coding"][0]["code"] for c in last["component"]}
    assert {"caffeine", "alcohol", "massage_done", "exercise_kind"} <= names


def test_careplan_and_procedures(bundle) -> None:
    plans = _resources(bundle, "CarePlan")
    assert [p["status"] for p in plans] == ["revoked", "active"]
    assert plans[1]["replaces"] == [{"reference": f"urn:uuid:{plans[0]['id']}"}]
    qr = _resources(bundle, "QuestionnaireResponse")[0]
    assert plans[0]["supportingInfo"] == [{"reference": f"urn:uuid:{qr['id']}"}]
    procedures = _resources(bundle, "Procedure")
    assert {p["status"] for p in procedures} == {"completed", "stopped"}
    assert all(p["basedOn"] == [{"reference": f"urn:uuid:{plans[1]['id']}"}] for p in procedures)
    assert all(p["performedPeriod"]["start"].endswith("+00:00") for p in procedures)


def _leaves(items):
    for item in items:
        yield from _leaves(item.get("item", []))
        if "item" not in item:
            yield item


def test_questionnaire_response_uses_the_checks_builder(bundle) -> None:
    qr = _resources(bundle, "QuestionnaireResponse")[0]
    assert qr["status"] == "completed"
    assert qr["questionnaire"].startswith("urn:legcare:questionnaire:check|")
    leaves = {i["linkId"]: i for i in _leaves(qr["item"])}
    complaints = [a["valueCoding"]["code"] for a in leaves["complaints"]["answer"]]
    assert complaints == ["restless", "heel"]
    assert leaves["rls_days_per_week"]["answer"] == [{"valueInteger": 5}]
    assert leaves["rls_urge"]["text"]  # question texts for the reader


def test_questionnaire_response_answers_come_back(ctx, bundle) -> None:
    from legcare.services.screening import screening_content

    rows, _ = fhir.parse_bundle(bundle, content=screening_content(ctx=ctx))
    answers = rows["screenings"][0]["answers"]
    assert answers == {
        "rf_emergency": [],
        "complaints": ["restless", "heel"],
        "rls_urge": "yes",
        "rls_evening": "yes",
        "rls_days_per_week": 5,
        "rls_sleep": 6,
        "heel_risks": ["footwear"],
    }
    assert rows["screenings"][0]["result"]["triage"]["level"] == "mention_next_visit"


def test_plain_answers_without_check_content(ctx) -> None:
    seed_everything(ctx, end=TODAY, days=2)
    plain = fhir.build_bundle(read_everything(ctx=ctx), timestamp=FIXED_NOW)
    qr = _resources(plain, "QuestionnaireResponse")[0]
    assert {i["linkId"] for i in qr["item"]} >= {"complaints", "rls_urge"}
    rows, _ = fhir.parse_bundle(plain)
    assert rows["screenings"][0]["answers"]["complaints"] == ["restless", "heel"]


def test_bundle_is_the_same_when_exported_twice(ctx, bundle) -> None:
    assert export_bundle(ctx=ctx) == bundle


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda o: o.pop("status"), "status"),
        (lambda o: o.update(valueInteger="high"), "valueInteger"),
        (lambda o: o.update(effectiveDateTime="2026-11-20T20:00:00"), "effectiveDateTime"),
        (lambda o: o.update(colour="red"), "colour"),
    ],
)
def test_invalid_bundle_is_refused_with_details(bundle, change, expected: str) -> None:
    broken = copy.deepcopy(bundle)
    obs = next(
        e["resource"] for e in broken["entry"] if e["resource"]["resourceType"] == "Observation"
    )
    change(obs)
    with pytest.raises(InvalidInput, match="not valid R4") as caught:
        fhir.parse_bundle(broken)
    assert expected in "\n".join(caught.value.details)


def test_foreign_resources_are_skipped(bundle) -> None:
    extended = copy.deepcopy(bundle)
    extended["entry"].append(
        {
            "fullUrl": "urn:uuid:5f0c4a9e-0000-4000-8000-000000000001",
            "resource": {
                "resourceType": "CarePlan",
                "id": "5f0c4a9e-0000-4000-8000-000000000001",
                "status": "active",
                "intent": "plan",
                "subject": {"reference": "Patient/elsewhere"},
            },
        }
    )
    rows, skipped = fhir.parse_bundle(extended)
    assert skipped == 1
    assert len(rows["plans"]) == 2


def test_trusted_validation_still_catches_a_different_shape(bundle, monkeypatch) -> None:
    calls = []
    original = fhir.validate_resource
    monkeypatch.setattr(fhir, "validate_resource", lambda r: calls.append(r) or original(r))
    assert fhir.validate_bundle(bundle, trusted=True) == []
    assert 1 < len(calls) < len(bundle["entry"]) / 2  # one per shape, not one per resource
    broken = copy.deepcopy(bundle)
    last = [e["resource"] for e in broken["entry"] if "valueInteger" in e["resource"]][-1]
    last["valueInteger"] = "high"
    problems = fhir.validate_bundle(broken, trusted=True)
    assert len(problems) == 1 and "valueInteger" in problems[0]
    assert fhir.validate_bundle(broken) == problems  # untrusted: every resource, same finding


def test_shape_separates_unusual_values() -> None:
    assert fhir.shape({"a": "text"}) == fhir.shape({"a": "other text"})
    assert fhir.shape({"a": "text"}) != fhir.shape({"a": "bell \x07"})
    assert fhir.shape({"a": 5}) != fhir.shape({"a": 2**40})
    assert fhir.shape({"a": [1]}) != fhir.shape({"a": [1, 2]})


def _legcare_codes(value):
    if isinstance(value, dict):
        if value.get("system") == fhir.CODE_SYSTEM and "code" in value:
            yield value["code"]
        for item in value.values():
            yield from _legcare_codes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _legcare_codes(item)


def test_every_legcare_code_is_defined_in_the_code_system(bundle) -> None:
    (system,) = _resources(bundle, "CodeSystem")
    assert system["url"] == fhir.CODE_SYSTEM
    defined = {c["code"] for c in system["concept"]}
    used = set(_legcare_codes([e["resource"] for e in bundle["entry"]]))
    assert used and used <= defined
    assert {"rls", "sleep_quality", "evening-check-in", "guided-self-care-session"} <= used


@pytest.mark.parametrize(
    "entry",
    [
        "not a list",
        ["x"],
        [{"resource": 5}],
        [{"resource": {"id": "x"}}],
        [{"resource": {"resourceType": "../../etc"}}],
        [{"resource": {"resourceType": "Unicorn"}}],
        [{"resource": {"resourceType": "Observation", "status": "final", "code": 7}}],
    ],
)
def test_odd_bundles_are_refused_cleanly(entry) -> None:
    with pytest.raises(InvalidInput):
        fhir.parse_bundle({"resourceType": "Bundle", "type": "collection", "entry": entry})
