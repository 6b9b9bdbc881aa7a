"""The context every service takes: settings, the store, the knowledge base, the user and a clock.

Adapters build one (`build_context`) per command or per request and pass it down; tests build
one with a fixed clock. The clock and the user are explicit so that services are deterministic
and every query is scoped to its user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from legcare.settings import Settings
from legcare.store.database import Store, open_store
from legcare.store.tables import LOCAL_USER_ID

if TYPE_CHECKING:
    from legcare.domain.knowledge import KnowledgeBase


def system_clock() -> datetime:
    """Now, as an aware datetime in the machine's local time zone."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class AppContext:
    """What a service needs from the outside world."""

    settings: Settings
    store: Store
    user_id: int = LOCAL_USER_ID
    clock: Callable[[], datetime] = field(default=system_clock)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    @property
    def kb(self) -> KnowledgeBase:
        from legcare.store.content_cache import load_knowledge_base

        return load_knowledge_base()

    def for_user(self, user_id: int) -> AppContext:
        """The same context acting for another user (server mode, one per request)."""
        return replace(self, user_id=user_id)


def build_context(settings: Settings, *, migrate: bool = True) -> AppContext:
    """Open the store named by ``settings`` (upgrading its schema) and wrap it in a context."""
    return AppContext(settings=settings, store=open_store(settings.database_url, migrate=migrate))
