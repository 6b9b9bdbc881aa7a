"""Hypothesis strategies and builders for check summaries and profiles."""

from __future__ import annotations

from datetime import time

from hypothesis import strategies as st

from legcare.domain.plans.catalogue import Catalogue
from legcare.domain.plans.check import CheckSummary, Precaution, PrecautionKind, TriageLevel
from legcare.domain.plans.profile import TOOLS, Pressure, Profile, Side
from legcare.store.knowledge_files import load_knowledge_base

# The plan templates come from the shipped content, as in the app.
CATALOGUE = Catalogue.from_knowledge(load_knowledge_base())

PATTERNS = (
    "restless_legs",
    "plantar_fasciitis",
    "plmt",
    "calf_tightness",
    "hamstring_tightness",
    "hamstring_strain",
    "leg_cramps",
    "venous_disease_oedema",
)
STATUSES = ("consistent", "possible", "not_suggested")
AREAS = ("foot", "calf", "left_calf", "shin", "hamstrings", "thigh", "feet", "legs", "buttock")


def make_check(
    *patterns: str,
    triage: TriageLevel = TriageLevel.SELF_CARE,
    precautions: tuple[Precaution, ...] = (),
) -> CheckSummary:
    return CheckSummary(
        patterns=dict.fromkeys(patterns, "consistent"), triage=triage, precautions=precautions
    )


def make_profile(**overrides: object) -> Profile:
    fields: dict[str, object] = {
        "tools": frozenset(TOOLS),
        "minutes_per_day": 60,
        "bedtime": time(22, 30),
        "days": frozenset(range(7)),
        "pressure": Pressure.MODERATE,
        "side": Side.BOTH,
    }
    fields.update(overrides)
    return Profile(**fields)  # type: ignore[arg-type]


precautions = st.builds(
    Precaution,
    kind=st.sampled_from(list(PrecautionKind)),
    areas=st.frozensets(st.sampled_from(AREAS), max_size=3),
)

checks = st.builds(
    CheckSummary,
    patterns=st.dictionaries(st.sampled_from(PATTERNS), st.sampled_from(STATUSES)),
    triage=st.sampled_from(list(TriageLevel)),
    precautions=st.lists(precautions, max_size=4).map(tuple),
)

profiles = st.builds(
    Profile,
    tools=st.frozensets(st.sampled_from(TOOLS)),
    minutes_per_day=st.integers(5, 180),
    bedtime=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    pressure=st.sampled_from(list(Pressure)),
    side=st.sampled_from(list(Side)),
)
