"""Check: the interview screen (with the leg-and-foot map) and the result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legcare.services.context import AppContext
    from legcare.services.screening import OptionView


# Where each body region is drawn on the leg-and-foot map: (view, x offset in the leg, y, w, h).
_FRONT, _BACK = "front", "back"
_REGION_SHAPES: dict[str, tuple[str, int, int, int, int]] = {
    "thigh_front": (_FRONT, 0, 24, 46, 86),
    "knee": (_FRONT, 2, 112, 42, 28),
    "shin": (_FRONT, 4, 142, 38, 78),
    "ankle": (_FRONT, 6, 222, 34, 18),
    "foot": (_FRONT, 2, 242, 44, 30),
    "thigh_back": (_BACK, 0, 24, 46, 86),
    "calf": (_BACK, 2, 142, 42, 78),
}
# Leg x positions. Front view: the person's right leg is on the viewer's left.
_LEG_X = {(_FRONT, "right"): 28, (_FRONT, "left"): 88, (_BACK, "left"): 196, (_BACK, "right"): 256}
_STATUS_WORDS = {
    "consistent": "Your answers are consistent with this pattern",
    "possible": "Some of your answers fit this pattern",
}


def leg_map_regions(options: list[OptionView]) -> tuple[list[dict[str, Any]], list[str]]:
    """The SVG regions for body-region options, and the option values the map cannot draw."""
    regions, unmapped = [], []
    for option in options:
        side, _, part = option["value"].partition("_")
        shape = _REGION_SHAPES.get(part)
        if side not in ("left", "right") or shape is None:
            unmapped.append(option["value"])
            continue
        view, dx, y, w, h = shape
        leg_x = _LEG_X[(view, side)]
        regions.append(
            {**option, "view": view, "leg_x": leg_x, "x": leg_x + dx, "y": y, "w": w, "h": h}
        )
    # Focus order: the front view then the back, leg by leg, top to bottom.
    regions.sort(key=lambda r: (r["view"] != _FRONT, r["leg_x"], r["y"]))
    return regions, unmapped


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def build_check_context(
    ctx: AppContext,
    *,
    previous: list[str] | None = None,
    errors: list[str] | None = None,
    interrupt: bool = False,
) -> dict[str, Any]:
    """The interview's current screen: one question, progress, back, and resume.

    ``previous`` is the answer being changed after going back (to preselect it). With
    ``interrupt`` (the answer just given raised a same-day or emergency warning sign) the
    screen shows only what to do now, and a way to carry on with the check.
    """
    from legcare.services import screening

    state = screening.draft_state(ctx=ctx)
    question = state["next_question"]
    progress = state["progress"]
    # The most questions there can still be: it only shrinks, so the bar only moves forward.
    total = max(progress["high"], progress["answered"] + 1, 1)
    context: dict[str, Any] = {
        "urgent": state["urgent"],
        "interrupt": interrupt and state["urgent"] is not None,
        "title": "Check",
        "question": question,
        "section_title": state["section_title"],
        "answered": progress["answered"],
        "total": total,
        "progress_label": progress["label"],
        "percent": round(100 * progress["answered"] / total),
        "done": state["done"],
        "selected": previous or [],
        "errors": errors or [],
        "has_history": bool(screening.history(ctx=ctx, limit=1)),
        "regions": [],
        "unmapped": [],
    }
    if question and question["type"] == "body_region":
        context["regions"], context["unmapped"] = leg_map_regions(question["options"])
    return context


def build_check_result_context(ctx: AppContext, *, check_id: int | None) -> dict[str, Any]:
    """A completed check: triage first, then patterns with reasons, precautions, clinician
    points and sources. ``check_id`` None means the newest."""
    from legcare.errors import NotFound
    from legcare.services import knowledge, screening
    from legcare.services.views.check import medicines_to_discuss

    checks = screening.history(ctx=ctx)
    chosen = next((c for c in checks if check_id is None or c["id"] == check_id), None)
    if chosen is None or chosen["result"] is None:
        raise NotFound("No such check. Take the check to see a result.")
    result = chosen["result"]
    patterns = [
        {
            **p,
            "status_words": _STATUS_WORDS.get(p["status"], p["status"]),
            "source_list": knowledge.topic_sources(ctx=ctx, topic_id=p["id"]),
        }
        for p in result["patterns"]
    ]
    return {
        "summary_rest": screening.summary_after_triage(result),
        "title": "Check result",
        "check": chosen,
        "result": result,
        "patterns": patterns,
        "medicines": medicines_to_discuss(ctx=ctx, result=result),
        "completed": (chosen["completed_at"] or "")[:10],
        "is_latest": bool(checks) and checks[0]["id"] == chosen["id"],
        "others": [c for c in checks if c["id"] != chosen["id"]][:10],
    }
