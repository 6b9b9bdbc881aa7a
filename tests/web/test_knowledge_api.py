"""GET /api/v1/learn and /api/v1/learn/{topic} return what `legcare learn --json` prints."""

from __future__ import annotations

import json


def test_topic_json_equals_cli_json(client, cli) -> None:
    api = client.get("/api/v1/learn/trigger-point")
    assert api.status_code == 200
    printed = cli("learn", "trigger-point", "--json")
    assert printed.exit_code == 0, printed.stderr
    assert api.json() == json.loads(printed.stdout)


def test_list_json_equals_cli_json(client, cli) -> None:
    api = client.get("/api/v1/learn")
    assert api.status_code == 200
    assert api.json() == json.loads(cli("learn", "--json").stdout)


def test_search_json_equals_cli_json(client, cli) -> None:
    api = client.get("/api/v1/learn", params={"q": "heel pain"})
    assert api.status_code == 200
    assert api.json() == json.loads(cli("learn", "--search", "heel", "pain", "--json").stdout)
    assert api.json()["results"][0]["id"] == "plantar_fasciitis"


def test_unknown_topic_is_404_with_closest_matches(client) -> None:
    response = client.get("/api/v1/learn/no-such-thing-here")
    assert response.status_code == 404
    body = response.json()
    assert body["ok"] is False and body["status"] == 404
    assert len(body["details"]) == 5


def test_every_listed_topic_has_a_page(client) -> None:
    groups = client.get("/api/v1/learn").json()["groups"]
    for group in groups:
        for topic in group["topics"]:
            page = client.get(f"/api/v1/learn/{topic['id']}")
            assert page.status_code == 200, topic["id"]
            data = page.json()
            assert data["id"] == topic["id"] and data["kind"] == group["kind"]
            assert data["sources"] and data["evidence"]["grade"]


def test_bad_query_values_are_422(client) -> None:
    assert client.get("/api/v1/learn", params={"q": "x" * 201}).status_code == 422
    assert client.get("/api/v1/learn", params={"q": "calf", "limit": 0}).status_code == 422
    assert client.get("/api/v1/learn", params={"q": "   "}).status_code == 422


def test_sources_of_graded_claims_are_listed_on_the_page(client) -> None:
    page = client.get("/api/v1/learn/foot_massage_reflexology").json()
    listed = {s["id"] for s in page["sources"]}
    cited = {s for claim in page["evidence"]["claims"] for s in claim["sources"]}
    assert cited and cited <= listed
    organ = [c for c in page["evidence"]["claims"] if "organs" in c["claim"]]
    assert organ[0]["grade"] == "tradition"
