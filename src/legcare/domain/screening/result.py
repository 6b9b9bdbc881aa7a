"""The result of a check, and its JSON form.

``ScreeningResult`` is what every consumer reads (plans, reports, the result page). Its JSON form
(``result_to_dict``) has exactly these keys::

    patterns         [{id, name, status, reasons: [{question_id, answer, why}], lookalikes: [..]}]
    triage           {level, label, what_to_do}
    red_flags        [{id, label, what_to_do, level}]
    precautions      [{id, kind, areas, label}]
    clinician_points [str]
    summary          str
    content_version  str
    stopped_early    bool   (the interview stopped at an emergency answer)

``patterns`` lists only patterns whose status is ``consistent`` or ``possible``; every other
known pattern is ``not_suggested``. ``result_from_dict`` reads the JSON form back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from legcare.domain.screening.vocabulary import (
    PatternStatus,
    PrecautionKind,
    TriageLevel,
)

AnswerValue = str | int | float | tuple[str, ...]
AnswerJson = str | int | float | list[str]  # an answer in JSON (a tuple becomes a list)


# -- the JSON form (``result_to_dict``); the API response models are checked against these in
# tests/web/test_response_models.py -------------------------------------------------------------


class ReasonJson(TypedDict):
    question_id: str
    answer: AnswerJson
    why: str


class PatternJson(TypedDict):
    id: str
    name: str
    status: str
    reasons: list[ReasonJson]
    lookalikes: list[str]
    # Added by the Check service from the knowledge base (checks saved before may lack them).
    sources: NotRequired[list[str]]
    see_clinician: NotRequired[list[str]]


class TriageJson(TypedDict):
    level: str
    label: str
    what_to_do: str


class RedFlagJson(TypedDict):
    id: str
    label: str
    what_to_do: str
    level: str


class PrecautionJson(TypedDict):
    id: str
    kind: str
    areas: list[str]
    label: str


class ResultJson(TypedDict):
    """A check's result as the CLI's ``--json`` and the API show it."""

    patterns: list[PatternJson]
    triage: TriageJson
    red_flags: list[RedFlagJson]
    precautions: list[PrecautionJson]
    clinician_points: list[str]
    summary: str
    content_version: str
    stopped_early: bool


@dataclass(frozen=True, slots=True)
class Reason:
    """One answer that led to a finding, and why it matters."""

    question_id: str
    answer: AnswerValue
    why: str


@dataclass(frozen=True, slots=True)
class PatternFinding:
    """How well the answers fit one pattern (a condition id of the knowledge base)."""

    id: str
    name: str
    status: PatternStatus
    reasons: tuple[Reason, ...] = ()
    lookalikes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Triage:
    level: TriageLevel
    what_to_do: str

    @property
    def label(self) -> str:
        return self.level.label


@dataclass(frozen=True, slots=True)
class RedFlagFinding:
    id: str
    label: str
    what_to_do: str
    level: TriageLevel


@dataclass(frozen=True, slots=True)
class Precaution:
    """A massage precaution; ``id`` is the knowledge-base precaution id where one exists."""

    id: str
    kind: PrecautionKind
    label: str
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """Everything a check concluded. Never a diagnosis: patterns say what answers fit."""

    patterns: tuple[PatternFinding, ...]
    triage: Triage
    red_flags: tuple[RedFlagFinding, ...]
    precautions: tuple[Precaution, ...]
    clinician_points: tuple[str, ...]
    summary: str
    content_version: str
    stopped_early: bool = False

    def pattern(self, pattern_id: str) -> PatternFinding | None:
        """The finding for ``pattern_id`` if it is consistent or possible, else None."""
        return next((p for p in self.patterns if p.id == pattern_id), None)

    def status_of(self, pattern_id: str) -> PatternStatus:
        found = self.pattern(pattern_id)
        return found.status if found else PatternStatus.NOT_SUGGESTED

    @property
    def massage_blocked(self) -> bool:
        """True when no massage at all is allowed (for example a possible blood clot)."""
        return any(p.kind is PrecautionKind.NO_MASSAGE for p in self.precautions)

    @property
    def has_red_flag(self) -> bool:
        return bool(self.red_flags)


def answer_json(value: AnswerValue) -> AnswerJson:
    return list(value) if isinstance(value, tuple) else value


def _answer_from_json(value: Any) -> AnswerValue:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str | int | float):
        return value
    return str(value)


def red_flag_json(flag: RedFlagFinding) -> RedFlagJson:
    return {
        "id": flag.id,
        "label": flag.label,
        "what_to_do": flag.what_to_do,
        "level": flag.level.value,
    }


def result_to_dict(result: ScreeningResult) -> ResultJson:
    """The JSON form of a result (the CLI's ``--json`` and the API return exactly this)."""
    return {
        "patterns": [
            {
                "id": p.id,
                "name": p.name,
                "status": p.status.value,
                "reasons": [
                    {"question_id": r.question_id, "answer": answer_json(r.answer), "why": r.why}
                    for r in p.reasons
                ],
                "lookalikes": list(p.lookalikes),
            }
            for p in result.patterns
        ],
        "triage": {
            "level": result.triage.level.value,
            "label": result.triage.label,
            "what_to_do": result.triage.what_to_do,
        },
        "red_flags": [red_flag_json(f) for f in result.red_flags],
        "precautions": [
            {"id": p.id, "kind": p.kind.value, "areas": list(p.areas), "label": p.label}
            for p in result.precautions
        ],
        "clinician_points": list(result.clinician_points),
        "summary": result.summary,
        "content_version": result.content_version,
        "stopped_early": result.stopped_early,
    }


def result_from_dict(data: Mapping[str, Any]) -> ScreeningResult:
    """Read back what ``result_to_dict`` wrote (for example a stored check)."""
    return ScreeningResult(
        patterns=tuple(
            PatternFinding(
                id=p["id"],
                name=p["name"],
                status=PatternStatus(p["status"]),
                reasons=tuple(
                    Reason(r["question_id"], _answer_from_json(r["answer"]), r["why"])
                    for r in p.get("reasons", [])
                ),
                lookalikes=tuple(p.get("lookalikes", [])),
            )
            for p in data["patterns"]
        ),
        triage=Triage(TriageLevel(data["triage"]["level"]), data["triage"]["what_to_do"]),
        red_flags=tuple(
            RedFlagFinding(
                f["id"], f["label"], f["what_to_do"], TriageLevel(f.get("level", "urgent"))
            )
            for f in data["red_flags"]
        ),
        precautions=tuple(
            Precaution(p["id"], PrecautionKind(p["kind"]), p["label"], tuple(p.get("areas", [])))
            for p in data["precautions"]
        ),
        clinician_points=tuple(data["clinician_points"]),
        summary=data["summary"],
        content_version=data["content_version"],
        stopped_early=bool(data.get("stopped_early", False)),
    )
