"""Builders for the plan and session service tests: stored checks and shifted clocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from legcare.domain.screening.result import (
    PatternFinding,
    Precaution,
    ScreeningResult,
    Triage,
    result_to_dict,
)
from legcare.domain.screening.vocabulary import PatternStatus, PrecautionKind, TriageLevel
from legcare.services.context import AppContext
from legcare.store import screenings as screenings_repo


def store_check(
    ctx: AppContext,
    *patterns: str,
    triage: TriageLevel = TriageLevel.SELF_CARE,
    precautions: tuple[tuple[PrecautionKind, tuple[str, ...]], ...] = (),
) -> int:
    result = ScreeningResult(
        patterns=tuple(PatternFinding(p, p, PatternStatus.CONSISTENT) for p in patterns),
        triage=Triage(triage, "Call emergency services now." if triage == "emergency" else ""),
        red_flags=(),
        precautions=tuple(Precaution(k.value, k, k.value, areas) for k, areas in precautions),
        clinician_points=(),
        summary="",
        content_version="test",
    )
    with ctx.store.transaction() as conn:
        return screenings_repo.complete(
            conn,
            user_id=ctx.user_id,
            answers={},
            result=result_to_dict(result),
            content_version="test",
            now=ctx.now(),
        )


def at(ctx: AppContext, moment: datetime) -> AppContext:
    return replace(ctx, clock=lambda: moment)


def later(ctx: AppContext, **delta: float) -> AppContext:
    moment = ctx.now() + timedelta(**delta)
    return at(ctx, moment)
