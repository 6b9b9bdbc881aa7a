"""`legcare check` and `legcare questions` through the real CLI, and the interview in a real
pseudo-terminal (pexpect): answer, go back, Ctrl-C, resume, result page with triage first."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.services.test_screening import RLS, complete_answers

LEGCARE = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "legcare"


def _write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data))
    return str(path)


def test_questions_json_is_what_the_api_returns(cli, client) -> None:
    result = cli("questions", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == client.get("/api/v1/questionnaire").json()


def test_questions_text_and_fhir(cli) -> None:
    text = cli("questions")
    assert text.exit_code == 0 and "rls_urge (yes_no)" in text.stdout
    fhir = json.loads(cli("questions", "--fhir").stdout)
    assert fhir["resourceType"] == "Questionnaire"


def test_check_with_answers_saves_and_lists_in_history(cli, app_env: Path) -> None:
    file = _write(app_env / "answers.json", complete_answers(**RLS))
    result = cli("check", "--answers", file, "--json")
    assert result.exit_code == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved["result"]["triage"]["level"] == "see_clinician_soon"
    assert saved["result"]["patterns"][0]["id"] == "restless_legs"
    history = json.loads(cli("check", "--history", "--json").stdout)
    assert history == [saved]
    text = cli("check", "--history")
    out = " ".join(text.stdout.split())
    assert f"#{saved['id']}" in out and "consistent with Restless legs syndrome (RLS)" in out
    assert "restless_legs" not in out  # names, not ids


def test_check_text_result_starts_with_triage(cli, app_env: Path) -> None:
    file = _write(app_env / "answers.json", {"rf_emergency": ["breathless_chest"]})
    result = cli("check", "--answers", file)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("Emergency: get help now") < out.index("Possible blood clot")
    assert "not a diagnosis" in out


def test_the_text_result_names_medicines_reported_to_worsen_restless_legs(
    cli, app_env: Path
) -> None:
    file = _write(app_env / "answers.json", complete_answers(**RLS))
    before = cli("check", "--answers", file)
    assert before.exit_code == 0, before.stderr
    heading = "Medicines you logged that are reported to worsen restless legs"
    assert heading in before.stdout and "No medicines are logged yet" in before.stdout
    added = cli("meds", "add", "Nytol", "--dose-text", "two 50 mg tablets")
    assert added.exit_code == 0, added.stderr
    after = cli("check", "--answers", file)
    assert after.exit_code == 0, after.stderr
    section = after.stdout[after.stdout.index(heading) :]
    assert "Nytol (Sedating antihistamines)" in section
    assert "source: " in section and "worth discussing with a clinician" in section.lower()
    assert "50 mg" not in section
    as_json = json.loads(cli("check", "--answers", file, "--json").stdout)
    assert set(as_json) == {
        "id", "status", "started_at", "completed_at", "content_version", "answers", "result"
    }  # fmt: skip


def test_bad_answers_list_each_problem_and_save_nothing(cli, app_env: Path) -> None:
    bad = {"rf_emergency": ["nope"], "rls_days_per_week": 9, "unknown_q": 1, "rls_urge": True}
    result = cli("check", "--answers", _write(app_env / "bad.json", bad), "--json")
    assert result.exit_code == 2
    assert result.stderr.startswith("legcare: 4 answers are not valid; nothing was saved.")
    for qid in bad:
        assert f"  - {qid}: " in result.stderr
    assert "allowed" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(cli("check", "--history", "--json").stdout) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("{not json", "not valid JSON"), ('["a"]', "JSON object")],
)
def test_unreadable_answer_files(cli, app_env: Path, content: str | None, message: str) -> None:
    path = app_env / "answers.json"
    if content is not None:
        path.write_text(content)
    result = cli("check", "--answers", str(path))
    assert result.exit_code == 2 and message in result.stderr


def test_conflicting_options(cli, app_env: Path) -> None:
    assert cli("check", "--answers", "x.json", "--history").exit_code == 2
    assert cli("check", "--json").exit_code == 2


def test_interview_in_process_with_typed_replies(cli) -> None:
    # emergency list: 7 = none; urgent: 7 = none; complaints: 8 = nothing; then context "n"s
    replies = ["7", "x", "7", "8", "n", "n", "1", "n", "n", "n", "n"]
    result = cli("check", input="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Type one or more numbers" in result.stdout  # "x" was refused and asked again
    assert "Self-care is reasonable" in result.stdout
    assert len(json.loads(cli("check", "--history", "--json").stdout)) == 1


def test_interview_stops_at_an_emergency_answer(cli) -> None:
    result = cli("check", input="6\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Question 2" not in out
    assert out.index("Emergency: get help now") < out.index("crisis line")
    saved = json.loads(cli("check", "--history", "--json").stdout)[0]
    assert saved["result"]["stopped_early"] is True and saved["answers"] == {
        "rf_emergency": ["self_harm"]
    }


# ---------------------------------------------------------------------------- pseudo-terminal


def _spawn(data_dir: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGCARE_")}
    env |= {"LEGCARE_DATA_DIR": str(data_dir), "TERM": "dumb", "COLUMNS": "200"}
    return pexpect.spawn(str(LEGCARE), ["check"], env=env, encoding="utf-8", timeout=30)


def _reply_for(screen: str) -> str:
    """A plain reply for the question on screen: no, none of these, the first option, 4."""
    if "y = yes" in screen:
        return "n"
    if "a number from" in screen:
        return "4"
    none = re.search(r"(\d+)\. (None of these|Something else)", screen)
    return none.group(1) if none else "1"


@pytest.mark.skipif(not LEGCARE.exists(), reason="needs the installed console script")
def test_interview_in_a_terminal_back_ctrl_c_and_resume(tmp_path: Path) -> None:
    child = _spawn(tmp_path)
    child.expect(r"Question 1 of \d+( to \d+)? · Warning signs first")
    child.expect("> ")
    child.sendline("7")
    child.expect(r"Question 2 of \d+")
    child.expect("> ")
    child.sendline("b")  # back to question 1, with the earlier answer offered
    child.expect(r"Question 1 of \d+")
    child.expect(r"Before: none \(Enter keeps it\)")
    child.expect("> ")
    child.sendline("")
    child.expect("Question 2 of")
    child.expect("> ")
    child.sendline("7")
    child.expect("What brings you here")
    child.expect("> ")
    child.sendline("2")  # heel pain
    child.expect("first steps")
    child.expect("> ")
    child.sendline("maybe")
    child.expect(r"Type y \(yes\), n \(no\) or \? \(not sure\)")
    child.expect("> ")
    child.sendline("y")
    child.expect("Where is the pain worst")
    child.expect("> ")
    child.sendcontrol("c")
    child.expect("stopped. Nothing was lost: 4 answers saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = _spawn(tmp_path)
    child.expect("Resuming your check: 4 answers kept")
    child.expect("Where is the pain worst")
    screen = ""
    for _ in range(40):
        index = child.expect(["> ", r"Check \d+ saved"])
        if index == 1:
            break
        screen = child.before
        child.sendline(_reply_for(screen))
    else:
        pytest.fail("the interview did not end")
    page = child.before
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert page.index("Self-care is reasonable") < page.index("What your answers fit")
    assert "plantar" in page.lower()

    history = _history(tmp_path)
    assert len(history) == 1
    answers = history[0]["answers"]
    assert answers["heel_first_steps"] == "yes" and answers["rf_emergency"] == ["none"]
    assert answers["heel_location"] == "underside_inner"


def _history(data_dir: Path) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGCARE_")}
    env["LEGCARE_DATA_DIR"] = str(data_dir)
    out = pexpect.run(f"{LEGCARE} check --history --json", env=env, encoding="utf-8")
    return json.loads(out)  # type: ignore[no-any-return]


def test_restart_discards_the_check_in_progress(cli) -> None:
    first = cli("check", input="7\n")  # one answer, then end of input: stopped, answer kept
    assert first.exit_code == 130 and "Nothing was lost: 1 answer saved" in first.stderr
    resumed = cli("check", input="")
    assert "Resuming your check: 1 answer kept" in resumed.stdout
    fresh = cli("check", "--restart", input="")
    assert "Resuming" not in fresh.stdout and "Question 1 of" in fresh.stdout


def test_a_same_day_warning_sign_interrupts_before_the_next_question(cli) -> None:
    # emergency list: 7 = none; urgent list: 1 = one calf newly swollen; then stop
    stopped = cli("check", input="7\n1\nn\n")
    assert stopped.exit_code == 0, stopped.stderr
    out = stopped.stdout
    assert "do this now" in out and "Be seen today" in out
    assert "Question 3" not in out  # nothing else was asked
    state = json.loads(cli("safety", "--json").stdout)
    assert state["massage_blocked"] and state["unfinished_check"] and state["needs_help_now"]
    carried = cli("check", input="y\n")  # the answers were kept; carry on
    assert "Resuming your check: 2 answers kept." in carried.stdout


def test_the_person_may_carry_on_after_the_advice(cli) -> None:
    result = cli("check", input="7\n1\ny\n")
    out = result.stdout
    assert out.index("do this now") < out.index("Question 3")


def test_an_emergency_is_said_once(cli) -> None:
    result = cli("check", input="1\n")  # breathlessness or chest pain: the interview ends
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Call your emergency number") == 1, result.stdout


def test_only_the_warning_sign_answers_give_the_advice_and_are_kept(cli, app_env: Path) -> None:
    clot = {"rf_emergency": ["none"], "rf_urgent": ["one_sided_swelling"]}
    result = cli("check", "--answers", _write(app_env / "clot.json", clot))
    assert result.exit_code == 7, result.stderr
    assert "Be seen today" in result.stderr and "unfinished check" in result.stderr
    assert "not complete" not in result.stderr
    state = json.loads(cli("safety", "--json").stdout)
    assert state["massage_blocked"] and state["unfinished_check"]
    assert "Resuming your check: 2 answers kept." in cli("check", input="").stdout
