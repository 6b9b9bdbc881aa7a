"""GET /api/v1/learn (topics, or search with ?q=) and GET /api/v1/learn/{topic}.

The bodies are exactly what `legcare learn [--search] [TOPIC] --json` prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Query

from legcare.web.deps import ContextDep

if TYPE_CHECKING:
    from legcare.services.knowledge import SearchView, TopicPage, TopicsView

router = APIRouter(prefix="/api/v1", tags=["learn"])


@router.get("/learn", response_model=dict[str, Any])
def learn_topics(
    ctx: ContextDep,
    q: str | None = Query(None, max_length=200, description="Search words; omit to list all."),
    limit: int = Query(10, ge=1, le=50, description="At most this many search results."),
) -> TopicsView | SearchView:
    """Every topic grouped by kind, or (with ``q``) the topics matching the words, best first."""
    from legcare.services import knowledge

    if q is None:
        return knowledge.list_topics(ctx=ctx)
    return knowledge.search_topics(ctx=ctx, text=q, limit=limit)


@router.get("/learn/{topic}", response_model=dict[str, Any])
def learn_topic(ctx: ContextDep, topic: str) -> TopicPage:
    """One topic: what it is, how to do it, dose, cautions, evidence grade and sources.

    ``topic`` is an id (``trigger_point`` or ``trigger-point``) or search words; 404 with the
    closest topics in ``details`` when nothing matches clearly.
    """
    from legcare.services import knowledge

    return knowledge.show_topic(ctx=ctx, topic=topic)
