"""The `legcare` command line.

Each module in this package that defines ``register(app)`` adds its commands; this file finds
them, runs the app, and maps every ``LegcareError`` to a one-line message and an exit code.
Command modules import heavy libraries (SQLAlchemy, FastAPI, numpy) inside their functions so
that `legcare --help` starts fast.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from legcare.errors import LegcareError

HELPER_MODULES = frozenset({"output", "runtime"})

app = typer.Typer(
    name="legcare",
    help="Self-care for restless legs, heel pain and posterior-chain leg pain: "
    "check, plan, do, track, experiment. Not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
_registered = False


def register_commands() -> typer.Typer:
    """Import every command module once and let it add its commands."""
    global _registered
    if not _registered:
        for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if module_info.name.startswith("_") or module_info.name in HELPER_MODULES:
                continue
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            register = getattr(module, "register", None)
            if register is not None:
                register(app)
        _registered = True
    return app


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `legcare` console script and `python -m legcare`."""
    command = typer.main.get_command(register_commands())
    as_json = "--json" in (sys.argv[1:] if argv is None else argv)
    try:
        code = command.main(args=argv, prog_name="legcare", standalone_mode=False)
    except LegcareError as exc:
        if as_json:  # a --json command answers in JSON even when it fails
            from legcare.cli.output import print_json

            print_json(exc.to_dict())
        sys.stderr.write(f"legcare: {exc}\n")
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("legcare: stopped. Nothing was lost.\n")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: the message and exit code 2
        if as_json:
            _print_usage_error_json(exc)
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            sys.stderr.write(f"legcare: {exc}\n")
        sys.exit(getattr(exc, "exit_code", 2))
    # Without standalone mode, Typer returns (rather than raises) the code of a `typer.Exit`,
    # and turns Ctrl-C into 130.
    if isinstance(code, int) and not isinstance(code, bool) and code != 0:
        if code == 130:
            sys.stderr.write("legcare: stopped. Nothing was lost.\n")
        sys.exit(code)


def _print_usage_error_json(exc: Exception) -> None:
    """A usage error (an unknown option, a bad value) in the error JSON shape."""
    from legcare.cli.output import print_json
    from legcare.errors import InvalidInput

    message = getattr(exc, "format_message", lambda: str(exc))()
    print_json(InvalidInput(f"The command line is not valid: {message}").to_dict())
