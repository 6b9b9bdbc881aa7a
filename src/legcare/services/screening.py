"""The Check use-cases: the questionnaire, the interview (draft answers), evaluation and history.

Interface other parts rely on:

- ``latest_result(ctx=ctx) -> ScreeningResult | None``: the user's newest completed check, as a
  ``legcare.domain.screening.result.ScreeningResult`` (None when there is none). Plans read
  ``result.patterns`` (``status_of(pattern_id)``), ``result.triage.level``,
  ``result.precautions`` (``massage_blocked`` is True for a possible blood clot) and
  ``result.red_flags``.
"""

from __future__ import annotations

from legcare.domain.screening.result import ScreeningResult, result_from_dict
from legcare.services.context import AppContext
from legcare.store import screenings as screenings_repo


def latest_result(*, ctx: AppContext) -> ScreeningResult | None:
    """The user's newest completed check, or None if they have not completed one."""
    with ctx.store.read() as conn:
        record = screenings_repo.latest_completed(conn, user_id=ctx.user_id)
    if record is None or record.result is None:
        return None
    return result_from_dict(record.result)
