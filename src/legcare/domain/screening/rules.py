"""A small, closed rule language, evaluated over answers and derived facts.

Operators (each a pure function): ``==``, ``!=``, ``>=``, ``<=``, ``in``, ``any_in`` (leaves that
compare one fact with a value) and ``all``, ``any``, ``not``, ``answered``. A fact is an answer
keyed by question id, or a derived fact the evaluation adds (``red_flag.<id>`` = "yes",
``pattern.<id>`` = a pattern status).

An unanswered fact makes every comparison false (also ``!=``): rules never fire on silence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from legcare.domain.jsontypes import JsonValue
from legcare.domain.screening.result import AnswerValue

Facts = Mapping[str, AnswerValue]
Value = str | int | float | tuple[str, ...]

COMPARISONS = ("==", "!=", ">=", "<=", "in", "any_in")
COMBINATORS = ("all", "any", "not", "answered")
OPERATORS = COMPARISONS + COMBINATORS


def _as_tuple(value: Value | AnswerValue) -> tuple[str | int | float, ...]:
    return value if isinstance(value, tuple) else (value,)


def _number(value: AnswerValue) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _ge(answer: AnswerValue, value: Value) -> bool:
    a, v = _number(answer), _number(value if not isinstance(value, tuple) else "")
    return a is not None and v is not None and a >= v


def _le(answer: AnswerValue, value: Value) -> bool:
    a, v = _number(answer), _number(value if not isinstance(value, tuple) else "")
    return a is not None and v is not None and a <= v


def _in(answer: AnswerValue, value: Value) -> bool:
    return not isinstance(answer, tuple) and answer in _as_tuple(value)


def _any_in(answer: AnswerValue, value: Value) -> bool:
    allowed = set(_as_tuple(value))
    return any(a in allowed for a in _as_tuple(answer))


_COMPARE: dict[str, Callable[[AnswerValue, Value], bool]] = {
    "==": lambda a, v: a == v,
    "!=": lambda a, v: a != v,
    ">=": _ge,
    "<=": _le,
    "in": _in,
    "any_in": _any_in,
}


@dataclass(frozen=True, slots=True)
class Compare:
    """``fact <op> value``; ``why`` says in plain words what a true comparison means."""

    op: str
    fact: str
    value: Value
    why: str = ""

    def holds(self, facts: Facts) -> bool:
        if self.fact not in facts:
            return False
        return _COMPARE[self.op](facts[self.fact], self.value)


@dataclass(frozen=True, slots=True)
class Answered:
    fact: str
    why: str = ""

    def holds(self, facts: Facts) -> bool:
        return self.fact in facts


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Rule, ...]

    def holds(self, facts: Facts) -> bool:
        return all(item.holds(facts) for item in self.items)


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Rule, ...]

    def holds(self, facts: Facts) -> bool:
        return any(item.holds(facts) for item in self.items)


@dataclass(frozen=True, slots=True)
class Not:
    item: Rule

    def holds(self, facts: Facts) -> bool:
        return not self.item.holds(facts)


Rule = Compare | Answered | All | AnyOf | Not


def holds(rule: Rule | None, facts: Facts) -> bool:
    """Whether ``rule`` holds for ``facts``; no rule (None) always holds."""
    return True if rule is None else rule.holds(facts)


def supporting(rule: Rule, facts: Facts) -> Iterator[Compare | Answered]:
    """The true, non-negated leaves of ``rule``: the answers that made it hold."""
    if isinstance(rule, Compare | Answered):
        if rule.holds(facts):
            yield rule
    elif isinstance(rule, All | AnyOf):
        for item in rule.items:
            yield from supporting(item, facts)


def facts_used(rule: Rule | None) -> set[str]:
    """Every fact name a rule reads."""
    if rule is None:
        return set()
    if isinstance(rule, Compare | Answered):
        return {rule.fact}
    if isinstance(rule, Not):
        return facts_used(rule.item)
    return set().union(*(facts_used(item) for item in rule.items))


def rule_to_dict(rule: Rule | None) -> JsonValue:
    """The YAML/JSON form of a rule (what ``legcare questions --json`` shows as show_when)."""
    if rule is None:
        return None
    if isinstance(rule, Compare):
        value: JsonValue = list(rule.value) if isinstance(rule.value, tuple) else rule.value
        return {rule.op: [rule.fact, value]}
    if isinstance(rule, Answered):
        return {"answered": rule.fact}
    if isinstance(rule, Not):
        return {"not": rule_to_dict(rule.item)}
    return {"all" if isinstance(rule, All) else "any": [rule_to_dict(i) for i in rule.items]}
