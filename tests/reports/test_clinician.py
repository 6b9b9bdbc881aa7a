"""The clinician report's HTML: every section from its data, escaping, sections left out when
their source is empty, and nothing fetched from outside."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from legcare.reports.clinician import (
    Adherence,
    Chart,
    CheckSection,
    Experiment,
    Finding,
    Note,
    ReportData,
    TrendRow,
    refuse_fetch,
    render_html,
)

SCRIPT = "<script>alert('x')</script>"
SVG = (
    '<svg role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<g id="symptoms-series-rls"></g></svg>'
)


def _data(**changes) -> ReportData:
    base = ReportData(
        start=date(2026, 9, 25),
        end=date(2026, 11, 20),
        generated_at=datetime(2026, 11, 20, 20, 30, tzinfo=UTC),
        app_version="9.9.9",
        evening_checkins=50,
        morning_checkins=48,
        days=57,
        check=CheckSection(
            completed=date(2026, 9, 1),
            triage_label="See a clinician soon",
            triage_level="see_clinician_soon",
            what_to_do="Book an appointment in the next few weeks.",
            summary="",
            patterns=(Finding("Restless legs pattern", "consistent"), Finding("Heel", "possible")),
            red_flags=(("One-sided calf swelling", "Get seen today; do not massage the leg."),),
            precautions=("No massage anywhere until a clot is ruled out",),
            massage_blocked=True,
        ),
        questions=("Iron studies: ferritin and transferrin saturation?",),
        trends=(TrendRow("Restless-legs symptoms", 5.25, 5.0, 6.0, "better"),),
        charts=(Chart("Symptom ratings", SVG),),
        adherence=Adherence(planned=8, done=6, rate=0.75, summary="6 of 8 planned sessions done."),
        plan_summary="Self-care plan version 2.",
        tried=("Evening leg massage: 6 started, 5 finished.",),
        associations=("Nights with caffeine went with higher ratings. Not a cause.",),
        association_notes=("These are associations, not causes.",),
        experiments=(
            Experiment("Does massage help me?", "active", date(2026, 10, 1), "Day 12 of 42."),
        ),
        notes=(Note(date(2026, 11, 19), "evening check-in", f"{SCRIPT} & more"),),
    )
    return ReportData(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})


def test_every_section_is_shown() -> None:
    html = render_html(_data())
    for section in (
        "check",
        "questions",
        "symptoms",
        "adherence",
        "associations",
        "experiments",
        "notes",
    ):
        assert f'<section id="{section}">' in html
    assert "See a clinician soon" in html and "consistent with it" in html
    assert "possibly consistent with it" in html
    assert "One-sided calf swelling" in html and 'role="alert"' in html
    assert "Massage is blocked in the app" in html
    assert "5.2" in html and "6.0" in html and "better" in html
    assert "6 of 8 planned sessions done." in html
    assert "Does massage help me?" in html and "Day 12 of 42." in html
    assert "25 Sep 2026 to 20 Nov 2026" in html


def test_notes_are_escaped_and_charts_are_inlined() -> None:
    html = render_html(_data())
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert '<g id="symptoms-series-rls">' in html  # the trusted SVG is inlined, not escaped
    assert "<style>" in html and "@page" in html


def test_nothing_is_fetched_from_outside() -> None:
    html = render_html(_data())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<link" not in html and "@import" not in html
    for url in ("https://example.org/x.css", "http://a/b.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="fetches nothing"):
            refuse_fetch(url)


def test_empty_sections_are_left_out() -> None:
    html = render_html(
        _data(
            check=None,
            questions=(),
            trends=(),
            charts=(),
            adherence=None,
            plan_summary=None,
            tried=(),
            associations=(),
            experiments=(),
            notes=(),
        )
    )
    assert "No check yet." in html
    assert 'id="questions"' not in html and 'id="experiments"' not in html
    assert 'id="notes"' not in html and "<svg" not in html
    assert "No check-ins in this period." in html
    assert "No plan in this period" in html
    assert "Not enough days yet to compare" in html


def test_plan_without_adherence_says_so() -> None:
    html = render_html(_data(adherence=None))
    assert "Adherence to the plan is not available" in html


def test_no_doses_and_no_diagnosis_wording() -> None:
    html = render_html(_data()).lower()
    assert not re.search(r"\d\s*(mg|mcg|µg)\b", html)
    assert "you have" not in html and "diagnosed" not in html
