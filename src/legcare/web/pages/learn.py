"""Learn: the conditions, the kinetic chain, each technique and exercise (knowledge base)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from legcare.errors import NotFound
from legcare.web.contexts import build_learn_context, build_topic_context
from legcare.web.deps import ContextDep
from legcare.web.pages._shell import page

router = APIRouter(include_in_schema=False)


@router.get("/learn", response_class=HTMLResponse)
def learn(request: Request, ctx: ContextDep, q: str | None = None) -> HTMLResponse:
    return page(request, "learn.html", build_learn_context(ctx, query=q))


@router.get("/learn/{topic}", response_class=HTMLResponse)
def topic(request: Request, ctx: ContextDep, topic: str) -> HTMLResponse:
    """One topic; an unknown one answers 404 with the closest topics as links."""
    try:
        return page(request, "topic.html", build_topic_context(ctx, topic=topic))
    except NotFound as exc:
        words = topic.replace("-", " ").replace("_", " ")
        context = {**build_learn_context(ctx, query=words), "not_found": exc.message}
        return page(request, "learn.html", context, status_code=404)
