"""The clinician report service: what it gathers, the PDF's text (pypdf) and its first page
rendered to PNG (poppler's pdftoppm), saved under test-artifacts/ for a look."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from legcare.errors import InvalidInput
from legcare.services.views.report import build_report, render_report_html, render_report_pdf
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import SCRIPT_NOTE, SESSION_NOTE, seed_everything

TODAY = FIXED_NOW.date()
START = TODAY - timedelta(days=29)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def seeded(ctx):
    seed_everything(ctx, end=TODAY, days=30)
    return ctx


def test_build_report_gathers_every_part(seeded) -> None:
    report = build_report(ctx=seeded, start=START, end=TODAY)
    assert report.evening_checkins == 30 and report.morning_checkins == 30
    assert report.check is not None
    assert report.check.triage_level == "mention_next_visit"
    assert [p.status for p in report.check.patterns] == ["consistent", "possible"]
    assert any("ferritin" in q and "transferrin saturation" in q for q in report.questions)
    assert any("antihistamines" in q for q in report.questions)
    assert any("first steps" in q for q in report.questions)  # the heel pattern is possible
    assert {t.label for t in report.trends} >= {"Restless-legs symptoms", "Sleep quality"}
    assert report.charts and "<svg" in report.charts[0].svg
    assert report.plan_summary and "version 2" in report.plan_summary
    assert any("Evening leg massage" in t for t in report.tried)
    assert any("an evening massage on 15" in t for t in report.tried)
    assert report.associations and all("not show" in a for a in report.associations)
    assert [n.text for n in report.notes] == [SCRIPT_NOTE, SESSION_NOTE]
    (experiment,) = report.experiments
    assert experiment.question.startswith("Evening massage against none")
    assert experiment.status != "active" and "credible interval" in experiment.summary
    assert experiment.chart is not None and 'id="experiment-period-1"' in experiment.chart
    assert 'id="experiment-ratings-daily"' in render_report_html(ctx=seeded, start=START, end=TODAY)


def test_a_running_experiment_shows_a_provisional_interim_view(ctx) -> None:
    from legcare.services.experiments import new_experiment
    from tests.interop.sample_data import log_days

    log_days(ctx, TODAY, 3)
    new_experiment(ctx=ctx, arms="evening massage,none", outcome="rls", seed=7)
    (experiment,) = build_report(ctx=ctx, start=START, end=TODAY).experiments
    assert experiment.status == "active"
    assert experiment.summary.startswith("Not enough rated days yet")


def test_without_a_check_the_section_says_so(ctx) -> None:
    from tests.interop.sample_data import log_days

    log_days(ctx, TODAY, 3)
    report = build_report(ctx=ctx, start=TODAY - timedelta(days=2), end=TODAY)
    assert report.check is None
    assert not any("ferritin" in q for q in report.questions)
    assert report.plan_summary is None and report.adherence is None
    assert "No check yet." in render_report_html(ctx=ctx, start=TODAY, end=TODAY)


def test_red_flags_come_first_in_questions(seeded) -> None:
    import sqlalchemy as sa

    from legcare.store.tables import screenings
    from tests.interop.sample_data import RESULT

    flagged = {
        **RESULT,
        "red_flags": [
            {
                "id": "dvt",
                "label": "One-sided calf swelling",
                "what_to_do": "Be seen today.",
                "level": "urgent",
            }
        ],
        "precautions": [
            {"id": "dvt", "kind": "no_massage", "areas": [], "label": "No massage at all"}
        ],
    }
    with seeded.store.transaction() as conn:
        conn.execute(sa.update(screenings).values(result=flagged))
    report = build_report(ctx=seeded, start=START, end=TODAY)
    assert report.check is not None and report.check.massage_blocked
    assert report.questions[0] == "Warning sign: One-sided calf swelling: Be seen today."
    html = render_report_html(ctx=seeded, start=START, end=TODAY)
    assert "Massage is blocked in the app" in html and 'role="alert"' in html


def test_bad_period_is_refused(ctx) -> None:
    with pytest.raises(InvalidInput, match="not valid"):
        build_report(ctx=ctx, start=TODAY, end=TODAY - timedelta(days=1))


def test_a_period_ending_after_today_is_refused_saying_what_is_allowed(ctx) -> None:
    build_report(ctx=ctx, start=TODAY - timedelta(days=6), end=TODAY)  # today itself is fine
    with pytest.raises(InvalidInput) as refused:
        build_report(ctx=ctx, start=TODAY - timedelta(days=6), end=TODAY + timedelta(days=1))
    assert refused.value.details == [f"to: allowed: today ({TODAY.isoformat()}) or an earlier day"]


def test_html_escapes_notes(seeded) -> None:
    html = render_report_html(ctx=seeded, start=START, end=TODAY)
    assert SCRIPT_NOTE not in html and "<b>felt easier</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;felt easier&lt;/b&gt;" in html


def test_pdf_text_and_first_page_image(seeded) -> None:
    from pypdf import PdfReader

    pdf = render_report_pdf(ctx=seeded, start=START, end=TODAY)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 3  # the one-page summary, then the details
    page_one = " ".join(reader.pages[0].extract_text().split())
    for heading in ("summary for a clinician", "Latest check", "Questions to discuss"):
        assert heading in page_one, heading
    assert "End of the summary" in page_one
    assert " ".join(reader.pages[1].extract_text().split()).startswith("More details")
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for heading in (
        "Symptoms",
        "Plan, adherence and what was tried",
        "What went with better or worse nights",
        "The patient's own notes",
    ):
        assert heading in text, heading
    assert "ferritin test and transferrin saturation" in text
    assert "<script>alert('x')</script> legs & feet" in text  # the note as literal text
    assert "mg" not in text.split()

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "clinician-report.pdf").write_bytes(pdf)
    png = _first_page_png(pdf, ARTIFACTS / "clinician-report-page1")
    _assert_not_blank(png)


def _first_page_png(pdf: bytes, stem: Path) -> Path:
    tool = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
    source = stem.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(
        [tool, "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source), str(stem)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    source.unlink()
    return stem.with_suffix(".png")


def _assert_not_blank(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        assert width > 300 and height > 400
        histogram = grey.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.01 * width * height, "page 1 is (nearly) blank"
    assert sum(histogram[250:]) > 0.5 * width * height, "page 1 is not mostly white paper"


def test_pdf_metadata(seeded) -> None:
    from pypdf import PdfReader

    pdf = render_report_pdf(ctx=seeded, start=START, end=TODAY)
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.title == "legcare report for a clinician, 22 Oct 2026 to 20 Nov 2026"
    assert meta.author is not None and meta.author.startswith("legcare")


def test_a_session_ended_with_every_step_skipped_is_not_counted_finished(ctx) -> None:
    import re

    from legcare.domain.sessions import player
    from legcare.domain.sessions.player import PlayerState
    from legcare.services import sessions
    from tests.interop.sample_data import at, utc

    def counts() -> tuple[int, int, str]:
        report = build_report(ctx=ctx, start=TODAY - timedelta(days=13), end=TODAY)
        (line,) = [t for t in report.tried if t.startswith("Evening leg massage")]
        found = re.search(r"(\d+) started, (\d+) finished", line)
        assert found is not None, line
        return int(found.group(1)), int(found.group(2)), line

    seed_everything(ctx, end=TODAY, days=14)  # a plan and sessions, some finished
    started, finished, _ = counts()
    view = sessions.start_session(
        ctx=at(ctx, TODAY, 21), resume=False, session_id="evening_massage", step_seconds=5
    )
    state, now = PlayerState.from_dict(view["state"]), utc(TODAY, 21).timestamp()
    while not state.finished:
        now += 1
        state = player.skip(state, now)[0]
    sessions.finish_session(ctx=at(ctx, TODAY, 21, 5), log_id=view["log_id"], state=state.to_dict())
    assert counts()[:2] == (started + 1, finished)
    assert "(1 more ended with every step skipped)" in counts()[2]
