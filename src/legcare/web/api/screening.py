"""The Check API: the questionnaire, checks (complete answer sets), history, and the
one-question-at-a-time interview (a draft saved answer by answer, resumable)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query

from legcare.web.deps import ContextDep
from legcare.web.schemas_screening import (
    DraftAnswerCreate,
    DraftPublic,
    SafetyPublic,
    ScreeningPublic,
)

router = APIRouter(prefix="/api/v1", tags=["check"])
CheckId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id of a completed check.")]


@router.get("/safety", response_model=SafetyPublic)
def get_safety(ctx: ContextDep) -> dict[str, Any]:
    """What the latest check and any unfinished one allow now (= `legcare safety --json`)."""
    from legcare.services import safety

    return safety.state_json(ctx=ctx)


@router.get("/questionnaire")
def get_questionnaire(ctx: ContextDep) -> dict[str, Any]:
    """Every question: id, type, allowed values, show-when (= `legcare questions --json`)."""
    from legcare.services import screening

    return screening.questionnaire(ctx=ctx)


@router.get("/questionnaire/fhir")
def get_questionnaire_fhir(ctx: ContextDep) -> dict[str, Any]:
    """The questionnaire as a FHIR R4 Questionnaire."""
    from legcare.services import screening

    return screening.fhir_questionnaire(ctx=ctx)


@router.post("/screenings", status_code=201, response_model=ScreeningPublic)
def create_screening(
    ctx: ContextDep,
    answers: dict[str, Any] = Body(
        ..., examples=[{"rf_emergency": ["none"], "rf_urgent": ["none"], "complaints": ["heel"]}]
    ),
) -> dict[str, Any]:
    """Evaluate and save a complete answer set (= `legcare check --answers FILE --json`)."""
    from legcare.services import screening

    return screening.run_check(ctx=ctx, answers=answers)


@router.get("/screenings", response_model=list[ScreeningPublic])
def list_screenings(
    ctx: ContextDep, limit: int = Query(100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    """Completed checks, newest first (= `legcare check --history --json`)."""
    from legcare.services import screening

    return screening.history(ctx=ctx, limit=limit)


@router.get("/screenings/latest", response_model=ScreeningPublic)
def latest_screening(ctx: ContextDep) -> dict[str, Any]:
    """The newest completed check (404 when there is none)."""
    from legcare.services import screening

    return screening.latest_check(ctx=ctx)


@router.get("/screenings/draft", response_model=DraftPublic)
def get_draft(ctx: ContextDep) -> dict[str, Any]:
    """The interview in progress: answers so far, the next question and progress."""
    from legcare.services import screening

    return screening.draft_state(ctx=ctx)


@router.post("/screenings/draft", response_model=DraftPublic)
def answer_draft(ctx: ContextDep, body: DraftAnswerCreate) -> dict[str, Any]:
    """Answer one question (saved at once); returns the next question."""
    from legcare.services import screening

    return screening.answer_draft(ctx=ctx, question_id=body.question_id, value=body.value)


@router.post("/screenings/draft/back", response_model=DraftPublic)
def back_draft(ctx: ContextDep) -> dict[str, Any]:
    """Undo the last answer; the next question is the one to answer again."""
    from legcare.services import screening

    return screening.back_draft(ctx=ctx)


@router.post("/screenings/draft/complete", status_code=201, response_model=ScreeningPublic)
def complete_draft(ctx: ContextDep) -> dict[str, Any]:
    """Finish the interview: evaluate and save it as a completed check."""
    from legcare.services import screening

    return screening.complete_draft(ctx=ctx)


@router.delete("/screenings/draft")
def discard_draft(ctx: ContextDep) -> dict[str, Any]:
    """Throw away the interview in progress."""
    from legcare.services import screening

    return {"ok": True, "discarded": screening.discard_draft(ctx=ctx)}


@router.get("/screenings/{check_id}", response_model=ScreeningPublic)
def get_screening(ctx: ContextDep, check_id: CheckId) -> dict[str, Any]:
    """One completed check."""
    from legcare.services import screening

    return screening.get_check(ctx=ctx, check_id=check_id)


@router.get("/screenings/{check_id}/fhir")
def get_screening_fhir(ctx: ContextDep, check_id: CheckId) -> dict[str, Any]:
    """One completed check as a FHIR R4 QuestionnaireResponse."""
    from legcare.services import screening

    return screening.fhir_response(ctx=ctx, check_id=check_id)
