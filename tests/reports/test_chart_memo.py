"""Charts are remembered by their data: the same data is not drawn twice, other data always is."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from legcare.reports import charts


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    charts._DRAWN.clear()
    seen: list[dict[str, Any]] = []

    def fake(data: dict[str, Any], *, inline: bool = False) -> str:
        seen.append(data)
        return f"<svg>{data['value']} {inline}</svg>"

    monkeypatch.setitem(charts.CHARTS, "symptoms", fake)
    return seen


def test_the_same_data_is_drawn_once(draws: list[dict[str, Any]]) -> None:
    data = {"value": 3, "nested": {"days": ["2026-12-01"]}}
    first = charts.render_chart("symptoms", data)
    assert charts.render_chart("symptoms", copy.deepcopy(data)) == first
    assert len(draws) == 1


def test_changed_data_or_options_are_drawn_again(draws: list[dict[str, Any]]) -> None:
    data: dict[str, Any] = {"value": 3, "nested": {"days": ["2026-12-01"]}}
    charts.render_chart("symptoms", data)
    data["nested"]["days"].append("2026-12-02")
    charts.render_chart("symptoms", data)
    assert charts.render_chart("symptoms", data, inline=True) == "<svg>3 True</svg>"
    assert charts.render_chart("symptoms", {"value": 4, "nested": {}}) == "<svg>4 False</svg>"
    assert len(draws) == 4
