"""The closed rule language: each operator, silence, explanations, and the JSON form."""

from __future__ import annotations

import pytest

from legcare.domain.screening.rules import (
    All,
    Answered,
    AnyOf,
    Compare,
    Not,
    facts_used,
    holds,
    rule_to_dict,
    supporting,
)
from legcare.store.questionnaire_files import _Facts, parse_rule


@pytest.mark.parametrize(
    ("op", "value", "answer", "expected"),
    [
        ("==", "yes", "yes", True),
        ("==", "yes", "no", False),
        ("!=", "yes", "no", True),
        ("!=", "yes", "yes", False),
        (">=", 2, 3, True),
        (">=", 2, 1, False),
        (">=", 2, "3", False),  # strings are never numbers
        ("<=", 5, 5, True),
        ("<=", 5, 6.5, False),
        ("in", ("yes", "not_sure"), "not_sure", True),
        ("in", ("yes", "not_sure"), "no", False),
        ("in", ("a",), ("a",), False),  # `in` takes one answer, not a list
        ("any_in", ("a", "b"), ("c", "b"), True),
        ("any_in", ("a", "b"), ("c",), False),
        ("any_in", ("a",), "a", True),
    ],
)
def test_comparisons(op: str, value: object, answer: object, expected: bool) -> None:
    assert Compare(op, "q", value, "").holds({"q": answer}) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize("op", ["==", "!=", ">=", "<=", "in", "any_in"])
def test_an_unanswered_fact_never_fires_a_comparison(op: str) -> None:
    assert Compare(op, "q", "x").holds({}) is False


def test_combinators_and_answered() -> None:
    yes = Compare("==", "a", "yes")
    no = Compare("==", "b", "yes")
    facts = {"a": "yes", "b": "no"}
    assert All((yes, Not(no))).holds(facts)
    assert not All((yes, no)).holds(facts)
    assert AnyOf((no, yes)).holds(facts)
    assert not AnyOf((no,)).holds(facts)
    assert Answered("b").holds(facts) and not Answered("c").holds(facts)
    assert holds(None, facts)


def test_supporting_lists_true_leaves_outside_negations() -> None:
    rule = All((Compare("==", "a", "yes", "why a"), Not(Compare("==", "b", "yes"))))
    leaves = list(supporting(rule, {"a": "yes", "b": "no"}))
    assert [leaf.fact for leaf in leaves] == ["a"]
    assert facts_used(rule) == {"a", "b"}


def test_rule_round_trips_through_its_json_form(content) -> None:  # type: ignore[no-untyped-def]
    facts = _Facts({q.id: q for q in content.questionnaire.questions}, set(), set())
    for question in content.questionnaire.questions:
        if question.show_when is None:
            continue
        again = parse_rule(rule_to_dict(question.show_when), "", facts.check)
        assert rule_to_dict(again) == rule_to_dict(question.show_when)


def test_rule_to_dict_covers_every_node() -> None:
    rule = AnyOf((Not(Answered("a")), All((Compare("any_in", "b", ("x", "y")),))))
    assert rule_to_dict(rule) == {
        "any": [{"not": {"answered": "a"}}, {"all": [{"any_in": ["b", ["x", "y"]]}]}]
    }
    assert rule_to_dict(None) is None
    facts = _Facts({}, set(), set())
    with pytest.raises(Exception, match="unknown fact"):
        parse_rule({"answered": "a"}, "", facts.check)
    assert parse_rule({"not": {"answered": "a"}}, "", lambda *_: None) == Not(Answered("a"))
