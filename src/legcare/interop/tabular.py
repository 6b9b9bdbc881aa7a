"""Our own export formats: the versioned JSON document and a zip of CSV files.

JSON (``legcare-export``, version 1) is the lossless format: everything the user owns, one list
of rows per table, with these rules:

- ``id`` values are *file-local*: 1..n per table in the order the rows were created, and the
  reference columns (``plans.screening_id``, ``plan_reviews.plan_id``, ``session_logs.plan_id``)
  use those numbers. Database ids never leave the app, so a file imports into any database.
- Dates are ``YYYY-MM-DD``; timestamps are ISO 8601 in UTC; payload columns (answers, plans,
  check-in values, designs) are the JSON the app stores.
- ``user_id`` is never written: an import belongs to whoever imports it.

CSV is for spreadsheets: a zip holding one CSV per table, except check-ins, which are split by
kind (``checkins_evening.csv``, ``checkins_morning.csv``) with one column per check-in value in
the diary's own order (day first, note and timestamps last) so a spreadsheet can chart them
directly. Session logs have one column per fact (session, status, minutes, steps done and
skipped, tenderness per area) and the profile one column per setting; the remaining payload
columns (answers, plans, designs) are JSON text in one cell. Yes/no values are ``true`` /
``false``, which spreadsheets and pandas read as booleans. A text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a spreadsheet
shows it as text instead of running it as a formula (OWASP, "CSV Injection"); numbers are
written as they are. A ``README.txt`` in the zip says the same. CSV is for reading, not for
import. The JSON document's shape is published as a JSON Schema (``export_schema``).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from legcare.errors import InvalidInput
from legcare.store.data_rights import REFERENCES, TABLES_BY_NAME, USER_TABLES, Rows

EXPORT_FORMAT = "legcare-export"
EXPORT_VERSION = 1
MAX_PROBLEMS = 20

CSV_README = """legcare export (CSV)

One CSV file per table. Check-ins are split by kind, one column per value:
  checkins_evening.csv  evening check-ins (restless legs 0-10, leg pain 0-10, exposures, note)
  checkins_morning.csv  morning check-ins (sleep quality 0-10, hours slept, first-step heel pain...)
  session_logs.csv      one row per guided session: which session, status, minutes, steps done
                        and skipped, tenderness per area (0-10), note
  profiles.csv          the settings the plan is built from, one column each
  medicines.csv         medicines, supplements and treatments: name, kind, start and stop,
                        as needed, your own dose note (your words; legcare suggests no doses)
  medicine_uses.csv     "as needed" uses: the day and the medicine's name
  factors.csv           your own factors: name and kind (yes_no or scale_0_10)
  factor_values.csv     a factor's value on a day, with the factor's name (yes/no as true/false)
  weekly_scores.csv     the weekly scores (legcare's own items, not validated instruments): one
                        column per item (0-10) and the score (0-100)
  health_values.csv     imported nights, steps and resting heart rate, one value per row
Every tracked value has a "source" column: manual (typed by you), apple_health or fitbit.
Other files hold one row per record; columns holding structured data are JSON text.
Yes/no values are written true/false. Text that starts with = + - @ is written with a
leading ' so that a spreadsheet shows it instead of running it as a formula.
Ids are local to this export. For a complete copy that imports back, use the JSON export.
"""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_export_document(obj: object) -> bool:
    """True for a mapping that says it is a legcare JSON export (any version)."""
    return isinstance(obj, Mapping) and obj.get("format") == EXPORT_FORMAT


# --- writing -------------------------------------------------------------------------------


def local_ids(rows: Rows) -> dict[str, dict[int, int]]:
    """Database id -> file-local id (1..n per table, in row order)."""
    return {
        name: {int(r["id"]): i for i, r in enumerate(table_rows, start=1)}
        for name, table_rows in rows.items()
        if table_rows and "id" in table_rows[0]
    }


def to_document(rows: Rows, *, exported_at: datetime, app_version: str) -> dict[str, Any]:
    """The JSON export document for the rows read from the store."""
    ids = local_ids(rows)
    data: dict[str, list[dict[str, Any]]] = {}
    for table in USER_TABLES:
        refs = REFERENCES.get(table.name, {})
        out_rows = []
        for row in rows.get(table.name, []):
            out: dict[str, Any] = {}
            for column in table.c:
                if column.name == "user_id":
                    continue
                value = row.get(column.name)
                if column.name == "id":
                    value = ids[table.name][int(row["id"])]
                elif column.name in refs and value is not None:
                    value = ids.get(refs[column.name], {}).get(int(value))
                out[column.name] = _json_value(value)
            out_rows.append(out)
        data[table.name] = out_rows
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at.isoformat(),
        "app_version": app_version,
        "data": data,
    }


def as_utc(value: datetime) -> datetime:
    """Timestamps are stored in UTC; a naive one read back from SQLite is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dump_document(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def to_csv_zip(rows: Rows) -> bytes:
    """A zip with one CSV per table (check-ins one per kind, values as columns)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", CSV_README)
        document = to_document(rows, exported_at=datetime(1970, 1, 1), app_version="")
        for name, table_rows in document["data"].items():
            if name == "checkins":
                for kind in ("evening", "morning"):
                    of_kind = [r for r in table_rows if r["kind"] == kind]
                    archive.writestr(f"checkins_{kind}.csv", _checkin_csv(kind, of_kind))
            elif name == "session_logs":
                archive.writestr(f"{name}.csv", _session_csv(table_rows))
            elif name == "profiles":
                archive.writestr(f"{name}.csv", _profile_csv(table_rows))
            elif name in TRACKING_CSV:
                archive.writestr(f"{name}.csv", TRACKING_CSV[name](document["data"]))
            else:
                archive.writestr(f"{name}.csv", _table_csv(TABLES_BY_NAME[name], table_rows))
    return buffer.getvalue()


def csv_cell(value: Any) -> str:
    """One CSV cell: empty for None, true/false, JSON for structures, and text that a
    spreadsheet would take for a formula prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _write_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _table_csv(table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> str:
    header = [c.name for c in table.c if c.name != "user_id"]
    return _write_csv(header, [[r.get(h) for h in header] for r in rows])


def _value_keys(order: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """``order`` first (those present), then any other key in the order first seen."""
    seen: list[str] = []
    for row in rows:
        for key in row:
            if key not in seen:
                seen.append(key)
    return [k for k in order if k in seen] + [k for k in seen if k not in order]


def _checkin_csv(kind: str, rows: Sequence[Mapping[str, Any]]) -> str:
    from legcare.domain.diary import CheckinKind, field_specs

    order = [spec.name for spec in field_specs(CheckinKind(kind)) if spec.name != "note"]
    values = [row["data"] if isinstance(row["data"], dict) else {} for row in rows]
    keys = [k for k in _value_keys(order, values) if k != "note"]
    header = ["day", *keys, "note", "created_at", "updated_at"]
    body = [
        [
            row["day"],
            *(data.get(k) for k in keys),
            data.get("note"),
            row["created_at"],
            row["updated_at"],
        ]
        for row, data in sorted(zip(rows, values, strict=True), key=lambda p: p[0]["day"])
    ]
    return _write_csv(header, body)


SESSION_COLUMNS = (
    "id",
    "day",
    "session_id",
    "session_title",
    "status",
    "minutes",
    "steps_done",
    "steps_skipped",
    "steps_total",
    "started_at",
    "ended_at",
    "plan_id",
)


def _session_facts(state: Any) -> dict[str, Any]:
    """What a spreadsheet wants from a session's stored state (blank when unreadable)."""
    from legcare.domain.sessions.player import PlayerState, summary

    try:
        session = state["session"]
        done = summary(PlayerState.from_dict(state["player"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}
    return {
        "session_id": session.get("id"),
        "session_title": session.get("title"),
        "minutes": round(done["seconds"] / 60, 1),
        "steps_done": done["done"],
        "steps_skipped": done["skipped"],
        "steps_total": done["total"],
    }


def _session_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    tenderness = [r["tenderness"] if isinstance(r.get("tenderness"), dict) else {} for r in rows]
    areas = _value_keys((), tenderness)
    header = [*SESSION_COLUMNS, *(f"tenderness_{a}" for a in areas), "note"]
    body = []
    for row, scores in zip(rows, tenderness, strict=True):
        facts = {**row, **_session_facts(row.get("state"))}
        body.append(
            [facts.get(c) for c in SESSION_COLUMNS]
            + [scores.get(a) for a in areas]
            + [row.get("note")]
        )
    return _write_csv(header, body)


def _flat(data: Mapping[str, Any]) -> dict[str, Any]:
    """A nested setting (the reminder times) as one column per entry: reminders_evening_checkin."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat.update({f"{key}_{inner}": v for inner, v in value.items()})
        else:
            flat[key] = value
    return flat


def _profile_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    data = [_flat(r["data"]) if isinstance(r.get("data"), dict) else {} for r in rows]
    order = ("tools", "minutes_per_day", "bedtime", "days", "pressure", "side")
    keys = _value_keys(order, data)
    body = [
        [
            *(
                ", ".join(map(str, v)) if isinstance(v, list) else v
                for v in (d.get(k) for k in keys)
            ),
            row.get("updated_at"),
        ]
        for row, d in zip(rows, data, strict=True)
    ]
    return _write_csv([*keys, "updated_at"], body)


def _named(rows: Rows, table: str) -> dict[Any, Mapping[str, Any]]:
    return {r.get("id"): r for r in rows.get(table, [])}


def _medicine_uses_csv(data: Rows) -> str:
    medicines = _named(data, "medicines")
    header = ["id", "day", "medicine_id", "medicine", "note", "source", "created_at"]
    body = [
        [*(r.get(h) for h in header[:3]), medicines.get(r.get("medicine_id"), {}).get("name")]
        + [r.get(h) for h in header[4:]]
        for r in data.get("medicine_uses", [])
    ]
    return _write_csv(header, body)


def _factor_values_csv(data: Rows) -> str:
    factors = _named(data, "factors")
    header = ["id", "day", "factor_id", "factor", "kind", "value", "source", "updated_at"]
    body = []
    for r in data.get("factor_values", []):
        factor = factors.get(r.get("factor_id"), {})
        value = r.get("value")
        if factor.get("kind") == "yes_no" and value in (0, 1):
            value = bool(value)
        body.append(
            [
                r.get("id"),
                r.get("day"),
                r.get("factor_id"),
                factor.get("name"),
                factor.get("kind"),
                value,
                r.get("source"),
                r.get("updated_at"),
            ]  # fmt: skip
        )
    return _write_csv(header, body)


def _weekly_scores_csv(data: Rows) -> str:
    from legcare.domain.tracking.weekly_scores import ITEMS

    items = [item for kind_items in ITEMS.values() for item in kind_items]
    answers = [
        r["answers"] if isinstance(r.get("answers"), dict) else {}
        for r in data.get("weekly_scores", [])
    ]  # noqa: E501
    keys = _value_keys(items, answers)
    header = ["id", "kind", "week", "score", *keys, "source", "updated_at"]
    body = [
        [
            r.get("id"),
            r.get("kind"),
            r.get("week"),
            r.get("score"),
            *(a.get(k) for k in keys),
            r.get("source"),
            r.get("updated_at"),
        ]  # fmt: skip
        for r, a in zip(data.get("weekly_scores", []), answers, strict=True)
    ]
    return _write_csv(header, body)


TRACKING_CSV = {
    "medicine_uses": _medicine_uses_csv,
    "factor_values": _factor_values_csv,
    "weekly_scores": _weekly_scores_csv,
}


# --- reading -------------------------------------------------------------------------------


def from_document(document: Mapping[str, Any]) -> Rows:
    """Validate a JSON export and return rows ready for ``data_rights.insert_all``.

    Raises ``InvalidInput`` listing every problem found (up to ``MAX_PROBLEMS``).
    """
    if not is_export_document(document):
        raise InvalidInput(f'This is not a legcare export (no "format": "{EXPORT_FORMAT}").')
    version = document.get("version")
    if version != EXPORT_VERSION:
        raise InvalidInput(
            f"This export has format version {version!r}; this legcare reads version "
            f"{EXPORT_VERSION}. Nothing was changed."
        )
    data = document.get("data")
    if not isinstance(data, Mapping):
        raise InvalidInput('The export has no "data" object. Nothing was changed.')
    problems: list[str] = []
    rows: Rows = {}
    for name, table_rows in data.items():
        table = TABLES_BY_NAME.get(name)
        if table is None:
            problems.append(f"unknown table {name!r}; allowed: {', '.join(TABLES_BY_NAME)}")
            continue
        if not isinstance(table_rows, list):
            problems.append(f"{name}: expected a list of rows")
            continue
        rows[name] = [_parse_row(table, i, row, problems) for i, row in enumerate(table_rows, 1)]
    _check_ids(rows, problems)
    _check_unique(rows, problems)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more")
        raise InvalidInput("The export file has problems; nothing was changed.", details=shown)
    return rows


def _parse_row(table: sa.Table, index: int, row: Any, problems: list[str]) -> dict[str, Any]:
    where = f"{table.name} row {index}"
    if not isinstance(row, Mapping):
        problems.append(f"{where}: expected an object")
        return {}
    allowed = {c.name for c in table.c if c.name != "user_id"}
    for key in row:
        if key not in allowed:
            problems.append(
                f"{where}: unknown field {key!r}; allowed: {', '.join(sorted(allowed))}"
            )
    out: dict[str, Any] = {}
    for column in table.c:
        if column.name == "user_id":
            continue
        if column.name not in row or row[column.name] is None:
            if _required(column):
                problems.append(f"{where}: {column.name} is required")
            continue
        try:
            out[column.name] = _parse_value(column, row[column.name])
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}: {column.name}: {exc}")
    return out


def _required(column: sa.Column[Any]) -> bool:
    return not column.nullable and column.server_default is None


def _parse_value(column: sa.Column[Any], value: Any) -> Any:
    kind = column.type
    if isinstance(kind, sa.JSON):
        return value
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if isinstance(kind, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("expected a whole number")
        return value
    if not isinstance(value, str):
        raise TypeError("expected text")
    return _parse_text(kind, value)


def _parse_text(kind: Any, value: str) -> Any:
    """A text cell of a column of ``kind``: a moment, a date or text of at most its length."""
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        if len(value) != 10:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
        return date.fromisoformat(value)
    length = getattr(kind, "length", None)
    if length is not None and len(value) > length:
        raise ValueError(f"at most {length} characters")
    return value


def _check_ids(rows: Rows, problems: list[str]) -> None:
    for name, table_rows in rows.items():
        if "id" not in TABLES_BY_NAME[name].c:
            continue
        seen: set[int] = set()
        for i, row in enumerate(table_rows, 1):
            local = row.get("id")
            if local is None:
                problems.append(f"{name} row {i}: id is required")
            elif local in seen:
                problems.append(f"{name} row {i}: id {local} appears twice")
            else:
                seen.add(local)
    for name, refs in REFERENCES.items():
        for column, target in refs.items():
            known = {r.get("id") for r in rows.get(target, [])}
            for i, row in enumerate(rows.get(name, []), 1):
                ref = row.get(column)
                if ref is not None and ref not in known:
                    problems.append(f"{name} row {i}: {column} {ref} is not an id in {target}")


def _check_unique(rows: Rows, problems: list[str]) -> None:
    for name, table_rows in rows.items():
        table = TABLES_BY_NAME[name]
        for constraint in table.constraints:
            if not isinstance(constraint, sa.UniqueConstraint | sa.PrimaryKeyConstraint):
                continue
            columns = [c.name for c in constraint.columns if c.name not in ("user_id", "id")]
            if not columns:
                if name == "profiles" and len(table_rows) > 1:
                    problems.append("profiles: at most one profile")
                continue
            seen: set[tuple[Any, ...]] = set()
            for i, row in enumerate(table_rows, 1):
                key = tuple(row.get(c) for c in columns)
                if key in seen:
                    shown = ", ".join(f"{c}={v}" for c, v in zip(columns, key, strict=True))
                    problems.append(f"{name} row {i}: a second row with {shown}")
                seen.add(key)


__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "as_utc",
    "dump_document",
    "from_document",
    "is_export_document",
    "local_ids",
    "csv_cell",
    "to_csv_zip",
    "to_document",
]
