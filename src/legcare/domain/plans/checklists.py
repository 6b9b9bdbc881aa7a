"""The untimed parts of a plan: checklists, and the lines at the top (notices).

Wording follows the safety rules: patterns are "consistent with", never a diagnosis; no doses of
medicines or supplements; iron means "ask for a ferritin test".
"""

from __future__ import annotations

import re
from dataclasses import replace

from legcare.domain.plans.catalogue import CALF, HEEL, POSTERIOR, RLS, VENOUS
from legcare.domain.plans.check import CheckSummary, TriageLevel
from legcare.domain.plans.model import Checklist, Notice, Why

WHAT_TO_DO_NOW = (
    "Call your local emergency number now (112 in Europe, 999 in the UK, 911 in the US), "
    "or go to the nearest emergency department.",
    "Do not massage, roll, stretch or exercise the leg while you wait.",
    "legcare will not build a self-care plan until a clinician has seen you.",
)

_TRIAGE_NOTICE = {
    TriageLevel.URGENT: "See a clinician today: your check found something that should be "
    "looked at the same day. Start this plan only after that.",
    TriageLevel.SEE_CLINICIAN_SOON: "See a clinician soon: book a routine visit about what "
    "your check found. The plan below is safe to start meanwhile.",
    TriageLevel.MENTION_NEXT_VISIT: "See a clinician at your next visit and mention what your "
    "check found. The plan below is safe to start.",
}


def triage_notice(check: CheckSummary) -> Notice | None:
    text = _TRIAGE_NOTICE.get(check.triage)
    return None if text is None else Notice(check.triage.value, text, ("F45", "F46"))


def safety_notices(check: CheckSummary, *, no_massage: bool, gentle: bool) -> list[Notice]:
    notices = []
    if no_massage:
        notices.append(
            Notice(
                "safety",
                "No massage, rolling, stretching or leg exercises until a clinician has checked "
                "for a blood clot: massage could move a clot. Only the relaxation and sleep "
                "steps remain.",
                ("F46",),
            )
        )
    if gentle:
        notices.append(
            Notice(
                "safety",
                "Light stroking with the hands only: no deep pressure, trigger-point work or "
                "hard tools, because bruising and bleeding come more easily.",
                ("F46",),
            )
        )
    if check.suggests(VENOUS):
        notices.append(
            Notice(
                "clinician",
                "Heavy, swollen legs are worth discussing with a clinician, who can check the "
                "veins and the cause of the swelling. See one the same day if one leg is "
                "suddenly swollen, warm, red or painful. Meanwhile, raise your legs when you rest.",
                ("F06",),
            )
        )
    if check.suggests("plmt"):
        notices.append(
            Notice(
                "clinician",
                "Painful toe or foot movements at rest are worth discussing with a doctor; "
                "they can come from the nerves rather than restless legs, so the evening "
                "massage sessions are left out until then.",
                ("F09",),
            )
        )
    return notices


def _why(conditions: tuple[str, ...], evidence: str, sources: tuple[str, ...], facts: str) -> Why:
    return Why(conditions, evidence, sources, tuple(facts.split()))


FOOTWEAR = Checklist(
    "footwear_orthotics",
    "Footwear and orthotics",
    (
        "Shoes that fit well, support and cushion the arch, and are not tight.",
        "Leave high heels and narrow toe boxes for rare occasions.",
        "Try arch-supporting orthotic inserts; they spread the pressure under the foot.",
        "Keep the foot supported even while you rest it; resting is hard with restless legs, "
        "so support matters more.",
        "Most heel pain like this settles at home with support, stretching and rest.",
    ),
    _why((HEEL, CALF), "expert_opinion", ("S0", "S4", "jospt_2023"), "F33 F34 F35 F36 F12"),
)

ACTIVITY = Checklist(
    "activity_return",
    "Activity changes and a gradual return",
    (
        "Cut back on what overloads the feet and hamstrings: long standing, running, hills, "
        "sprints and sudden turns.",
        "Walk evenly; limping to spare a sore heel moves the load onto the calf and hamstrings.",
        "Come back to activity gradually, in small steps, while pain stays settled.",
        "If the foot and the back of the leg seem linked, a physiotherapist can assess the chain.",
    ),
    _why((HEEL, *POSTERIOR), "moderate", ("S0", "S4"), "F44 F37 F17 F15 F16 F45 F13 F14"),
)

SLEEP = Checklist(
    "sleep_habits",
    "Sleep habits",
    (
        "A cool, dark, quiet bedroom.",
        "No screens in the hour before bed.",
        "The same bedtime every night.",
        "Relax before bed: slow breathing, meditation or gentle yoga.",
    ),
    _why((RLS,), "expert_opinion", ("S1", "S3", "aasm_2024"), "F40 F41 F49 F48"),
)

TRIGGERS = Checklist(
    "triggers",
    "Triggers to watch",
    (
        "Caffeine (coffee, tea, cola, energy drinks), especially after midday.",
        "Alcohol in the evening.",
        "Long spells of sitting still in the evening; get up and move.",
        "Some medicines can make restless legs worse (for example sedating antihistamines and "
        "some sleep aids, antidepressants and anti-sickness drugs); ask your prescriber or "
        "pharmacist, and never stop a prescribed medicine on your own.",
        "Moderate exercise in the day, using the legs, often helps.",
    ),
    _why((RLS,), "low", ("S1", "S2", "S3", "aukerman_2006", "mayo_2021"), "F42 F38 F01"),
)

CLINICIAN_RLS = Checklist(
    "clinician_topics",
    "To raise with a clinician",
    (
        "Ask for a ferritin test (iron stores); take iron or vitamins only if a doctor advises.",
        "Medicines exist for restless legs; whether they suit you is for your doctor to decide.",
        "Ask whether anything behind it (iron, kidneys, diabetes, pregnancy, circulation) "
        "should be checked.",
        "Before starting massage, check it is safe for you; a blood clot rules it out.",
    ),
    _why((RLS,), "expert_opinion", ("S1", "S2", "S3", "aasm_2024"), "F39 F43 F06 F46 F04"),
)

FIND_YOUR_MIX = Notice(
    "info",
    "What helps differs from person to person. Treat the first weeks as a trial: try the "
    "techniques, keep the ones that help, and let the weekly review change the rest.",
    ("F47", "F50"),
)


# A checklist line that asks the legs to work (stretch, exercise, return to activity): left out
# while leg loading is blocked (a possible blood clot), like the stretching sessions themselves.
LEG_LOADING_LINE = re.compile(r"\b(stretch\w*|exercis\w*|yoga|back to activity)\b", re.IGNORECASE)


def without_leg_loading(checklist: Checklist) -> Checklist | None:
    """``checklist`` without its leg-loading lines (None when nothing is left)."""
    items = tuple(i for i in checklist.items if not LEG_LOADING_LINE.search(i))
    return replace(checklist, items=items) if items else None


def checklists_for(
    check: CheckSummary, *, rls: bool, leg_loading_blocked: bool = False
) -> tuple[Checklist, ...]:
    lists = _checklists_for(check, rls=rls)
    if not leg_loading_blocked:
        return lists
    return tuple(c for c in map(without_leg_loading, lists) if c is not None)


def _checklists_for(check: CheckSummary, *, rls: bool) -> tuple[Checklist, ...]:
    lists: list[Checklist] = []
    if check.suggests(HEEL) or check.suggests(CALF):
        lists.append(FOOTWEAR)
    if check.suggests(HEEL) or any(check.suggests(p) for p in POSTERIOR):
        lists.append(ACTIVITY)
    if rls:
        lists += [SLEEP, TRIGGERS, CLINICIAN_RLS]
    return tuple(lists)
