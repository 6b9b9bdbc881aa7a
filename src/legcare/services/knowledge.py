"""Browse the knowledge base: list topics, show one topic, search. TypedDicts, ready for JSON.

`legcare learn ... --json` and `GET /api/v1/learn...` return exactly these (``TopicsView``,
``SearchView``, ``TopicPage``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NotRequired, TypedDict

from legcare.domain.knowledge import (
    Advice,
    ChainLink,
    ChainNode,
    ClinicianQuestion,
    Condition,
    Dose,
    Entry,
    EntryKind,
    Exercise,
    Figure,
    KnowledgeBase,
    Precaution,
    Source,
    Technique,
)
from legcare.domain.knowledge.knowledge_base import RESOLVE_MIN_SCORE
from legcare.domain.safety import Activity, activities_of_topic
from legcare.errors import InvalidInput, NotFound
from legcare.services.context import AppContext
from legcare.services.safety import current_state, precaution_ids

MAX_QUERY = 200


# -- what the Learn use-cases return ----------------------------------------------------------


class TopicBrief(TypedDict):
    id: str
    title: str
    summary: str
    evidence_grade: str


class TopicGroup(TypedDict):
    kind: str
    label: str
    topics: list[TopicBrief]


class TopicsView(TypedDict):
    """Every topic grouped by kind (``legcare learn --json``, ``GET /api/v1/learn``)."""

    content_version: str
    count: int
    groups: list[TopicGroup]


class SearchHitView(TypedDict):
    id: str
    kind: str
    title: str
    score: float


class SearchView(TypedDict):
    query: str
    results: list[SearchHitView]


class TopicRef(TypedDict):
    id: str
    kind: str | None
    title: str
    # On a condition's self-care list: the safety state does not allow this topic now.
    not_for_you_now: NotRequired[bool]


class RangeView(TypedDict):
    min: float
    max: float | None


class DoseView(TypedDict):
    hold_seconds: RangeView | None
    minutes: RangeView | None
    reps: int | None
    sets: int | None
    times_per_day: RangeView | None
    times_per_week: RangeView | None
    time_of_day: list[str]
    note: str
    text: str


class PrecautionBrief(TypedDict):
    id: str
    title: str
    kind: str
    instruction: str
    blocks_all: bool


LinkView = TypedDict(
    "LinkView",
    {
        "from": TopicRef,
        "relation": str,
        "to": TopicRef,
        "note": str,
        "grade": str | None,
        "text": str,
    },
)


class ChainView(TypedDict):
    links_from: list[LinkView]
    links_to: list[LinkView]
    paths_into: list[str]
    paths: list[str]


class ClaimView(TypedDict):
    claim: str
    grade: str
    label: str
    sources: list[str]


class EvidenceView(TypedDict):
    grade: str
    label: str
    meaning: str
    note: str
    claims: list[ClaimView]


class SourceView(TypedDict):
    id: str
    title: str
    kind: str
    year: int | None
    authors: str
    published_in: str
    url: str
    note: str


class FigureView(TypedDict):
    file: str
    alt: str
    url: str


class PressureView(TypedDict):
    level: str
    cue: str


class DirectionView(TypedDict):
    value: str
    label: str
    cue: str


class CodeView(TypedDict):
    system: str
    system_url: str
    code: str
    display: str


class TopicPage(TypedDict):
    """One topic (``legcare learn TOPIC --json``, ``GET /api/v1/learn/{topic}``): the fields
    every topic has, then those of its kind (technique, exercise, condition, chain node, advice,
    precaution, clinician question), then what the safety state and the checks say."""

    id: str
    kind: str
    kind_label: str
    title: str
    also_called: list[str]
    summary: str
    evidence: EvidenceView
    sources: list[SourceView]
    seed_facts: list[str]
    content_version: str
    # techniques and exercises
    figure: NotRequired[FigureView | None]
    body_regions: NotRequired[list[str]]
    tools: NotRequired[list[str]]
    steps: NotRequired[list[str]]
    dose: NotRequired[DoseView | None]  # also advice (None when it has none)
    cues: NotRequired[list[str]]
    delivery: NotRequired[str]
    pressure: NotRequired[PressureView]
    direction: NotRequired[DirectionView]
    exercise_kind: NotRequired[str]
    ramp: NotRequired[list[str]]
    # techniques, exercises, conditions, advice
    precautions: NotRequired[list[PrecautionBrief]]
    conditions: NotRequired[list[TopicRef]]  # also precautions and clinician questions
    # conditions (and chain nodes: ``chain``)
    category: NotRequired[str]  # also advice
    presentation: NotRequired[list[str]]
    risk_factors: NotRequired[list[str]]
    differs_from_rls: NotRequired[str]
    see_clinician: NotRequired[list[str]]
    notes: NotRequired[list[str]]
    self_care: NotRequired[list[TopicRef]]
    codes: NotRequired[list[CodeView]]
    chain: NotRequired[ChainView]
    # advice and clinician questions
    points: NotRequired[list[str]]
    techniques: NotRequired[list[TopicRef]]
    exercises: NotRequired[list[TopicRef]]  # also precautions
    # precautions
    precaution_kind: NotRequired[str]
    applies_when: NotRequired[list[str]]
    instruction: NotRequired[str]
    blocks_all: NotRequired[bool]
    blocks: NotRequired[list[TopicRef]]
    tools_not_allowed: NotRequired[list[str]]
    # added by ``show_topic``: the safety state's words when the topic is not allowed now
    # (None otherwise), and the cautions the person's checks found (None: no check yet)
    not_for_you_now: NotRequired[str | None]
    precautions_for_you: NotRequired[list[PrecautionBrief] | None]


def list_topics(*, ctx: AppContext) -> TopicsView:
    """Every topic, grouped by kind in a fixed order."""
    kb = ctx.kb
    groups: list[TopicGroup] = []
    for kind in EntryKind:
        entries = kb.entries(kind)
        if entries:
            groups.append(
                {"kind": kind.value, "label": kind.label, "topics": [_brief(e) for e in entries]}
            )
    return {
        "content_version": kb.content_version,
        "count": sum(len(g["topics"]) for g in groups),
        "groups": groups,
    }


def search_topics(*, ctx: AppContext, text: str, limit: int = 10) -> SearchView:
    """Topics matching ``text``, best first, with their scores (0-1)."""
    query = _clean_query(text)
    if not 1 <= limit <= 50:
        raise InvalidInput("limit must be between 1 and 50.", details=[f"got {limit}"])
    hits = ctx.kb.search(query, limit=limit)
    return {
        "query": query,
        "results": [
            {"id": h.id, "kind": h.kind.value, "title": h.title, "score": h.score} for h in hits
        ],
    }


def source_titles(*, ctx: AppContext) -> dict[str, str]:
    """Every source's title by its id (for naming the sources a plan step or checklist cites)."""
    return {source.id: source.title for source in ctx.kb.sources}


def show_topic(*, ctx: AppContext, topic: str, exact: bool = False) -> TopicPage:
    """The full page for ``topic`` (an id, with hyphens or spaces allowed, or search words).

    With ``exact`` (a page address), only an id, a title or an alias names a topic; search words
    never do. Raises ``NotFound`` listing the closest topics when nothing matches clearly.
    """
    query = _clean_query(topic)
    kb = ctx.kb
    entry = kb.resolve_exact(query) if exact else kb.resolve(query)
    if entry is None:
        closest = kb.closest(query, n=5)
        several = bool(closest) and closest[0].score >= RESOLVE_MIN_SCORE
        message = (
            f"'{query}' matches several topics; name one of these:"
            if several
            else f"No topic matches '{query}'. Closest topics:"
        )
        raise NotFound(message, details=[f"{h.id} - {h.title}" for h in closest])
    page = topic_page(kb, entry)
    state = current_state(ctx=ctx)
    # The safety state's own words, shown before the how-to (None when the topic is allowed).
    page["not_for_you_now"] = None if state.allows_all(_activities(kb, entry)) else state.refusal()
    for ref in page.get("self_care", []):  # a condition's self-care list says what is blocked
        linked = kb.find(ref["id"])
        ref["not_for_you_now"] = linked is not None and not state.allows_all(
            _activities(kb, linked)
        )
    yours = precaution_ids(ctx=ctx)
    # The cautions the person's check found, out of the topic's full list (None: no check yet).
    page["precautions_for_you"] = (
        None if yours is None else [p for p in page.get("precautions", []) if p["id"] in yours]
    )
    return page


def _activities(kb: KnowledgeBase, entry: Entry) -> frozenset[Activity]:
    """What ``entry`` teaches the legs to do (``domain.safety.activities_of_topic``)."""
    return activities_of_topic(
        entry.kind.value,
        step_kinds=[step.kind for step in entry.plan],
        linked_topic_kinds=[
            linked.kind.value
            for linked_id in (*getattr(entry, "techniques", ()), *getattr(entry, "exercises", ()))
            if (linked := kb.find(linked_id)) is not None
        ],
        advice_category=getattr(getattr(entry, "category", None), "value", ""),
        names=(entry.title, *entry.also_called),
    )


def _clean_query(text: str) -> str:
    query = " ".join(text.split())
    if not query:
        raise InvalidInput("Give a topic id or some search words.", details=["got nothing"])
    if len(query) > MAX_QUERY:
        raise InvalidInput(
            f"The topic text is too long (at most {MAX_QUERY} characters).",
            details=[f"got {len(query)} characters"],
        )
    return query


def _brief(entry: Entry) -> TopicBrief:
    return {
        "id": entry.id,
        "title": entry.title,
        "summary": entry.summary,
        "evidence_grade": entry.evidence.grade.value,
    }


def _ref(kb: KnowledgeBase, entry_id: str) -> TopicRef:
    entry = kb.find(entry_id)
    if entry is None:  # cannot happen in a validated knowledge base
        return {"id": entry_id, "kind": None, "title": entry_id}
    return {"id": entry.id, "kind": entry.kind.value, "title": entry.title}


def dose_json(dose: Dose) -> DoseView:
    return {
        "hold_seconds": _range(dose.hold_seconds_min, dose.hold_seconds_max),
        "minutes": _range(dose.minutes_min, dose.minutes_max),
        "reps": dose.reps,
        "sets": dose.sets,
        "times_per_day": _range(dose.times_per_day_min, dose.times_per_day_max),
        "times_per_week": _range(dose.times_per_week_min, dose.times_per_week_max),
        "time_of_day": [t.value for t in dose.time_of_day],
        "note": dose.note,
        "text": dose.describe(),
    }


def _range(low: float | None, high: float | None) -> RangeView | None:
    return None if low is None else {"min": low, "max": high}


def _precautions(found: list[Precaution]) -> list[PrecautionBrief]:
    return [
        {
            "id": p.id,
            "title": p.title,
            "kind": p.precaution_kind.value,
            "instruction": p.instruction,
            "blocks_all": p.blocks_all,
        }
        for p in found
    ]


def _link(kb: KnowledgeBase, link: ChainLink) -> LinkView:
    return {
        "from": _ref(kb, link.source),
        "relation": link.relation.value,
        "to": _ref(kb, link.target),
        "note": link.note,
        "grade": None if link.grade is None else link.grade.value,
        "text": f"{_title(kb, link.source)} {link.relation.label} {_title(kb, link.target)}",
    }


def _title(kb: KnowledgeBase, entry_id: str) -> str:
    entry = kb.find(entry_id)
    return entry_id if entry is None else entry.title


def _path_text(kb: KnowledgeBase, path: tuple[ChainLink, ...]) -> str:
    steps = [_title(kb, path[0].source), *(_title(kb, link.target) for link in path)]
    return " -> ".join(steps)


def _chain(kb: KnowledgeBase, entry_id: str) -> ChainView:
    onward = [p for p in kb.chain_paths(entry_id, max_links=3) if len(p) > 1]
    into = [p for p in kb.paths_into(entry_id, max_links=3) if len(p) > 1]
    return {
        "links_from": [_link(kb, link) for link in kb.links_from(entry_id)],
        "links_to": [_link(kb, link) for link in kb.links_to(entry_id)],
        "paths_into": [_path_text(kb, p) for p in into],
        "paths": [_path_text(kb, p) for p in onward],
    }


def topic_sources(*, ctx: AppContext, topic_id: str) -> list[SourceView]:
    """The sources a topic's page lists (its own, then those only its graded claims cite), by
    the topic's id; empty for an id that names no topic."""
    entry = ctx.kb.find(topic_id)
    return [] if entry is None else _source_views(ctx.kb, entry)


def _source_views(kb: KnowledgeBase, entry: Entry) -> list[SourceView]:
    return [
        {
            "id": s.id,
            "title": s.title,
            "kind": s.kind.value,
            "year": s.year,
            "authors": s.authors,
            "published_in": s.published_in,
            "url": s.url,
            "note": s.note,
        }
        for s in _all_sources(kb, entry)
    ]


def _all_sources(kb: KnowledgeBase, entry: Entry) -> list[Source]:
    """The entry's sources, then any cited only by one of its graded claims."""
    ids = list(entry.sources)
    for claim in entry.evidence.claims:
        ids.extend(s for s in claim.sources if s not in ids)
    return [kb.source(i) for i in ids]


def _common(kb: KnowledgeBase, entry: Entry) -> TopicPage:
    evidence = entry.evidence
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "kind_label": entry.kind.label,
        "title": entry.title,
        "also_called": list(entry.also_called),
        "summary": entry.summary,
        "evidence": {
            "grade": evidence.grade.value,
            "label": evidence.grade.label,
            "meaning": evidence.grade.meaning,
            "note": evidence.note,
            "claims": [
                {
                    "claim": c.text,
                    "grade": c.grade.value,
                    "label": c.grade.label,
                    "sources": list(c.sources),
                }
                for c in evidence.claims
            ],
        },
        "sources": _source_views(kb, entry),
        "seed_facts": list(entry.seed_facts),
        "content_version": kb.content_version,
    }


FIGURE_URL = "/static/figures/"


def figure_json(figure: Figure | None) -> FigureView | None:
    """An illustration for JSON: its file, alt text and the web app's URL for it."""
    if figure is None:
        return None
    return {"file": figure.file, "alt": figure.alt, "url": FIGURE_URL + figure.file}


def figures_folder() -> Path:
    """The folder of the SVG figures shipped with the content (the web app serves it)."""
    from legcare.store.knowledge_files import figures_dir

    return figures_dir()


def figure_path(figure: FigureView) -> Path:
    """Where the SVG file of ``figure_json(...)`` is on this machine (the CLI points to it)."""
    return figures_folder() / figure["file"]


def step_figure(*, ctx: AppContext, technique: str, areas: Sequence[str] = ()) -> FigureView | None:
    """The illustration of one plan or session step: the plan shape's own figure when it has
    one (the hamstring roll of the roller technique), otherwise the entry's."""
    entry = ctx.kb.find(technique)
    if entry is None:
        return None
    for shape in entry.plan:
        if shape.figure is not None and tuple(shape.areas) == tuple(areas):
            return figure_json(shape.figure)
    return figure_json(entry.figure)


def _technique(kb: KnowledgeBase, t: Technique, page: TopicPage) -> None:
    page["figure"] = figure_json(t.figure)
    page["delivery"] = t.delivery.value
    page["body_regions"] = [r.value for r in t.body_regions]
    page["tools"] = [tool.value for tool in t.tools]
    page["steps"] = list(t.steps)
    page["dose"] = dose_json(t.dose)
    page["pressure"] = {"level": t.pressure.value, "cue": t.pressure_cue}
    page["direction"] = {
        "value": t.direction.value,
        "label": t.direction.label,
        "cue": t.direction_cue,
    }
    page["cues"] = list(t.cues)
    page["precautions"] = _precautions(kb.precautions_for(t.id))
    page["conditions"] = [_ref(kb, c) for c in t.conditions]


def _exercise(kb: KnowledgeBase, e: Exercise, page: TopicPage) -> None:
    page["figure"] = figure_json(e.figure)
    page["exercise_kind"] = e.exercise_kind.value
    page["body_regions"] = [r.value for r in e.body_regions]
    page["tools"] = [tool.value for tool in e.tools]
    page["steps"] = list(e.steps)
    page["dose"] = dose_json(e.dose)
    page["ramp"] = list(e.ramp)
    page["cues"] = list(e.cues)
    page["precautions"] = _precautions([kb.precaution(p) for p in e.precautions])
    page["conditions"] = [_ref(kb, c) for c in e.conditions]


def _condition(kb: KnowledgeBase, c: Condition, page: TopicPage) -> None:
    page["category"] = c.category.value
    page["presentation"] = list(c.presentation)
    page["risk_factors"] = list(c.risk_factors)
    page["differs_from_rls"] = c.differs_from_rls
    page["see_clinician"] = list(c.see_clinician)
    page["notes"] = list(c.notes)
    page["self_care"] = [_ref(kb, i) for i in c.self_care]
    page["precautions"] = _precautions([kb.precaution(p) for p in c.precautions])
    page["codes"] = [
        {"system": x.system.value, "system_url": x.system.url, "code": x.code, "display": x.display}
        for x in c.codes
    ]
    page["chain"] = _chain(kb, c.id)


def _advice(kb: KnowledgeBase, a: Advice, page: TopicPage) -> None:
    page["category"] = a.category.value
    page["points"] = list(a.points)
    page["dose"] = None if a.dose is None else dose_json(a.dose)
    page["techniques"] = [_ref(kb, i) for i in a.techniques]
    page["exercises"] = [_ref(kb, i) for i in a.exercises]
    page["conditions"] = [_ref(kb, i) for i in a.conditions]
    page["precautions"] = _precautions([kb.precaution(p) for p in a.precautions])


def _precaution(kb: KnowledgeBase, p: Precaution, page: TopicPage) -> None:
    page["precaution_kind"] = p.precaution_kind.value
    page["applies_when"] = list(p.applies_when)
    page["instruction"] = p.instruction
    page["blocks_all"] = p.blocks_all
    page["blocks"] = [_ref(kb, t.id) for t in kb.techniques if p.affects(t.id)]
    page["exercises"] = [_ref(kb, i) for i in p.exercises]
    page["tools_not_allowed"] = [t.value for t in p.tools_not_allowed]
    page["conditions"] = [_ref(kb, i) for i in p.conditions]


def _question(kb: KnowledgeBase, q: ClinicianQuestion, page: TopicPage) -> None:
    page["points"] = list(q.points)
    page["conditions"] = [_ref(kb, i) for i in q.conditions]


def topic_page(kb: KnowledgeBase, entry: Entry) -> TopicPage:
    """Everything about one entry: the common fields plus those of its kind (in the order the
    kind's fields were always listed, so the JSON reads the same)."""
    page = _common(kb, entry)
    if isinstance(entry, Technique):
        _technique(kb, entry, page)
    elif isinstance(entry, Exercise):
        _exercise(kb, entry, page)
    elif isinstance(entry, Condition):
        _condition(kb, entry, page)
    elif isinstance(entry, ChainNode):
        page["chain"] = _chain(kb, entry.id)
    elif isinstance(entry, Advice):
        _advice(kb, entry, page)
    elif isinstance(entry, Precaution):
        _precaution(kb, entry, page)
    elif isinstance(entry, ClinicianQuestion):
        _question(kb, entry, page)
    return page
