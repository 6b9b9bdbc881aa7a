"""Every question and rule of the Check cites a real, checkable publication.

Sources are ids of ``content/sources.yaml``: a guideline or paper with a DOI, a PubMed id, a
guideline number, a journal citation (year;volume:pages) or a public health agency's page.
Never an internal notes document or a popular article cited as if it were the evidence.
"""

from __future__ import annotations

import re

from legcare.domain.knowledge.evidence import SourceKind
from legcare.domain.knowledge.knowledge_base import KnowledgeBase
from legcare.domain.screening.ruleset import ScreeningContent
from legcare.store.knowledge_files import load_knowledge_base

CHECKABLE = re.compile(
    r"doi\.org/10\.|pubmed|nih\.gov/|PMID \d+|\b(NG|CG|QS)\d+\b|BOAST \d+"
    r"|\d{4};\d+(\(\w+\))?:\w+(-\w+)?"
)


def _cited(content: ScreeningContent) -> dict[str, tuple[str, ...]]:
    rules = content.rules
    entries = [
        *content.questionnaire.questions,
        *rules.red_flags,
        *rules.patterns,
        *rules.triage,
        *rules.precautions,
        *rules.clinician_points,
    ]
    return {f"{type(e).__name__}:{e.id}": e.sources for e in entries}


def _kb() -> KnowledgeBase:
    return load_knowledge_base()


def test_every_rule_and_question_source_is_a_known_publication(content) -> None:  # type: ignore[no-untyped-def]
    by_id = {s.id: s for s in _kb().sources}
    unknown = {
        entry: [s for s in sources if s not in by_id]
        for entry, sources in _cited(content).items()
        if any(s not in by_id for s in sources)
    }
    assert unknown == {}


def test_no_source_is_a_notes_document_or_a_popular_article(content) -> None:  # type: ignore[no-untyped-def]
    by_id = {s.id: s for s in _kb().sources}
    for entry, sources in _cited(content).items():
        for ref in sources:
            source = by_id[ref]
            assert source.kind is not SourceKind.ARTICLE, (entry, ref)
            words = f"{source.title} {source.published_in}".lower()
            assert "clinical notes" not in words and "clinical commander" not in words


def test_every_cited_source_has_a_checkable_identifier(content) -> None:  # type: ignore[no-untyped-def]
    by_id = {s.id: s for s in _kb().sources}
    cited = {ref for sources in _cited(content).values() for ref in sources}
    unchecked = [
        ref
        for ref in sorted(cited)
        if not CHECKABLE.search(
            " ".join([by_id[ref].title, by_id[ref].published_in, by_id[ref].url])
        )
    ]
    assert unchecked == []


def test_rules_that_decide_a_result_all_cite_something(content) -> None:  # type: ignore[no-untyped-def]
    rules = content.rules
    silent = [
        r.id
        for r in (*rules.red_flags, *rules.patterns, *rules.triage, *rules.precautions)
        if not r.sources
    ]
    assert silent == []
