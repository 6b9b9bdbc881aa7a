"""The safety state every page shows and obeys: one service call, no copy of the rule here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from legcare.domain.safety import SafetyJson
    from legcare.services.context import AppContext


def safety_context(ctx: AppContext) -> SafetyJson:
    """``legcare.services.safety.current_state`` as the templates read it (``safety``)."""
    from legcare.services import safety

    return safety.state_json(ctx=ctx)
