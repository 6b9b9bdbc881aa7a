"""Plans: generating a weekly plan (target < 5 ms median), against serialising one to JSON."""

from __future__ import annotations

import json

from benchmarks.harness import Row, make_row, time_call
from legcare.domain.plans.catalogue import Catalogue
from legcare.domain.plans.check import CheckSummary, Precaution, PrecautionKind, TriageLevel
from legcare.domain.plans.generator import generate_plan
from legcare.domain.plans.model import Plan
from legcare.domain.plans.profile import TOOLS, parse_profile
from legcare.domain.sessions import player
from legcare.store.knowledge_files import load_knowledge_base

CATALOGUE = Catalogue.from_knowledge(load_knowledge_base())

FULL = CheckSummary(
    patterns={
        "restless_legs": "consistent",
        "plantar_fasciitis": "possible",
        "calf_tightness": "consistent",
        "hamstring_tightness": "possible",
    },
    triage=TriageLevel.SEE_CLINICIAN_SOON,
)
CAREFUL = CheckSummary(
    patterns=FULL.patterns,
    triage=TriageLevel.SELF_CARE,
    precautions=(
        Precaution(PrecautionKind.GENTLE_ONLY),
        Precaution(PrecautionKind.NO_TOOLS_ON_NUMB_SKIN, frozenset({"feet"})),
        Precaution(PrecautionKind.AVOID_AREA, frozenset({"left_calf"})),
    ),
)
PROFILE = parse_profile({"tools": list(TOOLS), "minutes_per_day": 60, "days": "all"})


def _play_session(plan: Plan) -> None:
    session = plan.session("evening_massage")
    assert session is not None
    steps = tuple(player.PlayerStep(s.id, s.seconds) for s in session.steps)
    state, _ = player.start(steps, 0.0)
    for second in range(0, session.seconds + 200, 1):
        state, _ = player.tick(state, float(second))
    assert state.finished


def rows(quick: bool) -> list[Row]:
    repeat = 50 if quick else 300
    plan = generate_plan(FULL, PROFILE, catalogue=CATALOGUE)
    assert isinstance(plan, Plan)
    base = make_row(
        "plans",
        "baseline: plan to JSON (json.dumps of to_dict)",
        time_call(lambda: json.dumps(plan.to_dict()), repeat=repeat),
    )
    full = make_row(
        "plans",
        "generate plan (RLS + heel + posterior chain, all tools)",
        time_call(
            lambda: generate_plan(FULL, PROFILE, catalogue=CATALOGUE), repeat=repeat, warmup=5
        ),
        target="< 5 ms",
        baseline_ms=base.median_ms,
        baseline_name="plan to JSON",
    )
    careful = make_row(
        "plans",
        "generate plan with precautions (gentle, numb feet, avoid calf)",
        time_call(
            lambda: generate_plan(CAREFUL, PROFILE, catalogue=CATALOGUE), repeat=repeat, warmup=5
        ),
        target="< 5 ms",
        baseline_ms=base.median_ms,
        baseline_name="plan to JSON",
    )
    ticks = make_row(
        "plans",
        "session state machine: play 45 min at 1 tick/s",
        time_call(lambda: _play_session(plan), repeat=max(5, repeat // 10)),
        baseline_ms=base.median_ms,
        baseline_name="plan to JSON",
    )
    return [base, full, careful, ticks]
