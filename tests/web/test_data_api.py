"""The data API: export downloads, import (ours and FHIR, refusing the rest), delete with a
confirmation, and the report in HTML and PDF."""

from __future__ import annotations

import json

import pytest

from legcare.services.context import AppContext
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import seed_everything

TODAY = FIXED_NOW.date()


@pytest.fixture
def seeded_client(client):
    app_ctx: AppContext = client.app.state.ctx
    seed_everything(app_ctx, end=TODAY, days=5)
    return client


def _counts(client) -> dict[str, int]:
    response = client.get("/api/v1/data")
    assert response.status_code == 200
    return response.json()["counts"]


@pytest.mark.parametrize(
    ("fmt", "media_type", "suffix"),
    [
        ("json", "application/json", ".json"),
        ("fhir", "application/fhir+json", ".fhir.json"),
        ("csv", "application/zip", ".zip"),
    ],
)
def test_export_is_a_download(seeded_client, fmt, media_type, suffix) -> None:
    response = seeded_client.get("/api/v1/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(f'{suffix}"')
    assert response.headers["cache-control"] == "no-store"


def test_export_refuses_an_unknown_format(seeded_client) -> None:
    response = seeded_client.get("/api/v1/export", params={"format": "xml"})
    assert response.status_code == 422
    assert response.json()["ok"] is False


def test_delete_needs_the_confirmation_word(seeded_client) -> None:
    before = _counts(seeded_client)
    for body in (None, {}, {"confirm": "yes"}):
        response = seeded_client.request("DELETE", "/api/v1/data", json=body)
        assert response.status_code == 422
    assert _counts(seeded_client) == before
    response = seeded_client.request("DELETE", "/api/v1/data", json={"confirm": "delete"})
    assert response.status_code == 200
    assert response.json()["deleted"]["checkins"] == 10
    assert sum(_counts(seeded_client).values()) == 0


@pytest.mark.parametrize("fmt", ["json", "fhir"])
def test_export_delete_import_round_trip(seeded_client, fmt) -> None:
    first = seeded_client.get("/api/v1/export", params={"format": fmt}).content
    seeded_client.request("DELETE", "/api/v1/data", json={"confirm": "delete"})
    response = seeded_client.post(
        "/api/v1/import", content=first, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["format"] == fmt
    assert response.json()["imported"]["checkins"] == 10
    again = seeded_client.get("/api/v1/export", params={"format": fmt}).content
    assert _content(again) == _content(first)


def _content(raw: bytes) -> dict:
    """The export without the moment it was made (the app runs on the real clock)."""
    skip = {"exported_at", "timestamp", "meta"}
    return {k: v for k, v in json.loads(raw).items() if k not in skip}


def test_import_conflict_and_refusals_change_nothing(seeded_client) -> None:
    before = _counts(seeded_client)
    exported = seeded_client.get("/api/v1/export").content
    headers = {"content-type": "application/json"}
    conflict = seeded_client.post("/api/v1/import", content=exported, headers=headers)
    assert conflict.status_code == 409 and "already have data" in conflict.json()["error"]
    other = seeded_client.post("/api/v1/import", content=b'{"a": 1}', headers=headers)
    assert other.status_code == 422 and "neither" in other.json()["error"]
    assert _counts(seeded_client) == before
    replaced = seeded_client.post(
        "/api/v1/import", content=exported, headers=headers, params={"replace": "true"}
    )
    assert replaced.status_code == 200
    assert replaced.json()["replaced"]["checkins"] == 10


def test_report_html(seeded_client) -> None:
    response = seeded_client.get(
        "/api/v1/report", params={"from": "2026-11-16", "to": "2026-11-20", "format": "html"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "16 Nov 2026 to 20 Nov 2026" in response.text
    assert "&lt;script&gt;" in response.text and "<script>" not in response.text


def test_report_pdf(seeded_client) -> None:
    response = seeded_client.get(
        "/api/v1/report", params={"from": "2026-11-16", "to": "2026-11-20", "format": "pdf"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "legcare-report-2026-11-16-to-2026-11-20.pdf" in response.headers["content-disposition"]


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-11-20", "to": "2026-11-01"}, {"from": "yesterday"}, {"format": "docx"}],
)
def test_report_bad_input(seeded_client, params) -> None:
    response = seeded_client.get("/api/v1/report", params=params)
    assert response.status_code == 422
    assert response.json()["ok"] is False


def test_a_clinician_reads_a_sharing_clients_report(tmp_path, sqlite_url) -> None:
    from legcare.services import accounts
    from tests.interop.sample_data import log_days
    from tests.web.server_helpers import Browser, add_user, server_app

    app = server_app(sqlite_url, tmp_path)
    client_id = add_user(app, "pat")
    add_user(app, "doc", role="clinician")
    add_user(app, "other", role="clinician")
    patient = app.state.ctx.for_user(client_id)
    log_days(patient, TODAY, 3)
    accounts.share_with(ctx=patient, clinician="doc")
    params = {"from": "2026-11-18", "to": "2026-11-20", "client": client_id}

    doc = Browser(app)
    doc.login("doc")
    shared = doc.get("/api/v1/report", params=params)
    assert shared.status_code == 200
    assert "3 evening and 3 morning check-ins" in shared.text
    own = doc.get("/api/v1/report", params={"from": "2026-11-18", "to": "2026-11-20"})
    assert "0 evening and 0 morning check-ins" in own.text

    other = Browser(app)
    other.login("other")
    refused = other.get("/api/v1/report", params=params)
    assert refused.status_code == 404
    assert "3 evening" not in refused.text
    doc.close()
    other.close()
