"""Request and response bodies of the diary and insights API (check-ins, insights).

Check-in ``values`` are a plain object here on purpose: the domain (``legcare.domain.diary``)
checks every field and answers 422 with one line per problem saying what is allowed. The
fields and what they allow are listed by ``GET /api/v1/checkins/fields``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from legcare.domain.diary.fields import values_help

Kind = Literal["evening", "morning"]

VALUES_HELP = values_help()


class CheckinCreate(BaseModel):
    """The body of ``POST /api/v1/checkins``."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    day: date | None = Field(None, description="The date; today when left out.")
    values: dict[str, Any] = Field(description=VALUES_HELP)
    factors: dict[str, Any] | None = Field(
        None,
        description=(
            "Evening only: your own factors by name (GET /api/v1/factors), yes/no as true/false"
            " or 0-10; null removes that day's value; factors left out stay as they are."
        ),
    )
    replace: bool = Field(False, description="Replace an entry for that date and kind (else 409).")


class CheckinUpdate(BaseModel):
    """The body of ``PUT /api/v1/checkins/{kind}/{day}``: creates or replaces the entry."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, Any] = Field(description=VALUES_HELP)
    factors: dict[str, Any] | None = Field(
        None,
        description=(
            "Evening only: your own factors by name (GET /api/v1/factors), yes/no as true/false"
            " or 0-10; null removes that day's value; factors left out stay as they are."
        ),
    )


class CheckinPublic(BaseModel):
    """One check-in (``legcare.services.diary.checkin_to_dict``)."""

    kind: Kind
    day: str
    values: dict[str, Any] = Field(description="Every field of the kind; null = not recorded.")
    filled: list[str] = Field(description="Fields taken from the session log.")
    factors: dict[str, int] = Field(
        default_factory=dict, description="Your own factors that day: 0/1 yes/no, or 0-10."
    )
    created_at: str
    updated_at: str


class CheckinListPublic(BaseModel):
    """``GET /api/v1/checkins``: the check-ins of a date range, by day then kind."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    kind: Kind | None
    count: int
    checkins: list[CheckinPublic]


class FieldPublic(BaseModel):
    name: str
    type: str
    label: str
    required: bool
    allowed: str = Field(description="What is allowed, in words.")
    choices: list[str]


class FieldCataloguePublic(BaseModel):
    evening: list[FieldPublic]
    morning: list[FieldPublic]
