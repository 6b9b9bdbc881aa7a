"""Our own weekly scores (restless legs; heel pain): the questions, saving a week, the history.

These are legcare's own items, not validated instruments (and not the IRLS or any licensed
questionnaire): every view carries that note. Each public function returns a frozen dataclass
with ``to_json()``; each write is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from legcare.domain.tracking import weekly_scores as rules
from legcare.domain.tracking.sources import ValueSource
from legcare.domain.tracking.weekly_scores import WeeklyScoreKind, WeeklyScoreText
from legcare.services.context import AppContext
from legcare.store import weekly_scores as repo
from legcare.store.tracking_content import load_weekly_items

DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class WeeklyQuestions:
    text: WeeklyScoreText

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.text.kind.value,
            "title": self.text.title,
            "period": self.text.period,
            "scale": {"min": rules.ITEM_MIN, "max": rules.ITEM_MAX},
            "items": [
                {"id": i.id, "text": i.text, "low": i.low, "high": i.high} for i in self.text.items
            ],
            "not_validated": self.text.not_validated,
            "sources": list(self.text.sources),
        }


@dataclass(frozen=True)
class WeekView:
    kind: str
    week: date
    answers: tuple[tuple[str, int], ...]
    score: int
    source: str
    replaced: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "week": self.week.isoformat(),
            "answers": dict(self.answers),
            "score": self.score,
            "source": self.source,
            "replaced": self.replaced,
        }


@dataclass(frozen=True)
class WeeklyHistory:
    kind: str
    title: str
    start: date
    end: date
    weeks: tuple[WeekView, ...]
    not_validated: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "score_range": {"min": 0, "max": rules.SCORE_MAX},
            "weeks": [w.to_json() for w in self.weeks],
            "not_validated": self.not_validated,
        }


def questions(*, kind: str) -> WeeklyQuestions:
    """The wording of one weekly score (``rls`` or ``heel``)."""
    return WeeklyQuestions(load_weekly_items()[rules.parse_kind(kind)])


def save_week(
    *, ctx: AppContext, kind: str, answers: dict[str, object], day: date | None = None
) -> WeekView:
    """Save this week's (or ``day``'s week's) answers; saving a week again replaces it."""
    score = rules.weekly_score(
        rules.parse_kind(kind), day or ctx.today(), answers, today=ctx.today()
    )
    with ctx.store.transaction() as conn:
        replaced = repo.save_weekly_score(conn, ctx.user_id, score, ValueSource.MANUAL, ctx.now())
    return WeekView(
        score.kind.value, score.week, score.answers, score.score, ValueSource.MANUAL.value, replaced
    )


def history(*, ctx: AppContext, kind: str, weeks: int = DEFAULT_WEEKS) -> WeeklyHistory:
    """The last ``weeks`` weeks of one weekly score, oldest first; unanswered weeks are absent."""
    the_kind: WeeklyScoreKind = rules.parse_kind(kind)
    end = rules.week_of(ctx.today())
    start = end - timedelta(weeks=max(weeks, 1) - 1)
    with ctx.store.read() as conn:
        stored = repo.list_weekly_scores(conn, ctx.user_id, kind=the_kind, start=start, end=end)
    text = load_weekly_items()[the_kind]
    return WeeklyHistory(
        kind=the_kind.value,
        title=text.title,
        start=start,
        end=end,
        weeks=tuple(
            WeekView(
                s.score.kind.value, s.score.week, s.score.answers, s.score.score, s.source.value
            )
            for s in stored
        ),
        not_validated=text.not_validated,
    )


def history_chart(view: WeeklyHistory) -> str | None:
    """``view``'s weeks as the clinician report's weekly-scores chart (SVG), or None before a
    week is answered."""
    from legcare.reports.weekly_chart import WeeklyLine, weekly_scores_svg

    if not view.weeks:
        return None
    line = WeeklyLine(view.kind, view.title, tuple((w.week, w.score) for w in view.weeks))
    return weekly_scores_svg([line], first=view.start, last=view.end, inline=True)
