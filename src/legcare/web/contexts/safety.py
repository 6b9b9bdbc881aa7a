"""Safety facts every page may need: whether the latest check allows massage at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from legcare.web.contexts.navigation import service_available

if TYPE_CHECKING:
    from legcare.services.context import AppContext


def massage_blocked(ctx: AppContext) -> bool:
    """True when the latest check allows no massage at all (for example a possible clot)."""
    if not service_available("screening:latest_result"):
        return False
    from legcare.services import screening

    result = screening.latest_result(ctx=ctx)
    return result is not None and result.massage_blocked
