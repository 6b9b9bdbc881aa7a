"""Two weekly scores of our own: restless legs, and heel pain.

These are legcare's own short items, written for self-tracking. They are **not validated
instruments** and are not the IRLS or any other licensed questionnaire; they do not measure
"severity" in any clinical sense and have no cut-offs. Their wording lives in
``content/weekly_items.yaml``; this module owns the item ids, the 0-10 range and the scoring.

Every item is 0-10 with 0 the best and 10 the worst. The score is the mean of the items scaled
to 0-100 (rounded half up), and it needs every item answered: a week with a missing item has no
score, rather than a score that silently means something else. A week runs Monday to Sunday and
is named by its Monday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from legcare.errors import InvalidInput

ITEM_MIN, ITEM_MAX = 0, 10
SCORE_MAX = 100


class WeeklyScoreKind(StrEnum):
    RLS = "rls_weekly"
    HEEL = "heel_weekly"


ITEMS: dict[WeeklyScoreKind, tuple[str, ...]] = {
    WeeklyScoreKind.RLS: ("frequency", "intensity", "sleep", "daytime_impact"),
    WeeklyScoreKind.HEEL: ("first_step_pain", "pain_after_standing", "function"),
}


@dataclass(frozen=True, slots=True)
class WeeklyScore:
    """One week's answers to one of the two weekly scores, and its 0-100 score."""

    kind: WeeklyScoreKind
    week: date  # the Monday
    answers: tuple[tuple[str, int], ...]
    score: int

    def answer(self, item: str) -> int:
        return dict(self.answers)[item]


def week_of(day: date) -> date:
    """The Monday of the week that holds ``day``."""
    return day - timedelta(days=day.weekday())


def parse_kind(raw: str) -> WeeklyScoreKind:
    aliases = {"rls": WeeklyScoreKind.RLS, "heel": WeeklyScoreKind.HEEL}
    key = raw.strip().lower()
    if key in aliases:
        return aliases[key]
    try:
        return WeeklyScoreKind(key)
    except ValueError:
        raise InvalidInput(
            f"weekly score {raw!r} is not known; allowed: rls (rls_weekly) or heel (heel_weekly)"
        ) from None


def score_items(kind: WeeklyScoreKind, answers: Mapping[str, int]) -> int:
    """The 0-100 score of a complete set of answers (mean of the items x 10, half up)."""
    values = [answers[item] for item in ITEMS[kind]]
    mean = Fraction(sum(values), len(values)) * 10
    return int(mean + Fraction(1, 2))


def check_answers(kind: WeeklyScoreKind, answers: Mapping[str, object]) -> dict[str, int]:
    """The answers as whole numbers 0-10, one per item; ``InvalidInput`` says what is wrong."""
    items = ITEMS[kind]
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise InvalidInput(
            f"{kind.value}: unknown item(s) {', '.join(unknown)}; allowed: {', '.join(items)}"
        )
    missing = [item for item in items if answers.get(item) is None]
    if missing:
        raise InvalidInput(
            f"{kind.value}: missing {', '.join(missing)}; every item needs an answer from 0 to 10"
        )
    clean: dict[str, int] = {}
    for item in items:
        value = answers[item]
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{kind.value}: {item} is {value!r}; allowed: a whole number 0-10")
        if not ITEM_MIN <= value <= ITEM_MAX:
            raise InvalidInput(f"{kind.value}: {item} is {value}; allowed: 0 to 10")
        clean[item] = value
    return clean


def weekly_score(
    kind: WeeklyScoreKind, day: date, answers: Mapping[str, object], *, today: date
) -> WeeklyScore:
    """A validated, scored week; ``day`` may be any day of the week it is for."""
    if day > today:
        raise InvalidInput(f"{day.isoformat()} is in the future; allowed: this week or earlier")
    clean = check_answers(kind, answers)
    return WeeklyScore(
        kind=kind,
        week=week_of(day),
        answers=tuple((item, clean[item]) for item in ITEMS[kind]),
        score=score_items(kind, clean),
    )


@dataclass(frozen=True, slots=True)
class WeeklyItemText:
    """How one item is asked, and what its two ends mean."""

    id: str
    text: str
    low: str
    high: str


@dataclass(frozen=True, slots=True)
class WeeklyScoreText:
    """The wording of one weekly score, read from the content."""

    kind: WeeklyScoreKind
    title: str
    period: str
    items: tuple[WeeklyItemText, ...]
    not_validated: str
    sources: tuple[str, ...]

    def item(self, item_id: str) -> WeeklyItemText:
        return next(i for i in self.items if i.id == item_id)
