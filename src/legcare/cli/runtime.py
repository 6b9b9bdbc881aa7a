"""What every command needs: settings and a service context, built once per process."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from legcare.services.context import AppContext
    from legcare.settings import Settings


@cache
def settings() -> Settings:
    from legcare.settings import get_settings

    return get_settings()


@cache
def context() -> AppContext:
    """The service context for this command (opens and upgrades the database)."""
    from legcare.services.context import build_context

    return build_context(settings())
