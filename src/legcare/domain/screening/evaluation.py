"""Evaluate a set of answers: red flags, patterns, triage, precautions, clinician points.

Pure and fast (well under a millisecond for a complete answer set). The steps run in order and
each adds derived facts the later rules may read: ``red_flag.<id>`` = "yes" and
``pattern.<id>`` = the pattern's status.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from legcare.domain.screening.interview import Answers, emergency_reached, visible_answers
from legcare.domain.screening.questions import Questionnaire
from legcare.domain.screening.result import (
    AnswerValue,
    PatternFinding,
    Precaution,
    Reason,
    RedFlagFinding,
    ScreeningResult,
    Triage,
)
from legcare.domain.screening.rules import Rule, supporting
from legcare.domain.screening.ruleset import PatternRule, Ruleset, ScreeningContent
from legcare.domain.screening.summary import compose_summary
from legcare.domain.screening.vocabulary import (
    PATTERN_IDS,
    PatternStatus,
    PrecautionKind,
    TriageLevel,
    most_urgent,
)

CLOT_PATTERN = "dvt"
# Patterns are listed with a possible clot first, then the main patterns, then look-alikes.
DISPLAY_ORDER = (CLOT_PATTERN, *(p for p in PATTERN_IDS if p != CLOT_PATTERN))
CLOT_PRECAUTION = "blood_clot"
CLOT_LABEL = (
    "Possible blood clot: no massage, rolling or pressure anywhere until a clinician says so."
)


def _reasons(rule: Rule, facts: Mapping[str, AnswerValue], qn: Questionnaire) -> tuple[Reason, ...]:
    found: dict[str, Reason] = {}
    for leaf in supporting(rule, facts):
        question = qn.get(leaf.fact)
        if question is None or leaf.fact in found:
            continue
        why = leaf.why or question.text
        found[leaf.fact] = Reason(leaf.fact, facts[leaf.fact], why)
    return tuple(found.values())


def _base_status(
    rule: PatternRule, facts: Mapping[str, AnswerValue], qn: Questionnaire
) -> tuple[PatternStatus, tuple[Reason, ...]]:
    for status, when in (
        (PatternStatus.CONSISTENT, rule.consistent_when),
        (PatternStatus.POSSIBLE, rule.possible_when),
    ):
        if when is not None and when.holds(facts):
            return status, _reasons(when, facts, qn)
    return PatternStatus.NOT_SUGGESTED, ()


def evaluate_patterns(
    rules: Ruleset, facts: dict[str, AnswerValue], qn: Questionnaire
) -> tuple[PatternFinding, ...]:
    """Every pattern's finding; look-alikes turn a consistent pattern into a possible one.

    A look-alike the person describes as a separate feeling (``coexisting_when``) is reported
    beside the pattern instead of downgrading it.
    """
    base = {rule.id: _base_status(rule, facts, qn) for rule in rules.patterns}
    findings: list[PatternFinding] = []
    for rule in rules.patterns:
        status, reasons = base[rule.id]
        told_apart = rule.coexisting_when is not None and rule.coexisting_when.holds(facts)
        apart = rule.coexisting if told_apart else ()
        present = tuple(
            other
            for other in rule.lookalikes
            if base.get(other, (PatternStatus.NOT_SUGGESTED,))[0] is not PatternStatus.NOT_SUGGESTED
            and other not in apart
        )
        if status is PatternStatus.NOT_SUGGESTED:
            present = ()
        elif status is PatternStatus.CONSISTENT and present:
            status = PatternStatus.POSSIBLE
        findings.append(PatternFinding(rule.id, rule.name, status, reasons, present))
    return tuple(findings)


def _precautions(rules: Ruleset, facts: Mapping[str, AnswerValue]) -> tuple[Precaution, ...]:
    found: dict[str, Precaution] = {}
    for rule in rules.precautions:
        if rule.id in found or not rule.when.holds(facts):
            continue
        areas = list(rule.areas)
        for qid in rule.areas_from:
            value = facts.get(qid)
            if isinstance(value, tuple):
                areas.extend(a for a in value if a not in areas)
        found[rule.id] = Precaution(rule.id, rule.kind, rule.label, tuple(areas))
    return tuple(sorted(found.values(), key=lambda p: p.kind.rank))


def _ensure_clot_block(
    precautions: tuple[Precaution, ...], findings: tuple[PatternFinding, ...]
) -> tuple[Precaution, ...]:
    """Safety net in code: a possible blood clot blocks every massage, whatever the data says."""
    clot = any(
        f.id == CLOT_PATTERN and f.status is not PatternStatus.NOT_SUGGESTED for f in findings
    )
    if not clot or any(p.id == CLOT_PRECAUTION for p in precautions):
        return precautions
    return (Precaution(CLOT_PRECAUTION, PrecautionKind.NO_MASSAGE, CLOT_LABEL), *precautions)


def _triage(
    rules: Ruleset, facts: Mapping[str, AnswerValue], flags: tuple[RedFlagFinding, ...]
) -> Triage:
    candidates: list[tuple[TriageLevel, str]] = [(f.level, f.what_to_do) for f in flags]
    candidates += [(r.level, r.what_to_do) for r in rules.triage if r.when.holds(facts)]
    if not candidates:
        return Triage(TriageLevel.SELF_CARE, rules.self_care_text)
    level = most_urgent([c[0] for c in candidates])
    texts = list(dict.fromkeys(text for lvl, text in candidates if lvl is level))
    return Triage(level, join_advice(texts))


def join_advice(texts: list[str]) -> str:
    """The texts as one paragraph, a "Do not ..." warning said once: when two rules both warn
    against stopping a medicine, the fuller of the two sentences is kept, where the first was."""
    sentences: list[str] = []
    warnings: dict[str, int] = {}
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            words = sentence.lower().split()
            key = " ".join(words[:3]) if words[:2] == ["do", "not"] else ""
            if key and key in warnings:
                at = warnings[key]
                if len(sentence) > len(sentences[at]):
                    sentences[at] = sentence
                continue
            if key:
                warnings[key] = len(sentences)
            sentences.append(sentence)
    return " ".join(s for s in sentences if s)


def evaluate(content: ScreeningContent, answers: Answers) -> ScreeningResult:
    """The result for typed ``answers`` keyed by question id (see ``validate_answers``)."""
    qn, rules = content.questionnaire, content.rules
    facts: dict[str, AnswerValue] = visible_answers(content, answers)
    stopped = emergency_reached(content, facts)
    flags = tuple(
        RedFlagFinding(f.id, f.label, f.what_to_do, f.level)
        for f in rules.red_flags
        if f.when.holds(facts)
    )
    flags = tuple(sorted(flags, key=lambda f: f.level.rank))
    facts.update({f"red_flag.{f.id}": "yes" for f in flags})
    findings = evaluate_patterns(rules, facts, qn)
    facts.update({f"pattern.{f.id}": f.status.value for f in findings})
    shown = tuple(
        sorted(
            (f for f in findings if f.status is not PatternStatus.NOT_SUGGESTED),
            key=lambda f: (
                DISPLAY_ORDER.index(f.id) if f.id in DISPLAY_ORDER else len(DISPLAY_ORDER)
            ),
        )
    )
    triage = _triage(rules, facts, flags)
    precautions = _ensure_clot_block(_precautions(rules, facts), findings)
    points = tuple(dict.fromkeys(p.text for p in rules.clinician_points if p.when.holds(facts)))
    summary = compose_summary(
        triage=triage,
        red_flags=flags,
        patterns=shown,
        precautions=precautions,
        names={r.id: r.name for r in rules.patterns},
        no_pattern_text=rules.no_pattern_text,
    )
    return ScreeningResult(
        patterns=shown,
        triage=triage,
        red_flags=flags,
        precautions=precautions,
        clinician_points=points,
        summary=summary,
        content_version=content.version,
        stopped_early=stopped,
    )
