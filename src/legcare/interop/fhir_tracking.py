"""The tracking records (issue 19) in the FHIR export, and back on import.

``legcare.interop.fhir`` calls ``add_tracking`` while it builds a Bundle and ``read_tracking``
while it reads one. What goes in:

- one ``MedicationStatement`` per medicine, supplement or treatment the person logged
  (``medicationCodeableConcept.text`` is the name as typed; ``effectivePeriod`` the start and
  stop dates; category ``patientspecified``). There is **no dosage** unless the person typed their
  own dose note, and then only as ``dosage.text`` (with ``asNeededBoolean``): legcare never
  suggests or codes a dose. "As needed" without a dose note is said in ``note``;
- one ``MedicationStatement`` per recorded "as needed" use (``effectiveDateTime`` the day,
  ``partOf`` the medicine's statement);
- one ``Basic`` per own factor (code ``own-factor``, the name in ``code.text``) and one
  ``Observation`` per recorded value (code ``own-factor-value`` with the name as text;
  ``valueBoolean`` for yes/no, ``valueInteger`` for 0-10) pointing at its factor with the
  extension ``urn:legcare:fhir:extension:factor-reference``;
- both weekly Questionnaires (our own items, ``legcare.interop.fhir_weekly``) and one
  ``QuestionnaireResponse`` per answered week;
- one ``Observation`` per imported day value: steps (LOINC 41950-7), sleep (LOINC 93832-4,
  minutes asleep on the night named by its morning) and resting heart rate (LOINC 40443-4), each
  with legcare's own code for the metric too.

Every one of these resources says where its value came from in ``meta.source``
(``urn:legcare:source:manual``, ``...:apple_health``, ``...:fitbit``) and carries its row as the
JSON export writes it in the extension ``urn:legcare:fhir:extension:record``, so an import
restores it exactly, through the JSON export's own row checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from legcare.domain.tracking.weekly_scores import (
    ITEMS,
    WeeklyScore,
    WeeklyScoreKind,
    WeeklyScoreText,
)
from legcare.errors import InvalidInput
from legcare.interop.fhir_weekly import URL as WEEKLY_URL
from legcare.interop.fhir_weekly import weekly_questionnaire, weekly_response

if TYPE_CHECKING:
    from legcare.store.data_rights import Rows

Resource = dict[str, Any]
Add = Callable[..., None]

TRACKING_TABLES = (
    "medicines",
    "medicine_uses",
    "factors",
    "factor_values",
    "weekly_scores",
    "health_values",
)
SOURCE_URI = "urn:legcare:source:"
STATEMENT_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
            "code": "patientspecified",
            "display": "Patient Specified",
        }
    ]
}
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
# imported metric -> (LOINC code, LOINC display, UCUM unit code, unit text, category)
METRICS: dict[str, tuple[str, str, str, str, str]] = {
    "steps": ("41950-7", "Number of steps in 24 hour Measured", "{steps}", "steps", "activity"),
    "sleep_minutes": ("93832-4", "Sleep duration", "min", "min", "activity"),
    "resting_hr": ("40443-4", "Heart rate --resting", "/min", "beats/minute", "vital-signs"),
}
VITAL_HEART_RATE = {"system": LOINC, "code": "8867-4", "display": "Heart rate"}
# our codes in urn:legcare:codes (added to the CodeSystem)
CODES = {
    "own-factor": "A factor the person tracks under their own name (yes/no or 0-10)",
    "own-factor-value": "The value of one of the person's own factors on a day",
    "steps": "Steps on a day (imported from a phone or wearable)",
    "sleep_minutes": "Minutes asleep on the night that ended that morning (imported)",
    "resting_hr": "Resting heart rate on a day (imported)",
}


def code_concepts() -> dict[str, str]:
    """The legcare codes this module writes, for the ``urn:legcare:codes`` CodeSystem."""
    return dict(CODES)


class _Context:
    """What the builder in ``interop.fhir`` lends: how to add a resource, and its helpers."""

    def __init__(self, add: Add, patient_ref: Resource, helpers: Mapping[str, Any]) -> None:
        self.add = add
        self.patient = patient_ref
        self.resource_id: Callable[[str], str] = helpers["resource_id"]
        self.record: Callable[[str, Mapping[str, Any]], Resource] = helpers["record"]
        self.coding: Callable[[str, str], Resource] = helpers["coding"]
        self.ref: Callable[[str], Resource] = helpers["ref"]
        self.reference_ext: str = helpers["reference_ext"]


def _meta(row: Mapping[str, Any]) -> Resource:
    return {"source": f"{SOURCE_URI}{row.get('source') or 'manual'}"}


def _statement(c: _Context, row: Mapping[str, Any], today: str) -> Resource:
    period = {k: row[f] for k, f in (("start", "started"), ("end", "stopped")) if row.get(f)}
    stopped = row.get("stopped")
    resource: Resource = {
        "resourceType": "MedicationStatement",
        "meta": _meta(row),
        "extension": [c.record("medicines", row)],
        "status": "completed" if stopped and stopped < today else "active",
        "category": STATEMENT_CATEGORY,
        "medicationCodeableConcept": {"text": row["name"]},
        "subject": c.patient,
        "informationSource": c.patient,
    }
    if period:
        resource["effectivePeriod"] = period
    if row.get("created_at"):
        resource["dateAsserted"] = row["created_at"]
    notes = [str(row["note"])] if row.get("note") else []
    if row.get("kind") and row["kind"] != "medicine":
        notes.append(f"Recorded as a {row['kind']}.")
    if row.get("own_dose_text"):  # the person's own words, never a dose legcare suggests
        dosage: Resource = {"text": row["own_dose_text"]}
        if row.get("as_needed"):
            dosage["asNeededBoolean"] = True
        resource["dosage"] = [dosage]
    elif row.get("as_needed"):
        notes.append("Taken as needed (no dose recorded).")
    if notes:
        resource["note"] = [{"text": n} for n in notes]
    return resource


def _use(c: _Context, row: Mapping[str, Any], medicine: Mapping[str, Any], rid: str) -> Resource:
    resource: Resource = {
        "resourceType": "MedicationStatement",
        "meta": _meta(row),
        "extension": [c.record("medicine_uses", {**row, "medicine_id": None})],
        "partOf": [c.ref(rid)],
        "status": "completed",
        "category": STATEMENT_CATEGORY,
        "medicationCodeableConcept": {"text": medicine["name"]},
        "subject": c.patient,
        "effectiveDateTime": row["day"],
        "informationSource": c.patient,
    }
    if row.get("note"):
        resource["note"] = [{"text": str(row["note"])}]
    return resource


def _factor(c: _Context, row: Mapping[str, Any]) -> Resource:
    return {
        "resourceType": "Basic",
        "extension": [c.record("factors", row)],
        "code": {"coding": [c.coding("own-factor", CODES["own-factor"])], "text": row["name"]},
        "subject": c.patient,
        "created": str(row.get("created_at") or "")[:10] or None,
    }


def _factor_value(
    c: _Context, row: Mapping[str, Any], factor: Mapping[str, Any], rid: str
) -> Resource:
    value: Resource = (
        {"valueBoolean": bool(row["value"])}
        if factor.get("kind") == "yes_no"
        else {"valueInteger": int(row["value"])}
    )
    return {
        "resourceType": "Observation",
        "meta": _meta(row),
        "extension": [
            c.record("factor_values", {**row, "factor_id": None}),
            {"url": c.reference_ext, "valueReference": c.ref(rid)},
        ],
        "status": "final",
        "category": [_category("survey", "Survey")],
        "code": {
            "coding": [c.coding("own-factor-value", CODES["own-factor-value"])],
            "text": factor["name"],
        },
        "subject": c.patient,
        "effectiveDateTime": row["day"],
        "issued": row.get("updated_at"),
        **value,
    }


def _category(code: str, display: str) -> Resource:
    return {"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}


def _health_value(c: _Context, row: Mapping[str, Any]) -> Resource | None:
    metric = METRICS.get(str(row.get("metric")))
    if metric is None:
        return None
    loinc, display, unit_code, unit, category = metric
    return {
        "resourceType": "Observation",
        "meta": _meta(row),
        "extension": [c.record("health_values", row)],
        "status": "final",
        "category": [_category(category, category.replace("-", " ").capitalize())],
        "code": {
            "coding": [
                {"system": LOINC, "code": loinc, "display": display},
                # a vital-signs Observation names the profile's own code too (R4 vital signs)
                *([VITAL_HEART_RATE] if category == "vital-signs" else []),
                c.coding(str(row["metric"]), CODES[str(row["metric"])]),
            ],
            "text": CODES[str(row["metric"])],
        },
        "subject": c.patient,
        "effectiveDateTime": row["day"],
        "issued": row.get("imported_at"),
        "valueQuantity": {
            "value": row["value"],
            "unit": unit,
            "system": UCUM,
            "code": unit_code,
        },
    }


def _weekly(c: _Context, row: Mapping[str, Any], version: str) -> Resource:
    from datetime import date

    kind = WeeklyScoreKind(row["kind"])
    answers = row.get("answers") or {}
    score = WeeklyScore(
        kind=kind,
        week=date.fromisoformat(row["week"]),
        answers=tuple((item, int(answers[item])) for item in ITEMS[kind] if item in answers),
        score=int(row["score"]),
    )
    resource = weekly_response(score, version=version)
    resource["subject"] = c.patient
    resource["meta"] = _meta(row)
    resource["extension"] = [c.record("weekly_scores", row)]
    return resource


def _clean(resource: Resource) -> Resource:
    return {k: v for k, v in resource.items() if v is not None}


def add_tracking(  # noqa: PLR0913 - the builder's parts, keyword-only
    *,
    add: Add,
    patient_ref: Resource,
    document: Mapping[str, Sequence[Mapping[str, Any]]],
    helpers: Mapping[str, Any],
    weekly_texts: Mapping[WeeklyScoreKind, WeeklyScoreText] | None,
    version: str,
    today: str,
) -> None:
    """Add the tracking tables of ``document`` (rows as the JSON export writes them, with
    file-local ids) to the Bundle being built; ``today`` (YYYY-MM-DD) decides whether a
    medicine with a stop date is still ``active``."""
    c = _Context(add, patient_ref, helpers)
    _add_medicines(c, document, today)
    _add_factors(c, document)
    weekly_rows = document.get("weekly_scores", [])
    if weekly_rows and weekly_texts is not None:
        for kind in WeeklyScoreKind:
            questionnaire = weekly_questionnaire(weekly_texts[kind], version=version)
            questionnaire.pop("id", None)
            rid = c.resource_id(f"questionnaire:{kind.value}:{version}")
            add(rid, questionnaire, record=False)
    for row in weekly_rows:
        rid = c.resource_id(f"weekly_scores:{row['kind']}:{row['week']}")
        add(rid, _weekly(c, row, version))
    for row in document.get("health_values", []):
        resource = _health_value(c, row)
        if resource is not None:
            key = f"health_values:{row['metric']}:{row['day']}:{row['source']}"
            add(c.resource_id(key), _clean(resource))


def _add_medicines(
    c: _Context, document: Mapping[str, Sequence[Mapping[str, Any]]], today: str
) -> None:
    medicines: dict[int, tuple[Mapping[str, Any], str]] = {}
    for row in document.get("medicines", []):
        rid = c.resource_id(f"medicines:{row['id']}:{row.get('created_at')}")
        c.add(rid, _clean(_statement(c, row, today)))
        medicines[int(row["id"])] = (row, rid)
    for row in document.get("medicine_uses", []):
        found = medicines.get(int(row.get("medicine_id") or 0))
        if found is None:
            continue  # a use without its medicine cannot be said in FHIR
        medicine, medicine_rid = found
        rid = c.resource_id(f"medicine_uses:{medicine_rid}:{row['id']}:{row['day']}")
        c.add(rid, _clean(_use(c, row, medicine, medicine_rid)))


def _add_factors(c: _Context, document: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    factors: dict[int, tuple[Mapping[str, Any], str]] = {}
    for row in document.get("factors", []):
        rid = c.resource_id(f"factors:{row['id']}:{row.get('created_at')}")
        c.add(rid, _clean(_factor(c, row)))
        factors[int(row["id"])] = (row, rid)
    for row in document.get("factor_values", []):
        found = factors.get(int(row.get("factor_id") or 0))
        if found is None:
            continue
        factor, factor_rid = found
        rid = c.resource_id(f"factor_values:{factor_rid}:{row['day']}")
        c.add(rid, _clean(_factor_value(c, row, factor, factor_rid)))


# --- reading -------------------------------------------------------------------------------

# table -> (the column that refers to a parent, the parent table)
PARENTS = {"medicine_uses": ("medicine_id", "medicines"), "factor_values": ("factor_id", "factors")}


def read_tracking(
    resources: Sequence[Mapping[str, Any]],
    *,
    record_of: Callable[[Mapping[str, Any]], Any],
    parent_of: Callable[[str, Mapping[str, Any]], Mapping[str, Any] | None],
    use: Callable[[Mapping[str, Any]], None],
) -> Rows:
    """The tracking rows carried by ``resources`` (each with legcare's ``record`` extension):
    file-local ids in Bundle order, references rebuilt from ``partOf`` and the factor
    reference, then checked by the JSON export's own row checks."""
    from legcare.interop.tabular import EXPORT_FORMAT, EXPORT_VERSION, from_document

    data: dict[str, list[dict[str, Any]]] = {table: [] for table in TRACKING_TABLES}
    local: dict[int, int] = {}  # id(resource) -> its file-local id
    pending: list[tuple[str, dict[str, Any], Mapping[str, Any]]] = []
    for resource in resources:
        record = record_of(resource)
        if not isinstance(record, Mapping) or record.get("table") not in TRACKING_TABLES:
            continue
        table = str(record["table"])
        row = dict(record.get("row") or {})
        row["id"] = len(data[table]) + 1
        data[table].append(row)
        local[id(resource)] = row["id"]
        if table in PARENTS:
            pending.append((table, row, resource))
        use(resource)
    for table, row, resource in pending:
        column, parent_table = PARENTS[table]
        parent = parent_of(table, resource)
        if parent is None or id(parent) not in local:
            raise InvalidInput(
                f"A legcare {table.replace('_', ' ')} record in the Bundle has no "
                f"{parent_table.removesuffix('s')} it belongs to; nothing was changed."
            )
        row[column] = local[id(parent)]
    if not any(data.values()):
        return {}
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "data": data}
    try:
        return from_document(document)
    except InvalidInput as exc:
        raise InvalidInput(
            "Some legcare tracking records in the Bundle are not valid; nothing was changed.",
            details=exc.details,
        ) from exc


def weekly_canonical(kind: WeeklyScoreKind) -> str:
    return WEEKLY_URL + kind.value


__all__ = [
    "CODES",
    "METRICS",
    "TRACKING_TABLES",
    "add_tracking",
    "code_concepts",
    "read_tracking",
    "weekly_canonical",
]
