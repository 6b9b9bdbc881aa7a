"""Visual tests: each main page in Chromium at 390x844, compared with a stored screenshot, and
axe-core clean.

The pages are made deterministic: the app runs in this process with a fixed clock (Monday
16 March 2026, 19:30 UTC) and a fixed data set (a check, a plan, four weeks of check-ins, an
experiment), and the browser's clock is fixed to the same moment.

The stored screenshots are in ``tests/web/screenshots/``. After a change of layout, refresh them
with one command, look at them, and commit them:

    LEGCARE_UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_visual.py -p no:randomly

A mismatch writes the new screenshot and a diff image to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.web.pages.conftest import RLS_AND_HEEL, complete_check

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

REFERENCE = Path(__file__).resolve().parents[1] / "web" / "screenshots"
UPDATE = os.environ.get("LEGCARE_UPDATE_SCREENSHOTS") == "1"
MOMENT = datetime(2026, 3, 16, 19, 30, tzinfo=UTC)
VIEWPORT = {"width": 390, "height": 844}
CHANNEL_TOLERANCE = 24  # a pixel differs when a colour channel moves more than this (0-255)
PIXEL_TOLERANCE = 0.002  # and at most this share of the pixels may differ

PAGES = {
    "today": "/",
    "check": "/check",
    "plan": "/plan",
    "session": "/session",
    "learn-topic": "/learn/calf_stretch_gastrocnemius",
    "insights": "/insights",
    "experiments": "/experiments",
    "report": "/report",
    "settings": "/settings",
}


def _seed(ctx: Any) -> None:
    from legcare.services import diary, experiments, plans

    at_start = replace(ctx, clock=lambda: MOMENT - timedelta(days=29))
    complete_check(at_start, RLS_AND_HEEL)
    plans.save_profile(ctx=at_start, data={"days": "all", "tools": "foam_roller,tennis_ball"})
    rng = random.Random(7)
    for i in range(1, 29):
        day = MOMENT.date() - timedelta(days=i)
        caffeine = rng.random() < 0.5
        rls = min(10, rng.randint(2, 6) + (2 if caffeine else 0))
        diary.log_checkin(
            ctx=ctx, kind="evening", day=day, values={"rls": rls, "caffeine": caffeine}
        )
        diary.log_checkin(ctx=ctx, kind="morning", day=day, values={"sleep_quality": 10 - rls})
    experiments.new_experiment(
        ctx=ctx, arms="evening massage,none", outcome="rls", seed=3, start=MOMENT.date()
    )


class _Server:
    """The app in a thread of this process, so that its clock can be fixed."""

    def __init__(self, data_dir: Path) -> None:
        import uvicorn

        from legcare.settings import Settings
        from legcare.web.app import create_app

        app = create_app(Settings(data_dir=data_dir, timezone="UTC"))
        app.state.ctx = replace(app.state.ctx, clock=lambda: MOMENT)
        _seed(app.state.ctx)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started and self.thread.is_alive():
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def fixed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Server]:
    server = _Server(tmp_path_factory.mktemp("legcare-visual"))
    yield server
    server.stop()


@pytest.fixture
def page(browser: Any, fixed_server: _Server) -> Iterator[Any]:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=1,
        color_scheme="light",
        reduced_motion="reduce",
        service_workers="block",
        timezone_id="UTC",
        locale="en-GB",
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.clock.set_fixed_time(MOMENT)
    yield tab
    context.close()


def _difference(reference: Path, actual: bytes, name: str) -> str | None:
    """None when the screenshot matches; otherwise what differs (and the images are saved)."""
    import io

    from PIL import Image, ImageChops

    new = Image.open(io.BytesIO(actual)).convert("RGB")
    old = Image.open(reference).convert("RGB")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if new.size != old.size:
        new.save(SCREENSHOTS / f"visual-{name}-actual.png")
        return f"size {new.size} instead of {old.size}"
    diff = ImageChops.difference(new, old)
    channels = diff.split()
    changed = Image.eval(channels[0], lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    for band in channels[1:]:
        changed = ImageChops.lighter(
            changed, Image.eval(band, lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
        )
    count = changed.histogram()[255]
    share = count / (new.size[0] * new.size[1])
    if share <= PIXEL_TOLERANCE:
        return None
    new.save(SCREENSHOTS / f"visual-{name}-actual.png")
    changed.save(SCREENSHOTS / f"visual-{name}-diff.png")
    return f"{count} pixels ({share:.2%}) differ"


def _settle(tab: Any) -> None:
    tab.wait_for_load_state("load")
    tab.evaluate("() => document.fonts.ready.then(() => true)")
    tab.evaluate(
        "() => Promise.all([...document.images].filter(i => i.loading !== 'lazy')"
        ".map(i => i.complete ? 0 : i.decode().catch(() => 0)))"
    )


def _compare(tab: Any, name: str) -> None:
    _settle(tab)
    shot = tab.screenshot(full_page=True, animations="disabled", caret="hide")
    reference = REFERENCE / f"{name}.png"
    if UPDATE or not reference.exists():
        if not UPDATE and os.environ.get("CI"):
            pytest.fail(f"no stored screenshot {reference.name}; see this module's docstring")
        REFERENCE.mkdir(parents=True, exist_ok=True)
        reference.write_bytes(shot)
        return
    problem = _difference(reference, shot, name)
    assert problem is None, (
        f"{name}: {problem} from tests/web/screenshots/{name}.png (new one in "
        f"test-artifacts/screenshots/). If the change is meant, refresh: "
        "LEGCARE_UPDATE_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_visual.py"
    )


def _axe(tab: Any, axe: str) -> list[dict[str, Any]]:
    import json

    tab.evaluate(axe + "\n;0")
    found = json.loads(
        tab.evaluate(
            "async () => JSON.stringify((await axe.run(document, "
            "{resultTypes: ['violations']})).violations)"
        )
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in found]


@pytest.mark.parametrize("name", list(PAGES))
def test_main_page_looks_as_stored_and_is_axe_clean(
    page: Any, fixed_server: _Server, axe_source: str, name: str
) -> None:
    response = page.goto(fixed_server.url + PAGES[name])
    assert response is not None and response.status == 200
    _compare(page, name)
    assert _axe(page, axe_source) == []


def test_session_player_looks_as_stored_and_is_axe_clean(
    page: Any, fixed_server: _Server, axe_source: str
) -> None:
    page.goto(fixed_server.url + "/session?session=evening_massage")
    with page.expect_navigation():
        page.locator("main form button.wide").click()
    assert page.url.endswith("/session/play")
    _compare(page, "session-player")
    assert _axe(page, axe_source) == []
