"""Fixtures for the screening domain tests: the shipped content and answer builders."""

from __future__ import annotations

from typing import Any

import pytest

from legcare.domain.screening.result import AnswerValue
from legcare.domain.screening.ruleset import ScreeningContent
from legcare.store.questionnaire_files import load_screening_content

RLS_CORE = {"rls_urge": "yes", "rls_rest": "yes", "rls_relief": "yes", "rls_evening": "yes"}
NO_FLAGS: dict[str, AnswerValue] = {"rf_emergency": ("none",), "rf_urgent": ("none",)}


@pytest.fixture(scope="session")
def content() -> ScreeningContent:
    return load_screening_content()


def make_answers(**overrides: Any) -> dict[str, AnswerValue]:
    """No red flags plus ``overrides`` (lists become tuples, as validated answers are)."""
    answers: dict[str, AnswerValue] = dict(NO_FLAGS)
    for key, value in overrides.items():
        answers[key] = tuple(value) if isinstance(value, list) else value
    return answers
