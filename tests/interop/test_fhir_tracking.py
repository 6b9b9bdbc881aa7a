"""The tracking records in the FHIR export (issue 19): medicines as MedicationStatement (no
dosage unless the person typed one, then as text only), own factors as Basic and Observations,
the weekly Questionnaires and QuestionnaireResponses, imported values with their source. Read
back with fhirclient (a second R4 model) and fhirpathpy, beside the fhir.resources validation
the export runs itself; and an import restores every row."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from fhirpathpy import evaluate

from legcare.interop import fhir
from legcare.services.views import export
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import log_days, seed_tracking

TODAY = FIXED_NOW.date()


@pytest.fixture
def bundle(ctx):
    log_days(ctx, TODAY, 2)
    seed_tracking(ctx, end=TODAY)
    return export.export_bundle(ctx=ctx)


def _path(bundle, expression: str) -> list:  # type: ignore[type-arg]
    return list(evaluate(bundle, expression, {}))


def test_medicines_are_statements_with_the_persons_own_dose_text_only(bundle) -> None:
    names = _path(
        bundle,
        "Bundle.entry.resource.where(resourceType='MedicationStatement' and partOf.empty())"
        ".medicationCodeableConcept.text",
    )
    assert names == ["Sertraline", "Paracetamol"]
    # a dosage only where the person typed their own words, and then only as text
    assert _path(bundle, "Bundle.entry.resource.ofType(MedicationStatement).dosage.text") == [
        "my own <b>text</b>"
    ]
    assert (
        _path(bundle, "Bundle.entry.resource.ofType(MedicationStatement).dosage.doseAndRate") == []
    )
    assert _path(
        bundle,
        "Bundle.entry.resource.ofType(MedicationStatement).where(medicationCodeableConcept.text"
        "='Sertraline').effectivePeriod.start",
    ) == [(TODAY - timedelta(days=60)).isoformat()]
    # the "as needed" use points at its medicine's statement
    use = _path(bundle, "Bundle.entry.resource.ofType(MedicationStatement).where(partOf.exists())")
    (one,) = use
    assert one["effectiveDateTime"] == TODAY.isoformat() and one["status"] == "completed"
    target = one["partOf"][0]["reference"]
    assert _path(
        bundle, f"Bundle.entry.where(fullUrl='{target}').resource.medicationCodeableConcept.text"
    ) == ["Paracetamol"]  # noqa: E501
    sources = _path(bundle, "Bundle.entry.resource.ofType(MedicationStatement).meta.source")
    assert set(sources) == {"urn:legcare:source:manual"}


def test_own_factor_values_are_observations_that_point_at_their_factor(bundle) -> None:
    values = _path(
        bundle,
        "Bundle.entry.resource.ofType(Observation).where(code.coding.code='own-factor-value')",
    )
    assert sorted((v["effectiveDateTime"], v["valueInteger"]) for v in values) == [
        ((TODAY - timedelta(days=1)).isoformat(), 3),
        (TODAY.isoformat(), 6),
    ]
    assert {v["code"]["text"] for v in values} == {"Stress"}
    ref = next(e for e in values[0]["extension"] if e["url"].endswith("factor-reference"))
    target = ref["valueReference"]["reference"]
    factor = _path(bundle, f"Bundle.entry.where(fullUrl='{target}').resource")
    assert factor[0]["resourceType"] == "Basic" and factor[0]["code"]["text"] == "Stress"


def test_weekly_responses_name_a_questionnaire_in_the_bundle(bundle) -> None:
    questionnaires = {
        f"{q['url']}|{q['version']}": q
        for q in _path(bundle, "Bundle.entry.resource.ofType(Questionnaire)")
    }
    weekly = [
        r
        for r in _path(bundle, "Bundle.entry.resource.ofType(QuestionnaireResponse)")
        if "weekly" in r["questionnaire"]
    ]
    assert sorted(r["questionnaire"].split("|")[0] for r in weekly) == [
        "urn:legcare:questionnaire:heel_weekly",
        "urn:legcare:questionnaire:rls_weekly",
    ]
    for response in weekly:
        questionnaire = questionnaires[response["questionnaire"]]
        assert "not a validated instrument" in questionnaire["description"]
        asked = {i["linkId"] for i in questionnaire["item"]}
        assert {i["linkId"] for i in response["item"]} <= asked
    scores = _path(
        bundle,
        "Bundle.entry.resource.ofType(QuestionnaireResponse).item.where(linkId='score')"
        ".answer.valueInteger",
    )
    assert sorted(scores) == [40, 45]


def test_imported_values_carry_loinc_codes_and_their_source(bundle) -> None:
    found = {
        o["code"]["coding"][0]["code"]: (o["valueQuantity"]["value"], o["meta"]["source"])
        for o in _path(
            bundle,
            "Bundle.entry.resource.ofType(Observation)"
            ".where(code.coding.where(system='http://loinc.org').exists())",
        )
        if o["code"]["coding"][0]["code"] in ("41950-7", "93832-4", "40443-4")
    }
    source = "urn:legcare:source:apple_health"
    assert found == {"41950-7": (6400, source), "93832-4": (410, source), "40443-4": (58, source)}
    resting = _path(
        bundle,
        "Bundle.entry.resource.ofType(Observation).where(code.coding.where(code='40443-4').exists())",
    )
    (heart,) = resting
    assert heart["category"][0]["coding"][0]["code"] == "vital-signs"
    assert "8867-4" in {c["code"] for c in heart["code"]["coding"]}  # the vital-signs profile
    assert heart["valueQuantity"]["code"] == "/min"


def test_fhirclient_reads_every_tracking_resource_strictly(bundle) -> None:
    from fhirclient.models.bundle import Bundle
    from fhirclient.models.fhirelementfactory import FHIRElementFactory

    Bundle(copy.deepcopy(bundle), strict=True)
    kinds = set()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = FHIRElementFactory.instantiate(resource["resourceType"], copy.deepcopy(resource))
        kinds.add(model.resource_type)
    assert {"MedicationStatement", "Basic", "Questionnaire", "QuestionnaireResponse"} <= kinds


def test_codes_used_are_in_the_code_system(bundle) -> None:
    system = _path(bundle, "Bundle.entry.resource.ofType(CodeSystem).concept.code")
    used = set(
        _path(
            bundle, f"Bundle.entry.resource.descendants().where(system='{fhir.CODE_SYSTEM}').code"
        )
    )
    assert {"own-factor", "own-factor-value", "steps"} <= used <= set(system)


@pytest.mark.parametrize("fmt", ["fhir", "fhir-transaction"])
def test_an_import_restores_every_tracking_row(ctx, fmt: str) -> None:
    log_days(ctx, TODAY, 2)
    seed_tracking(ctx, end=TODAY)
    before = export.export_document(ctx=ctx)["data"]
    content = export.export_data(ctx=ctx, fmt=fmt).content
    export.delete_all(ctx=ctx)
    summary = export.import_data(ctx=ctx, content=content)
    assert summary.ignored == []
    assert {t: summary.counts[t] for t in ("medicines", "medicine_uses", "weekly_scores")} == {
        "medicines": 2,
        "medicine_uses": 1,
        "weekly_scores": 2,
    }
    assert export.export_document(ctx=ctx)["data"] == before


def test_a_use_whose_medicine_is_missing_is_refused(bundle) -> None:
    broken = copy.deepcopy(bundle)
    broken["entry"] = [
        e
        for e in broken["entry"]
        if not (
            e["resource"]["resourceType"] == "MedicationStatement"
            and not e["resource"].get("partOf")
            and e["resource"]["medicationCodeableConcept"]["text"] == "Paracetamol"
        )
    ]
    from legcare.errors import InvalidInput

    with pytest.raises(InvalidInput, match="refers to|belongs to"):
        fhir.parse_bundle(json.loads(json.dumps(broken)))
