"""The tracking pages: medicines and treatments, my factors, weekly scores, health import."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, timedelta

import pytest

from tests.web.pages.conftest import csrf_from
from tests.web.pages.htmlcheck import parse, unlabelled_controls

SVG = "{http://www.w3.org/2000/svg}"
PAGES = ["/medicines", "/factors", "/weekly", "/weekly?kind=heel", "/health-import"]


def _post(client, path: str, page: str, **fields):
    token = csrf_from(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **fields}, follow_redirects=False)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_labelled_and_listed_on_more(html_client, path: str) -> None:
    response = html_client.get(path)
    assert response.status_code == 200
    facts = parse(response.text)
    assert facts.h1_count == 1
    assert unlabelled_controls(facts) == []
    assert all(facts.form_has_csrf)
    more = html_client.get("/more").text
    assert f'href="{path.split("?")[0]}"' in more


def test_a_form_without_its_csrf_token_is_refused(html_client) -> None:
    response = html_client.post("/factors", data={"name": "stress", "kind": "yes_no"})
    assert response.status_code == 403
    from legcare.services.factors import list_factors

    assert list_factors(ctx=html_client.app.state.ctx).factors == ()


def test_medicines_add_flag_with_source_use_and_stop(html_client) -> None:
    response = _post(
        html_client,
        "/medicines",
        "/medicines",
        name="Benadryl Allergy",
        kind="medicine",
        as_needed="yes",
        own_dose_text="one at night",
    )
    assert response.status_code == 303
    page = html_client.get("/medicines").text
    assert "Sedating antihistamines" in page and "Never stop or change" in page
    assert "Silber" in page  # the source is named, not just its id
    assert "Your note on the dose: one at night" in page
    [med_id] = re.findall(r'action="/medicines/(\d+)/use"', page)
    assert _post(html_client, f"/medicines/{med_id}/use", "/medicines").status_code == 303
    assert "used 1 time" in html_client.get("/medicines").text
    yesterday = (html_client.app.state.ctx.today() - timedelta(days=1)).isoformat()
    stop = _post(html_client, f"/medicines/{med_id}/stop", "/medicines", stopped=yesterday)
    assert stop.status_code == 303
    assert "(stopped)" in html_client.get("/medicines").text


def test_medicines_bad_input_says_what_is_allowed(html_client) -> None:
    response = _post(html_client, "/medicines", "/medicines", name="", started="31-12-2025")
    assert response.status_code == 422
    assert "allowed: a date as YYYY-MM-DD" in response.text
    assert "Nothing logged yet." in response.text


def test_factors_add_archive_and_bring_back(html_client) -> None:
    assert (
        _post(html_client, "/factors", "/factors", name="stress", kind="scale_0_10").status_code
        == 303
    )
    assert (
        _post(html_client, "/factors", "/factors", name="stress at work", kind="yes_no").status_code
        == 303
    )
    page = html_client.get("/factors").text
    assert "stress" in page and "Counted together with stress at work" in page
    [first, *_] = re.findall(r'action="/factors/(\d+)/archive"', page)
    assert (
        _post(html_client, f"/factors/{first}/archive", "/factors", archived="yes").status_code
        == 303
    )
    page = html_client.get("/factors").text
    assert "Bring back" in page
    assert (
        _post(html_client, f"/factors/{first}/archive", "/factors", archived="no").status_code
        == 303
    )
    assert "Bring back" not in html_client.get("/factors").text


def test_factors_duplicate_name_is_refused_with_the_reason(html_client) -> None:
    _post(html_client, "/factors", "/factors", name="stress", kind="yes_no")
    response = _post(html_client, "/factors", "/factors", name="Stress", kind="yes_no")
    assert response.status_code in (409, 422)
    assert "already exists" in response.text and 'value="Stress"' in response.text
    response = _post(html_client, "/factors", "/factors", name="caffeine", kind="yes_no")
    assert "already exists" in response.text  # a check-in field


def test_weekly_fill_in_and_see_the_chart(html_client) -> None:
    from legcare.services.weekly_scores import questions, save_week

    ctx = html_client.app.state.ctx
    items = [i.id for i in questions(kind="rls").text.items]
    save_week(
        ctx=ctx, kind="rls", answers=dict.fromkeys(items, 8), day=ctx.today() - timedelta(days=14)
    )
    response = _post(html_client, "/weekly", "/weekly", kind="rls", **dict.fromkeys(items, "4"))
    assert response.status_code == 303
    page = html_client.get(response.headers["location"]).text
    assert "Saved this week" in page and "not a validated instrument" in page
    # the chart is the clinician report's weekly chart, as an image: decode it and read it
    # with the standard library's XML parser
    image = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    assert image is not None
    root = ET.fromstring(base64.b64decode(image.group(1)))
    assert root.get("role") == "img"
    dots = root.find(f".//{SVG}g[@id='weekly-rls_weekly-dots']")
    assert dots is not None
    circles = [
        (float(c.get("cx") or 0), float(c.get("cy") or 0)) for c in dots.iter(f"{SVG}circle")
    ]
    assert len(circles) == 2
    (x1, y1), (x2, y2) = circles
    assert x1 < x2 and y1 < y2  # older week left; a higher (worse) score higher up
    line = root.find(".//*[@id='weekly-rls_weekly-line']")
    assert line is not None and (line.get("d") or "").count("M") == 2  # a gap between the weeks
    assert "week of" in html.unescape(image.group(2))  # the scores in words for a screen reader


def test_weekly_missing_item_is_named(html_client) -> None:
    response = _post(html_client, "/weekly", "/weekly?kind=heel", kind="heel")
    assert response.status_code == 422
    assert "Not saved" in response.text


def _apple_zip() -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">'
        '<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
        'startDate="2026-11-18 09:00:00 +0000" endDate="2026-11-18 10:00:00 +0000" value="4200"/>'
        "</HealthData>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("apple_health_export/export.xml", xml)
    return buf.getvalue()


def _upload(client, name: str, content: bytes):
    token = csrf_from(client.get("/health-import").text)
    return client.post(
        "/health-import",
        data={"csrf_token": token, "format": "auto"},
        files={"file": (name, content, "application/octet-stream")},
        follow_redirects=False,
    )


def test_health_import_apple_zip(html_client) -> None:
    response = _upload(html_client, "export.zip", _apple_zip())
    assert response.status_code == 303, response.text
    page = html_client.get(response.headers["location"]).text
    assert "Imported from Apple Health" in page and "1 day of steps" in page
    from legcare.services.health_import import health_values

    ctx = html_client.app.state.ctx
    values = health_values(ctx=ctx, start=date(2026, 11, 1), end=ctx.today()).values
    assert [(v.metric, v.value, v.source) for v in values] == [("steps", 4200, "apple_health")]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("photo.jpg", b"\xff\xd8", "photo.jpg: not a file legcare can import"),
        ("export.zip", b"not a zip", "not a file legcare can import"),
        ("notes.zip", b"", "not a file legcare can import"),
    ],
)
def test_health_import_wrong_file_is_a_clear_error(html_client, name, content, says) -> None:
    response = _upload(html_client, name, content)
    assert response.status_code == 422, response.text
    assert "Nothing was imported." in response.text and says in response.text
    assert "health-upload" not in response.text


def test_health_import_json_api_is_not_a_page(client) -> None:
    body = json.loads(client.get("/api/v1/health-data").text)
    assert body["values"] == []


def test_today_shows_the_weekly_score_only_to_someone_who_keeps_one(html_client) -> None:
    from legcare.services.weekly_scores import questions, save_week

    ctx = html_client.app.state.ctx
    assert "Answer now" not in html_client.get("/").text
    items = [i.id for i in questions(kind="heel").text.items]
    last_week = ctx.today() - timedelta(days=7)
    save_week(ctx=ctx, kind="heel", answers=dict.fromkeys(items, 2), day=last_week)
    page = html_client.get("/").text
    assert 'href="/weekly?kind=heel">Answer now' in page
    save_week(ctx=ctx, kind="heel", answers=dict.fromkeys(items, 2))
    assert 'href="/weekly?kind=heel">Change' in html_client.get("/").text
