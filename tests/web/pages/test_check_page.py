"""Check: one question a screen with progress, back and resume; the result shows triage first."""

from __future__ import annotations

import re

from legcare.web.contexts import leg_map_regions
from tests.web.pages.conftest import csrf_from
from tests.web.pages.htmlcheck import parse

NO_RED_FLAGS = {"rf_emergency": ["none"], "rf_urgent": ["none"], "rf_clot_risk": ["none"]}


def _current(client) -> tuple[str, str]:
    html = client.get("/check").text
    match = re.search(r'name="question_id" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1), html


def _answer(client, values: list[str]):
    qid, html = _current(client)
    data = {"csrf_token": csrf_from(html), "question_id": qid, "answer": values}
    return client.post("/check/answer", data=data, follow_redirects=False)


def _gentle_choice(html: str) -> list[str]:
    """'no' / 'none' / the lowest scale value / a small number: a calm, complete answer set."""
    values = re.findall(r'name="answer" value="([^"]+)"', html)
    for calm in ("none", "no"):
        if calm in values:
            return [calm]
    if values:
        return [values[0]]
    return ["1"]


def _finish(client) -> str:
    for _ in range(80):
        qid, html = _current(client)
        response = _answer(client, NO_RED_FLAGS.get(qid) or _gentle_choice(html))
        assert response.status_code == 303, response.text[-800:]
        if "/check/result/" in response.headers["location"]:
            return response.headers["location"]
    raise AssertionError("the check did not end")


def test_first_screen_is_one_question_with_progress_and_no_back(html_client) -> None:
    qid, html = _current(html_client)
    assert qid == "rf_emergency"
    facts = parse(html)
    assert facts.h1_count == 1
    assert "<progress" in html and re.search(r"Question 1 of \d+( to \d+)?<", html)
    assert 'formaction="/check/back"' not in html


def test_back_returns_to_the_question_with_the_answer_selected(html_client) -> None:
    assert _answer(html_client, ["none"]).status_code == 303
    qid, html = _current(html_client)
    assert qid == "rf_urgent" and 'formaction="/check/back"' in html
    back = html_client.post(
        "/check/back", data={"csrf_token": csrf_from(html)}, follow_redirects=False
    )
    assert back.status_code == 303
    again = html_client.get(back.headers["location"]).text
    assert 'value="rf_emergency"' in again
    assert 'id="a-none" name="answer" value="none" checked' in again


def test_the_check_resumes_where_it_stopped(html_client) -> None:
    for _ in range(3):
        qid, html = _current(html_client)
        _answer(html_client, NO_RED_FLAGS.get(qid) or _gentle_choice(html))
    answered = re.search(r"Question (\d+) of", html_client.get("/check").text)
    assert answered and answered.group(1) == "4"


def test_an_invalid_answer_is_422_and_says_why(html_client) -> None:
    response = _answer(html_client, ["not-an-option"])
    assert response.status_code == 422
    assert "Please check your answer" in response.text


def test_a_stale_question_is_not_recorded(html_client) -> None:
    _, html = _current(html_client)
    stale = {"csrf_token": csrf_from(html), "question_id": "rls_urge", "answer": "yes"}
    response = html_client.post("/check/answer", data=stale, follow_redirects=False)
    assert response.status_code == 303
    assert _current(html_client)[0] == "rf_emergency"


def test_an_emergency_answer_stops_and_shows_the_banner_first(html_client) -> None:
    response = _answer(html_client, ["breathless_chest"])
    assert response.status_code == 303
    assert "/check/result/" in response.headers["location"]
    html = html_client.get(response.headers["location"]).text
    main = html.split('<main id="main"', 1)[1]
    assert main.index("triage-emergency") < main.index("Patterns")
    assert 'role="alert"' in main
    assert 'href="/plan"' not in main  # an emergency gives no plan
    assert "you have" not in main.lower()


def test_a_full_calm_check_ends_on_a_result_page(html_client) -> None:
    location = _finish(html_client)
    html = html_client.get(location).text
    assert parse(html).h1_count == 1
    assert "Your check result" in html and "not a diagnosis" in html
    assert html_client.get("/check/result").status_code == 200
    assert html_client.get("/check/result/999999").status_code == 404


def test_body_region_question_draws_the_leg_map(html_client) -> None:
    chosen = {**NO_RED_FLAGS, "complaints": ["heel"], "ctx_numb_skin": ["yes"]}
    for _ in range(60):
        qid, html = _current(html_client)
        if qid == "ctx_numb_areas":
            break
        _answer(html_client, chosen.get(qid) or _gentle_choice(html))
    qid, html = _current(html_client)
    assert qid == "ctx_numb_areas"
    regions = re.findall(r'<rect class="region"[^>]*>', html)
    assert len(regions) == 14
    for region in regions:
        assert 'role="checkbox"' in region and 'tabindex="0"' in region
        assert re.search(r'aria-label="[^"]+"', region)
    assert 'class="choices region-fallback"' in html  # real checkboxes stay for no-JS
    assert _answer(html_client, ["left_foot", "right_calf"]).status_code == 303


def test_leg_map_places_every_region_once_in_focus_order() -> None:
    parts = ["foot", "ankle", "calf", "shin", "knee", "thigh_back", "thigh_front"]
    options = [{"value": f"{s}_{p}", "label": p} for p in parts for s in ("left", "right")]
    regions, unmapped = leg_map_regions(options)
    assert unmapped == [] and len(regions) == 14
    boxes = {(r["x"], r["y"]) for r in regions}
    assert len(boxes) == 14
    front = [r for r in regions if r["view"] == "front"]
    assert regions[: len(front)] == front  # front view first
    assert [r["value"] for r in front[:5]] == [
        "right_thigh_front", "right_knee", "right_shin", "right_ankle", "right_foot",
    ]  # fmt: skip
    _, unknown = leg_map_regions([{"value": "left_elbow", "label": "Elbow"}])
    assert unknown == ["left_elbow"]


def test_a_same_day_warning_sign_interrupts_before_the_next_question(html_client) -> None:
    assert _answer(html_client, ["none"]).status_code == 303
    response = _answer(html_client, ["one_sided_swelling"])
    assert response.status_code == 303 and response.headers["location"] == "/check?now=1"
    html = html_client.get(response.headers["location"]).text
    main = html.split('<main id="main"', 1)[1]
    assert "do this now" in main and "Be seen today" in main and 'role="alert"' in main
    assert 'name="question_id"' not in main  # no other question on this screen
    assert 'href="/check"' in main  # the person may carry on
    qid, next_html = _current(html_client)
    assert qid == "rf_clot_risk" and "Be seen today" in next_html  # still shown, smaller
    today = html_client.get("/").text
    assert "Finish the check" in today and "(from the check you have not finished)" in today
    assert "Start here" not in today
    assert 'data-safety="blocked"' in today


def test_the_result_page_says_what_to_do_once(html_client) -> None:
    from legcare.services import screening

    assert _answer(html_client, ["none"]).status_code == 303
    assert _answer(html_client, ["one_sided_swelling"]).status_code == 303
    location = _finish(html_client)
    html = html_client.get(location).text
    ctx = html_client.app.state.ctx
    what_to_do = screening.latest_result(ctx=ctx).triage.what_to_do
    assert html.count(what_to_do) == 1, what_to_do


def test_a_missing_or_bad_answer_speaks_plainly_without_internal_names(html_client) -> None:
    empty = _answer(html_client, [])
    assert empty.status_code == 422
    assert "Choose at least one answer" in empty.text
    while (qid := _current(html_client)[0]) != "rls_days_per_week":
        _, html = _current(html_client)
        value = {"complaints": ["restless"]}.get(qid) or NO_RED_FLAGS.get(qid)
        if qid.startswith("rls_") and qid != "rls_days_per_week":
            value = ["yes"]
        _answer(html_client, value or _gentle_choice(html))
    for bad in ([], ["lots"], ["99"]):
        response = _answer(html_client, bad)
        assert response.status_code == 422
        errors = response.text.split('class="errors"')[1].split("</div>")[0]
        assert "rls_days_per_week" not in errors
        assert "NoneType" not in errors and "got str" not in errors
        assert "from 0 to 7" in errors


def test_the_result_page_names_a_logged_medicine_reported_to_worsen_restless_legs(
    html_client,
) -> None:
    from legcare.services import medicines

    ctx = html_client.app.state.ctx
    location = _finish(html_client)
    calm = html_client.get(location).text
    assert "reported to worsen restless legs" not in calm  # calm answers, no such medicine
    medicines.add_medicine(ctx=ctx, name="Benadryl", own_dose_text="25 mg at night")
    html = html_client.get(location).text
    found = re.search(r'<section[^>]*aria-labelledby="meds-h"[^>]*>(.*?)</section>', html, re.S)
    assert found is not None, html[-2000:]
    text = " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())
    assert "Medicines you logged that are reported to worsen restless legs" in text
    assert "Benadryl" in text and "Sedating antihistamines" in text
    assert "Worth discussing with a clinician" in text and "Source:" in text
    assert "25 mg" not in html  # the person's own dose text is not repeated here


def test_restless_legs_with_no_medicines_logged_says_so_in_the_words_of_the_page(
    html_client,
) -> None:
    from tests.web.pages.conftest import RLS_AND_HEEL, complete_check

    saved = complete_check(html_client.app.state.ctx, RLS_AND_HEEL)
    html = html_client.get(f"/check/result/{saved['id']}").text
    found = re.search(r'<section[^>]*aria-labelledby="meds-h"[^>]*>(.*?)</section>', html, re.S)
    assert found is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())
    assert "No medicines are logged yet" in text and "clinician or pharmacist" in text
    assert "legcare " not in text and "you have" not in text.lower()  # no command, no diagnosis
