"""The one name for "a JSON document": what ``json.loads`` gives back and ``json.dumps`` takes.

Documents that follow someone else's schema (FHIR resources, a JSON export) are typed with
these instead of ``dict[str, Any]``; what legcare itself returns has a TypedDict of its own.
"""

from __future__ import annotations

from typing import Union

JsonScalar = str | int | float | bool | None
JsonValue = Union[JsonScalar, list["JsonValue"], dict[str, "JsonValue"]]  # noqa: UP007
JsonObject = dict[str, JsonValue]

__all__ = ["JsonObject", "JsonScalar", "JsonValue"]
