"""Read the Check content: ``questions.yaml`` and ``screening_rules.yaml``.

YAML -> pydantic (``extra="forbid"``) -> domain dataclasses. Rules are parsed into the closed
operator set of ``legcare.domain.screening.rules``; every fact a rule reads must exist (a
question id, ``red_flag.<id>`` or ``pattern.<id>``) and every compared value must be one the
question allows, so a typo fails at load, not silently at run time. A ``show_when`` may only
read questions asked before it. Each mistake raises ``KnowledgeBaseError`` naming the file, the
entry and the field, e.g.::

    screening_rules.yaml: entry 'restless_legs', field 'consistent_when.all[1]': ...

``load_screening_content()`` is cached; ``read_screening_content(folder)`` reads again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from legcare.domain.screening.questions import (
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Section,
)
from legcare.domain.screening.rules import (
    COMPARISONS,
    OPERATORS,
    All,
    Answered,
    AnyOf,
    Compare,
    Not,
    Rule,
    Value,
)
from legcare.domain.screening.ruleset import (
    ClinicianPointRule,
    PatternRule,
    PrecautionRule,
    RedFlagRule,
    Ruleset,
    ScreeningContent,
    TriageRule,
)
from legcare.domain.screening.vocabulary import (
    PATTERN_IDS,
    PatternStatus,
    PrecautionKind,
    TriageLevel,
)
from legcare.errors import KnowledgeBaseError
from legcare.store.content_cache import CONTENT_DIR, QUESTIONS_FILE, RULES_FILE
from legcare.store.knowledge_files import read_content_yaml

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
SeedFact = Annotated[str, StringConstraints(pattern=r"^F(0[1-9]|[1-4][0-9]|50)$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Provenance(_Model):
    seed_facts: list[SeedFact] = []
    sources: list[Text] = []


class OptionIn(_Model):
    value: Id
    label: Text


class SectionIn(_Model):
    id: Id
    title: Text


class QuestionIn(_Provenance):
    id: Id
    section: Id
    type: Literal["yes_no", "single_choice", "multi_choice", "scale", "number", "body_region"]
    text: Text
    help: str = ""
    options: list[OptionIn] = []
    minimum: float | int | None = None
    maximum: float | int | None = None
    unit: str = ""
    integer: bool = True
    show_when: Any = None


class QuestionsFile(_Model):
    version: Text
    sections: list[SectionIn] = Field(min_length=1)
    questions: list[QuestionIn] = Field(min_length=1)


class RedFlagIn(_Provenance):
    id: Id
    level: Literal["emergency", "urgent", "see_clinician_soon"]
    label: Text
    what_to_do: Text
    when: Any


class PatternIn(_Provenance):
    id: Id
    name: Text
    consistent_when: Any
    possible_when: Any
    lookalikes: list[Id] = []
    coexisting: list[Id] = []
    coexisting_when: Any = None


class TriageIn(_Provenance):
    id: Id
    level: Literal["emergency", "urgent", "see_clinician_soon", "mention_next_visit"]
    when: Any
    what_to_do: Text


class PrecautionIn(_Provenance):
    id: Id
    kind: Literal[
        "no_massage", "gentle_only", "avoid_area", "no_tools_on_numb_skin", "ask_clinician_first"
    ]
    label: Text
    when: Any
    areas: list[Id] = []
    areas_from: list[Id] = []


class ClinicianPointIn(_Provenance):
    id: Id
    text: Text
    when: Any


class RulesFile(_Model):
    version: Text
    self_care_text: Text
    no_pattern_text: Text
    red_flags: list[RedFlagIn] = Field(min_length=1)
    patterns: list[PatternIn] = Field(min_length=1)
    triage: list[TriageIn] = Field(min_length=1)
    precautions: list[PrecautionIn] = Field(min_length=1)
    clinician_points: list[ClinicianPointIn] = []


# ---------------------------------------------------------------------------- rule parsing


class _RuleError(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


FactCheck = Callable[[str, str, Value], None]


def _value(raw: Any, where: str) -> Value:
    if isinstance(raw, bool):
        raise _RuleError(where, f'{raw!r} is a YAML boolean; quote it ("yes" / "no")')
    if isinstance(raw, str | int | float):
        return raw
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return tuple(raw)
    raise _RuleError(where, f"value must be a string, a number or a list of strings, not {raw!r}")


def parse_rule(raw: Any, where: str, check: FactCheck) -> Rule:
    """One rule from its YAML form; raises _RuleError naming the path inside the rule."""
    if not isinstance(raw, dict):
        raise _RuleError(
            where, f"a rule must be a mapping like {{'==': [question, value]}}, not {raw!r}"
        )
    why = raw.get("why", "")
    ops = [k for k in raw if k != "why"]
    if len(ops) != 1 or ops[0] not in OPERATORS or not isinstance(why, str):
        raise _RuleError(
            where, f"a rule needs exactly one operator of {', '.join(OPERATORS)} (got {list(raw)})"
        )
    op, arg = ops[0], raw[ops[0]]
    inner = f"{where}.{op}" if where else op
    if op in COMPARISONS:
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            raise _RuleError(inner, f"'{op}' takes [fact, value], got {arg!r}")
        value = _value(arg[1], inner)
        check(inner, arg[0], value)
        return Compare(op, arg[0], value, why)
    if op == "answered":
        if not isinstance(arg, str):
            raise _RuleError(inner, f"'answered' takes a question id, got {arg!r}")
        check(inner, arg, "")
        return Answered(arg, why)
    if op == "not":
        return Not(parse_rule(arg, inner, check))
    if not isinstance(arg, list) or not arg:
        raise _RuleError(inner, f"'{op}' takes a non-empty list of rules")
    items = tuple(parse_rule(item, f"{inner}[{i}]", check) for i, item in enumerate(arg))
    return All(items) if op == "all" else AnyOf(items)


def _optional_rule(raw: Any, where: str, check: FactCheck) -> Rule | None:
    return None if raw is None else parse_rule(raw, where, check)


class _Facts:
    """Which facts exist, and which values each may be compared with."""

    def __init__(self, questions: dict[str, Question], red_flags: set[str], patterns: set[str]):
        self.questions = questions
        self.red_flags = red_flags
        self.patterns = patterns

    def allowed(self, fact: str) -> tuple[str, ...] | None:
        """Allowed string values for ``fact`` (None: numbers; KeyError: no such fact)."""
        kind, _, name = fact.partition(".")
        if kind == "red_flag" and name in self.red_flags:
            return ("yes",)
        if kind == "pattern" and name in self.patterns:
            return tuple(s.value for s in PatternStatus)
        question = self.questions[fact]
        if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
            return None
        return question.allowed_values

    def check(self, where: str, fact: str, value: Value) -> None:
        try:
            allowed = self.allowed(fact)
        except KeyError:
            raise _RuleError(
                where, f"unknown fact {fact!r}: use a question id, red_flag.<id> or pattern.<id>"
            ) from None
        values = value if isinstance(value, tuple) else (value,)
        if value == "" or allowed is None:
            return
        bad = [v for v in values if v not in allowed]
        if bad:
            raise _RuleError(
                where, f"{bad} not allowed for {fact!r}; allowed: {', '.join(allowed)}"
            )


# ---------------------------------------------------------------------------- building


def _problem(file: str, entry: str, field: str, message: str) -> KnowledgeBaseError:
    text = f"{file}: entry '{entry}', field '{field}': {message}"
    return KnowledgeBaseError(f"Content file is invalid: {text}", details=[text])


def _validate(model: type[_Model], raw: Any, file: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        details = []
        for err in exc.errors():
            loc = list(err["loc"])
            entry = "top level"
            if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(raw, dict):
                item = raw.get(str(loc[0]), [None] * (loc[1] + 1))[loc[1]]
                entry = (
                    item.get("id", f"#{loc[1] + 1}") if isinstance(item, dict) else f"#{loc[1] + 1}"
                )
                loc = loc[2:]
            field = ".".join(str(p) for p in loc) or "(whole entry)"
            details.append(f"{file}: entry '{entry}', field '{field}': {err['msg']}")
        raise KnowledgeBaseError(
            f"Content file is invalid: {details[0]}", details=details
        ) from None


def _build_questions(parsed: QuestionsFile) -> Questionnaire:
    sections = {s.id for s in parsed.sections}
    built: dict[str, Question] = {}
    for q in parsed.questions:
        qtype = QuestionType(q.type)
        if q.id in built:
            raise _problem(QUESTIONS_FILE, q.id, "id", "the id is used twice")
        if q.section not in sections:
            raise _problem(
                QUESTIONS_FILE, q.id, "section", f"unknown section; allowed: {sorted(sections)}"
            )
        needs_options = qtype in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.BODY_REGION)
        if needs_options != bool(q.options):
            raise _problem(
                QUESTIONS_FILE,
                q.id,
                "options",
                f"{q.type} questions {'need' if needs_options else 'take no'} options",
            )
        lo, hi = (0.0, 10.0) if qtype is QuestionType.SCALE else (q.minimum, q.maximum)
        if qtype is QuestionType.NUMBER and (lo is None or hi is None or lo > hi):
            raise _problem(
                QUESTIONS_FILE, q.id, "minimum", "number questions need minimum <= maximum"
            )
        earlier = _Facts(dict(built), set(), set())
        try:
            show_when = _optional_rule(q.show_when, "", earlier.check)
        except _RuleError as exc:
            raise _problem(
                QUESTIONS_FILE,
                q.id,
                f"show_when{'.' + exc.where if exc.where else ''}",
                exc.message + " (show_when may only read earlier questions)",
            ) from None
        built[q.id] = Question(
            id=q.id,
            section=q.section,
            text=q.text,
            type=qtype,
            help=q.help,
            options=tuple(Option(o.value, o.label) for o in q.options),
            minimum=None if lo is None else float(lo),
            maximum=None if hi is None else float(hi),
            unit=q.unit,
            integer=q.integer or qtype is QuestionType.SCALE,
            show_when=show_when,
            seed_facts=tuple(q.seed_facts),
            sources=tuple(q.sources),
        )
    return Questionnaire(
        parsed.version,
        tuple(built.values()),
        tuple(Section(s.id, s.title) for s in parsed.sections),
    )


def _rule(entry: str, field: str, raw: Any, facts: _Facts, optional: bool = False) -> Any:
    try:
        return (
            _optional_rule(raw, field, facts.check)
            if optional
            else parse_rule(raw, field, facts.check)
        )
    except _RuleError as exc:
        raise _problem(RULES_FILE, entry, exc.where or field, exc.message) from None


def _check_ids(entries: list[Any], what: str) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise _problem(RULES_FILE, e.id, "id", f"the {what} id is used twice")
        seen.add(e.id)


def _check_pattern_links(p: PatternIn, pattern_ids: set[str]) -> None:
    """A known pattern id whose look-alikes are other patterns and whose coexisting patterns
    are among its look-alikes."""
    if p.id not in PATTERN_IDS:
        raise _problem(
            RULES_FILE, p.id, "id", f"not a known pattern id; allowed: {', '.join(PATTERN_IDS)}"
        )
    for other in p.lookalikes:
        if other not in pattern_ids or other == p.id:
            raise _problem(RULES_FILE, p.id, "lookalikes", f"{other!r} is not another pattern")
    for other in p.coexisting:
        if other not in p.lookalikes:
            raise _problem(RULES_FILE, p.id, "coexisting", f"{other!r} is not a look-alike here")


def _build_rules(parsed: RulesFile, qn: Questionnaire) -> Ruleset:
    questions = {q.id: q for q in qn.questions}
    for group, what in (
        (parsed.red_flags, "red flag"),
        (parsed.patterns, "pattern"),
        (parsed.triage, "triage"),
        (parsed.precautions, "precaution"),
        (parsed.clinician_points, "clinician point"),
    ):
        _check_ids(list(group), what)
    flags = _Facts(questions, set(), set())
    red_flags = tuple(
        RedFlagRule(
            f.id,
            f.label,
            f.what_to_do,
            TriageLevel(f.level),
            _rule(f.id, "when", f.when, flags),
            tuple(f.seed_facts),
            tuple(f.sources),
        )
        for f in parsed.red_flags
    )
    pattern_ids = {p.id for p in parsed.patterns}
    after_flags = _Facts(questions, {f.id for f in red_flags}, set())
    patterns = []
    for p in parsed.patterns:
        _check_pattern_links(p, pattern_ids)
        patterns.append(
            PatternRule(
                p.id,
                p.name,
                _rule(p.id, "consistent_when", p.consistent_when, after_flags, True),
                _rule(p.id, "possible_when", p.possible_when, after_flags, True),
                tuple(p.lookalikes),
                tuple(p.seed_facts),
                tuple(p.sources),
                tuple(p.coexisting),
                _rule(p.id, "coexisting_when", p.coexisting_when, after_flags, True),
            )
        )
    everything = _Facts(questions, {f.id for f in red_flags}, pattern_ids)
    triage = tuple(
        TriageRule(
            t.id,
            TriageLevel(t.level),
            _rule(t.id, "when", t.when, everything),
            t.what_to_do,
            tuple(t.seed_facts),
            tuple(t.sources),
        )
        for t in parsed.triage
    )
    precautions = []
    for pr in parsed.precautions:
        for qid in pr.areas_from:
            question = questions.get(qid)
            if question is None or question.type is not QuestionType.BODY_REGION:
                raise _problem(
                    RULES_FILE, pr.id, "areas_from", f"{qid!r} is not a body-region question"
                )
        precautions.append(
            PrecautionRule(
                pr.id,
                PrecautionKind(pr.kind),
                pr.label,
                _rule(pr.id, "when", pr.when, everything),
                tuple(pr.areas),
                tuple(pr.areas_from),
                tuple(pr.seed_facts),
                tuple(pr.sources),
            )
        )
    points = tuple(
        ClinicianPointRule(
            c.id,
            c.text,
            _rule(c.id, "when", c.when, everything),
            tuple(c.seed_facts),
            tuple(c.sources),
        )
        for c in parsed.clinician_points
    )
    return Ruleset(
        red_flags,
        tuple(patterns),
        triage,
        tuple(precautions),
        points,
        parsed.self_care_text,
        parsed.no_pattern_text,
    )


def read_screening_content(directory: Path | None = None) -> ScreeningContent:
    """Read, validate and build the questionnaire and rules from ``directory``."""
    folder = Path(directory) if directory is not None else CONTENT_DIR
    raw_q, data_q = read_content_yaml(folder / QUESTIONS_FILE)
    raw_r, data_r = read_content_yaml(folder / RULES_FILE)
    questionnaire = _build_questions(_validate(QuestionsFile, raw_q, QUESTIONS_FILE))
    rules = _build_rules(_validate(RulesFile, raw_r, RULES_FILE), questionnaire)
    digest = hashlib.sha256(data_q + b"\0" + data_r).hexdigest()[:8]
    return ScreeningContent(questionnaire, rules, f"{questionnaire.version}+{digest}")


# The cached loader lives with the content cache, so that using it imports no YAML or pydantic.
from legcare.store.content_cache import load_screening_content  # noqa: E402

__all__ = ["CONTENT_DIR", "load_screening_content", "parse_rule", "read_screening_content"]
