"""What is read once per request: the safety state (see `legcare.services.safety`)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class OneSafetyStatePerRequest:
    """Each HTTP request reads the safety state at most once per user (and again after a write):
    a page asks it for several cards and gates, and every answer within the request agrees."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from legcare.services.safety import one_state_per_request

        with one_state_per_request():
            await self.app(scope, receive, send)
