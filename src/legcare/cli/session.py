"""`legcare session`: play tonight's session in the terminal.

A Rich live display shows the step, its instructions and cues, a large countdown and a
progress bar for the whole session, and rings the terminal bell at each change. Keys: p (or
space) pause/resume, s skip, + add 30 s, b back, q quit. The state is saved every few seconds
and at each change, so a quit or a crash keeps what was done; the next `legcare session`
offers to resume. At the end it asks for tenderness per area and a note, and logs the session.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

from legcare.cli import output, runtime
from legcare.cli.speech import Speaker, find_engine
from legcare.domain.counting import count

if TYPE_CHECKING:
    from legcare.services.sessions import SessionRunView

SAVE_EVERY = 5.0
BAR_WIDTH = 50
KEYS_HELP = "p pause/resume   s skip   + add 30 s   b back   q quit"
_FONT = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": ("  █", "  █", "  █", "  █", "  █"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": (" ", "█", " ", "█", " "),
}


def big_clock(seconds: float) -> str:
    """``seconds`` as m:ss in five rows of block characters."""
    whole = max(0, int(seconds + 0.999))
    text = f"{whole // 60}:{whole % 60:02d}"
    return "\n".join("  ".join(_FONT[ch][row] for ch in text) for row in range(5))


@contextlib.contextmanager
def _keys() -> Iterator[bool]:
    """Single-key input without Enter when stdin is a terminal (yields whether it is)."""
    if not sys.stdin.isatty():
        yield False
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _read_key(timeout: float) -> str | None:
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    if not ready:
        return None
    data = os.read(sys.stdin.fileno(), 1)
    return data.decode(errors="ignore") or None


def _next_key(interactive: bool) -> str | None:
    if interactive:
        return _read_key(0.1)
    time.sleep(0.05)
    return None


class _Player:
    """Drives the pure state machine with the wall clock and renders it."""

    def __init__(
        self, run: SessionRunView, *, speed: float, speaker: Speaker | None = None
    ) -> None:
        from legcare.domain.sessions.cues import StepFacts
        from legcare.domain.sessions.player import PlayerState

        self.run = run
        self.speaker = speaker or Speaker(None)
        self.facts = [
            StepFacts(s["title"], s.get("technique", ""), tuple(s.get("areas", ())), s.get("leg"))
            for s in run["session"]["steps"]
        ]
        self.ten_said = -1
        self.session = run["session"]
        self.steps = {s["id"]: s for s in self.session["steps"]}
        self.state = PlayerState.from_dict(run["state"])
        self.speed = speed
        self.base = self.state.since  # the state's clock origin (Unix seconds)
        self.t0 = time.monotonic()
        self.quit = False
        self.last_save = 0.0

    def now(self) -> float:
        return self.base + (time.monotonic() - self.t0) * self.speed

    def view(self) -> Any:
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        from legcare.domain.sessions import player

        now = self.now()
        state = self.state
        header = Text(f"{self.session['title']}", style="bold")
        if state.finished:
            from legcare.domain.sessions.cues import finished_words, steps_done

            done = steps_done(state)
            return Group(header, Text(finished_words(done), style="bold green" if done else "bold"))
        step = self.steps[state.steps[state.index].id]
        phase = state.phase.value
        label = {"get_ready": "Get ready", "running": "Now", "paused": "Paused"}[phase]
        if phase == "paused" and state.paused_from is not None:
            label = "Paused"
        left = player.remaining(state, now)
        whole = max(0, int(left + 0.999))
        title = Text(
            f"{label}: step {state.index + 1} of {len(state.steps)}: {step['title']}  "
            f"({whole // 60}:{whole % 60:02d} left)",
            style="bold yellow" if phase == "paused" else "bold cyan",
        )
        lines = [Text(f"{step['dose']}", style="dim")]
        lines += [Text(f"- {line}") for line in step["instructions"]]
        cues = list(step["cues"])
        if step.get("pressure"):
            cues.insert(0, f"Pressure: {step['pressure']}")
        if cues:
            lines.append(Text("Cues: " + " | ".join(cues), style="magenta"))
        if step.get("softened"):
            lines.append(Text(f"Careful: {step['softened']}", style="yellow"))
        clock = Text(big_clock(left), style="bold")
        share = player.progress(state, now)
        filled = int(share * BAR_WIDTH)
        bar = Text("█" * filled + "░" * (BAR_WIDTH - filled), style="green")
        body = Group(
            title,
            Text(""),
            clock,
            Text(""),
            *lines,
            Text(""),
            bar,
            Text(f"{int(share * 100)}% of the session", style="dim"),
            Text(KEYS_HELP, style="dim"),
        )
        return Group(header, Panel(body))

    def handle(self, key: str) -> list[Any]:
        from legcare.domain.sessions import player

        actions = {
            "p": player.toggle_pause,
            " ": player.toggle_pause,
            "s": player.skip,
            "+": player.extend,
            "=": player.extend,
            "b": player.back,
        }
        if key in ("q", "Q"):
            self.quit = True
            return []
        action = actions.get(key.lower())
        if action is None:
            return []
        self.state, changes = action(self.state, self.now())
        return changes

    def save(self, *, force: bool = False) -> None:
        from legcare.domain.sessions import player
        from legcare.services import sessions

        if not force and time.monotonic() - self.last_save < SAVE_EVERY:
            return
        snapshot = player.snapshot(self.state, self.now())
        sessions.save_progress(
            ctx=runtime.context(), log_id=self.run["log_id"], state=snapshot.to_dict()
        )
        self.last_save = time.monotonic()

    def speak(self, changes: list[Any]) -> None:
        """Say the cue for ``changes``, or "10 seconds left" once per step (never waits)."""
        from legcare.domain.sessions import cues

        cue = cues.cue_of(changes)
        now = self.now()
        if (
            cue is None
            and self.ten_said != self.state.index
            and cues.ten_seconds_left(self.state, now)
        ):
            self.ten_said = self.state.index
            cue = cues.Cue.TEN_LEFT
        if cue is not None:
            self.speaker.say(cues.words_for(self.state, cue, self.facts))

    def play(self) -> None:
        from rich.live import Live

        from legcare.domain.sessions import player

        con = output.console()
        if self.state.phase is player.Phase.GET_READY:
            self.speak([player.Change.GET_READY])  # the first step is coming
        with (
            _keys() as interactive,
            Live(self.view(), console=con, refresh_per_second=8, transient=False) as live,
        ):
            while not self.state.finished and not self.quit:
                key = _next_key(interactive)
                changes = self.handle(key) if key else []
                self.state, ticked = player.tick(self.state, self.now())
                changes += ticked
                self.speak(changes)
                if changes:
                    con.bell()
                    self.save(force=True)
                else:
                    self.save()
                live.update(self.view())


def _ask_tenderness(areas: list[str]) -> dict[str, int]:
    """Ask until the answer is valid: ``calf=3 hamstring=2`` (Enter for none)."""
    from legcare.errors import InvalidInput
    from legcare.services import sessions

    if not areas:
        return {}
    hint = " ".join(f"{a}=N" for a in areas[:3])
    while True:
        raw = typer.prompt(
            f"Tenderness 0-10 per area ({hint} ...), Enter to skip",
            default="",
            show_default=False,
        )
        values: dict[str, str] = {}
        for part in str(raw).replace(",", " ").split():
            area, _, value = part.partition("=")
            values[area.strip()] = value.strip()
        try:
            return sessions.validate_tenderness(values)
        except InvalidInput as exc:
            output.console().print(str(exc), style="red", markup=False)


session_app = typer.Typer(
    help="Play tonight's session (timers, cues, keys), or list what was done.",
    invoke_without_command=True,
)


@session_app.callback()
def session(
    typer_ctx: typer.Context,
    session_id: str | None = typer.Option(
        None, "--session", help="Which session of the plan (default: tonight's)."
    ),
    fresh: bool = typer.Option(False, "--fresh", help="Start afresh; do not offer to resume."),
    step_seconds: int | None = typer.Option(
        None, "--step-seconds", min=1, help="Make every step this many seconds (to try it out)."
    ),
    get_ready: float = typer.Option(5.0, "--get-ready", min=0, help="Get-ready countdown, s."),
    speed: float = typer.Option(1.0, "--speed", min=0.1, max=600, help="Run the clock faster."),
    speak: bool | None = typer.Option(
        None,
        "--speak/--no-speak",
        help="Speak the cues through espeak-ng, espeak, spd-say or say when one is installed "
        "(default: the speak_cues setting, on).",
        show_default=False,
    ),
) -> None:
    """Play tonight's session: timers, cues, pause/skip/+30 s/back/quit; logged at the end."""
    if typer_ctx.invoked_subcommand is not None:
        return
    from legcare.services import sessions
    from legcare.services.experiments import todays_arm
    from legcare.services.safety import current_state

    ctx = runtime.context()
    con = output.console()
    safety = current_state(ctx=ctx)
    if safety.refusal():
        con.print(safety.refusal(), style="bold red", markup=False)
    experiment = todays_arm(ctx=ctx)
    if experiment is not None:
        con.print(f"Experiment: {experiment['message']}", markup=False)
    resume = False
    pending = None if fresh else sessions.pending_session(ctx=ctx)
    if pending is not None:
        resume = typer.confirm(
            f"Resume {pending['title']} from {pending['day']} "
            f"({pending['done']} of {count(pending['total'], 'step')} done)?",
            default=True,
        )
    run = sessions.start_session(
        ctx=ctx,
        session_id=session_id,
        resume=resume,
        get_ready_s=get_ready,
        step_seconds=step_seconds,
    )
    wanted = ctx.settings.speak_cues if speak is None else speak
    speaker = Speaker(find_engine() if wanted else None, rate=ctx.settings.speech_rate)
    if speak and not speaker.audible:
        con.print("No speech engine found (espeak-ng, espeak, spd-say or say): cues are silent.")
    player = _Player(run, speed=speed, speaker=speaker)
    try:
        player.play()
    except KeyboardInterrupt:
        player.quit = True
    finally:
        speaker.close()
    if player.quit:
        from legcare.domain.sessions.player import checkpoint

        kept = checkpoint(player.state, player.now())  # counted on the player's own clock
        log = sessions.save_progress(ctx=ctx, log_id=run["log_id"], state=kept.to_dict(), quit=True)
        con.print(
            f"Saved: {log['done']} of {count(log['total'], 'step')} done. "
            "`legcare session` offers to resume it."
        )
        return
    from legcare.domain.safety import Activity, activity_of_step

    worked = [s for s in run["session"]["steps"] if activity_of_step(s["kind"]) is Activity.MASSAGE]
    areas = list(dict.fromkeys(a for s in worked for a in s["areas"]))
    from legcare.cli.files import can_ask

    con.print()
    asking = can_ask()  # without a terminal there is nobody to answer: log without them
    tenderness = _ask_tenderness(areas) if asking else {}
    note = (
        str(typer.prompt("A note (Enter to skip)", default="", show_default=False))
        if asking
        else ""
    )
    log = sessions.finish_session(
        ctx=ctx,
        log_id=run["log_id"],
        state=player.state.to_dict(),
        tenderness=tenderness,
        note=note or None,
    )
    minutes = round(log["seconds"] / 60)
    con.print(
        f"Logged: {log['done']} of {count(log['total'], 'step')} done, {log['skipped']} skipped, "
        f"{minutes} min."
    )


@session_app.command("list")
def list_sessions(
    start: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD (28 days back)."),
    end: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD (today)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (what the API returns)."),
) -> None:
    """List the sessions played: steps done, minutes, tenderness and notes."""
    from datetime import date, timedelta

    from legcare.errors import InvalidInput
    from legcare.services import sessions

    ctx = runtime.context()
    try:
        last = date.fromisoformat(end) if end else ctx.today()
        back = timedelta(days=27)
        first = date.fromisoformat(start) if start else max(date.min + back, last) - back
    except ValueError as exc:
        raise InvalidInput(f"Not a date: {exc}; use YYYY-MM-DD.") from exc
    logs = sessions.session_logs(ctx=ctx, start=first, end=last)
    if as_json:
        output.print_json({"count": len(logs), "sessions": logs})
        return
    con = output.console()
    if not logs:
        con.print(f"No sessions from {first} to {last}.")
    for log in logs:
        sore = ", ".join(f"{k} {v}" for k, v in (log["tenderness"] or {}).items())
        con.print(
            f"{log['day']}  {log['title']}: {log['status']}, {log['done']} of {log['total']} "
            f"steps, {round(log['seconds'] / 60)} min"
            + (f"; tenderness {sore}" if sore else "")
            + (f"; {log['note']}" if log["note"] else ""),
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(session_app, name="session")
