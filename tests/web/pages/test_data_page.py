"""Your data: export downloads, import (refused when not ours), delete only after typing DELETE."""

from __future__ import annotations

import json

import pytest

from legcare.web.contexts import build_data_context
from tests.web.pages.conftest import csrf_from


def _token(client) -> str:
    return csrf_from(client.get("/data").text)


def _add_checkin(client) -> None:
    token = csrf_from(client.get("/checkin?kind=evening").text)
    day = client.app.state.ctx.today().isoformat()
    data = {"csrf_token": token, "kind": "evening", "day": day, "rls": "5"}
    assert client.post("/checkin", data=data, follow_redirects=False).status_code == 303


@pytest.mark.parametrize("fmt", ["json", "csv", "fhir"])
def test_export_downloads_a_file(html_client, fmt: str) -> None:
    _add_checkin(html_client)
    response = html_client.get(f"/data/export?format={fmt}")
    assert response.status_code == 200
    assert "attachment; filename=" in response.headers["content-disposition"]
    if fmt == "csv":
        assert response.content[:2] == b"PK"
    else:
        json.loads(response.content)


def test_unknown_export_format_is_422(html_client) -> None:
    assert html_client.get("/data/export?format=xls").status_code == 422


def test_delete_needs_the_typed_confirmation(html_client) -> None:
    _add_checkin(html_client)
    refused = html_client.post(
        "/data/delete", data={"csrf_token": _token(html_client), "confirm": "yes"}
    )
    assert refused.status_code == 422 and "Nothing was deleted" in refused.text
    done = html_client.post(
        "/data/delete",
        data={"csrf_token": _token(html_client), "confirm": "DELETE"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = html_client.get(done.headers["location"]).text
    assert "Deleted 1 check-ins." in page


def test_import_round_trip_and_refusals(html_client) -> None:
    _add_checkin(html_client)
    exported = html_client.get("/data/export?format=json").content
    upload = {"file": ("legcare.json", exported, "application/json")}
    busy = html_client.post("/data/import", data={"csrf_token": _token(html_client)}, files=upload)
    assert busy.status_code == 409 and "Nothing was changed" in busy.text
    replaced = html_client.post(
        "/data/import",
        data={"csrf_token": _token(html_client), "replace": "yes"},
        files=upload,
        follow_redirects=False,
    )
    assert replaced.status_code == 303
    assert "Imported 1 check-ins." in html_client.get(replaced.headers["location"]).text
    junk = {"file": ("x.json", b"not json", "application/json")}
    bad = html_client.post("/data/import", data={"csrf_token": _token(html_client)}, files=junk)
    assert bad.status_code == 422 and "not JSON" in bad.text


def test_done_message_only_uses_known_names(html_client) -> None:
    page = html_client.get("/data?done=delete&checkins=2&evil=<b>hi</b>").text
    assert "Deleted 2 check-ins." in page and "evil" not in page


def test_context_counts_every_kind(ctx) -> None:
    context = build_data_context(ctx)
    assert context["total"] == 0
    assert {c["name"] for c in context["counts"]} >= {"checkins", "screenings", "plans"}
    assert [f["id"] for f in context["formats"]] == ["json", "csv", "fhir", "fhir-transaction"]
