"""The FHIR R4 Bundle: every resource validates with fhir.resources (R4B models), pain ratings
carry LOINC 72514-3, our own ratings use the legcare code system, and the Bundle is stable."""

from __future__ import annotations

import copy

import pytest

from legcare.errors import InvalidInput
from legcare.interop import fhir
from legcare.services.views.export import export_bundle, read_everything
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
    rows, ignored = fhir.parse_bundle(extended)
    assert [(i.index, i.resource) for i in ignored] == [
        (len(extended["entry"]), "CarePlan/5f0c4a9e-0000-4000-8000-000000000001")
    ]
    assert "without legcare's plan" in ignored[0].reason
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


# -- Bundles as FHIR servers return them ---------------------------------------------------

BASE = "https://fhir.example.org/r4"


def _server_style(bundle, *, kind: str, references: str):  # type: ignore[no-untyped-def]
    """``bundle`` as a server would hold it: numeric ids, RESTful fullUrls, and references
    written ``relative`` (Observation/1003) or ``absolute`` (https://.../Observation/1003)."""
    out = copy.deepcopy(bundle)
    new_ids = {}
    for n, entry in enumerate(out["entry"], 1001):
        resource = entry["resource"]
        new_ids[entry["fullUrl"]] = f"{resource['resourceType']}/{n}"
        resource["id"] = str(n)
        entry["fullUrl"] = f"{BASE}/{resource['resourceType']}/{n}"
        if kind == "searchset":
            entry["search"] = {"mode": "match"}

    def rewrite(value):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "reference" and item in new_ids:
                    target = new_ids[item]
                    value[key] = target if references == "relative" else f"{BASE}/{target}"
                else:
                    rewrite(item)
        elif isinstance(value, list):
            for item in value:
                rewrite(item)

    rewrite(out["entry"])
    out["type"] = kind
    out.pop("timestamp", None) if kind == "searchset" else None
    if kind == "searchset":
        out["total"] = len(out["entry"])
    return out


def _comparable(rows):  # type: ignore[no-untyped-def]
    return {
        name: sorted(
            (repr(sorted((k, v) for k, v in row.items() if k != "id")) for row in table),
        )
        for name, table in rows.items()
    }


@pytest.mark.parametrize("kind", ["searchset", "collection", "transaction"])
@pytest.mark.parametrize("references", ["relative", "absolute"])
def test_server_bundles_resolve_like_our_own(bundle, kind: str, references: str) -> None:
    ours, _ = fhir.parse_bundle(bundle)
    server = _server_style(bundle, kind=kind, references=references)
    if kind == "transaction":
        for entry in server["entry"]:
            entry["request"] = {"method": "POST", "url": entry["resource"]["resourceType"]}
    rows, ignored = fhir.parse_bundle(server)
    assert ignored == []
    assert _comparable(rows) == _comparable(ours)
    assert all(row["data"].get("rls") is not None for row in rows["checkins"]
               if row["kind"] == "evening")  # fmt: skip
    assert {r["plan_id"] for r in rows["session_logs"]} - {None}  # sessions keep their plan


def test_entries_not_used_are_listed_with_the_reason(bundle) -> None:
    server = _server_style(bundle, kind="searchset", references="relative")
    server["entry"] += [
        {
            "fullUrl": f"{BASE}/Observation/9001",
            "resource": {
                "resourceType": "Observation",
                "id": "9001",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                "valueQuantity": {"value": 61, "unit": "/min"},
            },
            "search": {"mode": "include"},
        },
        {
            "resource": {
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "information", "code": "informational"}],
            },
            "search": {"mode": "outcome"},
        },
        {
            "fullUrl": f"{BASE}/Condition/9002",
            "resource": {
                "resourceType": "Condition",
                "id": "9002",
                "subject": {"reference": "Patient/1001"},
            },
        },
    ]
    rows, ignored = fhir.parse_bundle(server)
    assert len(rows["checkins"]) == 14
    n = len(server["entry"])
    assert [(i.index, i.resource) for i in ignored] == [
        (n - 2, "Observation/9001"),
        (n - 1, "OperationOutcome"),
        (n, "Condition/9002"),
    ]
    reasons = [i.reason for i in ignored]
    assert "http://loinc.org|8867-4" in reasons[0] and "not a legcare check-in" in reasons[0]
    assert "message from the server" in reasons[1]
    assert "does not import Condition" in reasons[2]


def test_a_missing_rating_names_the_reference_not_a_required_field(bundle) -> None:
    server = _server_style(bundle, kind="searchset", references="relative")
    panel = next(
        e for e in server["entry"]
        if e["resource"]["resourceType"] == "Observation" and "hasMember" in e["resource"]
    )  # fmt: skip
    target = panel["resource"]["hasMember"][0]["reference"]
    server["entry"] = [e for e in server["entry"] if not e["fullUrl"].endswith(target)]
    with pytest.raises(InvalidInput) as caught:
        fhir.parse_bundle(server)
    message = caught.value.message
    assert target in message and "not in the Bundle" in message
    assert "check-in of" in message and "is required" not in message


def test_a_relative_reference_prefers_the_same_server(bundle) -> None:
    server = _server_style(bundle, kind="collection", references="relative")
    # the same Type/id on another server must not be taken for ours
    twin = copy.deepcopy(next(e for e in server["entry"] if "hasMember" not in e["resource"]
                              and e["resource"]["resourceType"] == "Observation"))  # fmt: skip
    twin["fullUrl"] = twin["fullUrl"].replace(BASE, "https://elsewhere.example.org/fhir")
    twin["resource"]["valueInteger"] = 0
    server["entry"].append(twin)
    ours, _ = fhir.parse_bundle(bundle)
    rows, ignored = fhir.parse_bundle(server)
    assert _comparable(rows) == _comparable(ours)
    assert [i.index for i in ignored] == [len(server["entry"])]


def test_history_deletions_and_other_bundle_types(bundle) -> None:
    history = _server_style(bundle, kind="history", references="relative")
    history["entry"].append(
        {
            "fullUrl": f"{BASE}/Observation/77",
            "request": {"method": "DELETE", "url": "Observation/77"},
        }
    )
    rows, ignored = fhir.parse_bundle(history)
    assert len(rows["checkins"]) == 14
    assert [str(i) for i in ignored] == [
        f"entry {len(history['entry'])} ({BASE}/Observation/77): no resource (DELETE request)"
    ]
    with pytest.raises(InvalidInput, match="'transaction-response'"):
        fhir.parse_bundle({**bundle, "type": "transaction-response"})


# -- content a clinical system can use ------------------------------------------------------


def test_fhirclient_reads_every_resource_strictly(bundle) -> None:
    """A second, independent R4 model (fhirclient) accepts the Bundle and each resource."""
    from fhirclient.models.bundle import Bundle
    from fhirclient.models.fhirelementfactory import FHIRElementFactory

    parsed = Bundle(copy.deepcopy(bundle), strict=True)
    assert len(parsed.entry) == len(bundle["entry"])
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = FHIRElementFactory.instantiate(resource["resourceType"], copy.deepcopy(resource))
        assert model.as_json()["resourceType"] == resource["resourceType"]


def test_the_three_pain_ratings_are_three_series(bundle) -> None:
    pain = [
        o for o in _resources(bundle, "Observation") if "72514-3" in _codes(o, "http://loinc.org")
    ]
    series: dict[tuple[str, ...], set[str]] = {}
    for obs in pain:
        site = tuple(sorted(f"{c['system']}|{c['code']}" for c in obs["bodySite"]["coding"]))
        name = (_codes(obs, fhir.CODE_SYSTEM) & set(fhir.RATINGS)).pop()
        series.setdefault(site, set()).add(name)
    assert sorted(series.values(), key=sorted) == [
        {"calf_hamstring_pain"},
        {"first_step_heel_pain"},
        {"leg_pain"},
    ]
    snomed = {s for site in series for s in site if s.startswith("http://snomed.info/sct|")}
    assert snomed == {"http://snomed.info/sct|61685007", "http://snomed.info/sct|76853003"}


def test_exercise_minutes_and_hours_are_ucum_quantities(bundle) -> None:
    found = set()
    for obs in _resources(bundle, "Observation"):
        parts = [obs, *obs.get("component", [])]
        for part in parts:
            names = _codes(part, fhir.CODE_SYSTEM) & {"exercise_minutes", "hours_slept"}
            for name in names:
                quantity = part["valueQuantity"]
                assert quantity["system"] == "http://unitsofmeasure.org"
                assert quantity["code"] == {"exercise_minutes": "min", "hours_slept": "h"}[name]
                found.add(name)
    assert found == {"exercise_minutes", "hours_slept"}


def test_careplan_activities_carry_the_schedule(ctx, bundle) -> None:
    from legcare.services.plans import current_plan

    plan = current_plan(ctx=ctx)
    (active,) = [p for p in _resources(bundle, "CarePlan") if p["status"] == "active"]
    timed = [a["detail"] for a in active["activity"] if "scheduledTiming" in a["detail"]]
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert [(d["code"]["text"], d["scheduledTiming"]["repeat"]["timeOfDay"]) for d in timed] == [
        (s["title"], [f"{s['start']}:00"]) for s in plan["sessions"]
    ]
    for detail, session in zip(timed, plan["sessions"], strict=True):
        repeat = detail["scheduledTiming"]["repeat"]
        assert repeat["dayOfWeek"] == [days[d] for d in session["weekdays"]]
        assert (repeat["duration"], repeat["durationUnit"]) == (session["minutes"], "min")
        assert detail["status"] == "scheduled"
    titles = {a["detail"]["code"]["text"] for a in active["activity"]}
    assert {c["title"] for c in plan["checklists"]} <= titles
    revoked = [p for p in _resources(bundle, "CarePlan") if p["status"] == "revoked"]
    assert all(a["detail"]["status"] == "stopped" for p in revoked for a in p["activity"])


def test_the_questionnaire_canonical_resolves_in_the_bundle(ctx, bundle) -> None:
    from legcare.services.screening import screening_content

    content = screening_content(ctx=ctx)
    rows = read_everything(ctx=ctx)
    for row in rows["screenings"]:
        row["content_version"] = content.version  # a check taken with today's questions
    bundle = fhir.build_bundle(rows, timestamp=FIXED_NOW, content=content)
    (questionnaire,) = _resources(bundle, "Questionnaire")
    assert _resources(bundle, "QuestionnaireResponse")
    for response in _resources(bundle, "QuestionnaireResponse"):
        url, _, version = response["questionnaire"].partition("|")
        assert (url, version) == (questionnaire["url"], questionnaire["version"])

    # every answered linkId is an item of that Questionnaire
    def links(items):  # type: ignore[no-untyped-def]
        for item in items:
            yield item["linkId"]
            yield from links(item.get("item", []))

    defined = set(links(questionnaire["item"]))
    for response in _resources(bundle, "QuestionnaireResponse"):
        assert set(links(response["item"])) <= defined


def test_patient_identifier_is_kept_per_user(ctx, bundle) -> None:
    from legcare.services import accounts

    (patient,) = _resources(bundle, "Patient")
    (identifier,) = patient["identifier"]
    assert identifier["system"] == fhir.PATIENT_SYSTEM
    assert export_bundle(ctx=ctx)["entry"][0]["resource"]["identifier"] == [identifier]
    other = accounts.create_account(ctx=ctx, username="bob", password="p" * 12, role="client")
    theirs = export_bundle(ctx=ctx.for_user(other.id))["entry"][0]["resource"]["identifier"]
    assert theirs[0]["value"] != identifier["value"]


def test_a_transaction_bundle_is_a_set_of_conditional_creates(ctx, bundle) -> None:
    from fhirclient.models.bundle import Bundle

    transaction = export_bundle(ctx=ctx, bundle_type="transaction")
    assert transaction["type"] == "transaction"
    assert fhir.validate_bundle(transaction) == []
    Bundle(copy.deepcopy(transaction), strict=True)
    assert [e["resource"] for e in transaction["entry"]] == [e["resource"] for e in bundle["entry"]]
    seen = set()
    for entry in transaction["entry"]:
        request = entry["request"]
        kind = entry["resource"]["resourceType"]
        assert (request["method"], request["url"]) == ("POST", kind)
        assert entry["fullUrl"].startswith("urn:uuid:")  # the server rewrites the references
        condition = request["ifNoneExist"]
        assert condition not in seen  # each one names exactly one resource
        seen.add(condition)
        if kind == "Patient":
            assert condition.startswith(f"identifier={fhir.PATIENT_SYSTEM}|")
        elif kind in ("CodeSystem", "Questionnaire"):
            assert condition.startswith(f"url={entry['resource']['url']}")
        else:
            assert condition == f"identifier=urn:ietf:rfc:3986|{entry['fullUrl']}"
    rows, ignored = fhir.parse_bundle(transaction)
    assert ignored == [] and len(rows["checkins"]) == 14


def test_profile_reviews_and_experiments_are_basic_records(ctx) -> None:
    seed_everything(ctx, end=TODAY, days=14)  # two weeks: a weekly review too
    bundle = export_bundle(ctx=ctx)
    basics = _resources(bundle, "Basic")
    assert sorted(c for b in basics for c in _codes(b, fhir.CODE_SYSTEM)) == [
        "experiment",
        "plan-review",
        "profile",
    ]
    review = next(b for b in basics if "plan-review" in _codes(b, fhir.CODE_SYSTEM))
    ref = next(e for e in review["extension"] if e["url"] == fhir.EXT_PLAN_REF)
    target = ref["valueReference"]["reference"]
    assert any(e["fullUrl"] == target and e["resource"]["resourceType"] == "CarePlan"
               for e in bundle["entry"])  # fmt: skip
    rows, _ = fhir.parse_bundle(bundle)
    assert len(rows["profiles"]) == len(rows["experiments"]) == len(rows["plan_reviews"]) == 1
    assert rows["plan_reviews"][0]["plan_id"] in {p["id"] for p in rows["plans"]}
