"""`legcare serve`: start the web app with uvicorn, refusing settings that would be unsafe."""

from __future__ import annotations

import os
import sys

import typer

from legcare.cli import runtime

APP_FACTORY = "legcare.web.app:app_from_env"


def serve(
    host: str = typer.Option(None, help="Address to bind (default from LEGCARE_HOST)."),
    port: int = typer.Option(None, help="Port (default from LEGCARE_PORT)."),
) -> None:
    """Start the web app (local mode: http://127.0.0.1:8765, no login)."""
    import uvicorn

    from legcare.services.database import upgrade_database
    from legcare.settings import check_serving, local_address

    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = runtime.settings().model_copy(update=overrides)
    check_serving(settings)
    upgrade_database(ctx=runtime.context())  # once, before any worker starts
    url = local_address(settings)[0] + "/"
    sys.stdout.write(f"legcare is running at {url} (mode: {settings.mode}). Ctrl-C stops it.\n")
    sys.stdout.flush()
    for name, value in settings.model_dump().items():  # the workers read the same settings
        os.environ[f"LEGCARE_{name.upper()}"] = str(value)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if settings.mode == "server" else 1,
        log_level="warning",
        proxy_headers=False,  # the app believes X-Forwarded-* only from LEGCARE_TRUSTED_PROXIES
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
