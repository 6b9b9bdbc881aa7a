"""`legcare report --from --to --html/--pdf` through the real CLI."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def logged(cli):
    from legcare.cli import runtime
    from tests.interop.sample_data import log_days

    log_days(runtime.context(), date(2026, 11, 20), 10)
    return cli


def test_html_and_pdf_files(logged, tmp_path) -> None:
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    result = logged(
        "report",
        "--from",
        "2026-11-11",
        "--to",
        "2026-11-20",
        "--html",
        str(html),
        "--pdf",
        str(pdf),
    )
    assert result.exit_code == 0, result.stderr
    assert "Wrote the HTML report for 2026-11-11 to 2026-11-20" in result.stdout
    page = html.read_text()
    assert "11 Nov 2026 to 20 Nov 2026" in page
    assert "10 evening and 10 morning check-ins" in page
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("r.")) == [
        "r.html",
        "r.pdf",
    ]


def test_html_to_stdout(logged) -> None:
    result = logged("report", "--from", "2026-11-11", "--to", "2026-11-20", "--html", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--html", "-", "--from", "20-11-2026"], "from: allowed: a date as YYYY-MM-DD"),
        (["--html", "-", "--from", "2026-11-20", "--to", "2026-11-01"], "not valid"),
        ([], "--html FILE and/or --pdf FILE"),
        (["--html", "-", "--from", "0001-01-01", "--to", "0001-01-02"], "dates from 1900-01-01"),
        (["--html", "-", "--to", "0001-01-02"], "dates from 1900-01-01"),
        (["--html", "-", "--from", "9999-12-30", "--to", "9999-12-31"], "to 2999-12-31"),
        (["--json", "--to", "2999-01-01"], "or an earlier day"),
    ],
)
def test_bad_input(logged, args, message) -> None:
    result = logged("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_refuses_a_folder(logged, tmp_path) -> None:
    result = logged("report", "--to", "2026-11-20", "--html", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_a_missing_folder_fails_before_any_work(logged, tmp_path) -> None:
    target = tmp_path / "no-such-folder" / "r.pdf"
    result = logged("report", "--to", "2026-11-20", "--pdf", str(target))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not target.parent.exists()


def test_json_is_what_the_api_returns(logged, app_env) -> None:
    """`report --json` prints the report's content; GET /api/v1/report?format=json is the same."""
    import json

    from fastapi.testclient import TestClient

    from legcare.settings import Settings
    from legcare.web.app import create_app

    result = logged("report", "--from", "2026-11-11", "--to", "2026-11-20", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["start"] == "2026-11-11" and data["evening_checkins"] == 10
    assert data["patient"] == {"name": None, "birth_date": None}
    assert data["medicines"] == [] and "<svg" not in result.stdout
    with TestClient(create_app(Settings(data_dir=app_env))) as client:
        answer = client.get("/api/v1/report", params={"from": "2026-11-11", "to": "2026-11-20",
                                                      "format": "json"})  # fmt: skip
    assert answer.status_code == 200
    got = answer.json()
    assert {k: v for k, v in got.items() if k != "generated_at"} == {
        k: v for k, v in data.items() if k != "generated_at"
    }
