"""Loading the Check content: mistakes fail at load, naming the file, the entry and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from legcare.errors import KnowledgeBaseError
from legcare.store.questionnaire_files import (
    CONTENT_DIR,
    load_screening_content,
    read_screening_content,
)


def test_the_shipped_content_loads_and_is_cached() -> None:
    content = load_screening_content()
    assert content is load_screening_content()
    assert content.version.startswith(content.questionnaire.version + "+")
    assert len(content.questionnaire.questions) >= 40
    assert content.questionnaire.questions[0].section == "red_flags"


def test_every_question_and_rule_with_a_fact_carries_provenance() -> None:
    content = load_screening_content()
    rules = content.rules
    for item in (*rules.red_flags, *rules.patterns, *rules.triage, *rules.precautions):
        assert item.sources, item.id
    covered = set()
    for item in (*content.questionnaire.questions, *rules.red_flags, *rules.patterns):
        covered |= set(item.seed_facts)
    covered |= {
        f
        for r in (*rules.triage, *rules.precautions, *rules.clinician_points)
        for f in r.seed_facts
    }
    expected = {f"F{n:02d}" for n in range(1, 20)} | {"F46"}
    assert expected <= covered, sorted(expected - covered)


def _copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    for name in ("questions.yaml", "screening_rules.yaml"):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    path = tmp_path / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return tmp_path


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "screening_rules.yaml",
            '{"==": [la_position_once, "yes"]',
            '{"==": [la_position_onc, "yes"]',
            "screening_rules.yaml: entry 'positional_discomfort', field 'consistent_when.==': "
            "unknown fact 'la_position_onc'",
        ),
        (
            "screening_rules.yaml",
            '{"==": [la_joint_pain, "yes"]',
            '{"==": [la_joint_pain, yes]',
            "entry 'arthritis', field 'consistent_when.==': True is a YAML boolean; quote it",
        ),
        (
            "screening_rules.yaml",
            '{"==": [heel_location, "underside_inner"], why: "pain under the heel toward the '
            'inner side"}',
            '{"==": [heel_location, "inside"], why: "x"}',
            "entry 'plantar_fasciitis', field 'consistent_when.all[1].==': ['inside'] not allowed",
        ),
        (
            "screening_rules.yaml",
            'when: {"==": [ctx_bleeding, "yes"]}',
            'when: {"equals": [ctx_bleeding, "yes"]}',
            "entry 'anticoagulants_bleeding', field 'when': a rule needs exactly one operator",
        ),
        (
            "screening_rules.yaml",
            "  - id: arthritis\n",
            "  - id: gout\n",
            "entry 'gout', field 'id': not a known pattern id",
        ),
        (
            "screening_rules.yaml",
            "    kind: gentle_only\n",
            "    kind: gentle\n",
            "screening_rules.yaml: entry 'anticoagulants_bleeding', field 'kind'",
        ),
        (
            "questions.yaml",
            "show_when: {any_in: [rf_urgent, [one_sided_swelling]]}",
            "show_when: {any_in: [complaints, [heel]]}",
            "questions.yaml: entry 'rf_clot_risk', field 'show_when.any_in': unknown fact "
            "'complaints'",
        ),
        (
            "questions.yaml",
            "    type: yes_no\n",
            "    type: yesno\n",
            "questions.yaml: entry 'rls_urge', field 'type'",
        ),
        (
            "questions.yaml",
            '    unit: "weeks"\n',
            '    unit: "weeks"\n    colour: red\n',
            "questions.yaml: entry 'heel_weeks', field 'colour': Extra inputs are not permitted",
        ),
    ],
)
def test_mistakes_name_file_entry_and_field(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = _copy(tmp_path, file, old, new)
    with pytest.raises(KnowledgeBaseError) as err:
        read_screening_content(folder)
    assert message in str(err.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    shutil.copy(CONTENT_DIR / "questions.yaml", tmp_path / "questions.yaml")
    with pytest.raises(KnowledgeBaseError, match="screening_rules.yaml: content file is missing"):
        read_screening_content(tmp_path)


def test_every_question_can_change_the_result() -> None:
    """Adaptive means no idle questions: each one is read by a rule, a show-when or an area."""
    from legcare.domain.screening.rules import facts_used

    content = load_screening_content()
    rules = content.rules
    read: set[str] = set()
    for question in content.questionnaire.questions:
        read |= facts_used(question.show_when)
    for flag in rules.red_flags:
        read |= facts_used(flag.when)
    for pattern in rules.patterns:
        read |= facts_used(pattern.consistent_when) | facts_used(pattern.possible_when)
        read |= facts_used(pattern.coexisting_when)
    for rule in (*rules.triage, *rules.clinician_points):
        read |= facts_used(rule.when)
    for caution in rules.precautions:
        read |= facts_used(caution.when) | set(caution.areas_from)
    idle = [q.id for q in content.questionnaire.questions if q.id not in read]
    assert idle == []
