"""The Check API: questionnaire, checks (same JSON as the CLI), history, latest, the draft."""

from __future__ import annotations

import json
from pathlib import Path

from tests.services.test_screening import RLS, complete_answers


def test_post_a_check_and_read_it_back(client) -> None:
    response = client.post("/api/v1/screenings", json=complete_answers(**RLS))
    assert response.status_code == 201
    saved = response.json()
    assert saved["result"]["triage"]["level"] == "see_clinician_soon"
    assert saved["result"]["patterns"][0]["status"] == "consistent"
    assert client.get("/api/v1/screenings").json() == [saved]
    assert client.get("/api/v1/screenings/latest").json() == saved
    assert client.get(f"/api/v1/screenings/{saved['id']}").json() == saved


def test_the_api_returns_exactly_what_the_cli_prints(client, cli, app_env: Path) -> None:
    answers = complete_answers(**RLS)
    file = app_env / "answers.json"
    file.write_text(json.dumps(answers))
    from_cli = json.loads(cli("check", "--answers", str(file), "--json").stdout)
    from_api = client.post("/api/v1/screenings", json=answers).json()
    for data in (from_cli, from_api):
        for key in ("id", "started_at", "completed_at"):
            data.pop(key)
    assert from_cli == from_api


def test_bad_answers_are_one_422_listing_each_problem(client) -> None:
    response = client.post(
        "/api/v1/screenings", json={"rf_emergency": "none", "rls_sleep": -1, "zzz": "yes"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["error"].startswith("3 answers are not valid")
    assert [d.split(":")[0] for d in body["details"]] == ["rf_emergency", "rls_sleep", "zzz"]
    assert client.get("/api/v1/screenings").json() == []
    assert client.post("/api/v1/screenings", json=["x"]).status_code == 422


def test_latest_is_404_before_any_check(client) -> None:
    response = client.get("/api/v1/screenings/latest")
    assert response.status_code == 404 and response.json()["ok"] is False
    assert client.get("/api/v1/screenings/5").status_code == 404
    assert client.get(f"/api/v1/screenings/{2**40}").status_code == 422


def test_one_question_at_a_time_with_back_and_resume(client) -> None:
    state = client.get("/api/v1/screenings/draft").json()
    assert state["next_question"]["id"] == "rf_emergency" and state["done"] is False
    state = client.post(
        "/api/v1/screenings/draft", json={"question_id": "rf_emergency", "value": ["none"]}
    ).json()
    assert state["next_question"]["id"] == "rf_urgent"
    assert state["progress"]["answered"] == 1
    state = client.post("/api/v1/screenings/draft/back").json()
    assert state["next_question"]["id"] == "rf_emergency"
    assert state["previous_answer"] == ["none"]
    bad = client.post("/api/v1/screenings/draft", json={"question_id": "rf_urgent", "value": 3})
    assert bad.status_code == 422
    extra = client.post("/api/v1/screenings/draft", json={"question_id": "x", "value": 1, "y": 2})
    assert extra.status_code == 422
    client.post(
        "/api/v1/screenings/draft", json={"question_id": "rf_emergency", "value": ["self_harm"]}
    )
    state = client.get("/api/v1/screenings/draft").json()
    assert state["done"] is True and state["stopped_early"] is True
    saved = client.post("/api/v1/screenings/draft/complete")
    assert saved.status_code == 201
    assert saved.json()["result"]["triage"]["level"] == "emergency"
    assert client.delete("/api/v1/screenings/draft").json() == {"ok": True, "discarded": False}


def test_completing_an_unfinished_draft_is_refused(client) -> None:
    response = client.post("/api/v1/screenings/draft/complete")
    assert response.status_code == 422 and "not finished" in response.json()["error"]


def test_fhir_endpoints(client) -> None:
    questionnaire = client.get("/api/v1/questionnaire/fhir").json()
    assert questionnaire["resourceType"] == "Questionnaire"
    saved = client.post("/api/v1/screenings", json=complete_answers(**RLS)).json()
    response = client.get(f"/api/v1/screenings/{saved['id']}/fhir").json()
    assert response["resourceType"] == "QuestionnaireResponse"
    assert response["status"] == "completed"


def test_a_same_day_warning_sign_interrupts_in_the_api(client) -> None:
    first = client.post("/api/v1/screenings/draft", json={"question_id": "rf_emergency",
                                                          "value": ["none"]})  # fmt: skip
    assert first.status_code == 200, first.text
    assert first.json()["interrupt"] is False and first.json()["urgent"] is None
    swollen = {"question_id": "rf_urgent", "value": ["one_sided_swelling"]}
    raised = client.post("/api/v1/screenings/draft", json=swollen)
    body = raised.json()
    assert body["interrupt"] is True and body["urgent"]["level"] == "urgent"
    assert body["urgent"]["red_flags"][0]["id"] == "possible_clot"
    assert body["next_question"] is not None  # the person may carry on
    assert client.get("/api/v1/safety").json()["massage_blocked"] is True
    partial = client.post("/api/v1/screenings", json={"rf_emergency": ["none"],
                                                      "rf_urgent": ["red_hot_skin"]})  # fmt: skip
    assert partial.status_code == 409 and "Be seen today" in partial.json()["error"]


def test_the_draft_and_questionnaire_bodies_are_exactly_what_the_service_returns(client) -> None:
    """The typed response models leave out nothing and add no null for a key a question of
    another type has (a number question has no options, a choice question no minimum)."""
    from legcare.services import screening

    ctx = client.app.state.ctx
    assert client.get("/api/v1/questionnaire").json() == screening.questionnaire(ctx=ctx)
    state = client.post(
        "/api/v1/screenings/draft", json={"question_id": "rf_emergency", "value": ["none"]}
    ).json()
    assert state == screening.draft_state(ctx=ctx)
    assert "minimum" not in state["next_question"] and state["next_question"]["options"]
    assert client.get("/api/v1/screenings/draft").json() == screening.draft_state(ctx=ctx)
    back = client.post("/api/v1/screenings/draft/back").json()
    assert back == {**screening.draft_state(ctx=ctx), "previous_answer": ["none"]}
