"""The Check API: the questionnaire, checks (complete answer sets), history, and the
one-question-at-a-time interview (a draft saved answer by answer, resumable)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Path, Query

from legcare.web.deps import ContextDep
from legcare.web.schemas_screening import (
    DraftAnswerCreate,
    DraftPublic,
    QuestionnairePublic,
    SafetyPublic,
    ScreeningPublic,
)

if TYPE_CHECKING:
    from legcare.domain.jsontypes import JsonObject
    from legcare.domain.safety import SafetyJson
    from legcare.services.screening import CheckView, DraftView, QuestionnaireView

router = APIRouter(prefix="/api/v1", tags=["check"])
CheckId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id of a completed check.")]


@router.get("/safety", response_model=SafetyPublic)
def get_safety(ctx: ContextDep) -> SafetyJson:
    """What the latest check and any unfinished one allow now (= `legcare safety --json`)."""
    from legcare.services import safety

    return safety.state_json(ctx=ctx)


@router.get("/questionnaire", response_model=QuestionnairePublic, response_model_exclude_unset=True)
def get_questionnaire(ctx: ContextDep) -> QuestionnaireView:
    """Every question: id, type, allowed values, show-when (= `legcare questions --json`)."""
    from legcare.services import screening

    return screening.questionnaire(ctx=ctx)


@router.get("/questionnaire/fhir", response_model=dict[str, Any])
def get_questionnaire_fhir(ctx: ContextDep) -> JsonObject:
    """The questionnaire as a FHIR R4 Questionnaire."""
    from legcare.services import screening

    return screening.fhir_questionnaire(ctx=ctx)


@router.post("/screenings", status_code=201, response_model=ScreeningPublic)
def create_screening(
    ctx: ContextDep,
    answers: dict[str, Any] = Body(
        ..., examples=[{"rf_emergency": ["none"], "rf_urgent": ["none"], "complaints": ["heel"]}]
    ),
) -> CheckView:
    """Evaluate and save a complete answer set (= `legcare check --answers FILE --json`)."""
    from legcare.services import screening

    return screening.run_check(ctx=ctx, answers=answers)


@router.get("/screenings", response_model=list[ScreeningPublic])
def list_screenings(ctx: ContextDep, limit: int = Query(100, ge=1, le=1000)) -> list[CheckView]:
    """Completed checks, newest first (= `legcare check --history --json`)."""
    from legcare.services import screening

    return screening.history(ctx=ctx, limit=limit)


@router.get("/screenings/latest", response_model=ScreeningPublic)
def latest_screening(ctx: ContextDep) -> CheckView:
    """The newest completed check (404 when there is none)."""
    from legcare.services import screening

    return screening.latest_check(ctx=ctx)


@router.get("/screenings/draft", response_model=DraftPublic, response_model_exclude_unset=True)
def get_draft(ctx: ContextDep) -> DraftView:
    """The interview in progress: answers so far, the next question and progress."""
    from legcare.services import screening

    return screening.draft_state(ctx=ctx)


@router.post("/screenings/draft", response_model=DraftPublic, response_model_exclude_unset=True)
def answer_draft(ctx: ContextDep, body: DraftAnswerCreate) -> DraftView:
    """Answer one question (saved at once); returns the next question."""
    from legcare.services import screening

    return screening.answer_draft(ctx=ctx, question_id=body.question_id, value=body.value)


@router.post(
    "/screenings/draft/back", response_model=DraftPublic, response_model_exclude_unset=True
)
def back_draft(ctx: ContextDep) -> DraftView:
    """Undo the last answer; the next question is the one to answer again."""
    from legcare.services import screening

    return screening.back_draft(ctx=ctx)


@router.post("/screenings/draft/complete", status_code=201, response_model=ScreeningPublic)
def complete_draft(ctx: ContextDep) -> CheckView:
    """Finish the interview: evaluate and save it as a completed check."""
    from legcare.services import screening

    return screening.complete_draft(ctx=ctx)


@router.delete("/screenings/draft")
def discard_draft(ctx: ContextDep) -> dict[str, Any]:
    """Throw away the interview in progress."""
    from legcare.services import screening

    return {"ok": True, "discarded": screening.discard_draft(ctx=ctx)}


@router.get("/screenings/{check_id}", response_model=ScreeningPublic)
def get_screening(ctx: ContextDep, check_id: CheckId) -> CheckView:
    """One completed check."""
    from legcare.services import screening

    return screening.get_check(ctx=ctx, check_id=check_id)


@router.get("/screenings/{check_id}/fhir", response_model=dict[str, Any])
def get_screening_fhir(ctx: ContextDep, check_id: CheckId) -> JsonObject:
    """One completed check as a FHIR R4 QuestionnaireResponse."""
    from legcare.services import screening

    return screening.fhir_response(ctx=ctx, check_id=check_id)
