"""One web request reads the safety state once, yet a warning sign answered in the same request
is seen at once: the remembered state is keyed by the store's write count."""

from __future__ import annotations

import json

import pytest

from legcare.services import safety, screening
from legcare.services.context import AppContext
from tests.services.test_safety import ANSWERS, CLOT


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = safety._read_state

    def counted(ctx: AppContext) -> object:
        calls.append(ctx.user_id)
        return real(ctx)

    monkeypatch.setattr(safety, "_read_state", counted)
    return calls


def test_outside_a_request_every_call_reads(ctx: AppContext, reads: list[int]) -> None:
    safety.current_state(ctx=ctx)
    safety.current_state(ctx=ctx)
    assert len(reads) == 2


def test_inside_a_request_the_state_is_read_once(ctx: AppContext, reads: list[int]) -> None:
    screening.run_check(ctx=ctx, answers=json.loads(ANSWERS.read_text(encoding="utf-8")))
    with safety.one_state_per_request():
        first = safety.current_state(ctx=ctx)
        assert safety.current_state(ctx=ctx) is first
        assert safety.state_json(ctx=ctx) == first.to_dict()
    assert len(reads) == 1
    with safety.one_state_per_request():  # the next request reads again
        safety.current_state(ctx=ctx)
    assert len(reads) == 2


def test_a_warning_sign_answered_in_the_same_request_blocks_massage_at_once(
    ctx: AppContext,
) -> None:
    screening.run_check(ctx=ctx, answers=json.loads(ANSWERS.read_text(encoding="utf-8")))
    with safety.one_state_per_request():
        assert safety.current_state(ctx=ctx).massage_blocked is False
        for qid, value in CLOT.items():
            screening.answer_draft(ctx=ctx, question_id=qid, value=value)
        now = safety.current_state(ctx=ctx)
        assert now.massage_blocked and now.needs_help_now


def test_each_user_has_their_own_state(ctx: AppContext, reads: list[int]) -> None:
    with safety.one_state_per_request():
        safety.current_state(ctx=ctx)
        safety.current_state(ctx=ctx.for_user(ctx.user_id + 1))
    assert len(reads) == 2
