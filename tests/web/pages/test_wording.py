"""The words of the web pages: no CLI commands, no internal names, counts that agree."""

from __future__ import annotations

import re

from legcare.web.contexts import NAV
from tests.web.pages.conftest import RLS_AND_HEEL, complete_check

COMMAND = re.compile(r"`legcare|legcare (check|experiment|export|db|plan|log|session|learn)\b")
BAD_COUNT = re.compile(r"\b1 (days|steps|minutes|weeks|questions|check-ins)\b")


def _text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1]
    return re.sub(r"<[^>]+>", " ", main)


def test_no_page_shows_a_cli_command_or_a_wrong_count(html_client) -> None:
    from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
    from legcare.services import experiments
    from tests.services.plan_helpers import store_check

    ctx = html_client.app.state.ctx
    complete_check(ctx, RLS_AND_HEEL)
    for seed in range(50):  # a schedule whose first day is a massage day
        started = experiments.new_experiment(ctx=ctx, arms="evening massage,none", seed=seed)
        if started["schedule"][0]["arm"] == "evening massage":
            break
        experiments.stop_experiment(ctx=ctx, reason="looking for a massage-first schedule")
    no_massage = ((PrecautionKind.NO_MASSAGE, ()),)
    store_check(ctx, "restless_legs", triage=TriageLevel.URGENT, precautions=no_massage)
    assert experiments.todays_arm(ctx=ctx)["blocked"] is True
    paths = [item.path for item in NAV] + ["/more"]
    for path in paths:
        text = _text(html_client.get(path).text)
        assert not COMMAND.search(text), (path, COMMAND.search(text))
        assert not BAD_COUNT.search(text), (path, BAD_COUNT.search(text))
        assert text.count("Not for you now") <= 1, path  # said once, by the safety note
