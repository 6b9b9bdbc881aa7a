"""The clinician report: a one-page summary a clinician reads in a minute, then the details,
as HTML and as PDF.

The summary (page 1 of the PDF, whatever the data): lines to write the name and date of birth
on, the latest check with the warning signs screened and the key answers as facts, the medicine
list, the weekly scores and the first questions to discuss. What does not fit (more medicines,
more questions) follows under "More details"; ``summary_share`` says how much the summary shows,
and gives way when warning signs take room. The rest are the details.

``ReportData`` is everything the report shows, already worded; the read model
(``legcare.services.views.report.build_report``) fills it from the check, the diary, the insights,
the plan, the session log and the experiments. A section whose source is missing or empty is
``None`` or empty and the template leaves it out. ``render_html`` uses Jinja2 with autoescaping (a
note with ``<script>`` shows as text); the charts are trusted SVG from ``reports.charts`` and
are inlined. ``render_pdf`` renders that HTML with WeasyPrint and refuses every external fetch,
so the report never reaches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legcare.domain.counting import count

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"
# what the one-page summary shows at most; the rest follows under "More details"
SUMMARY_MEDICINES = 4
SUMMARY_QUESTIONS = 4
LINE_CHARS = 100  # characters on one line of the summary's width, roughly
WARNING_PREFIX = "Warning sign: "  # a question that repeats a warning sign (services.views.report)
RAISED_SINCE = (
    "Since this check, a warning sign was answered in a check not finished yet; the level above "
    "comes from it. What to do is under the warning signs."
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A pattern the answers were consistent with (never a diagnosis), and its status."""

    name: str
    status: str  # "consistent" | "possible"


@dataclass(frozen=True, slots=True)
class CheckSection:
    """The latest completed check."""

    completed: date | None
    triage_label: str
    triage_level: str
    what_to_do: str
    summary: str
    patterns: tuple[Finding, ...] = ()
    red_flags: tuple[tuple[str, str], ...] = ()  # (label, what to do now)
    precautions: tuple[str, ...] = ()
    massage_blocked: bool = False
    facts: tuple[str, ...] = ()  # key answers, worded as the person's own report


@dataclass(frozen=True, slots=True)
class TrendRow:
    label: str
    last_7_days: float | None
    last_4_weeks: float | None
    previous_4_weeks: float | None
    direction: str | None  # better | worse | same | None
    higher_is_better: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    svg: str  # trusted SVG from legcare.reports.charts
    name: str = "symptoms"  # symptoms | adherence: the section it is drawn in


@dataclass(frozen=True, slots=True)
class Adherence:
    planned: int
    done: int
    rate: float | None
    summary: str


@dataclass(frozen=True, slots=True)
class Experiment:
    question: str
    status: str
    started: date | None
    summary: str
    chart: str | None = None  # trusted SVG: the daily ratings by period


@dataclass(frozen=True, slots=True)
class Note:
    day: date
    source: str  # "evening check-in" | "session" ...
    text: str


@dataclass(frozen=True, slots=True)
class PatientDetails:
    """Name and date of birth: ``None`` leaves a blank line to write on (never invented)."""

    name: str | None = None
    birth_date: str | None = None


@dataclass(frozen=True, slots=True)
class MedicineRow:
    """A medicine, supplement or treatment the person logged, in the period."""

    name: str
    kind: str  # medicine | supplement | treatment
    started: date | None
    stopped: date | None
    as_needed: bool
    uses: int  # "as needed" uses recorded in the period
    own_dose_text: str  # the person's own words, verbatim; legcare never suggests a dose
    flag: str | None = None  # the class the content reports may worsen restless legs
    flag_sources: tuple[str, ...] = ()  # short citations of that report


@dataclass(frozen=True, slots=True)
class WeeklyRow:
    week: date  # the Monday
    scores: tuple[int | None, ...]  # one per ``WeeklyScores.titles``; None: not answered


@dataclass(frozen=True, slots=True)
class WeeklyScores:
    """The weekly scores of the period: a chart and a small table (newest weeks)."""

    titles: tuple[str, ...]
    rows: tuple[WeeklyRow, ...]
    chart: str  # trusted SVG from legcare.reports.weekly_chart
    note: str  # "not validated instruments"
    weeks_answered: int = 0


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the clinician report shows, already in words."""

    start: date
    end: date
    generated_at: datetime
    app_version: str
    evening_checkins: int = 0
    morning_checkins: int = 0
    days: int = 0
    check: CheckSection | None = None
    questions: tuple[str, ...] = ()
    trends: tuple[TrendRow, ...] = ()
    charts: tuple[Chart, ...] = ()
    adherence: Adherence | None = None
    plan_summary: str | None = None
    tried: tuple[str, ...] = ()
    associations: tuple[str, ...] = ()
    association_notes: tuple[str, ...] = ()
    experiments: tuple[Experiment, ...] = ()
    notes: tuple[Note, ...] = ()
    omitted: tuple[str, ...] = field(default=())  # sections left out, and why
    patient: PatientDetails = field(default=PatientDetails())
    medicines: tuple[MedicineRow, ...] = ()
    weekly: WeeklyScores | None = None

    def to_json(self) -> dict[str, object]:
        """Everything the report says, as JSON (dates ISO 8601; the charts' SVG left out, their
        titles kept): what ``legcare report --json`` prints."""
        out = _json(self)
        assert isinstance(out, dict)
        return out


SVG_FIELDS = frozenset({"svg", "chart"})  # drawn pictures: not part of the JSON


def _json(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _json(getattr(value, f.name))
            for f in fields(value)
            if not (f.name in SVG_FIELDS and isinstance(getattr(value, f.name), str))
        }
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rating"] = _rating
    env.filters["day"] = _day
    env.filters["count"] = count  # {{ n|count("day") }}: "1 day", "2 days"
    return env


def _rating(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    return value.strftime("%d %b %Y").lstrip("0")


@dataclass(frozen=True, slots=True)
class SummaryShare:
    """How many medicines and questions the one-page summary shows (the rest: More details)."""

    medicines: int
    questions: int


def summary_share(data: ReportData) -> SummaryShare:
    """The summary's share: warning signs take room (about ``LINE_CHARS`` characters a line),
    so the medicines and questions shown on page 1 give way to them, never below two each."""
    flags = data.check.red_flags if data.check else ()
    lines = sum(-(-len(f"{label}: {todo}") // LINE_CHARS) for label, todo in flags)
    extra = lines + 2 if flags else 0  # the box's heading and border
    return SummaryShare(
        medicines=max(2, SUMMARY_MEDICINES - extra // 4),
        questions=max(2, SUMMARY_QUESTIONS - extra // 3),
    )


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, nothing fetched)."""
    from markupsafe import Markup

    css = Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))
    charts: dict[str, list[tuple[str, Markup]]] = {}
    for chart in data.charts:
        charts.setdefault(chart.name, []).append((chart.title, Markup(chart.svg)))
    template = _environment().get_template("report.html")
    share = summary_share(data)
    # the warning signs are in the check's box: the summary's questions do not repeat them
    boxed = data.check is not None and bool(data.check.red_flags)
    questions = [q for q in data.questions if not (boxed and q.startswith(WARNING_PREFIX))]
    return template.render(
        r=data,
        share=share,
        summary_questions=questions[: share.questions],
        more_questions=questions[share.questions :],
        css=css,
        charts=charts,
        weekly_chart=Markup(data.weekly.chart) if data.weekly else None,
        raised_since=RAISED_SINCE,
    )


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint url_fetcher: only inline ``data:`` URLs; never the network or local files."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url, *args, **kwargs)
        return result
    raise ValueError(f"the clinician report fetches nothing from outside ({url[:60]})")


def render_pdf(html: str) -> bytes:
    """The PDF of ``html`` (from ``render_html``), rendered by WeasyPrint without fetching."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=refuse_fetch).write_pdf()
    return pdf


__all__ = [
    "Adherence",
    "Chart",
    "CheckSection",
    "Experiment",
    "Finding",
    "MedicineRow",
    "Note",
    "PatientDetails",
    "ReportData",
    "SummaryShare",
    "TrendRow",
    "WeeklyRow",
    "WeeklyScores",
    "refuse_fetch",
    "render_html",
    "render_pdf",
    "summary_share",
]
