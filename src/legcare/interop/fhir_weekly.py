"""The two weekly scores as FHIR R4: our own ``Questionnaire`` and a week's
``QuestionnaireResponse``.

These are legcare's own items (not validated instruments; not the IRLS or any licensed
questionnaire); the Questionnaire's ``description`` says so. Each item is an ``integer`` with
the standard ``minValue``/``maxValue`` extensions (0-10); a read-only ``score`` item carries the
0-100 score. Validated in the tests with ``fhir.resources`` R4B models.
"""

from __future__ import annotations

from typing import Any

from legcare.domain.tracking.weekly_scores import (
    ITEM_MAX,
    ITEM_MIN,
    SCORE_MAX,
    WeeklyScore,
    WeeklyScoreText,
)

URL = "urn:legcare:questionnaire:"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
SCORE_ITEM = "score"


def _bounds(low: int, high: int) -> list[dict[str, Any]]:
    return [
        {"url": MIN_VALUE, "valueInteger": low},
        {"url": MAX_VALUE, "valueInteger": high},
    ]


def weekly_questionnaire(text: WeeklyScoreText, *, version: str) -> dict[str, Any]:
    """One weekly score as a FHIR ``Questionnaire`` (``version``: the app's version)."""
    items = [
        {
            "linkId": item.id,
            "text": f"{item.text} (0 {item.low} - 10 {item.high})",
            "type": "integer",
            "required": True,
            "extension": _bounds(ITEM_MIN, ITEM_MAX),
        }
        for item in text.items
    ]
    items.append(
        {
            "linkId": SCORE_ITEM,
            "text": "Score: the mean of the items x 10, rounded half up (0-100)",
            "type": "integer",
            "readOnly": True,
            "extension": _bounds(0, SCORE_MAX),
        }
    )
    return {
        "resourceType": "Questionnaire",
        "id": text.kind.value.replace("_", "-"),
        "url": URL + text.kind.value,
        "version": version,
        "name": text.kind.value.title().replace("_", ""),
        "title": text.title,
        "status": "active",
        "publisher": "legcare",
        "description": f"{text.period} {text.not_validated}",
        "item": items,
    }


def weekly_response(
    score: WeeklyScore, *, version: str, subject: str | None = None
) -> dict[str, Any]:
    """One saved week as a completed ``QuestionnaireResponse``; ``subject``: a Patient reference."""
    items = [{"linkId": item, "answer": [{"valueInteger": value}]} for item, value in score.answers]
    items.append({"linkId": SCORE_ITEM, "answer": [{"valueInteger": score.score}]})
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{URL}{score.kind.value}|{version}",
        "status": "completed",
        "authored": score.week.isoformat(),
        "item": items,
    }
    if subject is not None:
        response["subject"] = {"reference": subject}
    return response
