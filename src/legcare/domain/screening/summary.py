"""The plain-language summary of a result. Never a diagnosis, never "you have"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from legcare.domain.screening.result import PatternFinding, Precaution, RedFlagFinding, Triage
from legcare.domain.screening.vocabulary import PatternStatus, PrecautionKind

NOT_A_DIAGNOSIS = (
    "This check is not a diagnosis: only a clinician who examines you can confirm what is going on."
)


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _pattern_sentence(finding: PatternFinding, names: Mapping[str, str]) -> str:
    name = _lower_first(finding.name)  # inside a sentence: "the possible blood clot ... pattern"
    if finding.status is PatternStatus.CONSISTENT:
        return f"Your answers are consistent with the {name} pattern."
    if finding.lookalikes:
        similar = _join([names.get(i, i) for i in finding.lookalikes])
        return (
            f"Your answers partly fit the {name} pattern; other answers fit {similar}, "
            "which can feel similar, so a clinician should sort out what explains what."
        )
    return f"Some of your answers fit the {name} pattern, but not clearly."


def _precaution_sentence(precautions: Sequence[Precaution]) -> str:
    if not precautions:
        return ""
    if any(p.kind is PrecautionKind.NO_MASSAGE for p in precautions):
        return "Do not massage or roll your legs at all until a clinician has checked you."
    return (
        "Massage precautions apply: "
        + "; ".join(_lower_first(p.label.rstrip(".")) for p in precautions)
        + "."
    )


def compose_summary(
    *,
    triage: Triage,
    red_flags: Sequence[RedFlagFinding],
    patterns: Sequence[PatternFinding],
    precautions: Sequence[Precaution],
    names: Mapping[str, str],
    no_pattern_text: str,
) -> str:
    """Triage first, then warning signs, patterns, precautions and the not-a-diagnosis line."""
    parts = [f"{triage.label}. {triage.what_to_do}"]
    if red_flags:
        parts.append("Warning signs in your answers: " + _join([f.label for f in red_flags]) + ".")
    shown = [p for p in patterns if p.status is not PatternStatus.NOT_SUGGESTED]
    if shown:
        parts.extend(_pattern_sentence(p, names) for p in shown)
    elif not red_flags:
        parts.append(no_pattern_text)
    parts.append(_precaution_sentence(precautions))
    parts.append(NOT_A_DIAGNOSIS)
    return " ".join(p for p in parts if p)
