"""How sure we are, and who said it: evidence grades and sources.

Grades follow ``clinical-notes.md``: massage for RLS is low certainty, stretching for heel pain is
strong, reflexology "organ points" are tradition, the RLS-plantar fasciitis link is theory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class EvidenceGrade(Enum):
    """An honest label for the support behind a claim, strongest first."""

    STRONG = "strong"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"
    ANECDOTAL = "anecdotal"
    EXPERT_OPINION = "expert_opinion"
    TRADITION = "tradition"
    THEORY = "theory"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def meaning(self) -> str:
        return _LABELS[self][1]

    @property
    def rank(self) -> int:
        """0 for the strongest grade; higher is weaker."""
        return list(EvidenceGrade).index(self)


_LABELS: dict[EvidenceGrade, tuple[str, str]] = {
    EvidenceGrade.STRONG: (
        "Strong",
        "Several good trials or a grade-A guideline recommendation agree.",
    ),
    EvidenceGrade.MODERATE: (
        "Moderate",
        "At least one good trial or a grade-B guideline recommendation supports it.",
    ),
    EvidenceGrade.LOW: (
        "Low certainty",
        "Small or biased trials; it may help some people, and the true effect may differ.",
    ),
    EvidenceGrade.VERY_LOW: (
        "Very low certainty",
        "Very small, indirect or inconsistent studies; treat any effect as a guess.",
    ),
    EvidenceGrade.ANECDOTAL: (
        "Anecdotal",
        "Single case reports or personal accounts only.",
    ),
    EvidenceGrade.EXPERT_OPINION: (
        "Expert opinion",
        "Consensus or clinical convention without outcome studies.",
    ),
    EvidenceGrade.TRADITION: (
        "Tradition",
        "A practice habit or traditional belief with no outcome evidence.",
    ),
    EvidenceGrade.THEORY: (
        "Theory",
        "A plausible mechanism or hypothesis that has not been tested on outcomes.",
    ),
}


class SourceKind(Enum):
    ARTICLE = "article"
    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic_review"
    TRIAL = "trial"
    OBSERVATIONAL = "observational"
    CASE_REPORT = "case_report"
    REFERENCE = "reference"


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A narrower claim inside an entry, graded on its own (e.g. reflexology "organ points")."""

    text: str
    grade: EvidenceGrade
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The grade of an entry's main claim, a plain-words note, and any separately graded claims."""

    grade: EvidenceGrade
    note: str = ""
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A citable work: one of the five seed articles, a guideline or a paper."""

    id: str
    title: str
    kind: SourceKind
    year: int | None = None
    authors: str = ""
    published_in: str = ""
    url: str = ""
    note: str = ""
