"""`create_app(settings)`: the FastAPI app, its JSON API under /api/v1 and its pages.

The routers are listed here, visible to mypy and import-linter: a new feature module adds its
``router`` to one of the groups in ``_routers``. Starlette tries routes in order, so the pages a
day asks most (those of benchmarks/bench_load.py's mix) come first, then the API, then the other
pages; tests/web/test_app.py checks that no path and method is served by two modules, so the
order never changes which handler answers.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from legcare import __version__
from legcare.settings import Settings
from legcare.web.templating import WEB_DIR


def _routers() -> tuple[APIRouter, ...]:
    from legcare.web.api import (
        accounts,
        calendar_feed,
        checkins,
        experiments,
        export,
        health,
        insights,
        knowledge,
        plans,
        reminders,
        report,
        screening,
        sessions,
        tracking,
    )
    from legcare.web.pages import (
        account,
        check,
        checkin,
        clinician,
        data,
        home,
        learn,
        offline,
        plan,
        preferences,
        session,
    )
    from legcare.web.pages import experiments as experiments_page
    from legcare.web.pages import insights as insights_page
    from legcare.web.pages import report as report_page
    from legcare.web.pages import (
        tracking as tracking_pages,
    )

    busy_pages = (home, checkin, insights_page, plan, session, experiments_page, report_page)
    api = (accounts, calendar_feed, checkins, experiments, export, health, insights, knowledge,
           plans, reminders, report, screening, sessions, tracking)  # fmt: skip
    other_pages = (account, check, clinician, data, learn, offline, preferences, tracking_pages)
    return tuple(m.router for m in (*busy_pages, *api, *other_pages))


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``; opens (and upgrades) the database once."""
    from legcare.services.context import build_context
    from legcare.services.knowledge import figures_folder
    from legcare.web.auth import AuthMiddleware
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
    install_security(app, settings, auth=AuthMiddleware)
    for router in _routers():
        app.include_router(router)
    app.mount("/static/figures", StaticFiles(directory=figures_folder()), name="figures")
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: settings from the environment."""
    from legcare.settings import check_serving, get_settings

    settings = get_settings()
    check_serving(settings)
    app = create_app(settings)
    settle_memory()
    return app


def settle_memory() -> None:
    """Keep what start-up built out of the garbage collector's way in a serving process.

    The modules, routes, templates and table definitions (about 130,000 objects) live as long as
    the process; a full collection walked them all and took about 70 ms of CPU, a pause for
    every request waiting behind it. After ``gc.freeze()`` later collections skip them (they are
    never freed, which they would not be anyway). Only the served app does this, not every app
    a test builds."""
    import gc

    gc.collect()
    gc.freeze()
