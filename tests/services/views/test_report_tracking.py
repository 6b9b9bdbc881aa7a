"""The clinician report's tracking parts (issue 19): lines for name and date of birth, the
medicine list with its flags, the weekly scores, warning signs screened, the check's key answers
as facts, each question topic once, and a summary that fits on page 1 of the PDF (read back with
poppler's pdftotext, a parser other than the writer)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.reports.clinician import summary_share
from legcare.services.views.report import (
    build_report,
    check_facts,
    render_report_html,
    render_report_pdf,
)
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import log_days, seed_tracking

TODAY = FIXED_NOW.date()
START = TODAY - timedelta(days=27)
NO = "no"
# a complete check: restless legs on 5 days a week for over a year, told iron was low, started
# a sedating antihistamine, and first-step heel pain for 8 weeks
ANSWERS: dict[str, Any] = {
    "rf_emergency": ["none"],
    "rf_urgent": ["none"],
    "complaints": ["restless", "heel"],
    "rls_urge": "yes",
    "rls_rest": "yes",
    "rls_relief": "yes",
    "rls_evening": "yes",
    "rls_days_per_week": 5,
    "rls_since": "over_1_year",
    "rls_sleep": 7,
    "rls_distress": 6,
    "la_new_medicine": "yes",
    "la_medicine_kind": ["antihistamine"],
    "heel_first_steps": "yes",
    "heel_location": "underside_inner",
    "heel_eases_then_returns": "yes",
    "heel_weeks": 8,
    "heel_sides": "one",
    "heel_risks": ["footwear"],
    "ctx_iron_low": "yes",
    "ctx_kidney": NO,
    **dict.fromkeys(
        (
            "heel_nerve", "heel_night_pain", "heel_self_care_tried", "la_cramp_knot",
            "la_position_once", "la_numb_burning", "la_joint_pain", "la_swelling_heavy",
            "la_walking_pain", "la_whole_body", "la_toe_movements", "calf_tight", "ctx_pregnant",
            "ctx_diabetes", "ctx_bleeding", "ctx_varicose", "ctx_numb_skin", "ctx_wounds",
            "ctx_rls_medicine", "heel_inflammatory",
        ),
        NO,
    ),
}  # fmt: skip


@pytest.fixture
def checked(ctx):
    from legcare.services.screening import run_check

    log_days(ctx, TODAY, 14)
    run_check(ctx=ctx, answers=ANSWERS)
    return ctx


def test_key_answers_are_facts_and_each_question_topic_comes_once(checked) -> None:
    report = build_report(ctx=checked, start=START, end=TODAY)
    assert report.check is not None and report.check.red_flags == ()
    assert report.check.facts == (
        "Restless-legs feelings on 5 days in a usual week.",
        "Had them for: more than a year.",
        "How much they spoil sleep: 7 out of 10 (10: every night, badly).",
        "How much they upset or get in the way of the day: 6 out of 10 (10: enormously).",
        "Has been told that their iron or ferritin is low.",
        "It started or got worse in the weeks after starting or changing a medicine "
        "(a sedating antihistamine).",
        "Heel pain for 8 weeks.",
        "Heel pain worst at the first steps in the morning or after sitting.",
        "Heel pain worst: under the heel, toward the inner side.",
    )
    questions = report.questions
    assert sum("ferritin" in q for q in questions) == 1
    assert sum(q.startswith("Medicines review") for q in questions) == 1
    assert not any("prescriber whether a medicine you started" in q for q in questions)
    assert not any(q.startswith("Describe how many days") for q in questions)
    assert len(set(questions)) == len(questions)
    html = render_report_html(ctx=checked, start=START, end=TODAY)
    assert "Warning signs asked about first: none reported." in html


def test_medicines_in_the_period_with_flags_sources_and_own_words(checked) -> None:
    from legcare.services.medicines import add_medicine

    seed_tracking(checked, end=TODAY)
    add_medicine(ctx=checked, name="Old cream", kind="treatment",
                 started=START - timedelta(days=90), stopped=START - timedelta(days=1))  # fmt: skip
    report = build_report(ctx=checked, start=START, end=TODAY)
    sertraline, paracetamol = report.medicines  # the one stopped before the period is left out
    assert sertraline.flag == "SSRI and SNRI antidepressants"
    assert any(s.startswith("Kolla") for s in sertraline.flag_sources)
    assert sertraline.stopped is None and not sertraline.as_needed
    assert paracetamol.flag is None and paracetamol.as_needed and paracetamol.uses == 1
    assert paracetamol.own_dose_text == "my own <b>text</b>"
    medicines_question = next(q for q in report.questions if q.startswith("Medicines review"))
    assert medicines_question.startswith("Medicines review: Sertraline (marked *")
    html = render_report_html(ctx=checked, start=START, end=TODAY)
    assert "my own &lt;b&gt;text&lt;/b&gt;" in html and "<b>text</b>" not in html
    assert "Old cream" not in html


def test_weekly_scores_chart_and_table(checked) -> None:
    from legcare.services import weekly_scores

    rls = {"frequency": 5, "intensity": 5, "sleep": 5, "daytime_impact": 5}
    for weeks_back, value in ((0, 4), (1, 6), (3, 8)):
        answers = dict.fromkeys(rls, value)
        day = TODAY - timedelta(weeks=weeks_back)
        weekly_scores.save_week(ctx=checked, kind="rls", answers=answers, day=day)
    weekly = build_report(ctx=checked, start=START, end=TODAY).weekly
    assert weekly is not None and weekly.weeks_answered == 3
    assert weekly.titles == ("Restless legs", "Heel pain")
    assert [(r.scores) for r in weekly.rows] == [(40, None), (60, None), (80, None)]
    assert weekly.rows[0].week > weekly.rows[1].week  # newest first
    assert 'id="weekly-rls_weekly-line"' in weekly.chart
    assert "not a validated instrument" in weekly.note


def test_red_flags_are_counted_under_warning_signs_screened(checked) -> None:
    answers = {**ANSWERS, "rf_urgent": ["one_sided_swelling"], "rf_clot_risk": ["none"]}
    from legcare.services.screening import run_check

    run_check(ctx=checked, answers=answers)
    html = render_report_html(ctx=checked, start=START, end=TODAY)
    assert "Warning signs asked about first: 1 reported" in html
    assert "Warning signs asked about first: none reported." not in html


def test_name_and_birth_date_are_blank_lines_never_invented(checked) -> None:
    report = build_report(ctx=checked, start=START, end=TODAY)
    assert report.patient.name is None and report.patient.birth_date is None
    html = render_report_html(ctx=checked, start=START, end=TODAY)
    assert html.count('class="write-in"') == 2


def _pdftotext(pdf: bytes, tmp_path: Path, page: int) -> str:
    tool = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        [tool, "-f", str(page), "-l", str(page), "-layout", str(source), "-"],
        check=True, capture_output=True, timeout=60, text=True,
    )  # fmt: skip
    return " ".join(out.stdout.split())


@pytest.mark.parametrize("warning_signs", [False, True])
def test_a_full_summary_still_fits_on_page_one(
    checked, tmp_path: Path, warning_signs: bool
) -> None:
    """Twelve medicines with long own notes, both weekly scores for a year, a long diary (and
    warning signs with what to do): the summary shows its share on page 1 and the rest moves
    under More details."""
    from legcare.services import weekly_scores
    from legcare.services.medicines import add_medicine
    from legcare.services.screening import run_check

    if warning_signs:
        urgent = ["one_sided_swelling", "red_hot_skin"]
        run_check(ctx=checked, answers={**ANSWERS, "rf_urgent": urgent, "rf_clot_risk": ["none"]})

    long_note = "one in the evening when needed, as my own doctor wrote on the box, " * 2
    for i in range(12):
        add_medicine(ctx=checked, name=f"Sertraline {i + 1}" if i % 3 == 0
                     else f"Medicine {i + 1}", started=TODAY - timedelta(days=300 + i),
                     as_needed=i % 2 == 0, own_dose_text=long_note[:120])  # fmt: skip
    start = TODAY - timedelta(days=364)
    log_days(checked, start + timedelta(days=40), 20)
    for w in range(52):
        day = TODAY - timedelta(weeks=w)
        weekly_scores.save_week(
            ctx=checked,
            kind="rls",
            day=day,
            answers={"frequency": w % 10, "intensity": 5, "sleep": 4, "daytime_impact": 3},
        )
        weekly_scores.save_week(ctx=checked, kind="heel", day=day, answers={
            "first_step_pain": 6, "pain_after_standing": w % 7, "function": 2})  # fmt: skip
    pdf = render_report_pdf(ctx=checked, start=start, end=TODAY)
    page_one = _pdftotext(pdf, tmp_path, 1)
    page_two = _pdftotext(pdf, tmp_path, 2)
    assert "Name" in page_one and "Date of birth" in page_one
    screened = "asked about first: 2 reported" if warning_signs else "first: none reported."
    assert screened in page_one
    assert "Restless-legs feelings on 5 days in a usual week." in page_one
    shown = summary_share(build_report(ctx=checked, start=start, end=TODAY)).medicines
    assert shown == (2 if warning_signs else 4)  # warning signs take room from the list
    assert "Sertraline 10" in page_one and "Sertraline 7" in page_one  # flagged ones first
    # every flagged medicine is named on page 1, those past the share in one line
    text = " ".join(page_one.split())
    for name in ("Sertraline 1", "Sertraline 4", "Sertraline 7", "Sertraline 10"):
        assert re.search(rf"{name}\b", text), name
    if shown < 4:
        assert "Also flagged, with the details under More details:" in text
    assert f"{12 - shown} more medicines under More details" in page_one
    assert "Weekly scores" in page_one and "Questions to discuss" in page_one
    assert "End of the summary" in page_one  # the summary did not spill over
    assert page_two.startswith("More details")
    assert "Medicine 3 " in page_two and "Medicine 3 " not in page_one


@given(
    days=st.integers(0, 7),
    sleep=st.integers(0, 10),
    weeks=st.integers(0, 520),
    since=st.sampled_from(["under_1_month", "months", "over_1_year", "garbage"]),
)
def test_facts_repeat_the_answers_and_add_nothing(
    days: int, sleep: int, weeks: int, since: str
) -> None:
    labels = {"rls_since": {"under_1_month": "Less than a month", "months": "1 to 12 months",
                            "over_1_year": "More than a year"}}  # fmt: skip
    answers = {
        "rls_days_per_week": days,
        "rls_sleep": sleep,
        "heel_weeks": weeks,
        "rls_since": since,
    }
    facts = check_facts(answers, labels)
    assert f" {days} day" in facts[0]
    assert any(f.startswith(f"How much they spoil sleep: {sleep} out of 10") for f in facts)
    assert any(f"Heel pain for {weeks} week" in f for f in facts)
    assert any("Had them for" in f for f in facts) is (since != "garbage")
    assert check_facts({}, labels) == ()
    text = " ".join(facts).lower()
    assert "diagnos" not in text and "consistent with" not in text and " mg" not in text


def test_a_new_medicine_without_the_rls_pattern_still_gets_the_medicines_question(ctx) -> None:
    """The check's "a medicine started before it" point is said by the report's own medicines
    question, so it is never lost when the restless-legs pattern is not found."""
    from legcare.services.views.report import _questions

    point = "Ask the prescriber whether a medicine you started or changed could be adding to it."
    result = {"patterns": [], "red_flags": [], "clinician_points": [point]}
    asked = _questions(result, [], {}, covered=frozenset({point}), new_medicine=True)
    assert [q for q in asked if q.startswith("Medicines review")] and point not in asked
    assert not _questions(result, [], {}, covered=frozenset({point}))
