"""The JSON Schema (draft 2020-12) of the JSON export (``legcare-export``, version 1).

Built from the same tables the export reads (``store.tables``) and, for check-in values, from
the diary's field specs, so it cannot drift from what the app writes. ``docs/export-schema.json``
is generated from it (``scripts/gen_docs.py``); a test validates real exports against that file
with the ``jsonschema`` library.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from legcare.domain.diary import CheckinKind, field_specs
from legcare.domain.diary.fields import FieldSpec, FieldType
from legcare.interop.tabular import EXPORT_FORMAT, EXPORT_VERSION
from legcare.store.data_rights import REFERENCES, USER_TABLES

SCHEMA_ID = "urn:legcare:schema:export:1"
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
    "format": "date-time",
}


def _column(table: sa.Table, column: sa.Column[Any]) -> dict[str, Any]:
    kind = column.type
    refs = REFERENCES.get(table.name, {})
    schema: dict[str, Any]
    if column.name == "id":
        schema = {"type": "integer", "minimum": 1, "description": "local to this file"}
    elif column.name in refs:
        schema = {"type": "integer", "minimum": 1, "description": f"an id in {refs[column.name]}"}
    elif isinstance(kind, sa.JSON):
        schema = {"description": "JSON the app stores for this record"}
    elif isinstance(kind, sa.Boolean):
        schema = {"type": "boolean"}
    elif isinstance(kind, sa.Integer):
        schema = {"type": "integer"}
    elif isinstance(kind, sa.DateTime):
        schema = dict(DATE_TIME)
    elif isinstance(kind, sa.Date):
        schema = dict(DATE)
    else:
        schema = {"type": "string"}
        length = getattr(kind, "length", None)
        if length is not None:
            schema["maxLength"] = length
    if column.nullable and column.name != "id" and "type" in schema:
        schema = {**schema, "type": [schema["type"], "null"]}
    return schema


def _field(spec: FieldSpec) -> dict[str, Any]:
    if spec.type in (FieldType.RATING, FieldType.COUNT):
        return {"type": "integer", "minimum": int(spec.low), "maximum": int(spec.high)}
    if spec.type is FieldType.HOURS:
        return {
            "type": "number",
            "minimum": spec.low,
            "maximum": spec.high,
            "multipleOf": spec.step,
        }
    if spec.type is FieldType.FLAG:
        return {"type": "boolean"}
    if spec.type is FieldType.CHOICE:
        return {"enum": list(spec.choices)}
    if spec.type is FieldType.ONSET:
        return {
            "anyOf": [
                {"enum": list(spec.choices)},
                {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"},
            ]
        }
    return {"type": "string", "maxLength": spec.max_length}


def _checkin_values(kind: CheckinKind) -> dict[str, Any]:
    specs = field_specs(kind)
    return {
        "type": "object",
        "properties": {spec.name: {**_field(spec), "description": spec.label} for spec in specs},
        "required": [spec.name for spec in specs if spec.required],
        "additionalProperties": False,
    }


def _tracking_enums() -> dict[str, dict[str, dict[str, Any]]]:
    """Per tracking table, the columns with a closed set of values, and weekly answers."""
    from legcare.domain.tracking.factors import FactorKind
    from legcare.domain.tracking.medicines import MedicineKind
    from legcare.domain.tracking.sources import ValueSource
    from legcare.domain.tracking.weekly_scores import ITEM_MAX, ITEM_MIN, ITEMS, WeeklyScoreKind
    from legcare.store.health_values import Metric

    source = {
        "enum": [s.value for s in ValueSource],
        "description": "where the value came from: manual (typed), or the app it was imported from",
    }
    item = {"type": "integer", "minimum": ITEM_MIN, "maximum": ITEM_MAX}
    answers = {
        "type": "object",
        "description": "one answer 0-10 (0 best, 10 worst) per item of the weekly score",
        "properties": {i: item for items in ITEMS.values() for i in items},
        "additionalProperties": False,
    }
    return {
        "medicines": {"kind": {"enum": [k.value for k in MedicineKind]}, "source": source},
        "medicine_uses": {"source": source},
        "factors": {"kind": {"enum": [k.value for k in FactorKind]}},
        "factor_values": {"source": source},
        "weekly_scores": {
            "kind": {"enum": [k.value for k in WeeklyScoreKind]},
            "score": {"type": "integer", "minimum": 0, "maximum": 100},
            "answers": answers,
            "source": source,
        },
        "health_values": {"metric": {"enum": [m.value for m in Metric]}, "source": source},
    }


def _row(table: sa.Table) -> dict[str, Any]:
    columns = [c for c in table.c if c.name != "user_id"]
    row: dict[str, Any] = {
        "type": "object",
        "properties": {c.name: _column(table, c) for c in columns},
        "required": [
            c.name
            for c in columns
            if c.name == "id" or (not c.nullable and c.server_default is None)
        ],
        "additionalProperties": False,
    }
    if table.name == "checkins":
        row["allOf"] = [
            {
                "if": {"properties": {"kind": {"const": kind.value}}},
                "then": {"properties": {"data": _checkin_values(kind)}},
            }
            for kind in CheckinKind
        ]
        row["properties"]["kind"] = {"enum": [k.value for k in CheckinKind]}
    for column, schema in _tracking_enums().get(table.name, {}).items():
        row["properties"][column] = schema
    return row


def export_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON export document."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "legcare JSON export",
        "description": "Everything one person recorded in legcare. Ids are local to the file; "
        "timestamps are ISO 8601 in UTC. See legcare.interop.tabular for the rules.",
        "type": "object",
        "properties": {
            "format": {"const": EXPORT_FORMAT},
            "version": {"const": EXPORT_VERSION},
            "exported_at": DATE_TIME,
            "app_version": {"type": "string"},
            "data": {
                "type": "object",
                "properties": {
                    table.name: {"type": "array", "items": _row(table)} for table in USER_TABLES
                },
                "additionalProperties": False,
            },
        },
        "required": ["format", "version", "exported_at", "app_version", "data"],
        "additionalProperties": False,
    }


def export_schema_json() -> str:
    """``export_schema()`` as the text of ``docs/export-schema.json``."""
    import json

    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"
