"""`create_app(settings)`: the FastAPI app, its JSON API under /api/v1 and its pages.

Every module in `web/api/` and `web/pages/` that defines ``router`` is included, so a feature
adds its routes without touching this file.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from legcare import __version__
from legcare.settings import Settings

WEB_DIR = Path(__file__).parent


def _include_routers(app: FastAPI, package: str) -> None:
    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``; opens (and upgrades) the database once."""
    from legcare.services.context import build_context
    from legcare.services.knowledge import figures_folder
    from legcare.web.errors import install_error_handlers
    from legcare.web.request_state import OneSafetyStatePerRequest
    from legcare.web.security import install_security

    app = FastAPI(
        title="legcare",
        version=__version__,
        description="Self-care for restless legs, heel pain and posterior-chain leg pain. "
        "Screening results are patterns the answers are consistent with, never a diagnosis.",
        docs_url=None,  # Swagger UI would load its files from a CDN; docs/api.md instead
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.ctx = build_context(settings)
    install_error_handlers(app)
    app.add_middleware(OneSafetyStatePerRequest)  # innermost: inside the security layers
    install_security(app, settings)
    _include_routers(app, "legcare.web.api")
    _include_routers(app, "legcare.web.pages")
    app.mount("/static/figures", StaticFiles(directory=figures_folder()), name="figures")
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: settings from the environment."""
    from legcare.settings import check_serving, get_settings

    settings = get_settings()
    check_serving(settings)
    return create_app(settings)
