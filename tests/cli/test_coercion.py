"""The lazy value conversion (`cli/_coercion.py`) gives exactly what Typer's own gives.

A probe app with the kinds of options legcare's commands use (text, whole numbers, numbers,
bounded numbers, paths, lists, flags) runs the same command line twice: once with Typer's own
runtime parameters, once with the lazy ones. The values the command receives, the exit code and
the error text must be the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer import core
from typer.testing import CliRunner

from legcare.cli import _coercion

seen: list[object] = []


def _probe(
    text: str = typer.Option(None),
    word: str = typer.Option("default"),
    count: int = typer.Option(14),
    maybe: int = typer.Option(None),
    bounded: int = typer.Option(3, min=1, max=10),
    outside: int = typer.Option(None, min=1, max=10),
    clamped: float = typer.Option(0.5, min=0, max=600, clamp=True),
    rate: float = typer.Option(1.0),
    folder: Path = typer.Option(None),
    items: list[str] = typer.Option(None),
    flag: bool = typer.Option(False),
) -> None:
    seen.append((text, word, count, maybe, bounded, outside, clamped, rate, folder, items, flag))


def _run(args: list[str], *, lazy: bool) -> tuple[int, str, list[object]]:
    core.build_runtime_param = (  # type: ignore[assignment]
        _coercion.build_runtime_param if lazy else _coercion._original
    )
    app = typer.Typer()
    app.command()(_probe)
    seen.clear()
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output, list(seen)


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    yield
    _coercion.install()


OPTIONS = [
    "--text", "--word", "--count", "--maybe", "--bounded", "--outside", "--clamped", "--rate",
    "--folder", "--items",
]  # fmt: skip
VALUES = st.one_of(
    st.integers(-20, 20).map(str),
    st.integers().map(str),  # whole numbers of any size, read by `int` or by Typer's adapter
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " 7 ", "1_000", "0x10", "abc", "1e3", "١٢", "-0", "+5", "3.0"]),
    st.text(max_size=6),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(OPTIONS), VALUES), max_size=3), st.booleans())
def test_lazy_conversion_matches_typer(pairs: list[tuple[str, str]], flag: bool) -> None:
    args = [part for pair in pairs for part in pair] + (["--flag"] if flag else [])
    # compared as text so that a NaN read by both ways counts as the same value
    assert repr(_run(args, lazy=True)) == repr(_run(args, lazy=False))


def test_only_values_that_need_converting_build_an_adapter() -> None:
    _coercion.install()
    app = typer.Typer(add_completion=False)
    app.command()(_probe)
    command = typer.main.get_command(app)
    seen.clear()
    args = ["--word", "hello", "--maybe", "5", "--outside", "+7", "--rate", "2"]
    command.main(args=args, standalone_mode=False)
    assert seen == [(None, "hello", 14, 5, 3, 7, 0.5, 2.0, None, None, False)]
    built = {
        p.name: bool(p._runtime_param.built)
        for p in command.params
        if isinstance(p._runtime_param, _coercion.LazyRuntimeParam)
    }
    # text given for a text option, defaults within bounds and a whole number written plainly
    # need no adapter; any other way of writing a number ("+7", or text for a float) does
    assert built == {
        "text": False,
        "word": False,
        "count": False,
        "maybe": False,
        "bounded": False,
        "outside": True,
        "clamped": False,
        "rate": True,
        "folder": False,
        "items": False,
    }


def _too_far(far: float = typer.Option(30.0, min=1, max=10)) -> None:
    seen.append(far)


def test_a_default_outside_its_bounds_is_still_refused_by_typer() -> None:
    outputs = []
    for lazy in (True, False):
        core.build_runtime_param = (  # type: ignore[assignment]
            _coercion.build_runtime_param if lazy else _coercion._original
        )
        app = typer.Typer()
        app.command()(_too_far)
        seen.clear()
        result = CliRunner().invoke(app, [])
        assert result.exit_code == 2 and seen == [] and "far" in result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
