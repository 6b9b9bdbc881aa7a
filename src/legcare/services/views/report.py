"""The clinician report use-case: gather, word and render (HTML, PDF) one period of the diary.

``build_report(ctx=, start=, end=) -> ReportData`` reads only (it never creates a plan version):
the latest completed check (``services.screening``), trends, adherence and associations
(``services.insights``) with their SVG charts (``reports.charts``), the newest plan
(``services.plans.plan_history``), the session log (``services.sessions``), the check-ins'
practices and notes (``services.diary``) and experiments (``services.experiments``). An
experiment the report cannot read is left out rather than failing the report. The tracking
records (issue 19) are read in their own functions below: the medicines of the period with
their flags (``services.medicines``), the weekly scores (``store.weekly_scores``) and the latest
check's key answers as facts (``check_facts``).

Questions to discuss are our own wording: iron studies (ferritin and transferrin saturation)
and medicines that can worsen restless legs for an RLS pattern, an assessment for heel or toe
symptoms, and what the diary shows. Never a dose, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from legcare import __version__
from legcare.domain.counting import count
from legcare.domain.safety import SafetyState
from legcare.domain.screening.vocabulary import TriageLevel
from legcare.domain.tracking.weekly_scores import WeeklyScoreKind, week_of
from legcare.errors import InvalidInput, LegcareError, NotFound, SafetyStop
from legcare.reports.clinician import (
    RAISED_SINCE,
    WARNING_PREFIX,
    Adherence,
    Chart,
    CheckSection,
    Experiment,
    Finding,
    MedicineRow,
    Note,
    PatientDetails,
    ReportData,
    TrendRow,
    WeeklyRow,
    WeeklyScores,
    render_html,
    render_pdf,
)
from legcare.reports.weekly_chart import WeeklyLine, weekly_scores_svg
from legcare.services import experiments, medicines, plans, screening, sessions
from legcare.services.context import AppContext
from legcare.services.safety import current_state
from legcare.services.views import insights
from legcare.store import data_rights
from legcare.store import medicines as medicine_rows
from legcare.store import weekly_scores as weekly_rows
from legcare.store.tracking_content import load_weekly_items

DEFAULT_DAYS = 56  # eight weeks, as the insights
MAX_NOTES = 6
MAX_EXPERIMENTS = 3
MAX_ASSOCIATIONS = 4
MAX_DAYS = 366 * 20
# the insights windows need room on both sides of the calendar (services.insights)
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
RLS_PATTERN = "restless_legs"
WEEKLY_AFTER_DAYS = 183
CHART_TITLES = {
    "symptoms": "Symptom ratings: 7-day averages and daily ratings, session days marked",
    "symptoms_weekly": "Symptom ratings: 7-day averages, one point a week",
    "adherence": "Each week: the outline is what the plan asked, the bar inside it what was done",
}
PRACTICES = (
    ("massage_done", "an evening massage"),
    ("supportive_shoes", "supportive shoes or orthotics"),
    ("iron_supplement", "an iron supplement (recorded as yes or no only)"),
    ("long_sitting", "long sitting or travel"),
    ("caffeine", "caffeine"),
    ("alcohol", "alcohol"),
)

QUESTION_IRON = (
    "Iron studies: would a ferritin test and transferrin saturation help (ideally a morning, "
    "fasting sample)? Low iron stores are linked with restless legs."
)
QUESTION_MEDICINES = (
    "Medicines review: some medicines can make restless legs worse, for example sedating "
    "antihistamines (including some over-the-counter sleep aids), anti-sickness medicines and "
    "antipsychotics that block dopamine, and some antidepressants. Is any of them in use? "
    "(Not a reason to stop a prescribed medicine without the prescriber.)"
)
QUESTION_CONDITIONS = (
    "Are conditions often linked with restless legs worth checking, such as kidney disease, "
    "pregnancy, diabetes or nerve problems in the legs?"
)
QUESTION_HEEL = (
    "Heel pain at the first steps: is an assessment by a physiotherapist or doctor worthwhile, "
    "and are the stretches and footwear in the plan right?"
)
QUESTION_TOES = (
    "Painful toe or foot movements at rest: worth a doctor's assessment (for example for nerve "
    "problems)."
)
QUESTION_HAMSTRING = (
    "Back-of-thigh pain: does it need an assessment (especially after a sudden onset, a pop or "
    "bruising), and when is it safe to load it again?"
)


def check_period(start: date, end: date, today: date) -> None:
    """``InvalidInput`` listing every way ``[start, end]`` is not a period a report can cover."""
    problems = []
    if end > today:
        problems.append(f"to: allowed: today ({today.isoformat()}) or an earlier day")
    if start > end:
        problems.append("from: allowed: a date on or before the end date")
    if (end - start).days > MAX_DAYS:
        problems.append(f"the period: allowed: at most {MAX_DAYS} days")
    if start < EARLIEST_DAY or end > LATEST_DAY:
        problems.append(f"from, to: allowed: dates from {EARLIEST_DAY} to {LATEST_DAY}")
    if problems:
        raise InvalidInput(
            f"The report period {start.isoformat()} to {end.isoformat()} is not valid.",
            details=problems,
        )


# --- the check -----------------------------------------------------------------------------


UNFINISHED_CHECK = (
    "The person answered warning-sign questions in a check that is not finished yet; "
    "the rest of the check has no answers."
)


def _unfinished_section(state: SafetyState) -> CheckSection | None:
    """Warning signs of an unfinished check, when no completed check exists."""
    if not state.warnings:
        return None
    return CheckSection(
        completed=None,
        triage_label=state.triage.label,
        triage_level=state.triage.value,
        what_to_do="",  # the warning signs below say what to do, once
        summary=UNFINISHED_CHECK,
        red_flags=tuple((w.label, w.what_to_do) for w in state.warnings),
        massage_blocked=state.massage_blocked,
    )


def _check_section(
    ctx: AppContext,
) -> tuple[CheckSection | None, dict[str, Any] | None, Mapping[str, Any]]:
    """The check section, the latest completed check's result and its answers."""
    state = current_state(ctx=ctx)
    try:
        check: Mapping[str, Any] = screening.latest_check(ctx=ctx)
    except NotFound:
        return _unfinished_section(state), None, {}
    result = check.get("result") or {}
    if not result:
        return _unfinished_section(state), None, {}
    answers: Mapping[str, Any] = check.get("answers") or {}
    completed = check.get("completed_at")
    raised = state.triage.rank < TriageLevel(result["triage"]["level"]).rank
    reported = [(f["label"], f["what_to_do"]) for f in result.get("red_flags", [])]
    labels = {label for label, _ in reported}
    reported += [
        (f"{w.label} (in a check not finished yet)", w.what_to_do)
        for w in state.warnings
        if w.unfinished_check and w.label not in labels
    ]
    section = CheckSection(
        completed=date.fromisoformat(completed[:10]) if completed else None,
        # an unfinished check's warning sign can only make the triage more urgent
        triage_label=state.triage.label if raised else result["triage"]["label"],
        triage_level=state.triage.value if raised else result["triage"]["level"],
        what_to_do=RAISED_SINCE if raised else result["triage"]["what_to_do"],
        summary=result.get("summary", ""),
        patterns=tuple(
            Finding(p["name"], p["status"])
            for p in result.get("patterns", [])
            if p["status"] in ("consistent", "possible")
        ),
        red_flags=tuple(reported),
        precautions=tuple(p["label"] for p in result.get("precautions", [])),
        massage_blocked=state.massage_blocked,
        facts=check_facts(answers, _option_labels(ctx)),
    )
    return section, result, answers


# --- questions -----------------------------------------------------------------------------


def _pattern_ids(result: Mapping[str, Any] | None) -> set[str]:
    if not result:
        return set()
    return {
        p["id"] for p in result.get("patterns", []) if p["status"] in ("consistent", "possible")
    }


def _trend(trends: Sequence[Mapping[str, Any]], metric: str) -> Mapping[str, Any] | None:
    return next((t for t in trends if t["metric"] == metric), None)


def _diary_questions(
    trends: Sequence[Mapping[str, Any]], practice_days: Mapping[str, int]
) -> list[str]:
    out = []
    for t in trends:
        if t.get("direction") == "worse" and t.get("change") is not None:
            out.append(
                f"{t['label'].capitalize()} got worse: the last four weeks averaged "
                f"{t['last_4_weeks']['mean']:.1f} against {t['previous_4_weeks']['mean']:.1f} "
                "in the four weeks before. What might explain it?"
            )
    sleep = _trend(trends, "sleep_quality")
    mean = sleep["last_4_weeks"]["mean"] if sleep else None
    if mean is not None and mean < 5:
        out.append(
            f"Sleep quality averaged {mean:.1f} out of 10 over the last four weeks: worth "
            "discussing sleep habits and other causes of poor sleep."
        )
    if practice_days.get("iron_supplement"):
        out.append(
            f"An iron supplement was recorded on {practice_days['iron_supplement']} evenings: "
            "was it advised, and when should iron levels be checked again?"
        )
    return out


def _questions(  # noqa: PLR0913 - the parts a question can come from
    result: Mapping[str, Any] | None,
    trends: Sequence[Mapping[str, Any]],
    practice_days: Mapping[str, int],
    *,
    covered: frozenset[str] = frozenset(),
    flagged: Sequence[MedicineRow] = (),
    new_medicine: bool = False,
) -> tuple[str, ...]:
    """The questions, each topic once: ``covered`` are the check's clinician-point texts the
    report already says in its own words (iron studies, the medicines review, the key facts)."""
    patterns = _pattern_ids(result)
    out: list[str] = []
    if result:
        out.extend(f"{label}: {todo}" for label, todo in _red_flags(result))
    if RLS_PATTERN in patterns:
        out += [QUESTION_IRON, _medicines_question(flagged), QUESTION_CONDITIONS]
    elif flagged or new_medicine:  # the check's "a medicine started before it" point, too
        out.append(_medicines_question(flagged))
    if "plantar_fasciitis" in patterns:
        out.append(QUESTION_HEEL)
    if "plmt" in patterns:
        out.append(QUESTION_TOES)
    if patterns & {"hamstring_strain", "hamstring_tightness"}:
        out.append(QUESTION_HAMSTRING)
    if result:
        out.extend(str(p) for p in result.get("clinician_points", []) if str(p) not in covered)
    out.extend(_diary_questions(trends, practice_days))
    return tuple(dict.fromkeys(out))  # in order, without repeats


def _red_flags(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(f"{WARNING_PREFIX}{f['label']}", f["what_to_do"]) for f in result.get("red_flags", [])]


# --- insights, plan, sessions, diary -------------------------------------------------------


def _insights(ctx: AppContext, start: date, end: date) -> dict[str, Any] | None:
    return insights.insights_view(ctx=ctx, start=start, end=end).to_json()


def _weekly(data: Mapping[str, Any]) -> dict[str, Any]:
    """A long period drawn from one point a week (the 7-day averages), without session marks.

    Thousands of daily points make a slow, heavy SVG and show nothing more at a page's width.
    """
    series = data["series"]
    picks = list(range(len(series["days"]) - 1, -1, -7))[::-1]
    weekly: dict[str, Any] = {"days": [series["days"][i] for i in picks], "session_days": []}
    for key, values in series.items():
        if key not in weekly and isinstance(values, list):
            weekly[key] = [values[i] for i in picks]
    return {**data, "series": weekly}


def _charts(data: dict[str, Any]) -> tuple[Chart, ...]:
    draw = insights.render_insight_charts
    if not any(data["checkins"].values()):
        return ()
    long_period = len(data["series"]["days"]) > WEEKLY_AFTER_DAYS
    charts = []
    symptoms = draw(_weekly(data) if long_period else data, names=["symptoms"], inline=True)
    title = CHART_TITLES["symptoms_weekly" if long_period else "symptoms"]
    charts.append(Chart(title, symptoms["symptoms"], "symptoms"))
    if data.get("adherence"):
        adherence = draw(data, names=["adherence"], inline=True)
        charts.append(Chart(CHART_TITLES["adherence"], adherence["adherence"], "adherence"))
    return tuple(charts)


def _trend_rows(data: Mapping[str, Any] | None) -> tuple[TrendRow, ...]:
    if not data:
        return ()
    return tuple(
        TrendRow(
            label=t["label"].capitalize() + ("" if t["unit"] == "points" else f" ({t['unit']})"),
            last_7_days=t["last_7_days"]["mean"],
            last_4_weeks=t["last_4_weeks"]["mean"],
            previous_4_weeks=t["previous_4_weeks"]["mean"],
            direction=t["direction"],
            higher_is_better=bool(t["higher_is_better"]),
        )
        for t in data["trends"]
        if t["last_4_weeks"]["n"] or t["last_7_days"]["n"]
    )


def _associations(data: Mapping[str, Any] | None) -> tuple[str, ...]:
    if not data:
        return ()
    enough = [a for a in data.get("associations", []) if a["enough"]]
    rank = {"better": 0, "worse": 1, "unclear": 2}
    enough.sort(key=lambda a: (rank.get(a["direction"] or "unclear", 3), -(a["confidence"] or 0)))
    return tuple(a["summary"] for a in enough[:MAX_ASSOCIATIONS])


def _plan_summary(ctx: AppContext, end: date) -> str | None:
    """The newest plan version of the period; for a period up to today, the plan as it stands
    now (the safety state withholds what it blocks), even before it is saved as a version."""
    versions = [
        v for v in plans.plan_history(ctx=ctx) if date.fromisoformat(v["created_at"][:10]) <= end
    ]
    if not versions:
        return None
    newest = versions[0]
    shown, made = newest["sessions"], date.fromisoformat(newest["created_at"][:10])
    name = f"Self-care plan version {newest['version']} (from {made.strftime('%d %b %Y')})"
    if end >= ctx.today():
        try:
            record, plan = plans.read_plan(ctx=ctx)
        except SafetyStop:
            return None
        shown = plan.to_dict()["sessions"]
        if record is None:
            name = f"Self-care plan as of {ctx.today().strftime('%d %b %Y')} (not saved yet)"
    sessions = ", ".join(f"{s['title']} ({s['minutes']} min)" for s in shown)
    return f"{name}: {sessions or 'no sessions'}."


def _session_lines(ctx: AppContext, start: date, end: date) -> tuple[list[str], list[Note]]:
    logs = sessions.session_logs(ctx=ctx, start=start, end=end)
    by_title: dict[str, list[sessions.SessionLogView]] = {}
    for log in logs:
        by_title.setdefault(log["title"], []).append(log)
    lines = []
    for title, items in by_title.items():
        finished = [i for i in items if i["status"] == "finished"]
        empty = sum(1 for i in finished if i["done"] == 0)  # ended with every step skipped
        minutes = sum(i["massage_seconds"] for i in items) / 60
        line = f"{title}: {len(items)} started, {len(finished) - empty} finished"
        if empty:
            line += f" ({empty} more ended with every step skipped)"
        if minutes >= 1:
            line += f"; about {minutes:.0f} minutes of massage or rolling in all"
        lines.append(line + ".")
    notes = [
        Note(date.fromisoformat(log["day"]), "session", note)
        for log in logs
        if (note := log["note"])
    ]
    return lines, notes


def _practice_days(data: Mapping[str, Any] | None) -> dict[str, int]:
    """Evenings with each exposure or practice (from the insights' same-evening comparisons)."""
    if not data:
        return {}
    return {
        a["exposure"]: int(a["n_with"])
        for a in data.get("associations", [])
        if a["outcome"] == "rls" and a["timing"] == "same_evening"
    }


def _diary_lines(data: Mapping[str, Any] | None, counts: Mapping[str, int]) -> list[str]:
    evenings = (data or {}).get("checkins", {}).get("evening", 0)
    wanted = (*PRACTICES, ("exercise", "exercise"))
    done = [f"{label} on {counts[name]}" for name, label in wanted if counts.get(name)]
    if not evenings or not done:
        return []
    return [f"Of {evenings} recorded evenings: " + "; ".join(done) + "."]


def _diary_notes(ctx: AppContext, start: date, end: date) -> list[Note]:
    with ctx.store.read() as conn:
        found = data_rights.recent_notes(conn, ctx.user_id, start=start, end=end, limit=MAX_NOTES)
    return [Note(day, f"{kind} check-in", note) for day, kind, note in found]


def _experiment(item: Mapping[str, Any], ctx: AppContext) -> Experiment:
    arms = [str(a) for a in item["arms"]]
    question = f"{arms[0].capitalize()} against {', '.join(arms[1:])}, rated by {item['outcome']}"
    chart = None
    found = experiments.experiment_results(ctx=ctx, experiment_id=item["id"])
    question = f"{question.split(', rated by')[0]}, rated by {found['outcome']['label']}"
    if not found["enough_data"]:
        summary = "Not enough rated days yet to say anything: " + "; ".join(found["reasons"])
    else:
        summary = str(found["sentence"])
        if found["interim"]:
            summary = (
                f"Interim look, provisional (planned to end {found['planned_end']}; a "
                f"stricter rule applies before then). {summary}"
            )
        extra = [c for c in found["caveats"] if "interim look" not in c]
        if extra:
            summary = f"{summary} " + " ".join(extra)
        if found.get("ratings"):
            chart = str(experiments.results_charts(found, inline=True)["ratings"])
    return Experiment(
        question=question,
        status=str(item["status"]),
        started=date.fromisoformat(item["start_day"]),
        summary=summary,
        chart=chart,
    )


def _experiments(ctx: AppContext, end: date) -> tuple[Experiment, ...]:
    try:
        items = experiments.list_experiments(ctx=ctx)["experiments"]
        return tuple(
            _experiment(item, ctx)
            for item in items[:MAX_EXPERIMENTS]
            if date.fromisoformat(item["start_day"]) <= end
        )
    except (LegcareError, KeyError, ValueError):
        return ()  # an experiment the report cannot read must not stop the report


# --- tracking (issue 19): the check's key answers, medicines, weekly scores ---------------
# Kept apart from the sections above so other parts of the report can change independently.

# clinician points the report says in its own words: the iron question, the key facts and the
# medicines question (with the person's own list) cover them
COVERED_POINTS = frozenset(
    {"rls_iron", "rls_known_low_iron", "rls_symptom_pattern", "rls_course", "new_medicine"}
)
WEEKLY_TITLES = {WeeklyScoreKind.RLS: "Restless legs", WeeklyScoreKind.HEEL: "Heel pain"}
SUMMARY_WEEKS = 4
MAX_FLAGGED_NAMED = 2
FACT_QUESTIONS = ("rls_since", "heel_location")
MEDICINE_KINDS = {  # the check's la_medicine_kind answers, in a few words
    "antipsychotic_antisickness": "an antipsychotic or anti-sickness medicine",
    "antidepressant": "an antidepressant",
    "antihistamine": "a sedating antihistamine",
}


def _option_labels(ctx: AppContext) -> dict[str, dict[str, str]]:
    """Answer labels of the questions the key facts quote (empty when the content is missing)."""
    try:
        questionnaire = screening.screening_content(ctx=ctx).questionnaire
    except LegcareError:
        return {}
    out: dict[str, dict[str, str]] = {}
    for qid in FACT_QUESTIONS:
        question = questionnaire.get(qid)
        if question is not None:
            out[qid] = {o.value: o.label for o in question.options}
    return out


def _number(answers: Mapping[str, Any], qid: str) -> int | None:
    value = answers.get(qid)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def check_facts(
    answers: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]
) -> tuple[str, ...]:
    """The key answers of a check as facts in the person's own report: how often, since
    when, how much sleep and the day suffer, how long the heel has hurt. Nothing is inferred."""
    out: list[str] = []
    days = _number(answers, "rls_days_per_week")
    if days is not None:
        out.append(f"Restless-legs feelings on {count(days, 'day')} in a usual week.")
    since = answers.get("rls_since")
    if isinstance(since, str) and since in labels.get("rls_since", {}):
        out.append(f"Had them for: {labels['rls_since'][since].lower()}.")
    sleep = _number(answers, "rls_sleep")
    if sleep is not None:
        out.append(f"How much they spoil sleep: {sleep} out of 10 (10: every night, badly).")
    distress = _number(answers, "rls_distress")
    if distress is not None:
        out.append(
            f"How much they upset or get in the way of the day: {distress} out of 10 "
            "(10: enormously)."
        )
    if answers.get("ctx_iron_low") == "yes":
        out.append("Has been told that their iron or ferritin is low.")
    if answers.get("la_new_medicine") == "yes":
        kinds = answers.get("la_medicine_kind")
        named = [MEDICINE_KINDS[k] for k in kinds or () if k in MEDICINE_KINDS]
        out.append(
            "It started or got worse in the weeks after starting or changing a medicine"
            + (f" ({' and '.join(named)})." if named else ".")
        )
    weeks = _number(answers, "heel_weeks")
    if weeks is not None:
        out.append(f"Heel pain for {count(weeks, 'week')}.")
    if answers.get("heel_first_steps") == "yes":
        out.append("Heel pain worst at the first steps in the morning or after sitting.")
    where = answers.get("heel_location")
    if isinstance(where, str) and where in labels.get("heel_location", {}):
        out.append(f"Heel pain worst: {labels['heel_location'][where].lower()}.")
    return tuple(out)


def _covered_points(
    ctx: AppContext, result: Mapping[str, Any] | None, answers: Mapping[str, Any]
) -> frozenset[str]:
    """The texts of the check's clinician points that the report covers in its own words."""
    if not result or not answers:
        return frozenset()
    try:
        rules = screening.screening_content(ctx=ctx).rules.clinician_points
    except LegcareError:
        return frozenset()
    return frozenset(p.text for p in rules if p.id in COVERED_POINTS)


def _medicines_question(flagged: Sequence[MedicineRow]) -> str:
    """The medicines review: the person's own flagged medicines when there are any."""
    if not flagged:
        return QUESTION_MEDICINES
    if len(flagged) <= MAX_FLAGGED_NAMED:
        names = " and ".join(m.name for m in flagged)
    else:
        names = f"{len(flagged)} medicines in the list"
    return (
        f"Medicines review: {names} (marked * in the medicine list) "
        f"{'is' if len(flagged) == 1 else 'are'} in a class reported to worsen restless legs in "
        "some people. Worth a review with the prescriber? (Not a reason to stop a prescribed "
        "medicine without the prescriber.)"
    )


def _citation(ctx: AppContext, source_id: str) -> str:
    """``Silber MH et al. 2021`` for a source id (the id itself when it is not known)."""
    try:
        source = ctx.kb.source(source_id)
    except (KeyError, LegcareError):
        return source_id
    first = source.authors.split(",")[0].strip()
    if first and "," in source.authors and "et al" not in first:
        first += " et al."
    return " ".join(p for p in (first, str(source.year or "")) if p) or source.title


def _in_period(m: medicines.MedicineView, start: date, end: date) -> bool:
    return (m.started is None or m.started <= end) and (m.stopped is None or m.stopped >= start)


def _medicines(ctx: AppContext, start: date, end: date) -> tuple[MedicineRow, ...]:
    """The medicines taken at some time in the period (or with no dates), flagged ones first,
    with the "as needed" uses recorded in the period."""
    listed = medicines.list_medicines(ctx=ctx).medicines
    with ctx.store.read() as conn:
        uses = medicine_rows.list_uses(conn, ctx.user_id, start=start, end=end)
    counts: dict[int, int] = {}
    for use in uses:
        counts[use.medicine_id] = counts.get(use.medicine_id, 0) + 1
    rows = [
        MedicineRow(
            name=m.name,
            kind=m.kind,
            started=m.started,
            stopped=m.stopped,
            as_needed=m.as_needed,
            uses=counts.get(m.id, 0),
            own_dose_text=m.own_dose_text,
            flag=m.flag.class_name if m.flag else None,
            flag_sources=tuple(_citation(ctx, s) for s in m.flag.sources) if m.flag else (),
        )
        for m in listed
        if _in_period(m, start, end)
    ]
    rows.sort(key=lambda r: r.flag is None)  # stable: flagged first, then as logged
    return tuple(rows)


def _weekly_scores(ctx: AppContext, start: date, end: date) -> WeeklyScores | None:
    """Both weekly scores over the weeks of the period: the chart and the newest weeks."""
    texts = load_weekly_items()
    first, last = week_of(start), week_of(end)
    with ctx.store.read() as conn:
        stored = weekly_rows.list_weekly_scores(conn, ctx.user_id, start=first, end=last)
    kinds = tuple(WeeklyScoreKind)
    by_kind = {
        kind: tuple((s.score.week, s.score.score) for s in stored if s.score.kind is kind)
        for kind in kinds
    }
    weeks = sorted({s.score.week for s in stored}, reverse=True)
    lines = [WeeklyLine(kind.value, texts[kind].title, by_kind[kind]) for kind in kinds]
    table = tuple(
        WeeklyRow(week, tuple(dict(by_kind[kind]).get(week) for kind in kinds))
        for week in weeks[:SUMMARY_WEEKS]
    )
    return WeeklyScores(
        titles=tuple(WEEKLY_TITLES[kind] for kind in kinds),
        rows=table,
        chart=weekly_scores_svg(lines, first=first, last=last, inline=True),
        note=texts[kinds[0]].not_validated,
        weeks_answered=len(weeks),
    )


def build_report(*, ctx: AppContext, start: date, end: date) -> ReportData:
    """Everything the report shows for ``[start, end]``, in words (reads only)."""
    check_period(start, end, ctx.today())
    check, result, answers = _check_section(ctx)
    medicine_list = _medicines(ctx, start, end)
    data = _insights(ctx, start, end)
    session_lines, session_notes = _session_lines(ctx, start, end)
    practice_days = _practice_days(data)
    diary_lines = _diary_lines(data, practice_days)
    notes = sorted(session_notes + _diary_notes(ctx, start, end), key=lambda n: n.day, reverse=True)
    adherence = (data or {}).get("adherence")
    return ReportData(
        start=start,
        end=end,
        generated_at=ctx.now(),
        app_version=__version__,
        evening_checkins=(data or {}).get("checkins", {}).get("evening", 0),
        morning_checkins=(data or {}).get("checkins", {}).get("morning", 0),
        days=(end - start).days + 1,
        check=check,
        questions=_questions(
            result,
            (data or {}).get("trends", []),
            practice_days,
            covered=_covered_points(ctx, result, answers),
            flagged=[m for m in medicine_list if m.flag],
            new_medicine=answers.get("la_new_medicine") == "yes",
        ),
        trends=_trend_rows(data),
        charts=_charts(data) if data else (),
        adherence=None
        if not adherence
        else Adherence(
            planned=adherence["planned"],
            done=adherence["done"],
            rate=adherence["rate"],
            summary=adherence["summary"],
        ),
        plan_summary=_plan_summary(ctx, end),
        tried=tuple(session_lines + diary_lines),
        associations=_associations(data),
        association_notes=tuple((data or {}).get("notes", [])[:1]),
        experiments=_experiments(ctx, end),
        notes=tuple(notes[:MAX_NOTES]),
        patient=PatientDetails(),  # legcare stores no name or birth date: lines to write on
        medicines=medicine_list,
        weekly=_weekly_scores(ctx, start, end),
    )


def default_period(end: date) -> tuple[date, date]:
    """The default report period: the eight weeks ending ``end``."""
    return date.fromordinal(max(1, end.toordinal() - DEFAULT_DAYS + 1)), end


def parse_day(value: str, name: str) -> date:
    """``value`` as a date, or ``InvalidInput`` naming the option and the format."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not a date.", details=[f"{name}: allowed: a date as YYYY-MM-DD"]
        ) from None


def render_html_and_pdf(
    *, ctx: AppContext, start: date, end: date, pdf: bool
) -> tuple[str, bytes | None]:
    """The HTML report and, when ``pdf``, the PDF rendered from that same HTML."""
    html = render_report_html(ctx=ctx, start=start, end=end)
    return html, render_pdf(html) if pdf else None


def render_report_html(*, ctx: AppContext, start: date, end: date) -> str:
    """The report as one self-contained HTML page."""
    return render_html(build_report(ctx=ctx, start=start, end=end))


def render_report_pdf(*, ctx: AppContext, start: date, end: date) -> bytes:
    """The report as PDF, rendered from the HTML by WeasyPrint (nothing fetched)."""
    return render_pdf(render_report_html(ctx=ctx, start=start, end=end))


__all__ = [
    "build_report",
    "default_period",
    "parse_day",
    "render_html_and_pdf",
    "render_report_html",
    "render_report_pdf",
]
