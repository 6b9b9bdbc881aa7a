"""Request and response bodies of the accounts API (login, me, shares, clinician)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class LoginCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class RegisterCreate(LoginCreate):
    pass


class AccountPublic(BaseModel):
    id: int
    username: str
    role: str
    local: bool = False


class MePublic(AccountPublic):
    csrf_token: str = Field(description="Send back in the X-CSRF-Token header on unsafe calls.")


class LoginPublic(BaseModel):
    user: AccountPublic
    csrf_token: str
    expires_at: datetime


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clinician: str = Field(min_length=1, max_length=64, description="The clinician's user name.")


class SharePublic(BaseModel):
    client_id: int
    client: str
    clinician_id: int
    clinician: str
    shared_at: datetime


class OkPublic(BaseModel):
    ok: bool = True


class AccountDelete(BaseModel):
    """The body of ``DELETE /api/v1/account``: the password, to confirm."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=1024)


class DeletedAccountPublic(BaseModel):
    username: str
    shares_ended: int
    rows_deleted: dict[str, int]


class AccessPublic(BaseModel):
    """One look by a clinician at your data."""

    clinician: str
    what: str
    at: datetime
