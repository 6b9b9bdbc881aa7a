"""`legcare serve`: start the web app."""

from __future__ import annotations

import typer

from legcare.cli import runtime


def serve(
    host: str = typer.Option(None, help="Address to bind (default from LEGCARE_HOST)."),
    port: int = typer.Option(None, help="Port (default from LEGCARE_PORT)."),
) -> None:
    """Start the web app (local mode: http://127.0.0.1:8765, no login)."""
    from legcare.web.server import run_server

    settings = runtime.settings()
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    run_server(settings.model_copy(update=overrides))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
