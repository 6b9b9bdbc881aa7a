"""Typer's value conversion, built only when a value needs converting.

Typer (0.29) converts every option's value with a pydantic ``TypeAdapter`` that it builds the
first time the option is processed, given or not: importing pydantic and building the adapters
cost about 55 ms of CPU per command, more than the command's own work. This module hands Typer a
runtime parameter that returns the values needing no conversion as they are (an option not
given, text for a text option, a number option's default number within its bounds), reads a
whole number written plainly ("5", "-3") within its bounds with ``int``, and builds Typer's own
adapter, once, for everything else (any other text, a value out of bounds, floats, paths).
Conversions and error messages therefore stay Typer's own; `tests/cli/test_coercion.py` checks
that both give the same result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from typer import _coercion, core

_original = _coercion.build_runtime_param
# A whole number as people type it: no sign but a minus, no leading zero, no spaces or "_".
_PLAIN_INT = re.compile(r"-?(0|[1-9][0-9]{0,14})")
_NOT_PLAIN = object()


def _within(parameter_info: Any, value: float) -> bool:
    low, high = parameter_info.min, parameter_info.max
    return (low is None or value >= low) and (high is None or value <= high)


def plain_value(annotation: Any, parameter_info: Any, value: Any) -> Any:
    """What Typer's adapter would return for ``value`` when that is plain to see (the value as
    it is, or a plainly written whole number as ``int``); ``_NOT_PLAIN`` otherwise."""
    if parameter_info.parser is not None:
        return _NOT_PLAIN
    if annotation is str:
        return value if type(value) is str else _NOT_PLAIN
    if (annotation is int or annotation is float) and type(value) is annotation:
        return value if _within(parameter_info, value) else _NOT_PLAIN
    if annotation is int and type(value) is str and _PLAIN_INT.fullmatch(value) and value != "-0":
        number = int(value)
        return number if _within(parameter_info, number) else _NOT_PLAIN
    return _NOT_PLAIN


@dataclass(frozen=True)
class LazyRuntimeParam(_coercion.RuntimeParam):
    """Typer's runtime parameter for one option, built on first need."""

    descriptor: _coercion.TypeDescriptor
    built: list[_coercion.RuntimeParam] = field(default_factory=list)

    def real(self) -> _coercion.RuntimeParam:
        if not self.built:
            self.built.append(_original(self.descriptor))
        return self.built[0]

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        plain = plain_value(self.annotation, self.parameter_info, value)
        if plain is not _NOT_PLAIN:
            return plain
        return self.real()._coerce_value(value, param=param, ctx=ctx)


def build_runtime_param(descriptor: _coercion.TypeDescriptor) -> _coercion.RuntimeParam:
    if descriptor.file_annotation is not None:
        return _original(descriptor)
    return LazyRuntimeParam(
        annotation=descriptor.annotation,
        parameter_info=descriptor.parameter_info,
        descriptor=descriptor,
    )


def install() -> None:
    """Make Typer build its runtime parameters lazily (idempotent). Typer is pinned to 0.29;
    if a later Typer no longer has this hook, its own conversion is left in place."""
    if not hasattr(core, "build_runtime_param"):
        return
    setattr(core, "build_runtime_param", build_runtime_param)  # noqa: B010
