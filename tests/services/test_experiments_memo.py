"""The experiment analysis is remembered by its whole input: asking again without new data does
not fit again, and a new or changed check-in is always analysed afresh."""

from __future__ import annotations

from datetime import timedelta

import pytest

from legcare.services import diary
from legcare.services import experiments as svc
from tests.services.test_experiments import START, _fill, _full_schedule, _new, at


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the fits (calls of the domain's ``analyse``) from the service."""
    svc._ANALYSED.clear()
    calls: list[int] = []
    real = svc.analyse

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(svc, "analyse", counted)
    return calls


def test_asking_again_gives_the_same_answer_without_a_new_fit(ctx, fits: list[int]) -> None:
    status = _new(ctx)
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-2.0, skip=frozenset({50, 51, 52, 53, 54, 55}))
    end = at(ctx, START + timedelta(days=56))
    first = svc.experiment_results(ctx=end)
    fitted = len(fits)
    assert fitted >= 1
    assert svc.experiment_results(ctx=end) == first
    assert len(fits) == fitted  # remembered


def test_a_new_or_changed_checkin_is_analysed_afresh(ctx, fits: list[int]) -> None:
    status = _new(ctx)
    status["schedule_all"] = _full_schedule(ctx, status["id"])
    _fill(ctx, status, effect=-2.0, skip=frozenset({55}))
    end = at(ctx, START + timedelta(days=56))
    before = svc.experiment_results(ctx=end)
    last = START + timedelta(days=55)
    diary.log_checkin(ctx=at(ctx, last), kind="evening", day=last, values={"rls": 10})
    after = svc.experiment_results(ctx=end)
    assert after["rated_days"] == before["rated_days"] + 1
    assert after["ratings"][-1] == (last.isoformat(), 10.0)
    # the same answer as a fit from scratch
    svc._ANALYSED.clear()
    assert svc.experiment_results(ctx=end) == after
