"""Session player: what to start or resume, and the player page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legcare.web.contexts.safety import safety_context

if TYPE_CHECKING:
    from legcare.services.context import AppContext
    from legcare.services.sessions import SessionRunView


TENDERNESS_AREAS = ("foot", "calf", "shin", "hamstring", "thigh", "buttock")


def build_session_start_context(
    ctx: AppContext, *, chosen: str | None = None, fast: int | None = None
) -> dict[str, Any]:
    """Today's sessions to start (or every session when none is planned today), an unfinished
    one to resume, and the recent logs."""
    from datetime import timedelta

    from legcare.errors import SafetyStop
    from legcare.services import plans, sessions

    base: dict[str, Any] = {
        "title": "Session",
        "fast": fast,
        "chosen": chosen,
        "safety": safety_context(ctx),
    }
    try:
        plan = plans.current_plan(ctx=ctx)
    except SafetyStop as stop:
        return {**base, "stopped": {"message": stop.message, "details": stop.details}}
    today_ids = [s["id"] for d in plan["week"] if d["today"] for s in d["sessions"]]
    by_id = {s["id"]: s for s in plan["sessions"]}
    choices = [by_id[i] for i in today_ids if i in by_id] or list(plan["sessions"])
    if chosen in by_id and all(c["id"] != chosen for c in choices):
        choices.insert(0, by_id[chosen])  # "Start this session" on the plan: that very one
    if chosen is None and choices:
        chosen = next((c["id"] for c in choices if c["id"].startswith("evening")), choices[0]["id"])
    recent = sessions.session_logs(ctx=ctx, start=ctx.today() - timedelta(days=7), end=ctx.today())
    return {
        **base,
        "stopped": None,
        "chosen": chosen,
        "choices": sorted(choices, key=lambda c: c["id"] != chosen),
        "today_sessions": bool(today_ids),
        "pending": sessions.pending_session(ctx=ctx),
        "recent": list(reversed(recent))[:5],
    }


def build_player_context(ctx: AppContext, run: SessionRunView) -> dict[str, Any]:
    """The player page for a started or resumed session (``sessions.start_session``'s view)."""
    from legcare.services import knowledge

    session = run["session"]
    steps = [
        {**step, "figure": knowledge.step_figure(ctx=ctx, technique=t, areas=step.get("areas", ()))}
        for step in session["steps"]
        for t in [step.get("technique", "")]
    ]
    session = {**session, "steps": steps}
    areas: list[str] = []
    for step in session["steps"]:
        for area in step.get("areas", []):
            base = area.removeprefix("left_").removeprefix("right_")
            if base in TENDERNESS_AREAS and base not in areas:
                areas.append(base)
    return {
        "title": session["title"],
        "session": session,
        "log": run["log"],
        "log_id": run["log_id"],
        "state": run["state"],
        "areas": areas,
        "player_data": {"log_id": run["log_id"], "session": session, "state": run["state"]},
    }
