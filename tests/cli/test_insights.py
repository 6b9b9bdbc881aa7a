"""`legcare insights` through the real CLI: summary, --json equal to the API, --svg files."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

TODAY = date.today()


def _seed(cli, days: int = 21) -> None:
    for i in range(days):
        day = (TODAY - timedelta(days=i)).isoformat()
        flags = ["--alcohol"] if i % 3 == 0 else []
        rls = "7" if flags else "3"
        assert cli("log", "evening", rls, *flags, "--date", day).exit_code == 0
        assert cli("log", "morning", "--sleep", "6", "--heel", "2", "--date", day).exit_code == 0


def test_summary_with_terminal_charts(cli) -> None:
    _seed(cli)
    result = cli("insights")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "21 evening and 21 morning check-ins" in out
    assert "restless-legs symptoms" in out and any(ch in out for ch in "▁▂▃▄▅▆▇█")
    assert "Nights with alcohol went with restless-legs symptoms" in out
    assert "does not show that alcohol causes" in out
    assert "Not enough days yet for:" in out


def test_json_equals_the_api_and_svg_files_are_written(cli, app_env: Path) -> None:
    from fastapi.testclient import TestClient

    from legcare.settings import get_settings
    from legcare.web.app import create_app

    _seed(cli, days=10)
    start = (TODAY - timedelta(days=9)).isoformat()
    folder = app_env / "charts"
    result = cli("insights", "--from", start, "--json", "--svg", str(folder))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == start and data["days"] == 10
    with TestClient(create_app(get_settings())) as client:
        api = client.get("/api/v1/insights", params={"from": start}).json()
    assert api == data
    for name in ("symptoms", "adherence", "exposures"):
        root = ET.parse(folder / f"{name}.svg").getroot()
        assert root.get("role") == "img"


def test_bad_range_is_one_line(cli) -> None:
    result = cli("insights", "--from", "2026-11-10", "--to", "2026-11-01")
    assert result.exit_code == 2
    assert result.stderr.startswith("legcare: The range 2026-11-10 to 2026-11-01 ends before")
    bad = cli("insights", "--from", "soon")
    assert bad.exit_code == 2 and "'soon' is not a date" in bad.stderr


def test_empty_diary(cli) -> None:
    result = cli("insights")
    assert result.exit_code == 0
    assert "No symptom ratings in this period yet" in result.stdout


def test_own_factor_is_ranked_and_the_comparisons_are_counted(cli) -> None:
    assert cli("factors", "add", "stress", "--kind", "scale_0_10").exit_code == 0
    for i in range(14):
        day = (TODAY - timedelta(days=i)).isoformat()
        stressed = i % 2 == 0
        args = ["8" if stressed else "2", "--factor", f"stress={7 if stressed else 1}"]
        assert cli("log", "evening", *args, "--date", day).exit_code == 0
    result = cli("insights")
    assert result.exit_code == 0, result.stderr
    assert "We looked at 1 thing; one comparison can still look linked by chance." in result.stdout
    assert "1. stress at 5 or more (of 10) /" in result.stdout
    assert "Counted as one: caffeine and caffeine after midday." in result.stdout
    data = json.loads(cli("insights", "--json").stdout)
    assert data["tested"]["count"] == 1
    [first] = [a for a in data["associations"] if a["rank"] == 1]
    assert first["exposure"] == "factor:stress" and first["source"] == "own factor"


def test_a_few_days_show_no_four_week_comparison(cli) -> None:
    """Five days cannot compare four weeks with four before: the CLI says so, like the page."""
    _seed(cli, days=5)
    out = cli("insights").stdout
    data = json.loads(cli("insights", "--json").stdout)
    assert all(t["change"] is None for t in data["trends"])
    assert "not enough weeks yet" in out and not re.search(r"\d vs \d", out)
