"""What the plan needs from a check: pattern statuses, the triage level and the precautions.

The service maps the stored screening result onto a `CheckSummary`, so the generator stays pure
and can be tested over any combination of inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel

ACTIVE_STATUSES = frozenset({"consistent", "possible"})


@dataclass(frozen=True, slots=True)
class Precaution:
    kind: PrecautionKind
    areas: frozenset[str] = frozenset()  # empty: everywhere
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """The parts of a completed check that shape a plan."""

    patterns: Mapping[str, str] = field(default_factory=dict)  # id -> consistent|possible|...
    triage: TriageLevel = TriageLevel.SELF_CARE
    precautions: tuple[Precaution, ...] = ()
    screening_id: int | None = None

    def suggests(self, pattern: str) -> bool:
        return self.patterns.get(pattern) in ACTIVE_STATUSES

    def has(self, kind: PrecautionKind) -> bool:
        return any(p.kind is kind for p in self.precautions)

    def areas_for(self, kind: PrecautionKind) -> list[frozenset[str]]:
        return [p.areas for p in self.precautions if p.kind is kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "patterns": dict(sorted(self.patterns.items())),
            "triage": self.triage.value,
            "precautions": [
                {"kind": p.kind.value, "areas": sorted(p.areas), "reason": p.reason}
                for p in self.precautions
            ],
            "screening_id": self.screening_id,
        }


__all__ = ["CheckSummary", "Precaution", "PrecautionKind", "TriageLevel", "no_check"]


def no_check() -> CheckSummary:
    """Before any check: no pattern, self-care."""
    return CheckSummary()
