"""The service worker, the web app manifest and the offline fallback page.

The worker is served from the site root so that its scope covers every page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from legcare.web.pages._shell import page
from legcare.web.templating import WEB_DIR

router = APIRouter(include_in_schema=False)


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(
        WEB_DIR / "static" / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(
        WEB_DIR / "static" / "manifest.webmanifest", media_type="application/manifest+json"
    )


@router.get("/offline", response_class=HTMLResponse)
def offline(request: Request) -> HTMLResponse:
    return page(request, "offline.html", {"title": "Offline"})
