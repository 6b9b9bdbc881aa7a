"""Run the web app with uvicorn, refusing settings that would be unsafe."""

from __future__ import annotations

import ipaddress
import os
import sys

from legcare.errors import ConfigurationError
from legcare.settings import DEFAULT_SECRET, Settings


def check_settings(settings: Settings) -> None:
    """Local mode binds loopback only; server mode needs a real secret."""
    if settings.mode == "local":
        host = settings.host
        loopback = host == "localhost"
        if not loopback:
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = False
        if not loopback:
            raise ConfigurationError(
                f"Local mode only listens on this computer (127.0.0.1), not on {host!r}. "
                "Set LEGCARE_MODE=server with accounts to serve others."
            )
    elif settings.secret_key == DEFAULT_SECRET or len(settings.secret_key) < 32:
        raise ConfigurationError(
            "Server mode refuses to start with the default or a short secret: set "
            "LEGCARE_SECRET_KEY to a random string of at least 32 characters."
        )


def run_server(settings: Settings) -> None:
    import uvicorn

    check_settings(settings)
    from legcare.services.context import build_context

    build_context(settings).store.dispose()  # upgrade the schema once, before any worker
    url = f"http://{settings.host}:{settings.port}/"
    sys.stdout.write(f"legcare is running at {url} (mode: {settings.mode}). Ctrl-C stops it.\n")
    sys.stdout.flush()
    for name, value in settings.model_dump().items():
        os.environ[f"LEGCARE_{name.upper()}"] = str(value)
    uvicorn.run(
        "legcare.web.app:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if settings.mode == "server" else 1,
        log_level="warning",
        proxy_headers=settings.mode == "server",
    )
