"""Every page: renders, one h1, labelled inputs, CSRF in every form, under 100 KB with its CSS
and JS, and no external URL anywhere. Pages whose service is missing are left out (404)."""

from __future__ import annotations

import re

import pytest

from legcare.web.app import WEB_DIR
from legcare.web.contexts import build_nav_context
from tests.web.pages.conftest import ALL_PATHS, available_paths
from tests.web.pages.htmlcheck import (
    PAGE_BUDGET_BYTES,
    external_urls,
    parse,
    unlabelled_controls,
)

STATIC = WEB_DIR / "static"


def _assets(client, facts) -> dict[str, bytes]:
    assets = {}
    for url in facts.resources:
        if url.startswith("/static/") or url.startswith("/manifest"):
            response = client.get(url)
            assert response.status_code == 200, url
            assets[url] = response.content
    return assets


@pytest.mark.parametrize("path", available_paths())
def test_page_renders_with_one_h1_and_labels(html_client, path: str) -> None:
    response = html_client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    facts = parse(response.text)
    assert facts.h1_count == 1
    assert unlabelled_controls(facts) == []
    assert len(facts.ids) == len(set(facts.ids)), "duplicate ids"


@pytest.mark.parametrize("path", available_paths())
def test_every_post_form_has_the_csrf_field(html_client, path: str) -> None:
    facts = parse(html_client.get(path).text)
    for form, has_csrf in zip(facts.forms, facts.form_has_csrf, strict=True):
        if form.get("method", "get").lower() == "post":
            assert has_csrf, form


@pytest.mark.parametrize("path", available_paths())
def test_page_weight_under_budget_without_images(html_client, path: str) -> None:
    response = html_client.get(path)
    facts = parse(response.text)
    assets = _assets(html_client, facts)
    without_images = re.sub(r'src="data:image/[^"]*"', 'src=""', response.text).encode()
    total = len(without_images) + sum(len(b) for b in assets.values())
    assert total < PAGE_BUDGET_BYTES, f"{path}: {total} bytes"


@pytest.mark.parametrize("path", available_paths())
def test_no_external_url_in_the_page_or_its_assets(html_client, path: str) -> None:
    response = html_client.get(path)
    facts = parse(response.text)
    links = tuple(href for href, rel in facts.external_links if "external" in rel)
    assert external_urls(response.text, allowed_links=links) == []
    for url in facts.resources:
        assert url.startswith(("/", "data:image/")), f"{path} loads {url}"
    for url, body in _assets(html_client, facts).items():
        assert external_urls(body.decode()) == [], url


def test_static_files_have_no_external_url() -> None:
    for file in STATIC.rglob("*"):
        if file.suffix in (".css", ".js", ".svg", ".webmanifest", ".json"):
            assert external_urls(file.read_text()) == [], file.name


def test_every_page_is_in_the_navigation(html_client) -> None:
    listed = [item["path"] for item in build_nav_context("/", everything=True)]
    assert listed == ALL_PATHS
    for path in ALL_PATHS:
        assert html_client.get(path).status_code == 200, path


def test_navigation_marks_the_current_page(html_client) -> None:
    html = html_client.get("/").text
    assert re.search(r'<a href="/" aria-current="page">Today</a>', html)
    assert html.count('aria-current="page"') == 1


def test_service_worker_is_served_from_the_root_with_its_scope(html_client) -> None:
    response = html_client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["service-worker-allowed"] == "/"
    assert "javascript" in response.headers["content-type"]
    shell = re.search(r"SHELL = \[(.*?)\]", response.text)
    assert shell
    for url in re.findall(r'"([^"]+)"', shell.group(1)):
        assert html_client.get(url).status_code == 200, url


def test_manifest_is_valid_json_with_a_local_icon(html_client) -> None:
    manifest = html_client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert html_client.get(icon["src"]).status_code == 200


def test_error_page_is_friendly_html(html_client) -> None:
    response = html_client.get("/no-such-page")
    assert response.status_code == 404
    facts = parse(response.text)
    assert facts.h1_count == 1
    assert "Back to Today" in response.text


def test_offline_copies_only_in_local_mode(html_client, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from legcare.settings import Settings
    from legcare.web.app import create_app

    local = html_client.get("/").text
    assert '<meta name="legcare-offline" content="on">' in local
    server = Settings(data_dir=tmp_path, mode="server", secret_key="s" * 40, allow_plain_http=True)
    with TestClient(create_app(server)) as client:
        login = client.get("/login", headers={"accept": "text/html"})
        assert login.status_code == 200
        assert '<meta name="legcare-offline" content="off">' in login.text


def test_navigation_has_four_daily_places_and_a_more_page(html_client) -> None:
    nav = build_nav_context("/")
    daily = [item["path"] for item in nav if item["daily"]]
    assert sorted(daily) == sorted(("/", "/checkin", "/session", "/plan"))
    html = html_client.get("/").text
    for path in daily:
        assert re.search(rf'<li class="daily"><a href="{re.escape(path)}"', html)
    assert '<li class="more"><a href="/more">More</a></li>' in html
    more = html_client.get("/more")
    assert more.status_code == 200
    facts = parse(more.text)
    assert facts.h1_count == 1
    assert more.text.count('aria-current="page"') == 1
    assert '<a href="/more" aria-current="page">More</a>' in more.text
    for item in nav:
        if not item["daily"]:
            assert f'<a href="{item["path"]}">{item["label"]}</a>' in more.text.split("<h1>")[1]
    assert 'aria-label="More places"' in more.text
    # a place behind More: More is marked on the bottom bar
    assert '<a href="/more" class="within">More</a>' in html_client.get("/settings").text


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/insights?from=bad", "not a date; use YYYY-MM-DD"),
        ("/session?fast=abc", "not a whole number"),
    ],
)
def test_bad_input_from_a_page_is_a_readable_page(html_client, url: str, words: str) -> None:
    response = html_client.get(url)
    if response.status_code == 404:  # the page is not in this version
        return
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert words in response.text and "Input should be" not in response.text
    assert parse(response.text).h1_count == 1
