"""In Chromium: the session player speaks its cues (the real player and speech.js, with only
``speechSynthesis`` stubbed to record what is queued) and every figure draws, light and dark."""

from __future__ import annotations

import json
from typing import Any

import pytest

from legcare.domain.sessions.cues import Cue, StepFacts, cue_words, switches_legs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(180),
]

# Stands in for the browser's speech engine: records each utterance queued, offers one
# on-device voice. Everything else on the page is the real player.
SPEECH_STUB = """
(() => {
  const said = [];
  const fake = {
    speak(u) { said.push({text: u.text, rate: u.rate, lang: u.lang}); },
    cancel() { said.push({text: "<cancel>"}); },
    getVoices() {
      return [{name: "Network voice", lang: "en-US", localService: false, default: true},
              {name: "Device voice", lang: "en-GB", localService: true, default: false}];
    },
    addEventListener() {}, speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, "speechSynthesis", {value: fake, configurable: true});
  window.__said = said;
})();
"""
STEP = 20  # seconds per step (?fast=20): long enough for "10 seconds left"


@pytest.fixture(scope="module")
def evening_massage(live_server: Any) -> str:
    """A check and a plan in the served data folder: the evening massage works each leg."""
    from legcare.domain.screening.vocabulary import TriageLevel
    from legcare.services import plans
    from legcare.services.context import build_context
    from legcare.settings import Settings
    from tests.services.plan_helpers import store_check

    ctx = build_context(Settings(data_dir=live_server.log.parent))
    store_check(ctx, "restless_legs", triage=TriageLevel.SELF_CARE)
    plans.save_profile(ctx=ctx, data={"days": "all", "tools": "foam_roller"})
    return "evening_massage"


def _open_player(phone: Any, session: str) -> list[dict[str, Any]]:
    page = phone.page
    page.clock.install()
    page.add_init_script(SPEECH_STUB)
    phone.goto(f"/session?fast={STEP}&session={session}")
    with page.expect_navigation():
        page.locator("main form button.wide").click()
    data = json.loads(page.locator("#session-data").text_content() or "{}")
    steps: list[dict[str, Any]] = data["session"]["steps"]
    return steps


def _said(page: Any) -> list[str]:
    return [u["text"] for u in page.evaluate("() => window.__said")]


def _expected(steps: list[dict[str, Any]]) -> list[str]:
    facts = [StepFacts(s["title"], s["technique"], tuple(s["areas"]), s["leg"]) for s in steps]
    words = []
    for i, step in enumerate(facts):
        switch = switches_legs(facts[i - 1] if i else None, step)
        words.append(cue_words(Cue.GET_READY, title=step.title, switch_legs=switch))
        words.append(cue_words(Cue.START, title=step.title, seconds=STEP))
        words.append(cue_words(Cue.TEN_LEFT))
    return [*words, cue_words(Cue.FINISHED)]


def test_the_player_queues_its_cues_in_order(phone, evening_massage: str) -> None:
    steps = _open_player(phone, evening_massage)
    page = phone.page
    assert page.locator("#speech-on").is_checked()
    page.click("#begin")
    page.clock.run_for((STEP + 6) * 1000 * len(steps))
    assert page.locator("#phase").inner_text() == "Session complete"
    assert _said(page) == _expected(steps)
    queued = page.evaluate("() => window.__said")
    assert {u["lang"] for u in queued} == {"en-GB"}  # the device's voice, not the network one
    assert {u["rate"] for u in queued} == {1}
    assert any(u.startswith("Switch legs.") for u in _said(page))  # left, then right leg
    assert phone.console_errors == []


def test_a_session_with_every_step_skipped_is_not_praised(phone, evening_massage: str) -> None:
    steps = _open_player(phone, evening_massage)
    page = phone.page
    page.click("#begin")
    for _ in steps:
        page.click("#skip")
    assert page.locator("#phase").inner_text() == "Session ended"
    assert page.locator("#step-name").inner_text() == "Every step was skipped."
    assert _said(page)[-1] == cue_words(Cue.FINISHED, steps_done=0)
    assert "Well done" not in " ".join(_said(page))


def test_mute_and_speed_are_kept_in_this_browser(phone, evening_massage: str) -> None:
    _open_player(phone, evening_massage)
    page = phone.page
    page.select_option("#speech-rate", "1.2")
    page.click("#begin")
    page.clock.run_for(1000)
    first = page.evaluate("() => window.__said")
    assert first and first[0]["rate"] == pytest.approx(1.2) and first[0]["text"].startswith("Next")
    page.uncheck("#speech-on")
    page.clock.run_for(60_000)
    assert _said(page)[len(first) :] == ["<cancel>"]  # muted: what was queued is dropped
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('legcare.speech'))")
    assert saved == {"muted": True, "rate": 1.2}
    page.reload()
    assert not page.locator("#speech-on").is_checked()
    assert page.locator("#speech-rate").input_value() == "1.2"
    assert phone.axe_violations() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_figure_draws_in_chromium(browser, live_server, scheme: str) -> None:
    import io

    from PIL import Image

    from legcare.store.knowledge_files import load_knowledge_base

    kb = load_knowledge_base()
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    try:
        for entry in (*kb.techniques, *kb.exercises):
            page.goto(f"{live_server.url}/learn/{entry.id}")
            img = page.locator("figure.illustration img")
            img.wait_for()
            size = img.evaluate(
                "i => i.decode().then(() => [i.complete, i.naturalWidth, i.naturalHeight, "
                "i.getBoundingClientRect().width])"
            )
            assert size[0] and size[1] == 240 and size[2] == 160, entry.id
            assert size[3] > 200, entry.id  # shown at a useful size on a phone
            levels = Image.open(io.BytesIO(img.screenshot())).convert("L").histogram()
            light, dark = sum(levels[200:]), sum(levels[:60])
            lines, ground = (dark, light) if scheme == "light" else (light, dark)
            assert ground > 0.6 * sum(levels), entry.id  # the tile follows the scheme
            assert lines > 0.02 * sum(levels), entry.id  # and the figure stands out on it
    finally:
        context.close()


def test_each_player_step_shows_its_figure(phone, evening_massage: str) -> None:
    steps = _open_player(phone, evening_massage)
    page = phone.page
    box, img = page.locator("#step-figure"), page.locator("#step-figure img")
    page.click("#begin")
    assert sum(1 for s in steps if s["figure"]) >= 2
    for i, step in enumerate(steps):
        assert page.locator("#step-count").inner_text().startswith(f"Step {i + 1} of")
        if step["figure"] is None:  # breathing, winding down: nothing to draw
            assert box.is_hidden()
        else:
            assert box.is_visible()
            assert img.get_attribute("src") == step["figure"]["url"]
            assert img.get_attribute("alt") == step["figure"]["alt"]
            assert img.evaluate("i => i.decode().then(() => i.naturalWidth)") == 240
        page.click("#skip")
