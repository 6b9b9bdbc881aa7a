"""Learn: topics by kind, search, and one topic's page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.safety import safety_context

if TYPE_CHECKING:
    from legcare.services.context import AppContext


def build_learn_context(ctx: AppContext, *, query: str | None = None) -> dict[str, Any]:
    """Every topic grouped by kind (conditions, the kinetic chain, techniques...), or the
    topics matching ``query``."""
    from legcare.services import knowledge

    topics = knowledge.list_topics(ctx=ctx)
    results = None
    if query and query.strip():
        results = knowledge.search_topics(ctx=ctx, text=query)["results"]
    return {
        "safety": safety_context(ctx),
        "title": "Learn",
        "groups": topics["groups"],
        "count": topics["count"],
        "query": query or "",
        "results": results,
        "content_version": topics["content_version"],
    }


def build_topic_context(ctx: AppContext, *, topic: str) -> dict[str, Any]:
    """One topic's page: how-to, dose, cautions, evidence grade and sources."""
    from legcare.services import knowledge

    data = knowledge.show_topic(ctx=ctx, topic=topic, exact=True)
    by_id = {s["id"]: s for s in data["sources"]}
    claims = [
        {**c, "source_titles": [by_id[s]["title"] for s in c["sources"] if s in by_id]}
        for c in data["evidence"]["claims"]
    ]
    return {"safety": safety_context(ctx), "title": data["title"], "topic": data, "claims": claims}
