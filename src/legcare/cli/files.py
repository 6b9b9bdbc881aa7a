"""Files the CLI writes: never replace one without asking (or ``--force``)."""

from __future__ import annotations

import sys
from pathlib import Path


def can_ask() -> bool:
    """True when someone at a terminal can answer a question."""
    return sys.stdin.isatty()


def confirm_overwrite(target: Path, *, force: bool) -> None:
    """Ask before replacing an existing ``target``; without a terminal to ask on, refuse with
    ``Conflict`` (exit 4) unless ``force`` is given. Nothing is written when this refuses."""
    import typer

    from legcare.errors import Conflict

    path = target.expanduser()
    if force or not path.exists() or path.is_dir():
        return  # a folder is refused by the writer itself, with its own message
    if can_ask():
        if typer.confirm(f"{path} already exists. Replace it?", default=False):
            return
        raise Conflict(f"{path} was kept as it was; nothing was written.")
    raise Conflict(
        f"{path} already exists. Nothing was written.",
        details=["add --force to replace it, or give another file name"],
    )
