"""`legcare log ...` through the real CLI: one-liners, prompts, replace, list, delete, errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

TODAY = date.today()


def _listing(cli, *args: str) -> dict:
    result = cli("log", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_evening_one_liner_records_flags_given_and_no_for_the_rest(cli) -> None:
    result = cli("log", "evening", "6", "--caffeine", "--alcohol", "--leg-pain", "3", "--note", "x")
    assert result.exit_code == 0, result.stderr
    assert "Saved the evening check-in" in result.stdout and "rls 6" in result.stdout
    [item] = _listing(cli)["checkins"]
    values = item["values"]
    assert values["rls"] == 6 and values["leg_pain"] == 3 and values["note"] == "x"
    assert values["caffeine"] is True and values["alcohol"] is True
    assert values["nicotine"] is False and values["exercise_minutes"] == 0
    assert item["day"] == TODAY.isoformat()


def test_caffeine_after_midday_implies_caffeine(cli) -> None:
    result = cli("log", "evening", "2", "--caffeine-after-midday", "--json")
    assert result.exit_code == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert values["caffeine"] is True and values["caffeine_after_midday"] is True


def test_morning_one_liner_and_back_fill(cli) -> None:
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    args = ["--sleep", "6", "--hours", "7.25", "--woken", "2", "--heel", "4", "--calf", "2"]
    result = cli("log", "morning", *args, "--date", yesterday, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["day"] == yesterday
    assert data["values"] == {
        "sleep_quality": 6,
        "hours_slept": 7.25,
        "times_woken_by_legs": 2,
        "first_step_heel_pain": 4,
        "calf_hamstring_pain": 2,
        "note": None,
    }


def test_bad_values_one_line_per_problem_and_nothing_saved(cli) -> None:
    result = cli("log", "evening", "11", "--leg-pain", "12", "--exercise", "golf")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "legcare: The evening check-in was not saved."
    assert len(lines) == 4
    assert "rls: 11 is out of range; allowed: a whole number from 0 to 10" in lines[1]
    assert "golf" in result.stderr and "walking" in result.stderr
    assert _listing(cli)["count"] == 0


def test_bad_date_is_refused(cli) -> None:
    result = cli("log", "evening", "3", "--date", "2026-13-40")
    assert result.exit_code == 2
    assert result.stderr.startswith("legcare: '2026-13-40' is not a date.")


def test_second_entry_asks_before_replacing(cli) -> None:
    assert cli("log", "evening", "6").exit_code == 0
    kept = cli("log", "evening", "2", input="n\n")
    assert kept.exit_code == 0
    assert "Replace it?" in kept.stderr and "Nothing changed" in kept.stdout
    assert _listing(cli)["checkins"][0]["values"]["rls"] == 6
    replaced = cli("log", "evening", "2", input="y\n")
    assert replaced.exit_code == 0, replaced.stderr
    assert _listing(cli)["checkins"][0]["values"]["rls"] == 2
    assert cli("log", "evening", "3", "--yes").exit_code == 0
    assert _listing(cli)["checkins"][0]["values"]["rls"] == 3


def test_prompt_mode_asks_each_field_with_defaults(cli) -> None:
    # rls, onset, leg pain, caffeine (n -> after-midday skipped), alcohol, nicotine, sitting,
    # exercise kind, minutes, iron, shoes, massage, note
    answers = ["12", "5", "in bed", "", "n", "y", "n", "n", "walking", "20", "n", "y", "n", "ok"]
    result = cli("log", "evening", "--prompt", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "rls: 12 is out of range" in result.stdout  # asked again
    values = _listing(cli)["checkins"][0]["values"]
    assert values["rls"] == 5 and values["rls_onset"] == "in_bed" and values["leg_pain"] is None
    assert values["alcohol"] is True and values["caffeine"] is False
    assert values["exercise_kind"] == "walking" and values["exercise_minutes"] == 20
    assert values["supportive_shoes"] is True and values["note"] == "ok"


def test_prompt_mode_keeps_existing_values_as_defaults(cli) -> None:
    assert cli("log", "morning", "--sleep", "7", "--hours", "6.5").exit_code == 0
    result = cli("log", "morning", "--prompt", "--yes", input="\n" * 6)
    assert result.exit_code == 0, result.stderr + result.stdout
    values = _listing(cli)["checkins"][0]["values"]
    assert values["sleep_quality"] == 7 and values["hours_slept"] == 6.5


def test_list_range_kind_and_delete(cli) -> None:
    for i in range(3):
        day = (TODAY - timedelta(days=i)).isoformat()
        assert cli("log", "evening", str(i), "--date", day).exit_code == 0
        assert cli("log", "morning", "--sleep", str(i), "--date", day).exit_code == 0
    start = (TODAY - timedelta(days=1)).isoformat()
    assert _listing(cli, "--from", start)["count"] == 4
    assert _listing(cli, "--kind", "morning")["count"] == 3
    table = cli("log", "list")
    assert table.exit_code == 0 and "sleep quality 2" in table.stdout
    assert cli("log", "delete", "morning", "today", input="n\n").exit_code == 1
    assert cli("log", "delete", "morning", "today", "--yes").exit_code == 0
    assert _listing(cli, "--kind", "morning")["count"] == 2
    missing = cli("log", "delete", "morning", "today", "--yes")
    assert missing.exit_code == 3 and missing.stderr.startswith("legcare: No morning check-in")


def test_list_json_equals_the_api(cli, app_env) -> None:
    from fastapi.testclient import TestClient

    from legcare.settings import get_settings
    from legcare.web.app import create_app

    assert cli("log", "evening", "4", "--alcohol").exit_code == 0
    cli_json = _listing(cli, "--from", TODAY.isoformat(), "--to", TODAY.isoformat())
    with TestClient(create_app(get_settings())) as client:
        api = client.get("/api/v1/checkins", params={"from": TODAY.isoformat()}).json()
    assert api == cli_json


def test_update_changes_only_the_values_given(cli) -> None:
    day = (TODAY - timedelta(days=2)).isoformat()
    assert cli("log", "evening", "6", "--alcohol", "--shoes", "--date", day).exit_code == 0
    result = cli("log", "evening", "--date", day, "--update", "--leg-pain", "2", "--no-alcohol")
    assert result.exit_code == 0, result.stderr
    values = _listing(cli, "--from", day, "--to", day)["checkins"][0]["values"]
    assert values["rls"] == 6 and values["leg_pain"] == 2
    assert values["alcohol"] is False and values["supportive_shoes"] is True
    morning = cli("log", "morning", "--date", day, "--update", "--sleep", "5")
    assert morning.exit_code == 3
    assert "No morning check-in for" in morning.stderr and "to update" in morning.stderr


def test_update_keeps_the_rules(cli) -> None:
    assert cli("log", "evening", "3", "--caffeine-after-midday").exit_code == 0
    result = cli("log", "evening", "--update", "--no-caffeine")
    assert result.exit_code == 2
    assert "--caffeine-after-midday: caffeine after midday was given but caffeine was no" in (
        result.stderr
    )


def test_own_factors_on_the_evening_line_and_in_the_list(cli) -> None:
    assert cli("factors", "add", "stress", "--kind", "scale_0_10").exit_code == 0
    assert cli("factors", "add", "long drive", "--kind", "yes_no").exit_code == 0
    assert cli("factors", "add", "new shoes", "--kind", "yes_no").exit_code == 0
    result = cli("log", "evening", "5", "--factor", "stress=6", "--factor", "Long Drive")
    assert result.exit_code == 0, result.stderr
    assert "stress 6" in result.stdout and "long drive" in result.stdout
    [item] = _listing(cli)["checkins"]
    # the one-liner is a checklist: a yes/no factor not given is a no
    assert item["factors"] == {"stress": 6, "long drive": 1, "new shoes": 0}
    table = cli("log", "list")
    assert "stress 6" in table.stdout and "long drive" in table.stdout
    updated = cli("log", "evening", "--update", "--factor", "new shoes", "--json")
    assert updated.exit_code == 0, updated.stderr
    assert json.loads(updated.stdout)["factors"] == {"stress": 6, "long drive": 1, "new shoes": 1}


def test_a_bad_factor_names_it_and_what_is_allowed(cli) -> None:
    assert cli("factors", "add", "stress", "--kind", "scale_0_10").exit_code == 0
    result = cli("log", "evening", "5", "--factor", "stress=high", "--factor", "period")
    assert result.exit_code == 2
    assert "stress: 'high'; allowed: a whole number from 0 to 10" in result.stderr
    assert "'period' is not one of your active factors; allowed: stress" in result.stderr
    assert _listing(cli)["checkins"] == []


def test_an_archived_factor_leaves_the_one_liner(cli) -> None:
    assert cli("factors", "add", "new shoes", "--kind", "yes_no").exit_code == 0
    result = cli("factors", "archive", "New Shoes")
    assert result.exit_code == 0 and "Archived new shoes." in result.stdout
    assert "new shoes (yes_no) archived" in cli("factors", "list").stdout
    assert cli("log", "evening", "3").exit_code == 0
    assert _listing(cli)["checkins"][0]["factors"] == {}
    refused = cli("log", "evening", "3", "--yes", "--factor", "new shoes")
    assert refused.exit_code == 2 and "not one of your active factors" in refused.stderr
    assert cli("factors", "archive", "new shoes", "--restore").exit_code == 0
    missing = cli("factors", "archive", "period")
    assert missing.exit_code == 3 and "allowed: new shoes" in missing.stderr


def test_prompt_mode_asks_each_own_factor_after_the_fields(cli) -> None:
    assert cli("factors", "add", "long drive", "--kind", "yes_no").exit_code == 0
    assert cli("factors", "add", "stress", "--kind", "scale_0_10").exit_code == 0
    fields = ["5", "", "", "n", "n", "n", "n", "", "", "n", "n", "n", ""]
    own = ["y", "eleven", "7"]  # long drive, then stress (asked again after a bad answer)
    result = cli("log", "evening", "--prompt", input="\n".join(fields + own) + "\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "stress: 'eleven'; allowed: a whole number from 0 to 10" in result.stdout
    assert _listing(cli)["checkins"][0]["factors"] == {"long drive": 1, "stress": 7}


def test_logging_a_massage_after_a_possible_clot_keeps_it_and_says_what_to_do(cli, app_env) -> None:
    """The diary records what happened; the one safety state adds its own words."""
    from legcare.domain.screening.vocabulary import PrecautionKind, TriageLevel
    from legcare.services.context import build_context
    from legcare.settings import Settings
    from tests.services.plan_helpers import store_check

    plain = cli("log", "evening", "4", "--massage", "--date", "yesterday")
    assert plain.exit_code == 0 and "Not for you now" not in plain.stdout
    ctx = build_context(Settings(data_dir=app_env))
    store_check(
        ctx, "restless_legs", triage=TriageLevel.URGENT,
        precautions=((PrecautionKind.NO_MASSAGE, ()),),
    )  # fmt: skip
    result = cli("log", "evening", "5", "--massage")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Saved the evening check-in" in text and "Logged as you said. Not for you now" in text
    today = [c for c in _listing(cli)["checkins"] if c["day"] == TODAY.isoformat()]
    assert today[0]["values"]["massage_done"] is True
    quiet = cli("log", "evening", "5", "--date", "yesterday", "--yes")
    assert "Not for you now" not in quiet.stdout


def test_errors_name_the_option_to_type(cli) -> None:
    onset = cli("log", "evening", "5", "--onset", "xyz")
    assert onset.exit_code == 2 and "--onset: 'xyz' is not allowed" in onset.stderr
    assert "rls_onset" not in onset.stderr
    empty = cli("log", "morning")
    assert "at least one of --sleep, --hours" in empty.stderr
    assert "sleep_quality" not in empty.stderr
