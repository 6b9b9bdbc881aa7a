"""The one exception tree of legcare.

Every error that a person can meet is one of these. The CLI maps each class to a one-line
message and an exit code (``legcare.cli``); the web app maps it to one JSON shape
``{"ok": false, "error": "...", "status": 4xx, "details": [...]}`` or a friendly page
(``legcare.web.errors``).

    LegcareError                      exit 1, HTTP 500
    ├── InvalidInput                  exit 2, HTTP 422  (bad values: says what is allowed)
    ├── NotFound                      exit 3, HTTP 404
    ├── Conflict                      exit 4, HTTP 409  (e.g. an entry for that date exists)
    ├── PermissionDenied              exit 5, HTTP 403  (server mode: not yours to see)
    │   └── NotAuthenticated          exit 5, HTTP 401
    ├── RateLimited                   exit 6, HTTP 429
    ├── SafetyStop                    exit 7, HTTP 409  (a red flag: the normal flow must stop)
    ├── KnowledgeBaseError            exit 8, HTTP 500  (content failed validation at load)
    ├── StoreError                    exit 9, HTTP 503
    │   └── NotALegcareDatabase       exit 9, HTTP 422  (restore refused)
    └── ConfigurationError            exit 10, HTTP 500 (settings that cannot work)
"""

from __future__ import annotations

from collections.abc import Sequence


class LegcareError(Exception):
    """Base of every legcare error. ``details`` lists individual problems, one per line."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details)

    def to_dict(self) -> dict[str, object]:
        """The one JSON shape of an error: the API's body, and what `--json` commands print."""
        return {
            "ok": False,
            "error": self.message,
            "status": self.http_status,
            "details": list(self.details),
        }

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class InvalidInput(LegcareError):
    """A value was wrong; the message says what was wrong and what is allowed."""

    exit_code = 2
    http_status = 422


class NotFound(LegcareError):
    """The thing asked for does not exist."""

    exit_code = 3
    http_status = 404


class Conflict(LegcareError):
    """The write would clash with what is stored (for example a second entry for a date)."""

    exit_code = 4
    http_status = 409


class PermissionDenied(LegcareError):
    """Server mode: the signed-in user may not see or change this."""

    exit_code = 5
    http_status = 403


class NotAuthenticated(PermissionDenied):
    """Server mode: sign in first."""

    http_status = 401


class RateLimited(LegcareError):
    """Too many attempts; try again later."""

    exit_code = 6
    http_status = 429


class SafetyStop(LegcareError):
    """A red flag: the normal flow must stop and the person be told what to do now."""

    exit_code = 7
    http_status = 409


class KnowledgeBaseError(LegcareError):
    """The curated content failed validation; the message names the file, entry and field."""

    exit_code = 8


class StoreError(LegcareError):
    """The database could not be read or written."""

    exit_code = 9
    http_status = 503


class NotALegcareDatabase(StoreError):
    """A file offered for restore is not a legcare database; nothing was changed."""

    http_status = 422


class ConfigurationError(LegcareError):
    """Settings that cannot work (for example server mode with the default secret)."""

    exit_code = 10


__all__ = [
    "Conflict",
    "ConfigurationError",
    "InvalidInput",
    "KnowledgeBaseError",
    "LegcareError",
    "NotALegcareDatabase",
    "NotAuthenticated",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "SafetyStop",
    "StoreError",
]
