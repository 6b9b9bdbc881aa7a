"""Browse the knowledge base: list topics, show one topic, search. Plain dicts, ready for JSON.

`legcare learn ... --json` and `GET /api/v1/learn...` return exactly these dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

Json = dict[str, Any]
MAX_QUERY = 200


def list_topics(*, ctx: AppContext) -> Json:
    """Every topic, grouped by kind in a fixed order."""
    kb = ctx.kb
    groups = []
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


def search_topics(*, ctx: AppContext, text: str, limit: int = 10) -> Json:
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


def show_topic(*, ctx: AppContext, topic: str, exact: bool = False) -> Json:
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


def _brief(entry: Entry) -> Json:
    return {
        "id": entry.id,
        "title": entry.title,
        "summary": entry.summary,
        "evidence_grade": entry.evidence.grade.value,
    }


def _ref(kb: KnowledgeBase, entry_id: str) -> Json:
    entry = kb.find(entry_id)
    if entry is None:  # cannot happen in a validated knowledge base
        return {"id": entry_id, "kind": None, "title": entry_id}
    return {"id": entry.id, "kind": entry.kind.value, "title": entry.title}


def dose_json(dose: Dose) -> Json:
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


def _range(low: float | None, high: float | None) -> Json | None:
    return None if low is None else {"min": low, "max": high}


def _precautions(found: list[Precaution]) -> list[Json]:
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


def _link(kb: KnowledgeBase, link: ChainLink) -> Json:
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


def _chain(kb: KnowledgeBase, entry_id: str) -> Json:
    onward = [p for p in kb.chain_paths(entry_id, max_links=3) if len(p) > 1]
    into = [p for p in kb.paths_into(entry_id, max_links=3) if len(p) > 1]
    return {
        "links_from": [_link(kb, link) for link in kb.links_from(entry_id)],
        "links_to": [_link(kb, link) for link in kb.links_to(entry_id)],
        "paths_into": [_path_text(kb, p) for p in into],
        "paths": [_path_text(kb, p) for p in onward],
    }


def _all_sources(kb: KnowledgeBase, entry: Entry) -> list[Source]:
    """The entry's sources, then any cited only by one of its graded claims."""
    ids = list(entry.sources)
    for claim in entry.evidence.claims:
        ids.extend(s for s in claim.sources if s not in ids)
    return [kb.source(i) for i in ids]


def _common(kb: KnowledgeBase, entry: Entry) -> Json:
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
        "sources": [
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
        ],
        "seed_facts": list(entry.seed_facts),
        "content_version": kb.content_version,
    }


FIGURE_URL = "/static/figures/"


def figure_json(figure: Figure | None) -> Json | None:
    """An illustration for JSON: its file, alt text and the web app's URL for it."""
    if figure is None:
        return None
    return {"file": figure.file, "alt": figure.alt, "url": FIGURE_URL + figure.file}


def figures_folder() -> Path:
    """The folder of the SVG figures shipped with the content (the web app serves it)."""
    from legcare.store.knowledge_files import figures_dir

    return figures_dir()


def figure_path(figure: Json) -> Path:
    """Where the SVG file of ``figure_json(...)`` is on this machine (the CLI points to it)."""
    return figures_folder() / str(figure["file"])


def step_figure(*, ctx: AppContext, technique: str, areas: Sequence[str] = ()) -> Json | None:
    """The illustration of one plan or session step: the plan shape's own figure when it has
    one (the hamstring roll of the roller technique), otherwise the entry's."""
    entry = ctx.kb.find(technique)
    if entry is None:
        return None
    for shape in entry.plan:
        if shape.figure is not None and tuple(shape.areas) == tuple(areas):
            return figure_json(shape.figure)
    return figure_json(entry.figure)


def _technique(kb: KnowledgeBase, t: Technique) -> Json:
    return {
        "figure": figure_json(t.figure),
        "delivery": t.delivery.value,
        "body_regions": [r.value for r in t.body_regions],
        "tools": [tool.value for tool in t.tools],
        "steps": list(t.steps),
        "dose": dose_json(t.dose),
        "pressure": {"level": t.pressure.value, "cue": t.pressure_cue},
        "direction": {
            "value": t.direction.value,
            "label": t.direction.label,
            "cue": t.direction_cue,
        },
        "cues": list(t.cues),
        "precautions": _precautions(kb.precautions_for(t.id)),
        "conditions": [_ref(kb, c) for c in t.conditions],
    }


def _exercise(kb: KnowledgeBase, e: Exercise) -> Json:
    return {
        "figure": figure_json(e.figure),
        "exercise_kind": e.exercise_kind.value,
        "body_regions": [r.value for r in e.body_regions],
        "tools": [tool.value for tool in e.tools],
        "steps": list(e.steps),
        "dose": dose_json(e.dose),
        "ramp": list(e.ramp),
        "cues": list(e.cues),
        "precautions": _precautions([kb.precaution(p) for p in e.precautions]),
        "conditions": [_ref(kb, c) for c in e.conditions],
    }


def _condition(kb: KnowledgeBase, c: Condition) -> Json:
    return {
        "category": c.category.value,
        "presentation": list(c.presentation),
        "risk_factors": list(c.risk_factors),
        "differs_from_rls": c.differs_from_rls,
        "see_clinician": list(c.see_clinician),
        "notes": list(c.notes),
        "self_care": [_ref(kb, i) for i in c.self_care],
        "precautions": _precautions([kb.precaution(p) for p in c.precautions]),
        "codes": [
            {
                "system": x.system.value,
                "system_url": x.system.url,
                "code": x.code,
                "display": x.display,
            }
            for x in c.codes
        ],
        "chain": _chain(kb, c.id),
    }


def _advice(kb: KnowledgeBase, a: Advice) -> Json:
    return {
        "category": a.category.value,
        "points": list(a.points),
        "dose": None if a.dose is None else dose_json(a.dose),
        "techniques": [_ref(kb, i) for i in a.techniques],
        "exercises": [_ref(kb, i) for i in a.exercises],
        "conditions": [_ref(kb, i) for i in a.conditions],
        "precautions": _precautions([kb.precaution(p) for p in a.precautions]),
    }


def _precaution(kb: KnowledgeBase, p: Precaution) -> Json:
    return {
        "precaution_kind": p.precaution_kind.value,
        "applies_when": list(p.applies_when),
        "instruction": p.instruction,
        "blocks_all": p.blocks_all,
        "blocks": [_ref(kb, t.id) for t in kb.techniques if p.affects(t.id)],
        "exercises": [_ref(kb, i) for i in p.exercises],
        "tools_not_allowed": [t.value for t in p.tools_not_allowed],
        "conditions": [_ref(kb, i) for i in p.conditions],
    }


def _question(kb: KnowledgeBase, q: ClinicianQuestion) -> Json:
    return {"points": list(q.points), "conditions": [_ref(kb, i) for i in q.conditions]}


def topic_page(kb: KnowledgeBase, entry: Entry) -> Json:
    """Everything about one entry: the common fields plus those of its kind."""
    page = _common(kb, entry)
    if isinstance(entry, Technique):
        page.update(_technique(kb, entry))
    elif isinstance(entry, Exercise):
        page.update(_exercise(kb, entry))
    elif isinstance(entry, Condition):
        page.update(_condition(kb, entry))
    elif isinstance(entry, ChainNode):
        page["chain"] = _chain(kb, entry.id)
    elif isinstance(entry, Advice):
        page.update(_advice(kb, entry))
    elif isinstance(entry, Precaution):
        page.update(_precaution(kb, entry))
    elif isinstance(entry, ClinicianQuestion):
        page.update(_question(kb, entry))
    return page
