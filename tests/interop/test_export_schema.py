"""The JSON export's JSON Schema, as published in docs/export-schema.json: real exports
validate against it with the jsonschema library, and broken ones do not."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from legcare.interop.export_schema import export_schema
from legcare.services.views.export import export_document
from tests.conftest import FIXED_NOW
from tests.interop.sample_data import seed_everything, seed_tracking

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_the_published_schema_is_the_one_the_code_makes() -> None:
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == export_schema()


def test_a_real_export_validates(ctx, validator) -> None:  # type: ignore[no-untyped-def]
    seed_everything(ctx, end=FIXED_NOW.date(), days=14)
    seed_tracking(ctx, end=FIXED_NOW.date())
    document = json.loads(json.dumps(export_document(ctx=ctx)))
    assert all(document["data"][name] for name in document["data"])  # every table has rows
    assert list(validator.iter_errors(document)) == []


def _evening(document):  # type: ignore[no-untyped-def]
    return next(r for r in document["data"]["checkins"] if r["kind"] == "evening")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.pop("version"), "version"),
        (lambda d: d["data"].update(unicorns=[]), "unicorns"),
        (lambda d: _evening(d)["data"].update(rls=11), "rls"),
        (lambda d: _evening(d)["data"].update(rls="7"), "rls"),
        (lambda d: _evening(d)["data"].update(massage_done="yes"), "massage_done"),
        (lambda d: _evening(d)["data"].update(secret_field=1), "secret_field"),
        (lambda d: _evening(d).update(day="20-11-2026"), "day"),
        (lambda d: _evening(d).update(kind="noon"), "kind"),
        (lambda d: d["data"]["plans"][0].pop("plan"), "plan"),
        (lambda d: d["data"]["plans"][0].update(user_id=3), "user_id"),
        (lambda d: d["data"]["session_logs"][0].update(started_at="yesterday"), "started_at"),
    ],
)
def test_broken_exports_do_not_validate(ctx, validator, change, where: str) -> None:  # type: ignore[no-untyped-def]
    seed_everything(ctx, end=FIXED_NOW.date(), days=7)
    document = json.loads(json.dumps(export_document(ctx=ctx)))
    broken = copy.deepcopy(document)
    change(broken)
    errors = list(validator.iter_errors(broken))
    assert errors, f"a change to {where} was not caught"
    assert any(where in (e.message + " ".join(map(str, e.absolute_path))) for e in errors)


def test_hours_slept_in_quarter_hours(ctx, validator) -> None:  # type: ignore[no-untyped-def]
    seed_everything(ctx, end=FIXED_NOW.date(), days=7)
    document = json.loads(json.dumps(export_document(ctx=ctx)))
    morning = next(r for r in document["data"]["checkins"] if r["kind"] == "morning")
    morning["data"]["hours_slept"] = 7.3
    assert any("multiple" in e.message for e in validator.iter_errors(document))


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("health_values", "source", "my watch"),
        ("health_values", "metric", "weight"),
        ("medicines", "kind", "potion"),
        ("factors", "kind", "maybe"),
        ("weekly_scores", "answers", {"frequency": 11}),
        ("weekly_scores", "answers", {"mood": 3}),
        ("weekly_scores", "score", 101),
    ],
)
def test_broken_tracking_rows_do_not_validate(ctx, validator, table, column, value) -> None:  # type: ignore[no-untyped-def]
    seed_tracking(ctx, end=FIXED_NOW.date())
    document = json.loads(json.dumps(export_document(ctx=ctx)))
    document["data"][table][0][column] = value
    errors = list(validator.iter_errors(document))
    assert any(column in map(str, e.absolute_path) for e in errors), errors
