"""Export and data rights: JSON and FHIR round trips lose nothing; CSV has every check-in;
imports refuse what they cannot read and change nothing; delete removes everything."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legcare.errors import Conflict, InvalidInput
from legcare.services.views import export
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import SCRIPT_NOTE, seed_everything, seed_tracking

TODAY = FIXED_NOW.date()


@pytest.fixture
def seeded(ctx):
    seed_everything(ctx, end=TODAY, days=14)
    return ctx


def test_json_round_trip_loses_nothing(seeded) -> None:
    seed_tracking(seeded, end=TODAY)
    first = export.export_data(ctx=seeded, fmt="json")
    document = json.loads(first.content)
    assert document["format"] == "legcare-export" and document["version"] == 1
    assert {n: len(r) for n, r in document["data"].items()} == {
        "profiles": 1,
        "screenings": 1,
        "plans": 2,
        "plan_reviews": 1,
        "session_logs": 7,
        "checkins": 28,
        "experiments": 1,
        "medicines": 2,
        "medicine_uses": 1,
        "factors": 1,
        "factor_values": 2,
        "weekly_scores": 2,
        "health_values": 3,
    }
    deleted = export.delete_all(ctx=seeded)
    assert sum(deleted.values()) == 52
    assert sum(export.data_counts(ctx=seeded).values()) == 0

    summary = export.import_data(ctx=seeded, content=first.content)
    assert summary.format == "json" and summary.counts["checkins"] == 28
    again = export.export_data(ctx=seeded, fmt="json")
    assert again.content == first.content


def test_json_references_are_file_local_and_remapped(seeded) -> None:
    document = export.export_document(ctx=seeded)
    plans = document["data"]["plans"]
    assert [p["id"] for p in plans] == [1, 2]
    assert all(p["screening_id"] == 1 for p in plans)
    assert {s["plan_id"] for s in document["data"]["session_logs"]} == {2}
    assert "user_id" not in plans[0]


def test_fhir_round_trip_keeps_what_fhir_carries(seeded) -> None:
    first = export.export_data(ctx=seeded, fmt="fhir")
    bundle = json.loads(first.content)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    export.delete_all(ctx=seeded)
    summary = export.import_data(ctx=seeded, content=first.content)
    assert summary.format == "fhir"
    assert summary.counts["checkins"] == 28
    assert summary.counts["session_logs"] == 7
    assert summary.counts["plans"] == 2 and summary.counts["screenings"] == 1
    again = export.export_data(ctx=seeded, fmt="fhir")
    assert json.loads(again.content) == bundle


@pytest.mark.parametrize("fmt", ["fhir", "fhir-transaction"])
def test_fhir_round_trip_loses_nothing_the_json_export_has(seeded, fmt: str) -> None:
    """Profile (tools, bedtime...), plan reviews and experiments come back too, so the next
    plan is built from the same profile, and the export claims only what it carries."""
    from legcare.services.plans import current_plan

    seed_tracking(seeded, end=TODAY)  # medicines, factors, weekly scores, imported values
    before = export.export_document(ctx=seeded)["data"]
    plan_before = current_plan(ctx=seeded)
    result = export.export_data(ctx=seeded, fmt=fmt)
    assert result.counts["experiments"] == 1 and result.counts["profiles"] == 1
    export.delete_all(ctx=seeded)
    summary = export.import_data(ctx=seeded, content=result.content)
    assert summary.ignored == []
    after = export.export_document(ctx=seeded)["data"]
    assert after == before
    assert current_plan(ctx=seeded)["profile"] == plan_before["profile"]


def test_fhir_import_restores_checkin_values_exactly(seeded) -> None:
    from legcare.services.diary import list_checkins

    before = list_checkins(ctx=seeded, start=TODAY - timedelta(days=30), end=TODAY)
    content = export.export_data(ctx=seeded, fmt="fhir").content
    export.import_data(ctx=seeded, content=content, replace=True)
    after = list_checkins(ctx=seeded, start=TODAY - timedelta(days=30), end=TODAY)
    assert [(c.kind, c.day, c.values) for c in after] == [(c.kind, c.day, c.values) for c in before]
    assert any(c.values["note"] == SCRIPT_NOTE for c in after)


def _csv_frames(content: bytes):  # type: ignore[no-untyped-def]
    """Every CSV in the zip, read by pandas (an independent reader)."""
    import pandas as pd

    archive = zipfile.ZipFile(io.BytesIO(content))
    return {
        name.removesuffix(".csv"): pd.read_csv(
            io.BytesIO(archive.read(name)), keep_default_na=False, na_values=[""]
        )
        for name in archive.namelist()
        if name.endswith(".csv")
    }, archive


def test_csv_has_every_checkin(seeded) -> None:
    from legcare.domain.diary import CheckinKind, field_specs

    result = export.export_data(ctx=seeded, fmt="csv")
    assert result.media_type == "application/zip"
    frames, archive = _csv_frames(result.content)
    assert "README.txt" in archive.namelist()
    assert {"checkins_evening", "checkins_morning", "plans", "session_logs"} <= set(frames)
    evening, morning = frames["checkins_evening"], frames["checkins_morning"]
    assert len(evening) == 14 and len(morning) == 14
    assert evening["day"].iloc[-1] == TODAY.isoformat()
    assert evening["note"].iloc[-1] == SCRIPT_NOTE
    # yes/no are booleans to pandas, ratings are numbers
    assert evening["massage_done"].dtype == bool
    assert set(evening["massage_done"]) == {True, False}
    assert str(evening["rls"].dtype).startswith("int")
    assert set(morning["hours_slept"]) <= {7.5, 6.25}
    # columns: day, then the diary's own order, then note and timestamps
    for frame, kind in ((evening, CheckinKind.EVENING), (morning, CheckinKind.MORNING)):
        columns = list(frame.columns)
        assert columns[0] == "day" and columns[-3:] == ["note", "created_at", "updated_at"]
        order = [f.name for f in field_specs(kind) if f.name in columns[1:-3]]
        assert columns[1:-3] == order


def test_csv_has_the_tracking_records_with_names_items_and_sources(seeded) -> None:
    """Read by pandas: medicines, uses by medicine name, factor values by factor name (yes/no as
    booleans), weekly items as columns, imported values; every value with its source."""
    from legcare.services.factors import add_factor, record_factor

    seed_tracking(seeded, end=TODAY)
    add_factor(ctx=seeded, name="Long drive", kind="yes_no")
    record_factor(ctx=seeded, name="Long drive", value=True, day=TODAY)
    frames, archive = _csv_frames(export.export_data(ctx=seeded, fmt="csv").content)
    readme = archive.read("README.txt").decode()
    assert "weekly_scores.csv" in readme and "not validated" in readme
    medicines = frames["medicines"]
    assert list(medicines["name"]) == ["Sertraline", "Paracetamol"]
    assert list(medicines["own_dose_text"].fillna("")) == ["", "my own <b>text</b>"]
    uses = frames["medicine_uses"]
    assert list(uses["medicine"]) == ["Paracetamol"] and list(uses["note"]) == ["heel"]
    values = frames["factor_values"]
    stress = values[values["factor"] == "Stress"].sort_values("day")
    assert list(stress["value"]) == ["3", "6"] or list(stress["value"]) == [3, 6]
    drive = values[values["factor"] == "Long drive"]
    assert list(drive["value"]) in (["true"], [True])
    weekly = frames["weekly_scores"].set_index("kind")
    assert weekly.loc["rls_weekly", "score"] == 45 and weekly.loc["heel_weekly", "score"] == 40
    assert weekly.loc["rls_weekly", "daytime_impact"] == 3
    assert weekly.loc["heel_weekly", "first_step_pain"] == 6
    health = frames["health_values"].set_index("metric")
    assert health.loc["steps", "value"] == 6400
    for name in ("medicines", "medicine_uses", "factor_values", "weekly_scores", "health_values"):
        assert frames[name]["source"].notna().all(), name
    assert set(health["source"]) == {"apple_health"}


def test_csv_session_logs_have_the_session_and_minutes(seeded) -> None:
    from legcare.services.sessions import session_logs

    frames, _ = _csv_frames(export.export_data(ctx=seeded, fmt="csv").content)
    logs = frames["session_logs"]
    assert "state" not in logs.columns  # no JSON blob
    assert list(logs.columns[:6]) == [
        "id",
        "day",
        "session_id",
        "session_title",
        "status",
        "minutes",
    ]
    assert set(logs["session_id"]) == {"evening_massage"}
    assert logs["minutes"].dtype == float and (logs["minutes"] > 0).all()
    stored = session_logs(ctx=seeded, start=TODAY - timedelta(days=30), end=TODAY)
    by_day = {s["day"]: s for s in stored}
    assert len(by_day) == len(stored) == len(logs)
    for _, row in logs.iterrows():
        log = by_day[row["day"]]
        assert row["minutes"] == round(log["seconds"] / 60, 1)
        assert (row["steps_done"], row["steps_skipped"]) == (log["done"], log["skipped"])
    assert set(logs["tenderness_calf"].dropna()) == {4}


@pytest.mark.parametrize(
    "note",
    ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"],
)
def test_csv_cells_that_would_run_as_formulas_are_escaped(ctx, note: str) -> None:
    from legcare.services.diary import log_checkin

    log_checkin(ctx=ctx, kind="evening", day=TODAY, values={"rls": 3, "note": note})
    frames, archive = _csv_frames(export.export_data(ctx=ctx, fmt="csv").content)
    (cell,) = frames["checkins_evening"]["note"]
    assert cell == "'" + note  # shown as text, and the original is still all there
    raw = archive.read("checkins_evening.csv").decode()
    assert "," + note not in raw and "\n" + note not in raw


def test_csv_cell_escapes_text_not_numbers() -> None:
    from legcare.interop.tabular import csv_cell

    assert csv_cell(-3) == "-3" and csv_cell(-0.5) == "-0.5"
    assert csv_cell("-3") == "'-3" and csv_cell("=1+1") == "'=1+1"
    assert csv_cell("\tTAB") == "'\tTAB" and csv_cell("\rCR") == "'\rCR"
    assert csv_cell("a=b") == "a=b"
    assert csv_cell(True) == "true" and csv_cell(None) == ""
    assert csv_cell({"a": "=x"}) == '{"a": "=x"}'


def test_import_refuses_when_data_exists_and_changes_nothing(seeded) -> None:
    content = export.export_data(ctx=seeded, fmt="json").content
    before = export.data_counts(ctx=seeded)
    with pytest.raises(Conflict, match="already have data"):
        export.import_data(ctx=seeded, content=content)
    assert export.data_counts(ctx=seeded) == before


def test_import_with_replace_is_one_step(seeded) -> None:
    content = export.export_data(ctx=seeded, fmt="json").content
    summary = export.import_data(ctx=seeded, content=content, replace=True)
    assert summary.replaced["checkins"] == 28
    assert export.export_data(ctx=seeded, fmt="json").content == content


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"day,rls\n2026-01-01,5\n", "not JSON"),
        (b"PK\x03\x04rest", "CSV export"),
        (b'{"hello": "world"}', "neither a legcare JSON export"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"\xff\xfe not text", "not JSON"),
        (b'{"format": "legcare-export", "version": 99, "data": {}}', "version 99"),
        (b'{"resourceType": "Bundle", "type": "collection", "entry": []}', "nothing legcare"),
    ],
)
def test_import_refuses_other_files(seeded, content: bytes, message: str) -> None:
    before = export.export_data(ctx=seeded, fmt="json").content
    with pytest.raises(InvalidInput, match=message):
        export.import_data(ctx=seeded, content=content, replace=True)
    assert export.export_data(ctx=seeded, fmt="json").content == before


def test_bad_rows_are_listed_and_nothing_changes(ctx) -> None:
    document = {
        "format": "legcare-export",
        "version": 1,
        "data": {
            "checkins": [
                {
                    "id": 1,
                    "kind": "evening",
                    "day": "2026-11-01",
                    "data": {"rls": 14},
                    "created_at": "2026-11-01T20:00:00+00:00",
                    "updated_at": "2026-11-01T20:00:00+00:00",
                },
                {
                    "id": 2,
                    "kind": "evening",
                    "day": "2026-11-01",
                    "data": {"rls": 3},
                    "created_at": "2026-11-01T20:00:00+00:00",
                    "updated_at": "2026-11-01T20:00:00+00:00",
                },
            ],
            "plans": [{"id": 1, "version": "one", "screening_id": 7}],
            "secrets": [],
        },
    }
    with pytest.raises(InvalidInput) as caught:
        export.import_data(ctx=ctx, content=json.dumps(document).encode())
    details = "\n".join(caught.value.details)
    assert "unknown table 'secrets'" in details
    assert "plans row 1: version: expected a whole number" in details
    assert "plans row 1: screening_id 7 is not an id in screenings" in details
    assert "a second row with kind=evening, day=2026-11-01" in details
    assert sum(export.data_counts(ctx=ctx).values()) == 0


def test_checkin_values_are_validated_on_import(ctx) -> None:
    document = {
        "format": "legcare-export",
        "version": 1,
        "data": {
            "checkins": [
                {
                    "id": 1,
                    "kind": "evening",
                    "day": "2026-11-01",
                    "data": {"rls": 14},
                    "created_at": "2026-11-01T20:00:00+00:00",
                    "updated_at": "2026-11-01T20:00:00+00:00",
                }
            ]
        },
    }
    with pytest.raises(InvalidInput, match="check-ins in the file are not valid") as caught:
        export.import_data(ctx=ctx, content=json.dumps(document).encode())
    assert any("rls" in d and "0 to 10" in d for d in caught.value.details)
    assert sum(export.data_counts(ctx=ctx).values()) == 0


def test_parse_format() -> None:
    assert export.parse_format(" JSON ") == "json"
    with pytest.raises(InvalidInput, match="not an export format"):
        export.parse_format("xml")


def test_write_file_refuses_a_folder_and_leaves_no_partial(tmp_path) -> None:
    with pytest.raises(InvalidInput, match="is a folder"):
        export.write_file(target=tmp_path, content=b"x")
    target = export.write_file(target=tmp_path / "out.json", content=b"{}")
    assert target.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("plans", "plan", {"sessions": "every day"}, "plans row 1: cannot be read back"),
        ("session_logs", "state", {"player": {}}, "session_logs row 1: cannot be read back"),
        ("screenings", "result", {"triage": {}}, "screenings row 1: cannot be read back"),
        ("experiments", "schedule", [], "experiments row 1: cannot be read back"),
    ],
)
def test_payloads_the_app_cannot_read_are_refused(seeded, table, field, value, message) -> None:
    document = export.export_document(ctx=seeded)
    document["data"][table][0][field] = value
    before = export.data_counts(ctx=seeded)
    with pytest.raises(InvalidInput, match="cannot be read by this legcare") as caught:
        export.import_data(ctx=seeded, content=json.dumps(document).encode(), replace=True)
    assert any(d.startswith(message) for d in caught.value.details)
    assert export.data_counts(ctx=seeded) == before


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"thresholds": {"noticeable": float("nan"), "clear": 2.0}}, "noticeable threshold"),
        ({"thresholds": {"noticeable": 1.0, "clear": float("inf")}}, "clear threshold"),
        ({"thresholds": {"noticeable": "one"}}, "is not a number of points"),
        ({"transition_days": float("nan")}, "is not a whole number"),
        ({"blocks": 40}, "pairs: use 2 to 8 blocks"),
    ],
)
def test_an_experiment_design_the_analysis_cannot_use_is_refused(seeded, change, says) -> None:
    document = export.export_document(ctx=seeded)
    document["data"]["experiments"][0]["design"].update(change)
    before = export.data_counts(ctx=seeded)
    # json.dumps writes NaN and Infinity, which Python's json (and the import) reads back
    with pytest.raises(InvalidInput, match="cannot be read by this legcare") as caught:
        export.import_data(ctx=seeded, content=json.dumps(document).encode(), replace=True)
    assert any(d.startswith("experiments row 1") and says in d for d in caught.value.details)
    assert export.data_counts(ctx=seeded) == before


@pytest.mark.parametrize(
    ("table", "field", "value", "says"),
    [
        ("weekly_scores", "score", 99, "score 99 is not the score of these answers"),
        ("weekly_scores", "answers", {"frequency": 11}, "unknown item|missing"),
        ("weekly_scores", "week", "2026-11-18", "is not a Monday"),
        ("weekly_scores", "source", "a phone", "unknown source"),
        ("medicines", "stopped", "2000-01-01", "before the start date"),
        ("medicines", "kind", "potion", "kind 'potion' is not known"),
        ("factors", "name", "<script>", "not allowed"),
        ("factor_values", "value", 11, "allowed: a whole number from 0 to 10"),
        ("health_values", "metric", "weight", "ValueError"),
    ],
)
def test_tracking_rows_the_app_cannot_read_are_refused(seeded, table, field, value, says) -> None:
    """A hand-edited file is checked by the same rules as typing: nothing is imported."""
    import re

    seed_tracking(seeded, end=TODAY)
    document = export.export_document(ctx=seeded)
    document["data"][table][0][field] = value
    before = export.data_counts(ctx=seeded)
    with pytest.raises(InvalidInput, match="cannot be read by this legcare") as caught:
        export.import_data(ctx=seeded, content=json.dumps(document).encode(), replace=True)
    found = [d for d in caught.value.details if d.startswith(f"{table} row 1: cannot be read")]
    assert found and re.search(says, found[0]), caught.value.details
    assert export.data_counts(ctx=seeded) == before


@pytest.mark.parametrize("fmt", ["json", "fhir"])
def test_round_trip_on_sqlite_and_postgresql(any_ctx, fmt) -> None:
    seed_everything(any_ctx, end=TODAY, days=9)
    first = export.export_data(ctx=any_ctx, fmt=fmt).content
    export.delete_all(ctx=any_ctx)
    export.import_data(ctx=any_ctx, content=first)
    assert export.export_data(ctx=any_ctx, fmt=fmt).content == first


@pytest.mark.parametrize("data", [["rls", 5], "rls=5", None, {"rls": {"deep": [1]}}])
def test_odd_checkin_payloads_are_refused(ctx, data) -> None:
    row = {
        "id": 1,
        "kind": "evening",
        "day": "2026-11-01",
        "data": data,
        "created_at": "2026-11-01T20:00:00+00:00",
        "updated_at": "2026-11-01T20:00:00+00:00",
    }
    document = {"format": "legcare-export", "version": 1, "data": {"checkins": [row]}}
    with pytest.raises(InvalidInput):
        export.import_data(ctx=ctx, content=json.dumps(document).encode())
    assert sum(export.data_counts(ctx=ctx).values()) == 0


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_tables = st.sampled_from(
    ["checkins", "plans", "screenings", "session_logs", "profiles", "experiments", "x"]
)
_columns = st.sampled_from(
    [
        "id",
        "kind",
        "day",
        "data",
        "created_at",
        "updated_at",
        "version",
        "plan",
        "profile",
        "status",
        "answers",
        "result",
        "started_at",
        "completed_at",
        "content_version",
        "state",
        "design",
        "schedule",
        "start_day",
        "seed",
        "x",
    ]
)
_values = (
    _json
    | st.integers(min_value=1, max_value=3)
    | st.sampled_from(["evening", "morning", "2026-11-01", "2026-11-01T20:00:00+00:00"])
    | st.fixed_dictionaries({"rls": st.integers(-2, 12)})
)
_rows = st.lists(st.dictionaries(_columns, _values, max_size=8), max_size=3)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(_tables, _rows, max_size=3),
    entry=st.lists(st.dictionaries(st.sampled_from(["resource", "fullUrl"]), _json), max_size=3),
)
def test_any_json_is_imported_or_refused_cleanly(ctx, data, entry) -> None:
    for document in (
        {"format": "legcare-export", "version": 1, "data": data},
        {"resourceType": "Bundle", "type": "collection", "entry": entry},
    ):
        with contextlib.suppress(InvalidInput, Conflict):
            export.import_data(ctx=ctx, content=json.dumps(document).encode(), replace=True)


def test_imported_times_with_an_offset_are_stored_in_utc(ctx) -> None:
    from legcare.services.diary import get_checkin

    document = {
        "format": "legcare-export",
        "version": 1,
        "data": {
            "checkins": [
                {
                    "id": 1,
                    "kind": "evening",
                    "day": "2026-11-01",
                    "data": {"rls": 4},
                    "created_at": "2026-11-01T21:30:00+01:00",
                    "updated_at": "2026-11-01T21:45:00+01:00",
                }
            ]
        },
    }
    export.import_data(ctx=ctx, content=json.dumps(document).encode())
    stored = get_checkin(ctx=ctx, kind="evening", day=date(2026, 11, 1))
    assert stored.created_at.isoformat() == "2026-11-01T20:30:00+00:00"
    exported = export.export_document(ctx=ctx)["data"]["checkins"][0]
    assert exported["updated_at"] == "2026-11-01T20:45:00+00:00"


def test_csv_profile_has_one_column_per_setting(seeded) -> None:
    from legcare.services.plans import get_profile

    frames, _ = _csv_frames(export.export_data(ctx=seeded, fmt="csv").content)
    profile = frames["profiles"]
    stored = get_profile(ctx=seeded)["profile"]
    assert list(profile.columns[:6]) == [
        "tools", "minutes_per_day", "bedtime", "days", "pressure", "side"
    ]  # fmt: skip
    row = profile.iloc[0]
    assert row["tools"] == ", ".join(stored["tools"])
    assert row["bedtime"] == stored["bedtime"]
    assert int(row["minutes_per_day"]) == stored["minutes_per_day"]


def test_counts_of_the_tracking_tables_are_said_in_words() -> None:
    said = export.describe_counts({"medicines": 2, "medicine_uses": 1, "health_values": 3})
    assert said == "2 medicines and treatments, 1 as-needed uses, 3 imported values"
