"""The one safety state: what the latest check (and any warning sign of an unfinished check)
allows, and the one place that says what counts as massage or as loading the leg.

Every surface (plan, session start and resume, the session player, experiments, Learn, Today,
the report) asks this state through ``legcare.services.safety.current_state`` and keeps no copy
of the rule. The state is derived from two screening results:

- the newest **completed** check, and
- the answers given so far in an **unfinished** check: a warning sign counts the moment it is
  answered, so stopping halfway through a check never hides it.

A possible blood clot (a ``no_massage`` precaution) blocks every massage and rolling, and every
loading of the leg (stretching, strengthening) until a clinician has checked it. A warning sign
at "urgent" or "emergency" level means help is needed today: ``needs_help_now``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TypedDict

from legcare.domain.screening.result import ScreeningResult
from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel, most_urgent


class Activity(Enum):
    """What a step, a technique, an exercise or an experiment arm asks of the legs."""

    MASSAGE = "massage"  # massage, rolling, pressure with a tool
    LEG_LOADING = "leg_loading"  # stretching, strengthening, mobility work
    OTHER = "other"  # habits, relaxation, checklists, footwear, doing nothing


# Plan step kinds (``legcare.domain.plans.model.StepKind`` values).
MASSAGE_STEP_KINDS = frozenset({"massage", "rolling"})
LEG_LOADING_STEP_KINDS = frozenset({"stretch", "strength"})
# Knowledge-base topic kinds (``legcare.domain.knowledge.entry.EntryKind`` values).
MASSAGE_TOPIC_KINDS = frozenset({"technique"})
LEG_LOADING_TOPIC_KINDS = frozenset({"exercise"})
# Advice categories that load the legs (``AdviceCategory`` values): exercise and activity.
LEG_LOADING_ADVICE_CATEGORIES = frozenset({"exercise", "activity"})
# Words in a free-text experiment arm (matched after "_" and "-" become spaces).
MASSAGE_WORDS = (
    "massage",
    "roll",
    "ball",
    "trigger",
    "deep tissue",
    "cane",
    "knead",
    "stick",
    "rub",
    "press",
    "gun",
    "percuss",
    "vibrat",
    "myofascial",
    "reflexology",
    "pneumatic",
)
# Devices that press, squeeze or shake the legs, named by an advice topic (its title or other
# names): such a topic teaches massage, and a possible blood clot blocks it like any massage.
MASSAGE_DEVICE_WORDS = ("vibration", "pneumatic", "massager", "compression")
LEG_LOADING_WORDS = (
    "stretch",
    "strength",
    "exercise",
    "eccentric",
    "raise",
    "heel drop",
    "yoga",
    "pilates",
    "squat",
    "lunge",
    "bridge",
    "nordic",
    "curl",
    "loading",
    "calf",
    "hamstring",
)
_NOTHING_ARMS = frozenset({"none", "nothing", "usual", "usual care", "control", "rest"})
_NEGATIONS = ("no ", "no-", "no_", "without ")

HELP_NOW = frozenset({TriageLevel.EMERGENCY, TriageLevel.URGENT})


def activity_of_step(kind: str) -> Activity:
    """The activity of a plan step of ``kind`` (a ``StepKind`` value)."""
    if kind in MASSAGE_STEP_KINDS:
        return Activity.MASSAGE
    if kind in LEG_LOADING_STEP_KINDS:
        return Activity.LEG_LOADING
    return Activity.OTHER


def activity_of_topic(kind: str) -> Activity:
    """The activity a Learn topic of ``kind`` (an ``EntryKind`` value) teaches."""
    if kind in MASSAGE_TOPIC_KINDS:
        return Activity.MASSAGE
    if kind in LEG_LOADING_TOPIC_KINDS:
        return Activity.LEG_LOADING
    return Activity.OTHER


def activities_of_topic(
    kind: str,
    *,
    step_kinds: Iterable[str] = (),
    linked_topic_kinds: Iterable[str] = (),
    advice_category: str = "",
    names: Iterable[str] = (),
) -> frozenset[Activity]:
    """Everything a Learn topic teaches the legs to do: its own kind, the plan steps it
    schedules, the techniques and exercises it links to, and an exercise or activity advice.

    ``names`` (the topic's title and other names) count for advice only: an advice topic that
    names a device of ``MASSAGE_DEVICE_WORDS`` (a vibration pad, a pneumatic compression
    sleeve, a foot massager) teaches massage, whatever its category."""
    found = {activity_of_topic(kind)}
    if kind == "advice" and any(
        word in name.casefold() for name in names for word in MASSAGE_DEVICE_WORDS
    ):
        found.add(Activity.MASSAGE)
    found |= {activity_of_step(k) for k in step_kinds}
    found |= {activity_of_topic(k) for k in linked_topic_kinds}
    if advice_category in LEG_LOADING_ADVICE_CATEGORIES:
        found.add(Activity.LEG_LOADING)
    return frozenset(found - {Activity.OTHER}) or frozenset({Activity.OTHER})


@lru_cache(maxsize=1024)  # pages ask it for every scheduled day; the answer depends on the words
def activity_of_arm(arm: str) -> Activity:
    """The activity of one experiment arm given as free text ("evening massage", "none").

    "_" and "-" count as spaces, so a topic id ("calf_raises") reads as its words. An arm that
    names a leg muscle ("calf") counts as loading the leg: when in doubt, the stricter reading.
    """
    name = " ".join(arm.casefold().replace("_", " ").replace("-", " ").split())
    if not name or name in _NOTHING_ARMS or name.startswith(_NEGATIONS):
        return Activity.OTHER
    if any(word in name for word in MASSAGE_WORDS) or _misspells(name, MASSAGE_WORDS):
        return Activity.MASSAGE
    if any(word in name for word in LEG_LOADING_WORDS) or _misspells(name, LEG_LOADING_WORDS):
        return Activity.LEG_LOADING
    return Activity.OTHER


TYPO_MIN_LENGTH = 5  # shorter words are too easily another word
TYPO_CUTOFF = 0.85  # difflib similarity: "masage" ~ "massage" (0.92), "dress" !~ "press" (0.8)


def _misspells(name: str, words: tuple[str, ...]) -> bool:
    """A word of ``name`` that is a close misspelling of one of ``words`` ("masage", "strech"):
    when in doubt, the stricter reading."""
    from difflib import get_close_matches

    targets = _typo_targets(words)
    return any(
        get_close_matches(token, targets, n=1, cutoff=TYPO_CUTOFF)
        for token in name.split()
        if len(token) >= TYPO_MIN_LENGTH
    )


@lru_cache(maxsize=4)
def _typo_targets(words: tuple[str, ...]) -> list[str]:
    """The one-word ``words`` long enough to misspell, with their common endings."""
    roots = [w for w in words if " " not in w and len(w) >= TYPO_MIN_LENGTH - 1]
    return [form for w in roots for form in (w, w + "s", w + "es", w + "ing")]


def is_massage_arm(arm: str) -> bool:
    """An experiment arm that asks for massage (``activity_of_arm``)."""
    return activity_of_arm(arm) is Activity.MASSAGE


def split_arms(arms: str | Iterable[str]) -> tuple[str, ...]:
    """Arms given as "a,b" or as a list, stripped, empty ones left out."""
    items = arms.split(",") if isinstance(arms, str) else list(arms)
    return tuple(a.strip() for a in items if a.strip())


class WarningJson(TypedDict):
    id: str
    label: str
    what_to_do: str
    level: str
    unfinished_check: bool


class SafetyJson(TypedDict):
    """The state as every surface returns it under ``safety`` (``GET /api/v1/safety``)."""

    triage: str
    triage_label: str
    what_to_do: str
    needs_help_now: bool
    massage_blocked: bool
    leg_loading_blocked: bool
    blocked: list[str]
    message: str
    unfinished_check: bool
    warnings: list[WarningJson]


@dataclass(frozen=True, slots=True)
class WarningSign:
    """A warning sign found by a check (completed or not) and what to do about it now."""

    id: str
    label: str
    what_to_do: str
    level: TriageLevel
    unfinished_check: bool = False

    def to_dict(self) -> WarningJson:
        return {
            "id": self.id,
            "label": self.label,
            "what_to_do": self.what_to_do,
            "level": self.level.value,
            "unfinished_check": self.unfinished_check,
        }


NOT_FOR_YOU_NOW = {
    Activity.MASSAGE: "no massage, rolling or pressure on the legs",
    Activity.LEG_LOADING: "no stretching or strengthening of the legs",
}


@dataclass(frozen=True, slots=True)
class SafetyState:
    """What every surface may offer now. Build it with ``derive``; the default allows all."""

    triage: TriageLevel = TriageLevel.SELF_CARE
    what_to_do: str = ""
    warnings: tuple[WarningSign, ...] = ()
    massage_blocked: bool = False
    block_reason: str = ""
    unfinished_check: bool = False  # something here comes from a check not yet finished
    has_check: bool = False
    # The knowledge-base precautions the checks found (completed and unfinished); None when
    # there is no check at all, so nothing is known yet.
    precautions: frozenset[str] | None = None

    @property
    def leg_loading_blocked(self) -> bool:
        """A possible clot also rules out loading the leg until a clinician has checked it."""
        return self.massage_blocked

    @property
    def needs_help_now(self) -> bool:
        """True when a warning sign means being seen today or calling for help now."""
        return self.triage in HELP_NOW

    def allows(self, activity: Activity) -> bool:
        """May ``activity`` be offered, started, resumed or scheduled now?"""
        if activity is Activity.MASSAGE:
            return not self.massage_blocked
        if activity is Activity.LEG_LOADING:
            return not self.leg_loading_blocked
        return True

    def allows_step(self, kind: str) -> bool:
        return self.allows(activity_of_step(kind))

    def allows_topic(self, kind: str) -> bool:
        return self.allows(activity_of_topic(kind))

    def allows_all(self, activities: Iterable[Activity]) -> bool:
        return all(self.allows(a) for a in activities)

    def allows_arms(self, arms: str | Iterable[str]) -> bool:
        return all(self.allows(activity_of_arm(a)) for a in split_arms(arms))

    def blocked_activities(self) -> tuple[Activity, ...]:
        return tuple(a for a in (Activity.MASSAGE, Activity.LEG_LOADING) if not self.allows(a))

    def refusal(self) -> str:
        """One plain sentence: what is not for you now, and why."""
        if not self.blocked_activities():
            return ""
        what = " and ".join(NOT_FOR_YOU_NOW[a] for a in self.blocked_activities())
        where = "a check you have not finished" if self.unfinished_check else "your latest check"
        why = f" ({self.block_reason.rstrip('.')})" if self.block_reason else ""
        return (
            f"Not for you now: {what}. Your answers in {where} point to a warning sign{why}; "
            "follow what the check says to do and let a clinician check you first."
        )

    def to_dict(self) -> SafetyJson:
        """The JSON form every surface returns under ``safety``."""
        return {
            "triage": self.triage.value,
            "triage_label": self.triage.label,
            "what_to_do": self.what_to_do,
            "needs_help_now": self.needs_help_now,
            "massage_blocked": self.massage_blocked,
            "leg_loading_blocked": self.leg_loading_blocked,
            "blocked": [a.value for a in self.blocked_activities()],
            "message": self.refusal(),
            "unfinished_check": self.unfinished_check,
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _clot_label(result: ScreeningResult) -> str:
    return next((p.label for p in result.precautions if p.kind is PrecautionKind.NO_MASSAGE), "")


def derive(
    latest: ScreeningResult | None, unfinished: ScreeningResult | None = None
) -> SafetyState:
    """The state from the newest completed check and the answers of an unfinished one.

    The unfinished check only adds: its warning signs and a no-massage precaution count at once,
    while the completed check keeps its restrictions until a newer check is completed.
    """
    warnings: list[WarningSign] = []
    levels: list[TriageLevel] = []
    texts: dict[TriageLevel, list[str]] = {}
    blocked = False
    reason = ""
    from_unfinished = False
    precautions: set[str] = set()
    for result, is_unfinished in ((latest, False), (unfinished, True)):
        if result is None:
            continue
        precautions.update(p.id for p in result.precautions)
        flags = [
            WarningSign(f.id, f.label, f.what_to_do, f.level, is_unfinished)
            for f in result.red_flags
        ]
        if is_unfinished:
            level = most_urgent([f.level for f in flags])
            what = " ".join(dict.fromkeys(f.what_to_do for f in flags if f.level is level))
        else:
            level, what = result.triage.level, result.triage.what_to_do
        fresh = [w for w in flags if w.id not in {x.id for x in warnings}]
        warnings.extend(fresh)
        if is_unfinished and fresh:
            from_unfinished = True
        levels.append(level)
        if what:
            texts.setdefault(level, []).append(what)
        if result.massage_blocked and not blocked:
            blocked, reason = True, _clot_label(result)
            from_unfinished = from_unfinished or is_unfinished
    triage = most_urgent(levels)
    return SafetyState(
        triage=triage,
        what_to_do=" ".join(dict.fromkeys(texts.get(triage, []))),
        warnings=tuple(sorted(warnings, key=lambda w: w.level.rank)),
        massage_blocked=blocked,
        block_reason=reason,
        unfinished_check=from_unfinished,
        has_check=latest is not None,
        precautions=None if latest is None and unfinished is None else frozenset(precautions),
    )


__all__ = [
    "Activity",
    "SafetyState",
    "WarningSign",
    "activities_of_topic",
    "activity_of_arm",
    "activity_of_step",
    "activity_of_topic",
    "is_massage_arm",
    "derive",
    "split_arms",
]
