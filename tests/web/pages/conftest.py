"""Fixtures for the page tests: an app client and helpers that fetch a page and its assets."""

from __future__ import annotations

import re

import pytest

from legcare.web.contexts import NAV

ALL_PATHS = [item.path for item in NAV]
EXTRA_PATHS = ["/offline"]


def available_paths() -> list[str]:
    return [*ALL_PATHS] + EXTRA_PATHS


@pytest.fixture
def html_client(client):  # type: ignore[no-untyped-def]
    """The app's test client, asking for HTML like a browser does."""
    client.headers["accept"] = "text/html"
    return client


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def complete_check(ctx, answers: dict[str, object]) -> dict:  # type: ignore[no-untyped-def]
    """Answer the interview through the screening service: ``answers`` where given, otherwise
    a calm answer (no / none / the lowest value). Returns the saved check."""
    from legcare.services import screening

    state = screening.draft_state(ctx=ctx)
    while state["next_question"] is not None:
        q = state["next_question"]
        if q["id"] in answers:
            value = answers[q["id"]]
        elif q["type"] in ("multi_choice", "body_region"):
            value = ["none"] if "none" in q["allowed_values"] else []
        elif q["type"] in ("yes_no", "single_choice"):
            value = "no" if "no" in q["allowed_values"] else q["allowed_values"][0]
        else:
            value = int(q["minimum"])
        state = screening.answer_draft(ctx=ctx, question_id=q["id"], value=value)
    return screening.complete_draft(ctx=ctx)


RLS_AND_HEEL = {
    "rf_emergency": ["none"],
    "rf_urgent": ["none"],
    "complaints": ["restless", "heel"],
    "rls_urge": "yes",
    "rls_rest": "yes",
    "rls_relief": "yes",
    "rls_evening": "yes",
    "rls_days_per_week": 4,
    "rls_sleep": 6,
    "rls_distress": 5,
    "heel_first_steps": "yes",
}
