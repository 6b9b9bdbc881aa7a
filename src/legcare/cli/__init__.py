"""The `legcare` command line.

Each module in this package that defines ``register(app)`` adds its commands; this file finds
them, runs the app, and maps every ``LegcareError`` to a one-line message and an exit code.
Command modules import heavy libraries (SQLAlchemy, FastAPI, numpy) inside their functions so
that `legcare --help` starts fast.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys

import typer

from legcare.cli import _coercion
from legcare.errors import LegcareError

_coercion.install()

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


def _new_app() -> typer.Typer:
    return typer.Typer(
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


def command_app(args: list[str]) -> typer.Typer:
    """The app to run ``args`` with: when the first word names a command module (``legcare log
    list`` -> ``cli/log.py``) and that module defines the command, an app holding only that
    module's commands, so that a command imports and builds only its own part of the CLI;
    otherwise (help, a command defined elsewhere) the whole app."""
    first = args[0] if args else ""
    if not first.isidentifier() or first in HELPER_MODULES or first.startswith("_"):
        return register_commands()
    if importlib.util.find_spec(f"{__name__}.{first}") is None:
        return register_commands()
    module = importlib.import_module(f"{__name__}.{first}")
    register = getattr(module, "register", None)
    if register is None:
        return register_commands()
    single = _new_app()

    @single.callback()
    def _group() -> None:
        """Keeps the app a group when it holds one command."""

    register(single)
    names = {c.name for c in single.registered_commands} | {
        g.name for g in single.registered_groups
    }
    return single if first in names else register_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `legcare` console script and `python -m legcare`."""
    args = sys.argv[1:] if argv is None else list(argv)
    command = typer.main.get_command(command_app(args))
    as_json = "--json" in args
    try:
        code = command.main(args=args, prog_name="legcare", standalone_mode=False)
    except LegcareError as exc:
        if as_json:  # a --json command answers in JSON even when it fails
            from legcare.cli.output import print_json

            print_json(exc.to_dict())
        sys.stderr.write(f"legcare: {exc}\n")
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt) as exc:
        code, message = _abort_reason(exc)
        sys.stderr.write(f"legcare: {message}\n")
        sys.exit(code)
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


def _abort_reason(exc: BaseException) -> tuple[int, str]:
    """Why a question ended the command: Ctrl-C (130), no answer because nothing is typing
    (2, a usage error: give the options instead), or "no" to a confirmation (1)."""
    cause = exc if isinstance(exc, KeyboardInterrupt) else exc.__context__
    if isinstance(cause, KeyboardInterrupt):
        return 130, "stopped. Nothing was lost."
    if isinstance(cause, EOFError):
        return 2, (
            "this command asks a question and nothing answered it (no terminal?). "
            "Nothing was changed; give the answers as options instead (see --help)."
        )
    return 1, "you said no, so nothing was changed."


def _print_usage_error_json(exc: Exception) -> None:
    """A usage error (an unknown option, a bad value) in the error JSON shape."""
    from legcare.cli.output import print_json
    from legcare.errors import InvalidInput

    message = getattr(exc, "format_message", lambda: str(exc))()
    print_json(InvalidInput(f"The command line is not valid: {message}").to_dict())
