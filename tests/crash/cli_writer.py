"""Run as `python -m tests.crash.cli_writer FIRST`: logs evening check-ins through the real CLI
entry point, one date after another from index FIRST, and prints `ACK <index>` after each
command returns with exit code 0 (the write is then acknowledged). The test kills it with -9."""

from __future__ import annotations

import sys

from legcare.cli import main
from tests.crash.writes import entry_for


def run(first: int) -> None:
    i = first
    while True:
        entry = entry_for(i)
        args = ["log", "evening", str(entry["rls"]), "--date", entry["day"], "--yes"]
        args += ["--note", entry["note"]]
        if entry["caffeine"]:
            args.append("--caffeine")
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        if code == 0:
            sys.stdout.write(f"ACK {i}\n")
            sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    run(int(sys.argv[1]))
