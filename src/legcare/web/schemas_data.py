"""Request and response bodies of the data API (report, export, import, delete)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class DataDelete(BaseModel):
    """The body of ``DELETE /api/v1/data``: the word ``delete``, typed on purpose."""

    model_config = ConfigDict(extra="forbid")

    confirm: Literal["delete"] = Field(
        description='Must be exactly "delete": nothing is removed without it.'
    )


class DeletePublic(BaseModel):
    ok: Literal[True] = True
    deleted: dict[str, int] = Field(description="Rows deleted per table.")


class IgnoredEntryPublic(BaseModel):
    entry: int = Field(description="Position of the entry in Bundle.entry, from 1.")
    resource: str = Field(description="Type/id of the resource (or its fullUrl).")
    reason: str = Field(description="Why the import did not use it.")


class ImportPublic(BaseModel):
    ok: Literal[True] = True
    format: Literal["json", "fhir"] = Field(description="What the file was recognised as.")
    imported: dict[str, int] = Field(description="Rows added per table.")
    replaced: dict[str, int] = Field(description="Rows deleted first (with replace=true).")
    skipped_resources: int = Field(description="FHIR Bundle entries the import did not use.")
    ignored: list[IgnoredEntryPublic] = Field(
        description="Each FHIR Bundle entry the import did not use, and why."
    )


class CountsPublic(BaseModel):
    """How many records the user has per table (what an export or a delete covers)."""

    counts: dict[str, int]
