"""/api/v1/checkins: create, conflict, replace, read, list, delete, 422 details, user scoping."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.server_helpers import Browser, add_user, server_app

TODAY = date.today()


def test_post_get_list_delete(client: TestClient) -> None:
    body = {"kind": "evening", "values": {"rls": 6, "alcohol": True, "rls_onset": "in_bed"}}
    created = client.post("/api/v1/checkins", json=body)
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["day"] == TODAY.isoformat() and data["values"]["rls"] == 6
    assert data["values"]["caffeine"] is None  # not recorded through the API
    got = client.get(f"/api/v1/checkins/evening/{TODAY.isoformat()}")
    assert got.status_code == 200 and got.json() == data
    listing = client.get("/api/v1/checkins").json()
    assert listing["count"] == 1 and listing["checkins"] == [data]
    assert listing["from"] == (TODAY - timedelta(days=13)).isoformat()
    assert client.delete(f"/api/v1/checkins/evening/{TODAY.isoformat()}").status_code == 204
    missing = client.get(f"/api/v1/checkins/evening/{TODAY.isoformat()}")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert client.delete(f"/api/v1/checkins/evening/{TODAY.isoformat()}").status_code == 404


def test_second_post_conflicts_put_replaces(client: TestClient) -> None:
    day = (TODAY - timedelta(days=2)).isoformat()
    body = {"kind": "morning", "day": day, "values": {"sleep_quality": 4}}
    assert client.post("/api/v1/checkins", json=body).status_code == 201
    again = client.post("/api/v1/checkins", json=body | {"values": {"sleep_quality": 8}})
    assert again.status_code == 409
    assert "already a morning check-in" in again.json()["error"]
    replaced = client.post(
        "/api/v1/checkins", json=body | {"values": {"sleep_quality": 8}, "replace": True}
    )
    assert replaced.status_code == 201 and replaced.json()["values"]["sleep_quality"] == 8
    put = client.put(f"/api/v1/checkins/morning/{day}", json={"values": {"hours_slept": 6.5}})
    assert put.status_code == 200
    assert (
        put.json()["values"]["hours_slept"] == 6.5 and put.json()["values"]["sleep_quality"] is None
    )
    new = client.put(f"/api/v1/checkins/evening/{day}", json={"values": {"rls": 1}})
    assert new.status_code == 200
    assert client.get("/api/v1/checkins", params={"kind": "evening"}).json()["count"] == 1


def test_bad_values_are_422_with_each_field_and_what_is_allowed(client: TestClient) -> None:
    body = {
        "kind": "evening",
        "values": {
            "rls": 11,
            "iron_supplement": "65 mg",
            "hours_slept": 7,
            "exercise_kind": "golf",
        },
    }
    response = client.post("/api/v1/checkins", json=body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["ok"] is False and payload["status"] == 422
    details = payload["details"]
    assert len(details) == 4
    assert "rls: 11 is out of range; allowed: a whole number from 0 to 10" in details
    assert any(d.startswith("iron_supplement:") and "never records a dose" in d for d in details)
    assert any(d.startswith("hours_slept: is not a field of the evening check-in") for d in details)
    assert client.get("/api/v1/checkins").json()["count"] == 0


def test_bad_kind_date_and_future_are_refused(client: TestClient) -> None:
    assert client.get("/api/v1/checkins/noon/2026-11-01").status_code == 422
    assert client.get("/api/v1/checkins/evening/2026-13-01").status_code == 422
    future = (TODAY + timedelta(days=1)).isoformat()
    response = client.post(
        "/api/v1/checkins", json={"kind": "evening", "day": future, "values": {"rls": 1}}
    )
    assert response.status_code == 422 and "future" in response.json()["error"]
    extra = client.post("/api/v1/checkins", json={"kind": "evening", "values": {"rls": 1}, "x": 1})
    assert extra.status_code == 422
    backwards = client.get("/api/v1/checkins", params={"from": "2026-11-10", "to": "2026-11-01"})
    assert backwards.status_code == 422


def test_field_catalogue(client: TestClient) -> None:
    fields = client.get("/api/v1/checkins/fields").json()
    assert [f["name"] for f in fields["morning"]][:2] == ["sleep_quality", "hours_slept"]


def test_server_mode_scopes_checkins_to_the_signed_in_user(tmp_path: Path) -> None:
    app = server_app(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    add_user(app, "ann")
    add_user(app, "bob")
    ann, bob = Browser(app), Browser(app)
    ann.login("ann")
    bob.login("bob")
    anon = TestClient(app)
    assert anon.get("/api/v1/checkins").status_code == 401
    day = TODAY.isoformat()
    body = {"kind": "evening", "values": {"rls": 7}}
    assert ann.post("/api/v1/checkins", json=body).status_code == 201
    assert bob.get(f"/api/v1/checkins/evening/{day}").status_code == 404
    assert bob.get("/api/v1/checkins").json()["count"] == 0
    assert (
        bob.post("/api/v1/checkins", json={"kind": "evening", "values": {"rls": 2}}).status_code
        == 201
    )
    assert bob.request("DELETE", f"/api/v1/checkins/evening/{day}").status_code == 204
    assert ann.get(f"/api/v1/checkins/evening/{day}").json()["values"]["rls"] == 7


def test_a_broken_character_in_the_note_is_422_not_500(client: TestClient) -> None:
    response = client.post(
        "/api/v1/checkins",
        content=b'{"kind": "evening", "values": {"rls": 1, "note": "a\\ud800b"}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    # refused by the app's body check or by the diary's own validation; never a 500
    assert "broken character" in response.json()["details"][0]


def test_a_broken_field_name_is_422_not_500(client: TestClient) -> None:
    response = client.post(
        "/api/v1/checkins",
        content=b'{"kind": "evening", "values": {"rls": 1, "x\\ud800": 2}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    detail = response.json()["details"][0]
    assert "broken character" in detail or detail.startswith("x\\ud800: is not a field")


def test_list_near_the_first_day_of_the_calendar(client: TestClient) -> None:
    response = client.get("/api/v1/checkins", params={"to": "0001-01-03"})
    assert response.status_code == 200
    assert response.json()["from"] == "0001-01-01" and response.json()["count"] == 0


def test_own_factors_through_the_api(client: TestClient) -> None:
    assert (
        client.post("/api/v1/factors", json={"name": "stress", "kind": "scale_0_10"}).status_code
        == 201
    )
    body = {"kind": "evening", "values": {"rls": 4}, "factors": {"stress": 6}}
    created = client.post("/api/v1/checkins", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["factors"] == {"stress": 6}
    day = TODAY.isoformat()
    put = client.put(
        f"/api/v1/checkins/evening/{day}", json={"values": {"rls": 4}, "factors": {"stress": None}}
    )
    assert put.status_code == 200 and put.json()["factors"] == {}
    bad = client.put(
        f"/api/v1/checkins/evening/{day}",
        json={"values": {"rls": 9}, "factors": {"stress": 11, "sleep apnoea": True}},
    )
    assert bad.status_code == 422
    details = bad.json()["details"]
    assert any(d.startswith("stress: 11; allowed: a whole number from 0 to 10") for d in details)
    assert any("'sleep apnoea' is not one of your active factors" in d for d in details)
    assert client.get(f"/api/v1/checkins/evening/{day}").json()["values"]["rls"] == 4
