"""Request bodies of the tracking write API (medicines, own factors, weekly scores).

The services check every value and answer 422 saying what is allowed; these models only fix the
field names (unknown fields are refused) so a typo is not silently dropped.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class MedicineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200, description="As you call it; matched against the classes.")
    kind: str = Field("medicine", max_length=20, description="medicine, supplement or treatment.")
    started: date | None = None
    stopped: date | None = None
    as_needed: bool = False
    own_dose_text: str = Field(
        "", max_length=400, description="Your own note on the dose; legcare never suggests one."
    )
    note: str = Field("", max_length=2000)


class MedicineStop(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stopped: date | None = Field(None, description="The stop date; today when left out.")


class MedicineUse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date | None = Field(None, description="The day it was used; today when left out.")
    note: str = Field("", max_length=2000)


class FactorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200, description="1-40 letters, digits, spaces and - ' &.")
    kind: str = Field(max_length=20, description="yes_no or scale_0_10.")


class FactorArchive(BaseModel):
    model_config = ConfigDict(extra="forbid")

    archived: bool = Field(True, description="false brings an archived factor back.")


class FactorValueSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)
    value: int | bool = Field(description="true/false for yes/no, 0-10 for a scale.")
    day: date | None = Field(None, description="Today when left out.")


class WeekSave(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=20, description="rls or heel.")
    answers: dict[str, int] = Field(description="Every item of GET /api/v1/weekly/questions, 0-10.")
    day: date | None = Field(None, description="A day of the week to save; this week by default.")
