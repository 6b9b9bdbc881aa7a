"""The check result with the medicines worth discussing: the one place that joins a check (the
Check core) and the medicines the person logged (the tracking core), which sit above the Check
in the service order.

The section appears when the check's answers are consistent with restless legs or when the
person takes a medicine the content lists as reported to worsen restless legs
(``content/medicine_classes.yaml``, matched by ``services.medicines.flag_for``). It names the
medicine as typed, its class, why the class is listed and the sources; never a dose, never
"stop it". Reads only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict

from legcare.domain.screening.result import ResultJson
from legcare.errors import KnowledgeBaseError
from legcare.services import medicines
from legcare.services.context import AppContext
from legcare.services.medicines import MedicineView

RESTLESS_LEGS = "restless_legs"
HEADING = "Medicines you logged that are reported to worsen restless legs"
WORTH_DISCUSSING = (
    "Worth discussing with a clinician or pharmacist. Never stop or change a prescribed "
    "medicine on your own."
)
NONE_FLAGGED = (
    "None of the medicines you logged is on legcare's list of those reported to worsen "
    "restless legs."
)
NONE_LOGGED = (
    "No medicines are logged yet. Some medicines can make restless legs worse: the ones you "
    "take are worth going through with a clinician or pharmacist."
)


# -- what the read model returns (tests/web/test_response_models.py checks the shapes) -------


class SourceRef(TypedDict):
    id: str
    title: str
    year: int | None
    url: str


class MedicineToDiscuss(TypedDict):
    medicine_id: int
    name: str  # as the person typed it
    class_name: str
    why: str
    sources: list[SourceRef]


class MedicinesToDiscuss(TypedDict):
    """The section under a check result; ``medicines`` empty: ``message`` says why."""

    heading: str
    medicines: list[MedicineToDiscuss]
    advice: str  # shown with a non-empty list
    message: str  # shown with an empty list ("" otherwise)


def _source(ctx: AppContext, source_id: str) -> SourceRef:
    try:
        found = ctx.kb.source(source_id)
    except (KnowledgeBaseError, KeyError):
        return {"id": source_id, "title": source_id, "year": None, "url": ""}
    return {"id": found.id, "title": found.title, "year": found.year, "url": found.url}


def _to_discuss(view: MedicineView, source: Callable[[str], SourceRef]) -> MedicineToDiscuss:
    assert view.flag is not None
    return {
        "medicine_id": view.id,
        "name": view.name,
        "class_name": view.flag.class_name,
        "why": view.flag.why,
        "sources": [source(s) for s in view.flag.sources],
    }


def consistent_with_restless_legs(result: ResultJson) -> bool:
    return any(p["id"] == RESTLESS_LEGS and p["status"] == "consistent" for p in result["patterns"])


def section_for(
    logged: Sequence[MedicineView], result: ResultJson, source: Callable[[str], SourceRef]
) -> MedicinesToDiscuss | None:
    """The rule, on its own: the medicines taken now that match a listed class (``source``
    names a source id); None when there are none and the answers are not consistent with
    restless legs."""
    flagged = [m for m in logged if m.flag is not None and m.active]
    if not flagged and not consistent_with_restless_legs(result):
        return None
    message = "" if flagged else NONE_FLAGGED if logged else NONE_LOGGED
    return {
        "heading": HEADING,
        "medicines": [_to_discuss(m, source) for m in flagged],
        "advice": WORTH_DISCUSSING,
        "message": message,
    }


def medicines_to_discuss(*, ctx: AppContext, result: ResultJson) -> MedicinesToDiscuss | None:
    """The medicines section for a check ``result`` (``section_for`` with this person's
    medicines and the knowledge base's sources)."""
    logged = medicines.list_medicines(ctx=ctx).medicines
    return section_for(logged, result, lambda source_id: _source(ctx, source_id))


__all__ = [
    "MedicineToDiscuss",
    "MedicinesToDiscuss",
    "SourceRef",
    "consistent_with_restless_legs",
    "medicines_to_discuss",
    "section_for",
]
