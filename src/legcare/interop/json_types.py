"""Named JSON types for the documents legcare writes: any JSON value, a JSON object, the JSON
export document and a FHIR Bundle. They say what a document is where ``dict[str, Any]`` would
say nothing, and mypy checks the top-level keys."""

from __future__ import annotations

from typing import TypeAlias, TypedDict

JsonValue: TypeAlias = "None | bool | int | float | str | list[JsonValue] | dict[str, JsonValue]"
JsonObject: TypeAlias = "dict[str, JsonValue]"


class ExportDocument(TypedDict):
    """The JSON export (``legcare-export``): one list of rows per table."""

    format: str
    version: int
    exported_at: str
    app_version: str
    data: dict[str, list[JsonObject]]


class FhirEntry(TypedDict, total=False):
    fullUrl: str
    resource: JsonObject
    request: JsonObject


class FhirBundle(TypedDict):
    """A FHIR R4 Bundle as legcare writes it (``collection`` or ``transaction``)."""

    resourceType: str
    id: str
    meta: JsonObject
    type: str
    timestamp: str
    entry: list[FhirEntry]


__all__ = ["ExportDocument", "FhirBundle", "FhirEntry", "JsonObject", "JsonValue"]
