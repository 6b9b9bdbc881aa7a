"""FHIR R4 export and import: a ``collection`` (or ``transaction``) Bundle of the user's records.

Validated with ``fhir.resources`` 8 through its ``R4B`` models (the package's top level is R5; R4B
is the R4-compatible release it ships, and the resources used here are the same in R4 and R4B).

What goes in (and comes back on import):

- one ``Patient`` with no identifying details and one identifier (system
  ``urn:legcare:patient``, a random UUID kept per user), the subject of everything else;
- the ``CodeSystem`` ``urn:legcare:codes``, defining every legcare code used below, and the
  check's ``Questionnaire`` (``urn:legcare:questionnaire:check``, versioned by the content), so
  the canonical ``url|version`` each QuestionnaireResponse names resolves inside the Bundle;
- per check-in, one ``Observation`` per rating and one panel ``Observation`` (``hasMember``) that
  carries the other values (exposures, practices) as components and the note as ``note``:
  - 0-10 pain ratings (``leg_pain``, ``first_step_heel_pain``, ``calf_hamstring_pain``) are coded
    with LOINC 72514-3 (pain severity 0-10 numeric rating) plus our own code naming the site,
    and each has a ``bodySite`` (SNOMED CT 61685007 lower limb, 76853003 heel; legcare's
    ``calf-or-hamstring``, which no single SNOMED CT structure names), so an EHR keeps three
    series apart;
  - restless-legs and sleep ratings, hours slept and wakings use our own codes in the
    ``urn:legcare:codes`` system; hours slept and exercise minutes are UCUM Quantities
    (``h``, ``min``);
- one ``QuestionnaireResponse`` per completed check (answers as items; the result JSON in a
  legcare extension);
- one ``CarePlan`` per plan version (the newest ``active``, older ones ``revoked`` and replaced),
  each session an ``activity`` with its schedule (``scheduledTiming``: days, time, minutes) and
  each checklist an ``activity``; the plan and profile JSON ride along in legcare extensions
  (``plan``, ``plan-profile``) so an import rebuilds the same plan;
- one ``Procedure`` per guided session (``completed`` / ``stopped`` / ``in-progress``);
- one ``Basic`` per profile, weekly plan review and experiment (codes ``profile``,
  ``plan-review``, ``experiment``): the row as the JSON export writes it, in the legcare
  extension ``urn:legcare:fhir:extension:record`` (``{"table": ..., "row": ...}``); a review
  points at its CarePlan with ``urn:legcare:fhir:extension:plan-reference``.

So a FHIR export carries everything the JSON export does. Record resources carry an
``identifier`` (``urn:ietf:rfc:3986`` + their ``urn:uuid``); in a ``transaction`` Bundle each
entry is a conditional create on it, so a server that gets the same export twice adds nothing.
Resource ids are UUIDs derived from each record's natural key (kind and day, a timestamp, a
plan version), so exporting the same data twice gives the same Bundle.

Import reads the Bundles legcare writes and the ones FHIR servers return (see ``_Reader``).
"""

from __future__ import annotations

import importlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from legcare.errors import InvalidInput
from legcare.interop.tabular import as_utc
from legcare.store.data_rights import Rows

if TYPE_CHECKING:
    from legcare.domain.screening.ruleset import ScreeningContent
    from legcare.domain.tracking.weekly_scores import WeeklyScoreKind, WeeklyScoreText

CODE_SYSTEM = "urn:legcare:codes"
EXT = "urn:legcare:fhir:extension:"
EXT_JSON = EXT + "value-is-json"
EXT_RESULT = EXT + "screening-result"
EXT_PLAN = EXT + "plan"
EXT_PROFILE = EXT + "plan-profile"
EXT_VERSION = EXT + "plan-version"
EXT_STATE = EXT + "session-state"
EXT_TENDERNESS = EXT + "session-tenderness"
EXT_DAY = EXT + "session-day"
EXT_RECORD = EXT + "record"
EXT_STARTED = EXT + "started-at"
EXT_PLAN_REF = EXT + "plan-reference"
EXT_FACTOR_REF = EXT + "factor-reference"
LOINC = "http://loinc.org"
LOINC_PAIN = "72514-3"
LOINC_PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
UCUM = "http://unitsofmeasure.org"
QUESTIONNAIRE = "urn:legcare:questionnaire:check"
SNOMED = "http://snomed.info/sct"
PATIENT_SYSTEM = "urn:legcare:patient"
RECORD_SYSTEM = "urn:ietf:rfc:3986"
# pain rating -> bodySite: SNOMED CT where one concept names the site; calf-or-hamstring spans
# two structures, so it has legcare's own body-site code (and text)
BODY_SITES: dict[str, dict[str, Any]] = {
    "leg_pain": {
        "coding": [{"system": SNOMED, "code": "61685007", "display": "Lower limb structure"}],
        "text": "Leg",
    },
    "first_step_heel_pain": {
        "coding": [{"system": SNOMED, "code": "76853003", "display": "Heel structure"}],
        "text": "Heel",
    },
    "calf_hamstring_pain": {
        "coding": [
            {"system": CODE_SYSTEM, "code": "calf-or-hamstring", "display": "Calf or hamstring"}
        ],
        "text": "Calf or hamstring (back of the leg)",
    },
}
# check-in values with a unit: UCUM code
UNITS = {"hours_slept": "h", "exercise_minutes": "min"}
# records carried as Basic resources (legcare extension ``record``): table -> our code
BASIC_RECORDS = {
    "profiles": ("profile", "legcare plan profile (tools, time, bedtime, days)"),
    "plan_reviews": ("plan-review", "legcare weekly plan review"),
    "experiments": ("experiment", "legcare n-of-1 experiment (design, schedule, status)"),
}
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:legcare")
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}

# check-in key -> (our display, LOINC pain rating?, UCUM unit or None)
RATINGS: dict[str, tuple[str, bool, str | None]] = {
    "rls": ("Restless-legs symptoms this evening (0-10)", False, None),
    "leg_pain": ("Leg pain this evening (0-10)", True, None),
    "sleep_quality": ("Sleep quality last night (0-10)", False, None),
    "hours_slept": ("Hours slept last night", False, "h"),
    "times_woken_by_legs": ("Times woken by the legs last night", False, None),
    "first_step_heel_pain": ("First-step heel pain this morning (0-10)", True, None),
    "calf_hamstring_pain": ("Calf or hamstring pain this morning (0-10)", True, None),
}
PANELS = {"evening": "Evening check-in", "morning": "Morning check-in"}
SESSION_CODE = "guided-self-care-session"
PROCEDURE_STATUS = {"finished": "completed", "quit": "stopped", "in_progress": "in-progress"}


SESSION_DISPLAY = "Guided self-care session (self-massage, stretches)"


def code_system() -> dict[str, Any]:
    """The ``urn:legcare:codes`` CodeSystem: every code this export writes, with its meaning."""
    from legcare.domain.diary import CheckinKind, field_specs

    concepts: dict[str, str] = {name: display for name, (display, _, _) in RATINGS.items()}
    for kind in CheckinKind:
        concepts[f"{kind.value}-check-in"] = PANELS[kind.value]
        for spec in field_specs(kind):
            concepts.setdefault(spec.name, spec.label)
    concepts[SESSION_CODE] = SESSION_DISPLAY
    for code, display in BASIC_RECORDS.values():
        concepts[code] = display
    concepts["calf-or-hamstring"] = "Calf or hamstring (body site)"
    from legcare.interop.fhir_tracking import code_concepts

    concepts.update(code_concepts())
    return {
        "resourceType": "CodeSystem",
        "url": CODE_SYSTEM,
        "name": "LegcareCodes",
        "title": "legcare check-in and session codes",
        "status": "active",
        "description": "Self-reported ratings (0-10 unless a unit is given), daily exposures "
        "and practices, and guided sessions, as recorded by the legcare app.",
        "caseSensitive": True,
        "content": "complete",
        "concept": [{"code": code, "display": display} for code, display in concepts.items()],
    }


def resource_id(key: str) -> str:
    """A stable UUID for a record's natural key."""
    return str(uuid.uuid5(NAMESPACE, key))


def _ref(rid: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{rid}"}


def _coding(code: str, display: str) -> dict[str, str]:
    return {"system": CODE_SYSTEM, "code": code, "display": display}


def _instant(value: datetime | None) -> str | None:
    return None if value is None else as_utc(value).isoformat()


def _encode_value(value: Any) -> dict[str, Any]:
    """A FHIR value[x] (and a JSON marker extension for structured values)."""
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueQuantity": {"value": value}}
    if isinstance(value, str):
        return {"valueString": value}
    return {
        "valueString": json.dumps(value, ensure_ascii=False, sort_keys=True),
        "extension": [{"url": EXT_JSON, "valueBoolean": True}],
    }


def _decode_value(element: Mapping[str, Any]) -> Any:
    if any(e.get("url") == EXT_JSON for e in element.get("extension", [])):
        return json.loads(element["valueString"])
    for key in ("valueBoolean", "valueInteger", "valueString", "valueDecimal", "valueDate"):
        if key in element:
            return element[key]
    if "valueQuantity" in element:
        quantity = element["valueQuantity"]
        value = float(quantity["value"])
        if quantity.get("code") == "min" and value.is_integer():
            return int(value)  # minutes are whole numbers in the diary
        return value
    return None


def _json_ext(url: str, value: Any) -> dict[str, Any]:
    return {"url": url, "valueString": json.dumps(value, ensure_ascii=False, sort_keys=True)}


def _ext(resource: Mapping[str, Any], url: str) -> Mapping[str, Any] | None:
    return next((e for e in resource.get("extension", []) if e.get("url") == url), None)


def _ext_json(resource: Mapping[str, Any], url: str) -> Any:
    ext = _ext(resource, url)
    return None if ext is None else json.loads(ext["valueString"])


# --- building ------------------------------------------------------------------------------


def _identifier(rid: str) -> dict[str, str]:
    """A record's business identifier: its stable UUID, so a server can match it again."""
    return {"system": RECORD_SYSTEM, "value": f"urn:uuid:{rid}"}


class _Builder:
    def __init__(self, content: ScreeningContent | None = None) -> None:
        self.content = content
        self.patient = resource_id("patient")
        self.entries: list[dict[str, Any]] = []

    def add(self, rid: str, resource: dict[str, Any], *, record: bool = True) -> None:
        """Add ``resource`` with id ``rid``; a ``record`` (the user's data, not a definition)
        also gets ``identifier`` (a single one on a QuestionnaireResponse)."""
        kind = resource.pop("resourceType")
        head: dict[str, Any] = {"resourceType": kind, "id": rid}
        if record:
            ident = _identifier(rid)
            head["identifier"] = ident if kind == "QuestionnaireResponse" else [ident]
        resource = {**head, **resource}
        self.entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": resource})

    def checkin(self, row: Mapping[str, Any]) -> None:
        kind, day, data = row["kind"], row["day"], row["data"]
        key = f"checkin:{kind}:{day.isoformat()}"
        members = []
        components = []
        for name, value in data.items():
            if value is None or name == "note":
                continue
            if name in RATINGS and isinstance(value, int | float) and not isinstance(value, bool):
                rid = resource_id(f"{key}:{name}")
                self.add(rid, self._rating(name, value, day))
                members.append(_ref(rid))
            elif name in UNITS and isinstance(value, int | float) and not isinstance(value, bool):
                components.append(
                    {"code": {"coding": [_coding(name, name)]}, **_quantity(value, UNITS[name])}
                )
            else:
                components.append(
                    {"code": {"coding": [_coding(name, name)]}, **_encode_value(value)}
                )
        panel: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY],
            "code": {"coding": [_coding(f"{kind}-check-in", PANELS.get(kind, kind))]},
            "subject": _ref(self.patient),
            "effectiveDateTime": day.isoformat(),
            "issued": _instant(row.get("updated_at")),
        }
        if members:
            panel["hasMember"] = members
        if components:
            panel["component"] = components
        if data.get("note"):
            panel["note"] = [{"text": str(data["note"])}]
        self.add(resource_id(key), {k: v for k, v in panel.items() if v is not None})

    def _rating(self, name: str, value: float, day: date) -> dict[str, Any]:
        display, is_pain, unit = RATINGS[name]
        coding = [_coding(name, display)]
        if is_pain:
            coding.insert(0, {"system": LOINC, "code": LOINC_PAIN, "display": LOINC_PAIN_DISPLAY})
        value_part = _quantity(value, unit) if unit is not None else _encode_value(value)
        rating: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY],
            "code": {"coding": coding, "text": display},
            "subject": _ref(self.patient),
            "effectiveDateTime": day.isoformat(),
            **value_part,
        }
        if name in BODY_SITES:
            rating["bodySite"] = BODY_SITES[name]
        return rating

    def screening(self, row: Mapping[str, Any]) -> str | None:
        completed = _instant(row.get("completed_at"))
        if row["status"] != "complete" or completed is None:
            return None
        rid = resource_id(f"screening:{completed}")
        if self.content is not None:
            resource = self._questionnaire_response(row, completed)
        else:
            resource = self._plain_response(row, completed)
        started = _instant(row.get("started_at"))
        if started is not None and started != completed:
            extensions = resource.setdefault("extension", [])
            extensions.append({"url": EXT_STARTED, "valueDateTime": started})
        self.add(rid, resource)
        return rid

    def _questionnaire_response(self, row: Mapping[str, Any], completed: str) -> dict[str, Any]:
        """The Check's own QuestionnaireResponse builder (question texts, coded answers)."""
        from legcare.interop.fhir_questionnaire import questionnaire_response

        assert self.content is not None
        check = {
            "id": f"screening:{completed}",
            "status": "complete",
            "completed_at": completed,
            "content_version": row["content_version"],
            "answers": row.get("answers") or {},
            "result": row.get("result"),
        }
        resource = questionnaire_response(self.content, check, subject=f"urn:uuid:{self.patient}")
        resource.pop("id", None)
        return resource

    def _plain_response(self, row: Mapping[str, Any], completed: str) -> dict[str, Any]:
        """Answers as flat items, when the questionnaire content cannot be loaded."""
        items = [
            {"linkId": str(link_id), "answer": [_encode_value(value)]}
            for link_id, value in (row.get("answers") or {}).items()
        ]
        resource: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "extension": [_json_ext(EXT_RESULT, row.get("result"))],
            "questionnaire": f"{QUESTIONNAIRE}|{row['content_version']}",
            "status": "completed",
            "subject": _ref(self.patient),
            "authored": completed,
        }
        if items:
            resource["item"] = items
        return resource

    def plan(self, row: Mapping[str, Any], *, newest: bool, refs: Mapping[str, str]) -> str:
        rid = resource_id(f"plan:{row['version']}")
        resource: dict[str, Any] = {
            "resourceType": "CarePlan",
            "extension": [
                {"url": EXT_VERSION, "valueInteger": int(row["version"])},
                _json_ext(EXT_PLAN, row["plan"]),
                _json_ext(EXT_PROFILE, row["profile"]),
            ],
            "status": "active" if newest else "revoked",
            "intent": "plan",
            "title": f"Self-care plan, version {row['version']}",
            "description": _plan_description(row["plan"]),
            "subject": _ref(self.patient),
            "created": _instant(row["created_at"]),
        }
        activities = _activities(row["plan"], active=newest)
        if activities:
            resource["activity"] = activities
        if "previous" in refs:
            resource["replaces"] = [_ref(refs["previous"])]
        if "screening" in refs:
            resource["supportingInfo"] = [_ref(refs["screening"])]
        self.add(rid, resource)
        return rid

    def session(self, row: Mapping[str, Any], plan_rid: str | None) -> None:
        started = _instant(row["started_at"])
        rid = resource_id(f"session:{started}")
        period = {"start": started}
        ended = _instant(row.get("ended_at"))
        if ended is not None:
            period["end"] = ended
        extension = [
            {"url": EXT_DAY, "valueDate": row["day"].isoformat()},
            _json_ext(EXT_STATE, row["state"]),
        ]
        if row.get("tenderness") is not None:
            extension.append(_json_ext(EXT_TENDERNESS, row["tenderness"]))
        resource: dict[str, Any] = {
            "resourceType": "Procedure",
            "extension": extension,
            "status": PROCEDURE_STATUS.get(row["status"], "unknown"),
            "code": {"coding": [_coding(SESSION_CODE, SESSION_DISPLAY)]},
            "subject": _ref(self.patient),
            "performedPeriod": period,
        }
        if plan_rid is not None:
            resource["basedOn"] = [_ref(plan_rid)]
        if row.get("note"):
            resource["note"] = [{"text": str(row["note"])}]
        self.add(rid, resource)


def _basic(builder: _Builder, table: str, row: Mapping[str, Any], plan_rid: str | None) -> None:
    """One profile, plan review or experiment as a ``Basic`` resource: the row (as the JSON
    export writes it) in the legcare extension ``record``; a review points at its CarePlan."""
    code, display = BASIC_RECORDS[table]
    record = dict(row)
    stamp = record.get("created_at") or record.get("updated_at") or ""
    rid = resource_id(f"{table}:{record.get('id', 1)}:{stamp}")
    extension = []
    if table == "plan_reviews":
        record["plan_id"] = None  # file-local ids differ between formats: the reference counts
        if plan_rid is not None:
            extension.append({"url": EXT_PLAN_REF, "valueReference": _ref(plan_rid)})
    extension.insert(0, _json_ext(EXT_RECORD, {"table": table, "row": record}))
    resource: dict[str, Any] = {
        "resourceType": "Basic",
        "extension": extension,
        "code": {"coding": [_coding(code, display)], "text": display},
        "subject": _ref(builder.patient),
    }
    if isinstance(stamp, str) and len(stamp) >= 10:
        resource["created"] = stamp[:10]
    builder.add(rid, resource)


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}}


def _timing(session: Mapping[str, Any]) -> dict[str, Any]:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    repeat: dict[str, Any] = {
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
        "dayOfWeek": [days[int(d)] for d in session.get("weekdays", []) if 0 <= int(d) < 7],
        "timeOfDay": [f"{session['start']}:00"],
    }
    if isinstance(session.get("minutes"), int | float) and session["minutes"] > 0:
        repeat["duration"] = session["minutes"]
        repeat["durationUnit"] = "min"
    if not repeat["dayOfWeek"]:
        del repeat["dayOfWeek"]
    return {"repeat": repeat}


def _activities(plan: Any, *, active: bool) -> list[dict[str, Any]]:
    """The plan's sessions (with their schedule) and checklists as ``CarePlan.activity``."""
    if not isinstance(plan, Mapping):
        return []
    status = "scheduled" if active else "stopped"
    out = []
    for session in plan.get("sessions", []):
        lines = [str(session["note"])] if session.get("note") else []
        lines += [
            f"{step.get('title')}: {step.get('dose', '')}".rstrip(": ")
            for step in session.get("steps", [])
        ]
        detail: dict[str, Any] = {
            "code": {
                "coding": [_coding(SESSION_CODE, SESSION_DISPLAY)],
                "text": str(session.get("title", "Session")),
            },
            "status": status,
            "scheduledTiming": _timing(session),
        }
        if lines:
            detail["description"] = "\n".join(lines)
        out.append({"detail": detail})
    for checklist in plan.get("checklists", []):
        detail = {
            "code": {"text": str(checklist.get("title", "Checklist"))},
            "status": "not-started" if active else "stopped",
        }
        if checklist.get("items"):
            detail["description"] = "\n".join(f"- {item}" for item in checklist["items"])
        out.append({"detail": detail})
    return out


def _plan_description(plan: Any) -> str:
    if isinstance(plan, Mapping):
        for key in ("summary", "title", "description"):
            if isinstance(plan.get(key), str):
                return str(plan[key])
    return "Weekly self-care routine from legcare (self-massage, stretches, habits)."


BUNDLE_KINDS = ("collection", "transaction")


def _request(resource: Mapping[str, Any], patient_identifier: str | None) -> dict[str, Any]:
    """How a server should create ``resource`` in a transaction: a conditional create, so
    sending the same export twice adds nothing the second time."""
    kind = resource["resourceType"]
    request: dict[str, Any] = {"method": "POST", "url": kind}
    if kind == "Patient" and patient_identifier:
        request["ifNoneExist"] = f"identifier={PATIENT_SYSTEM}|{patient_identifier}"
    elif kind == "CodeSystem":
        request["ifNoneExist"] = f"url={resource['url']}"
    elif kind == "Questionnaire":
        request["ifNoneExist"] = f"url={resource['url']}&version={resource.get('version', '')}"
    elif "identifier" in resource:
        ident = resource["identifier"]
        ident = ident if isinstance(ident, Mapping) else ident[0]
        request["ifNoneExist"] = f"identifier={ident['system']}|{ident['value']}"
    return request


def _plans(builder: _Builder, rows: Rows) -> dict[int, str]:
    """Checks, then plan versions (each replacing the one before); plan id -> resource id."""
    screening_rids = {r["id"]: builder.screening(r) for r in rows.get("screenings", [])}
    plan_rids: dict[int, str] = {}
    plan_rows = rows.get("plans", [])
    previous: str | None = None
    for i, row in enumerate(plan_rows):
        refs = {"previous": previous} if previous else {}
        screening = screening_rids.get(row.get("screening_id"))
        if screening:
            refs["screening"] = screening
        previous = plan_rids[row["id"]] = builder.plan(
            row, newest=i == len(plan_rows) - 1, refs=refs
        )
    return plan_rids


def _add_heading(
    builder: _Builder, content: ScreeningContent | None, patient_identifier: str | None
) -> None:
    """The Patient, the code system and (with the check's content) the Questionnaire."""
    patient: dict[str, Any] = {"resourceType": "Patient", "active": True}
    if patient_identifier:
        patient["identifier"] = [{"system": PATIENT_SYSTEM, "value": patient_identifier}]
    builder.add(builder.patient, patient, record=False)
    builder.add(resource_id("code-system"), code_system(), record=False)
    if content is not None:
        from legcare.interop.fhir_questionnaire import questionnaire_resource

        questionnaire = questionnaire_resource(content)
        questionnaire.pop("id", None)
        builder.add(resource_id(f"questionnaire:{content.version}"), questionnaire, record=False)


def _add_tracking(
    builder: _Builder,
    document: Mapping[str, Any],
    weekly_texts: Mapping[WeeklyScoreKind, WeeklyScoreText] | None,
    app_version: str,
    timestamp: datetime,
) -> None:
    from legcare.interop.fhir_tracking import add_tracking

    add_tracking(
        add=builder.add,
        patient_ref=_ref(builder.patient),
        document=document,
        helpers={
            "resource_id": resource_id,
            "record": lambda table, row: _json_ext(EXT_RECORD, {"table": table, "row": row}),
            "coding": _coding,
            "ref": _ref,
            "reference_ext": EXT_FACTOR_REF,
        },
        weekly_texts=weekly_texts,
        version=app_version or "unversioned",
        today=as_utc(timestamp).date().isoformat(),
    )


def build_bundle(
    rows: Rows,
    *,
    timestamp: datetime,
    content: ScreeningContent | None = None,
    patient_identifier: str | None = None,
    bundle_type: str = "collection",
    weekly_texts: Mapping[WeeklyScoreKind, WeeklyScoreText] | None = None,
    app_version: str = "",
) -> dict[str, Any]:
    """The Bundle (as JSON) for the rows read from the store; every resource is validated.

    The tracking records (medicines, own factors, weekly scores, imported values) are written
    by ``interop.fhir_tracking``; with ``weekly_texts`` the two weekly Questionnaires (version
    ``app_version``) are in the Bundle too.

    With the check's ``content`` (questions and options), completed checks are written by the
    Check's own builder (``interop.fhir_questionnaire``) with question texts and coded answers,
    and the Questionnaire itself is in the Bundle (its ``url|version`` is the canonical the
    responses name); without it, answers are plain items. ``patient_identifier`` is the
    Patient's identifier (system ``urn:legcare:patient``). ``bundle_type`` ``transaction``
    gives every entry a conditional-create request that a FHIR server can ingest as it is.
    """
    from legcare.interop.tabular import to_document

    if bundle_type not in BUNDLE_KINDS:
        raise InvalidInput(
            f"{bundle_type!r} is not a Bundle type legcare writes.",
            details=[f"bundle type: allowed: {', '.join(BUNDLE_KINDS)}"],
        )
    builder = _Builder(content)
    _add_heading(builder, content, patient_identifier)
    plan_rids = _plans(builder, rows)
    for row in sorted(rows.get("checkins", []), key=lambda r: (r["day"], r["kind"])):
        builder.checkin(row)
    for row in rows.get("session_logs", []):
        builder.session(row, plan_rids.get(row.get("plan_id")))  # type: ignore[arg-type]
    document = to_document(rows, exported_at=timestamp, app_version="")["data"]
    for table in BASIC_RECORDS:
        for original, row in zip(rows.get(table, []), document.get(table, []), strict=True):
            plan_rid = plan_rids.get(original.get("plan_id"))  # type: ignore[arg-type]
            _basic(builder, table, row, plan_rid)
    _add_tracking(builder, document, weekly_texts, app_version, timestamp)
    if bundle_type == "transaction":
        for entry in builder.entries:
            entry["request"] = _request(entry["resource"], patient_identifier)
    bundle = {
        "resourceType": "Bundle",
        "id": resource_id("bundle"),
        "meta": {"lastUpdated": _instant(timestamp)},
        "type": bundle_type,
        "timestamp": _instant(timestamp),
        "entry": builder.entries,
    }
    problems = validate_bundle(bundle, trusted=True)
    if problems:
        raise InvalidInput("The FHIR export did not validate.", details=problems[:20])
    return bundle


# --- validating ----------------------------------------------------------------------------


def _model(resource_type: str) -> Any:
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def validate_resource(resource: Mapping[str, Any]) -> list[str]:
    """Problems fhir.resources (R4B) finds in one resource; empty when it is valid."""
    from pydantic import ValidationError

    resource_type = resource.get("resourceType")
    if not isinstance(resource_type, str) or not resource_type.isalpha():
        return ["a resource without a valid resourceType"]
    try:
        model = _model(resource_type)
    except (ImportError, AttributeError):
        return [f"unknown resource type {resource_type!r}"]
    try:
        model.model_validate(dict(resource))
    except ValidationError as exc:
        return [
            f"{resource_type}/{resource.get('id', '?')}: {'.'.join(map(str, e['loc']))}: {e['msg']}"
            for e in exc.errors()
        ]
    return []


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plain_text(value: str) -> bool:
    """A FHIR ``string`` that any element accepts: not empty, no control characters."""
    return not value.isspace() and bool(value) and _CONTROL.search(value) is None


def shape(value: Any) -> Any:
    """The structure of a JSON value: keys, list lengths, value types and string classes.

    Two resources with the same shape validate alike: the build writes every date and code
    itself, so only the structure, the types, the size of whole numbers and whether free text
    is a plain FHIR string can differ.
    """
    if isinstance(value, dict):
        return tuple((k, shape(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(shape(v) for v in value)
    if isinstance(value, str):
        return "str" if _plain_text(value) else ("str!", value)
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -(2**31) <= value < 2**31 else ("int!", value)
    return type(value).__name__


def validate_bundle(
    bundle: Mapping[str, Any], *, trusted: bool = False, entries_without_resource: bool = False
) -> list[str]:
    """Validate the Bundle shell and every resource in it.

    ``trusted`` (a Bundle this module built): a resource with the same ``shape`` as one
    already validated is not validated again, which makes a ten-year export fast. Imports are
    never trusted: every resource goes through fhir.resources. ``entries_without_resource``:
    an entry may have no resource (a deletion in a history, a request in a transaction).
    """
    entries = bundle.get("entry", [])
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        return ["Bundle.entry: expected a list of entries (objects)"]
    shown = entries[:1] if trusted else entries  # ours: every entry is {fullUrl, resource}
    shell = {**bundle, "entry": [{k: v for k, v in e.items() if k != "resource"} for e in shown]}
    problems = validate_resource(shell)
    seen: set[Any] = set()
    for entry in entries:
        resource = entry.get("resource")
        if resource is None and entries_without_resource:
            continue
        if not isinstance(resource, Mapping):
            problems.append("a Bundle entry without a resource")
            continue
        if trusted:
            signature = shape(resource)
            if signature in seen:
                continue
            seen.add(signature)
        problems.extend(validate_resource(resource))
    return problems


# --- reading -------------------------------------------------------------------------------


def is_fhir_bundle(obj: object) -> bool:
    return isinstance(obj, Mapping) and obj.get("resourceType") == "Bundle"


def _codes(concept: Mapping[str, Any] | None) -> set[str]:
    codings = (concept or {}).get("coding", [])
    return {c["code"] for c in codings if c.get("system") == CODE_SYSTEM and "code" in c}


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def _decode_answer(answer: Mapping[str, Any]) -> Any:
    if "valueCoding" in answer:
        return answer["valueCoding"].get("code")
    return _decode_value(answer)


@dataclass(frozen=True, slots=True)
class IgnoredEntry:
    """A Bundle entry an import did not use, and why."""

    index: int  # 1-based position in Bundle.entry
    resource: str  # "Type/id", or the fullUrl, or "entry N"
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"entry": self.index, "resource": self.resource, "reason": self.reason}

    def __str__(self) -> str:
        return f"entry {self.index} ({self.resource}): {self.reason}"


_RELATIVE = re.compile(
    r"^([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[A-Za-z0-9\-.]{1,64})?$"
)
_ABSOLUTE = re.compile(
    r"^(https?://.+)/([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[A-Za-z0-9\-.]{1,64})?$"
)
BUNDLE_TYPES = ("collection", "searchset", "transaction", "batch", "document", "history")
READ_TYPES = ("Patient", "CodeSystem", "Questionnaire")  # read for context, never reported


class _Reader:
    """Reads a Bundle: resolves references by the Bundle rules (R4 Bundle, "Resolving
    references in Bundles"): a reference equal to an entry's ``fullUrl`` (``urn:uuid:``,
    ``urn:oid:`` or absolute); a relative ``Type/id`` against the referring entry's base URL
    when its fullUrl is a RESTful address, else against entries of that type and id; an
    absolute URL by its ``Type/id`` tail when no fullUrl matches. ``_history`` versions are
    ignored."""

    def __init__(self, bundle: Mapping[str, Any], content: ScreeningContent | None) -> None:
        self.content = content
        self.by_url: dict[str, Mapping[str, Any]] = {}
        self.by_type_id: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
        self.by_type: dict[str, list[Mapping[str, Any]]] = {}
        self.full_url: dict[int, str] = {}
        self.position: dict[int, int] = {}
        self.used: set[int] = set()
        self.reasons: dict[int, str] = {}
        self.ignored: list[IgnoredEntry] = []
        for index, entry in enumerate(bundle.get("entry", []), 1):
            resource = entry.get("resource")
            if not isinstance(resource, Mapping):
                what = str(entry.get("fullUrl") or f"entry {index}")
                method = (entry.get("request") or {}).get("method")
                why = f"no resource ({method} request)" if method else "no resource"
                self.ignored.append(IgnoredEntry(index, what, why))
                continue
            self.position[id(resource)] = index
            full = str(entry.get("fullUrl") or "")
            kind, rid = resource["resourceType"], resource.get("id")
            if full:
                self.by_url[full] = resource
                self.full_url[id(resource)] = full
            if rid:
                self.by_type_id.setdefault((kind, str(rid)), []).append(resource)
            search = (entry.get("search") or {}).get("mode")
            if kind == "OperationOutcome" or search == "outcome":
                self.reasons[id(resource)] = "a message from the server, not a record"
            self.by_type.setdefault(kind, []).append(resource)

    def resource(
        self, ref: Mapping[str, Any] | None, *, source: Mapping[str, Any] | None = None
    ) -> Mapping[str, Any] | None:
        """The entry ``ref`` points to, by the Bundle rules; None when it is not in the Bundle."""
        target = str((ref or {}).get("reference") or "")
        if not target or target.startswith("#"):
            return None
        if target in self.by_url:
            return self.by_url[target]
        relative = _RELATIVE.match(target)
        if relative:
            kind, rid = relative.groups()
            restful = _ABSOLUTE.match(self.full_url.get(id(source), "")) if source else None
            if restful and f"{restful.group(1)}/{kind}/{rid}" in self.by_url:
                return self.by_url[f"{restful.group(1)}/{kind}/{rid}"]
            return self._only(kind, rid)
        absolute = _ABSOLUTE.match(target)
        if absolute:
            server, kind, rid = absolute.groups()
            if f"{server}/{kind}/{rid}" in self.by_url:
                return self.by_url[f"{server}/{kind}/{rid}"]
            return self._only(kind, rid)
        return None

    def _only(self, kind: str, rid: str) -> Mapping[str, Any] | None:
        found = self.by_type_id.get((kind, rid), [])
        return found[0] if len(found) == 1 else None

    def use(self, resource: Mapping[str, Any]) -> None:
        self.used.add(id(resource))

    def skip(self, resource: Mapping[str, Any], reason: str) -> None:
        self.reasons.setdefault(id(resource), reason)

    def name(self, resource: Mapping[str, Any]) -> str:
        if resource.get("id"):
            return f"{resource['resourceType']}/{resource['id']}"
        return self.full_url.get(id(resource)) or str(resource["resourceType"])

    def unresolved(
        self, owner: Mapping[str, Any], what: str, ref: Mapping[str, Any]
    ) -> InvalidInput:
        return InvalidInput(
            f"{self.name(owner)} ({what}) refers to {ref.get('reference')!r}, which is not in "
            "the Bundle; nothing was changed.",
            details=[
                "references are resolved by the Bundle rules: an entry's fullUrl, a relative "
                "Type/id, or an absolute URL ending in Type/id; include the referenced "
                "resources (for a search, add _include)"
            ],
        )

    def report(self) -> list[IgnoredEntry]:
        """Every entry with a resource that the import did not use, with the reason."""
        out = list(self.ignored)
        for kind, resources in self.by_type.items():
            for resource in resources:
                key = id(resource)
                if key in self.used or (kind in READ_TYPES and key not in self.reasons):
                    continue
                reason = self.reasons.get(key) or f"legcare does not import {kind} resources"
                out.append(IgnoredEntry(self.position[key], self.name(resource), reason))
        out.sort(key=lambda i: i.index)
        return out

    def checkins(self) -> list[dict[str, Any]]:
        out = []
        for obs in self.by_type.get("Observation", []):
            kinds = [
                c.removesuffix("-check-in")
                for c in _codes(obs.get("code"))
                if c.endswith("-check-in")
            ]
            if not kinds:
                if _codes(obs.get("code")) & RATINGS.keys():
                    self.skip(obs, "a legcare rating that no check-in refers to (hasMember)")
                else:
                    codes = sorted(_all_codes(obs.get("code")))
                    self.skip(obs, f"not a legcare check-in (code {', '.join(codes) or 'none'})")
                continue
            day = date.fromisoformat(str(obs["effectiveDateTime"])[:10])
            what = f"{kinds[0]} check-in of {day.isoformat()}"
            data: dict[str, Any] = {}
            for member in obs.get("hasMember", []):
                rating = self.resource(member, source=obs)
                if rating is None:
                    raise self.unresolved(obs, what, member)
                names = _codes(rating.get("code")) & RATINGS.keys()
                if names:
                    data[names.pop()] = _decode_value(rating)
                    self.use(rating)
            for component in obs.get("component", []):
                for name in _codes(component.get("code")):
                    data[name] = _decode_value(component)
            if obs.get("note"):
                data["note"] = obs["note"][0].get("text")
            issued = _when(obs.get("issued"))
            stamp = issued or datetime.combine(day, datetime.min.time())
            self.use(obs)
            out.append(
                {
                    "kind": kinds[0],
                    "day": day,
                    "data": data,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        return out

    def screenings(self) -> tuple[list[dict[str, Any]], dict[int, int]]:
        out: list[dict[str, Any]] = []
        local: dict[int, int] = {}
        for qr in self.by_type.get("QuestionnaireResponse", []):
            canonical, _, version = str(qr.get("questionnaire", "")).partition("|")
            if canonical != QUESTIONNAIRE:
                self.skip(qr, f"answers another questionnaire ({canonical or 'none named'})")
                continue
            when = _when(qr.get("authored"))
            started = _ext(qr, EXT_STARTED)
            out.append(
                {
                    "id": len(out) + 1,
                    "status": "complete",
                    "started_at": _when(started.get("valueDateTime")) if started else when,
                    "completed_at": when,
                    "content_version": version or "unknown",
                    "answers": self._answers(qr.get("item", [])),
                    "result": _ext_json(qr, EXT_RESULT),
                }
            )
            self.use(qr)
            local[id(qr)] = len(out)
        return out, local

    def _answers(self, items: list[Mapping[str, Any]]) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for item in items:
            answers.update(self._answers(item.get("item", [])))
            if not item.get("answer"):
                if "item" not in item and self._repeats(item["linkId"]):
                    answers[item["linkId"]] = []  # a "tick all that apply" with none ticked
                continue
            values = [_decode_answer(a) for a in item["answer"]]
            many = len(values) > 1 or self._repeats(item["linkId"])
            answers[item["linkId"]] = values if many else values[0]
        return answers

    def _repeats(self, link_id: str) -> bool:
        if self.content is None:
            return False
        from legcare.domain.screening.questions import QuestionType

        question = self.content.questionnaire.get(link_id)
        return question is not None and question.type in (
            QuestionType.MULTI,
            QuestionType.BODY_REGION,
        )

    def plans(
        self, screening_ids: Mapping[int, int]
    ) -> tuple[list[dict[str, Any]], dict[int, int]]:
        out: list[dict[str, Any]] = []
        local: dict[int, int] = {}
        for plan in self.by_type.get("CarePlan", []):
            version = _ext(plan, EXT_VERSION)
            if version is None or _ext(plan, EXT_PLAN) is None:
                self.skip(plan, "a CarePlan without legcare's plan (not written by legcare)")
                continue
            support = plan.get("supportingInfo", [None])[0]
            check = self.resource(support, source=plan) if support else None
            out.append(
                {
                    "id": len(out) + 1,
                    "version": version["valueInteger"],
                    "created_at": _when(plan.get("created")),
                    "screening_id": screening_ids.get(id(check)) if check else None,
                    "profile": _ext_json(plan, EXT_PROFILE),
                    "plan": _ext_json(plan, EXT_PLAN),
                }
            )
            self.use(plan)
            local[id(plan)] = len(out)
        out.sort(key=lambda r: r["version"])
        return out, local

    def sessions(self, plan_ids: Mapping[int, int]) -> list[dict[str, Any]]:
        statuses = {v: k for k, v in PROCEDURE_STATUS.items()}
        out = []
        for proc in self.by_type.get("Procedure", []):
            if SESSION_CODE not in _codes(proc.get("code")) or _ext(proc, EXT_STATE) is None:
                self.skip(proc, "a Procedure that is not a legcare guided session")
                continue
            based = proc.get("basedOn", [None])[0]
            plan = self.resource(based, source=proc) if based else None
            day = _ext(proc, EXT_DAY)
            period = proc.get("performedPeriod", {})
            started = _when(period.get("start"))
            out.append(
                {
                    "plan_id": plan_ids.get(id(plan)) if plan else None,
                    "day": date.fromisoformat(day["valueDate"])
                    if day
                    else started.date()
                    if started
                    else None,
                    "status": statuses.get(proc.get("status", ""), "finished"),
                    "started_at": started,
                    "ended_at": _when(period.get("end")),
                    "state": _ext_json(proc, EXT_STATE),
                    "tenderness": _ext_json(proc, EXT_TENDERNESS),
                    "note": proc["note"][0].get("text") if proc.get("note") else None,
                }
            )
            self.use(proc)
        return out

    def tracking(self) -> Rows:
        """Medicines, uses, own factors and their values, weekly scores and imported values
        (``interop.fhir_tracking``), from every resource that carries a legcare record."""
        from legcare.interop.fhir_tracking import read_tracking

        resources = sorted(
            (r for kind in self.by_type.values() for r in kind if _ext(r, EXT_RECORD)),
            key=lambda r: self.position[id(r)],
        )
        return read_tracking(
            resources,
            record_of=lambda r: _ext_json(r, EXT_RECORD),
            parent_of=self._tracking_parent,
            use=self.use,
        )

    def _tracking_parent(self, table: str, resource: Mapping[str, Any]) -> Mapping[str, Any] | None:
        if table == "medicine_uses":
            parts = resource.get("partOf") or [None]
            return self.resource(parts[0], source=resource) if parts[0] else None
        ext = _ext(resource, EXT_FACTOR_REF)
        return self.resource(ext.get("valueReference"), source=resource) if ext else None

    def records(self, plan_ids: Mapping[int, int]) -> Rows:
        """Profiles, plan reviews and experiments from legcare's ``Basic`` resources, read
        back through the JSON export's own row checks."""
        from legcare.interop.tabular import EXPORT_FORMAT, EXPORT_VERSION, from_document

        data: dict[str, list[dict[str, Any]]] = {table: [] for table in BASIC_RECORDS}
        plans: list[int | None] = []
        codes = {code: table for table, (code, _) in BASIC_RECORDS.items()}
        for basic in self.by_type.get("Basic", []):
            record = _ext_json(basic, EXT_RECORD)
            table = next((codes[c] for c in _codes(basic.get("code")) if c in codes), None)
            if table is None or not isinstance(record, Mapping) or record.get("table") != table:
                self.skip(basic, "a Basic resource that is not a legcare record")
                continue
            row = dict(record.get("row") or {})
            if "id" in row:
                row["id"] = len(data[table]) + 1
            if table == "plan_reviews":
                ref = _ext(basic, EXT_PLAN_REF)
                plan = self.resource(ref.get("valueReference"), source=basic) if ref else None
                if plan is None:
                    self.skip(basic, "a plan review whose CarePlan is not in the Bundle")
                    continue
                plans.append(plan_ids.get(id(plan)))
            data[table].append(row)
            self.use(basic)
        document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "data": data}
        try:
            rows = from_document(document)
        except InvalidInput as exc:
            raise InvalidInput(
                "Some legcare records (Basic resources) in the Bundle are not valid; nothing "
                "was changed.",
                details=exc.details,
            ) from exc
        for review, plan_id in zip(rows.get("plan_reviews", []), plans, strict=True):
            review["plan_id"] = plan_id
        return rows


def _all_codes(concept: Mapping[str, Any] | None) -> set[str]:
    codings = (concept or {}).get("coding", [])
    return {f"{c.get('system', '?')}|{c['code']}" for c in codings if "code" in c}


def parse_bundle(
    bundle: Mapping[str, Any], *, content: ScreeningContent | None = None
) -> tuple[Rows, list[IgnoredEntry]]:
    """Rows (with file-local ids) from a FHIR Bundle, and the entries it did not use (why).

    Reads the Bundles legcare writes (collection or transaction) and the ones a FHIR server
    returns (searchset, with server ids and ``Observation/1003`` references). Raises
    ``InvalidInput`` when the Bundle does not validate, a reference the records need is not in
    it, or it carries nothing legcare reads.
    """
    if not is_fhir_bundle(bundle):
        raise InvalidInput('This is not a FHIR Bundle (no "resourceType": "Bundle").')
    kind = bundle.get("type")
    if kind not in BUNDLE_TYPES:
        raise InvalidInput(
            f"A FHIR Bundle of type {kind!r} holds no records to import; nothing was changed.",
            details=[f"Bundle.type: allowed: {', '.join(BUNDLE_TYPES)}"],
        )
    problems = validate_bundle(bundle, entries_without_resource=True)
    if problems:
        raise InvalidInput(
            "The FHIR Bundle is not valid R4; nothing was changed.", details=problems[:20]
        )
    try:
        reader = _Reader(bundle, content)
        screenings, screening_ids = reader.screenings()
        plans, plan_ids = reader.plans(screening_ids)
        rows: Rows = {
            "screenings": screenings,
            "plans": plans,
            "session_logs": reader.sessions(plan_ids),
            "checkins": reader.checkins(),
            **reader.records(plan_ids),
            **reader.tracking(),
        }
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput(
            f"The FHIR Bundle could not be read as a legcare export ({exc!r}); nothing was changed."
        ) from exc
    ignored = reader.report()
    if not any(rows.values()):
        raise InvalidInput(
            "The FHIR Bundle holds nothing legcare can import "
            "(no legcare check-ins, checks, plans, sessions, profile, experiments, medicines, "
            "factors, weekly scores or imported values); "
            "nothing was changed.",
            details=[str(i) for i in ignored[:20]],
        )
    return rows, ignored


__all__ = [
    "CODE_SYSTEM",
    "IgnoredEntry",
    "LOINC_PAIN",
    "RATINGS",
    "build_bundle",
    "code_system",
    "is_fhir_bundle",
    "parse_bundle",
    "resource_id",
    "shape",
    "validate_bundle",
    "validate_resource",
]
