"""/api/v1/insights and its SVG charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from fastapi.testclient import TestClient

TODAY = date.today()


def _seed(client: TestClient, days: int = 14) -> None:
    for i in range(days):
        day = (TODAY - timedelta(days=i)).isoformat()
        values = {"rls": 7 if i % 2 else 3, "alcohol": bool(i % 2)}
        response = client.post(
            "/api/v1/checkins", json={"kind": "evening", "day": day, "values": values}
        )
        assert response.status_code == 201, response.text


def test_insights_json_default_range(client: TestClient) -> None:
    _seed(client)
    data = client.get("/api/v1/insights").json()
    assert data["to"] == TODAY.isoformat() and data["days"] == 56
    assert data["checkins"] == {"evening": 14, "morning": 0}
    alcohol = next(
        a for a in data["associations"] if (a["exposure"], a["outcome"]) == ("alcohol", "rls")
    )
    assert alcohol["enough"] and alcohol["difference"] == 4.0
    assert alcohol["n_with"] == 7 and alcohol["n_without"] == 7


def test_chart_endpoints(client: TestClient) -> None:
    _seed(client)
    for name in ("symptoms", "adherence", "exposures"):
        response = client.get(f"/api/v1/insights/charts/{name}.svg")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        root = ET.fromstring(response.content)
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
    missing = client.get("/api/v1/insights/charts/pie.svg")
    assert missing.status_code == 404
    assert "symptoms, adherence, exposures" in missing.json()["details"][0]


def test_bad_range_is_422(client: TestClient) -> None:
    response = client.get("/api/v1/insights", params={"from": "2026-11-10", "to": "2026-11-01"})
    assert response.status_code == 422
    assert client.get("/api/v1/insights", params={"from": "nope"}).status_code == 422
