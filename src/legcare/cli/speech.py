"""Spoken cues for the terminal player: a local speech engine found on PATH, run as a
subprocess that is never waited for, so speaking never holds up the timer. No engine, no sound.
"""

from __future__ import annotations

import shutil
import subprocess

ENGINES = ("espeak-ng", "espeak", "spd-say", "say")
NORMAL_WPM = 175  # espeak's and say's default words per minute


def find_engine() -> str | None:
    """The first speech engine on PATH, or None."""
    for name in ENGINES:
        path = shutil.which(name)
        if path:
            return path
    return None


def engine_command(engine: str, text: str, rate: float) -> list[str]:
    """The command line that says ``text`` at ``rate`` times the normal speed."""
    name = engine.rsplit("/", 1)[-1]
    if name == "spd-say":
        return [engine, "-r", str(round((rate - 1) * 100)), text]
    if name in ("espeak-ng", "espeak"):
        return [engine, "-s", str(round(NORMAL_WPM * rate)), text]
    return [engine, "-r", str(round(NORMAL_WPM * rate)), text]


class Speaker:
    """Says cues through ``engine``; a speaker without an engine stays silent."""

    def __init__(self, engine: str | None, *, rate: float = 1.0) -> None:
        self.engine = engine
        self.rate = rate
        self._running: list[subprocess.Popen[bytes]] = []

    @property
    def audible(self) -> bool:
        return self.engine is not None

    def say(self, text: str) -> None:
        if self.engine is None or not text:
            return
        self._running = [p for p in self._running if p.poll() is None]  # reap the finished
        try:
            proc = subprocess.Popen(  # noqa: S603 - an engine from PATH, the text as one argument
                engine_command(self.engine, text, self.rate),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.engine = None  # it vanished or cannot run: carry on silently
            return
        self._running.append(proc)

    def close(self) -> None:
        """Let the last cue finish (briefly) so that no process is left behind."""
        for proc in self._running:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.terminate()
        self._running = []
