"""Export and data rights: everything out (CSV, JSON, FHIR), our JSON and FHIR back in, delete all.

Interface (the CLI ``legcare export|import|delete`` and ``/api/v1/export|import|data`` call these):

- ``export_data(ctx=, fmt="csv"|"json"|"fhir") -> ExportFile`` (bytes, media type, file name);
  the JSON format is described in ``legcare.interop.tabular``, FHIR in ``legcare.interop.fhir``.
- ``import_data(ctx=, content=bytes, replace=False) -> ImportSummary``: detects our JSON or a
  FHIR Bundle and refuses anything else, changing nothing. It adds to an account that has no
  health data yet; with ``replace=True`` it deletes and inserts in ONE transaction. Check-in
  values go through the diary's validation, so an import obeys the same ranges as typing.
- ``delete_all(ctx=) -> dict[str, int]``: every health row of the user, in one transaction.
- ``write_file(target=, content=)``: resolve the path, refuse a folder, write a temporary file
  and rename it into place (never a half-written file under the chosen name).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from legcare import __version__
from legcare.errors import Conflict, InvalidInput, LegcareError, StoreError
from legcare.interop import fhir, tabular
from legcare.interop.json_types import ExportDocument, FhirBundle
from legcare.services.context import AppContext
from legcare.store import data_rights
from legcare.store.data_rights import Rows
from legcare.store.tracking_content import load_weekly_items

if TYPE_CHECKING:
    from legcare.domain.screening.ruleset import ScreeningContent

ExportFormat = Literal["csv", "json", "fhir", "fhir-transaction"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "json", "fhir", "fhir-transaction")
MEDIA_TYPES: dict[ExportFormat, str] = {
    "csv": "application/zip",
    "json": "application/json",
    "fhir": "application/fhir+json",
    "fhir-transaction": "application/fhir+json",
}
SUFFIXES: dict[ExportFormat, str] = {
    "csv": ".zip",
    "json": ".json",
    "fhir": ".fhir.json",
    "fhir-transaction": ".fhir-transaction.json",
}
LABELS = {
    "profiles": "profile",
    "screenings": "checks",
    "plans": "plan versions",
    "plan_reviews": "plan reviews",
    "session_logs": "sessions",
    "checkins": "check-ins",
    "experiments": "experiments",
    "medicines": "medicines and treatments",
    "medicine_uses": "as-needed uses",
    "factors": "own factors",
    "factor_values": "factor values",
    "weekly_scores": "weekly scores",
    "health_values": "imported values",
}


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One export, ready to write or send."""

    format: ExportFormat
    content: bytes
    media_type: str
    filename: str
    counts: dict[str, int]

    def to_json(self) -> dict[str, object]:
        """What was exported (the file itself is ``content``)."""
        return {
            "format": self.format,
            "media_type": self.media_type,
            "filename": self.filename,
            "bytes": len(self.content),
            "counts": dict(self.counts),
        }


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import added (rows per table), from which format, and what it left out."""

    format: Literal["json", "fhir"]
    counts: dict[str, int]
    replaced: dict[str, int] = field(default_factory=dict)
    ignored: list[fhir.IgnoredEntry] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.ignored)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": True,
            "format": self.format,
            "imported": self.counts,
            "replaced": self.replaced,
            "skipped_resources": self.skipped,
            "ignored": [i.to_dict() for i in self.ignored],
        }


def parse_format(value: str) -> ExportFormat:
    """``value`` as an export format, or ``InvalidInput`` saying what is allowed."""
    for fmt in FORMATS:
        if value.strip().lower() == fmt:
            return fmt
    raise InvalidInput(
        f"{value!r} is not an export format.",
        details=[f"format: allowed: {', '.join(FORMATS)}"],
    )


def read_everything(*, ctx: AppContext) -> Rows:
    """Every health row of the user, read in one snapshot."""
    with ctx.store.read() as conn:
        return data_rights.read_all(conn, ctx.user_id)


def data_counts(*, ctx: AppContext) -> dict[str, int]:
    """How many rows the user has per table."""
    with ctx.store.read() as conn:
        return data_rights.count_all(conn, ctx.user_id)


def export_document(*, ctx: AppContext) -> ExportDocument:
    """Our versioned JSON export (everything, lossless)."""
    document = tabular.to_document(
        read_everything(ctx=ctx), exported_at=ctx.now(), app_version=__version__
    )
    return cast(ExportDocument, document)


def _check_content(ctx: AppContext) -> ScreeningContent | None:
    """The Check's questions (for QuestionnaireResponses), or None when they cannot be loaded."""
    try:
        from legcare.services.screening import screening_content

        return screening_content(ctx=ctx)
    except (ImportError, LegcareError):
        return None


def patient_identifier(*, ctx: AppContext) -> str:
    """The user's FHIR Patient identifier (a random UUID, made on first use and kept)."""
    from sqlalchemy.exc import IntegrityError

    from legcare.store.patient_identifiers import patient_identifier as stored

    try:
        with ctx.store.transaction() as conn:
            return stored(conn, user_id=ctx.user_id, now=ctx.now())
    except IntegrityError:  # made at the same moment by another request: read that one
        with ctx.store.transaction() as conn:
            return stored(conn, user_id=ctx.user_id, now=ctx.now())


def export_bundle(*, ctx: AppContext, bundle_type: str = "collection") -> FhirBundle:
    """The FHIR R4 Bundle (validated with fhir.resources R4B); ``bundle_type`` collection or
    transaction (a Bundle a FHIR server ingests as it is)."""
    return _bundle(ctx, read_everything(ctx=ctx), bundle_type)


def _bundle(ctx: AppContext, rows: Rows, bundle_type: str) -> FhirBundle:
    bundle = fhir.build_bundle(
        rows,
        timestamp=ctx.now(),
        content=_check_content(ctx),
        patient_identifier=patient_identifier(ctx=ctx),
        bundle_type=bundle_type,
        weekly_texts=load_weekly_items(),
        app_version=__version__,
    )
    return cast(FhirBundle, bundle)


def export_data(*, ctx: AppContext, fmt: ExportFormat | str) -> ExportFile:
    """Everything the user owns in ``fmt`` (csv: a zip of CSV files; json; fhir: a collection
    Bundle; fhir-transaction: a transaction Bundle for a FHIR server)."""
    the_fmt = parse_format(fmt)
    rows = read_everything(ctx=ctx)
    counts = {name: len(table_rows) for name, table_rows in rows.items()}
    if the_fmt == "csv":
        content = tabular.to_csv_zip(rows)
    elif the_fmt == "json":
        document = tabular.to_document(rows, exported_at=ctx.now(), app_version=__version__)
        content = tabular.dump_document(document)
    else:
        kind = "transaction" if the_fmt == "fhir-transaction" else "collection"
        bundle = _bundle(ctx, rows, kind)
        content = (json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    stamp = ctx.today().isoformat()
    return ExportFile(
        format=the_fmt,
        content=content,
        media_type=MEDIA_TYPES[the_fmt],
        filename=f"legcare-export-{stamp}{SUFFIXES[the_fmt]}",
        counts=counts,
    )


def _load(content: bytes) -> Any:
    if content[:2] == b"PK":
        raise InvalidInput(
            "This looks like the CSV export (a zip file). Only the JSON export and the FHIR "
            "export can be imported. Nothing was changed."
        )
    try:
        return json.loads(content.decode("utf-8-sig"))
    except RecursionError:
        raise InvalidInput(
            "This file is nested too deeply to be a legcare export. Nothing was changed."
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            f"This file is not JSON ({exc}). legcare imports its own JSON export or a FHIR "
            "Bundle. Nothing was changed."
        ) from exc


def parse_import(
    content: bytes, *, check_content: ScreeningContent | None = None
) -> tuple[Literal["json", "fhir"], Rows, list[fhir.IgnoredEntry]]:
    """Detect and read an import: (format, rows with file-local ids, FHIR entries not used)."""
    document = _load(content)
    if tabular.is_export_document(document):
        return "json", tabular.from_document(document), []
    if fhir.is_fhir_bundle(document):
        rows, ignored = fhir.parse_bundle(document, content=check_content)
        return "fhir", rows, ignored
    raise InvalidInput(
        'This file is neither a legcare JSON export ("format": "legcare-export") nor a FHIR '
        'Bundle ("resourceType": "Bundle"). Nothing was changed.'
    )


def _validate_checkins(rows: Rows) -> None:
    from legcare.services.diary import validated_values

    problems: list[str] = []
    for i, row in enumerate(rows.get("checkins", []), 1):
        where = f"check-in {i} ({row.get('kind')} {row.get('day')})"
        if not isinstance(row.get("data"), Mapping):
            problems.append(f"{where}: data: expected an object of check-in values")
            continue
        try:
            clean = validated_values(str(row.get("kind")), row.get("data") or {})
        except InvalidInput as exc:
            problems.extend(f"{where}: {d}" for d in exc.details or [exc.message])
            continue
        row["data"] = {k: v for k, v in clean.items() if v is not None}
    if problems:
        raise InvalidInput(
            "Some check-ins in the file are not valid; nothing was changed.",
            details=problems[: tabular.MAX_PROBLEMS],
        )


def _parse_session_state(state: Any) -> None:
    from legcare.domain.sessions.player import PlayerState

    PlayerState.from_dict(state["player"])
    if not isinstance(state["session"]["steps"], list):
        raise TypeError("session steps must be a list")


def _parse_experiment(row: Mapping[str, Any]) -> None:
    from legcare.domain.experiments.analysis import Thresholds
    from legcare.domain.experiments.design import Design, ScheduleDay, validate_design

    design = Design.from_json(row["design"])
    problems = (
        validate_design(design) + Thresholds.from_json(row["design"].get("thresholds")).problems()
    )
    if problems:
        raise ValueError("; ".join(problems))
    if not row["schedule"]:
        raise ValueError("the schedule is empty")
    for day in row["schedule"]:
        ScheduleDay.from_json(day)


def _parse_source(row: Mapping[str, Any]) -> None:
    from legcare.domain.tracking.sources import parse_source

    parse_source(str(row["source"]))


def _parse_medicine(row: Mapping[str, Any]) -> None:
    from legcare.domain.tracking import medicines

    _parse_source(row)
    medicines.new_medicine(
        name=row["name"],
        kind=medicines.parse_kind(row["kind"]),
        started=row.get("started"),
        stopped=row.get("stopped"),
        as_needed=bool(row.get("as_needed")),
        own_dose_text=row.get("own_dose_text") or "",
        note=row.get("note") or "",
    )


def _parse_factor(row: Mapping[str, Any]) -> None:
    from legcare.domain.tracking import factors

    factor = factors.new_factor(row["name"], factors.parse_factor_kind(row["kind"]))
    if factors.factor_key(factor.name) != row["name_key"]:
        raise ValueError(f"name_key {row['name_key']!r} does not match the name {factor.name!r}")


def _parse_weekly(row: Mapping[str, Any]) -> None:
    from legcare.domain.tracking import weekly_scores as rules

    _parse_source(row)
    kind = rules.parse_kind(row["kind"])
    if not isinstance(row["answers"], Mapping):
        raise TypeError("answers must be an object of item: 0-10")
    answers = rules.check_answers(kind, row["answers"])
    if rules.score_items(kind, answers) != row["score"]:
        raise ValueError(f"score {row['score']} is not the score of these answers")
    if rules.week_of(row["week"]) != row["week"]:
        raise ValueError(f"week {row['week']} is not a Monday")


def _parse_health_value(row: Mapping[str, Any]) -> None:
    from legcare.store.health_values import Metric

    _parse_source(row)
    Metric(row["metric"])
    if row["value"] < 0:
        raise ValueError("a value below 0")


def _factor_values(rows: Rows) -> list[str]:
    """Each value within its factor's range (0/1 for yes/no, 0-10 for a scale)."""
    from legcare.domain.tracking import factors

    kinds = {f.get("id"): f.get("kind") for f in rows.get("factors", [])}
    problems = []
    for i, row in enumerate(rows.get("factor_values", []), 1):
        kind = kinds.get(row.get("factor_id"))
        try:
            _parse_source(row)
            factor = factors.Factor(name="value", kind=factors.parse_factor_kind(str(kind)))
            if factors.check_factor_value(factor, row["value"]) != row["value"]:
                raise ValueError(f"{row['value']!r} is not a stored value")
        except (LegcareError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"factor_values row {i}: cannot be read back ({exc})")
    return problems


def _payload_parsers() -> dict[str, Callable[[Mapping[str, Any]], object]]:
    """Per table, how the app reads a row's JSON back (the same code the pages use)."""
    from legcare.domain.plans.model import Plan
    from legcare.domain.plans.profile import parse_profile
    from legcare.domain.reminders import parse_reminders
    from legcare.domain.screening.result import result_from_dict

    return {
        "profiles": lambda r: (
            parse_profile({k: v for k, v in r["data"].items() if k != "reminders"}),
            parse_reminders(r["data"].get("reminders") or {}),
        ),
        "screenings": lambda r: r.get("result") is None or result_from_dict(r["result"]),
        "plans": lambda r: (Plan.from_dict(r["plan"]), parse_profile(r["profile"])),
        "session_logs": lambda r: _parse_session_state(r["state"]),
        "experiments": _parse_experiment,
        "medicines": _parse_medicine,
        "medicine_uses": _parse_source,
        "factors": _parse_factor,
        "weekly_scores": _parse_weekly,
        "health_values": _parse_health_value,
    }


def _validate_payloads(rows: Rows) -> None:
    """Refuse rows whose stored JSON the app could not read back later (hand-edited files)."""
    problems: list[str] = []
    parsers = _payload_parsers()
    for name, table_rows in rows.items():
        parse = parsers.get(name)
        for i, row in enumerate(table_rows if parse else [], 1):
            try:
                parse(row)  # type: ignore[misc]
            except (
                LegcareError,
                KeyError,
                IndexError,
                TypeError,
                ValueError,
                AttributeError,
            ) as exc:
                message = (
                    exc.message if isinstance(exc, LegcareError) else f"{type(exc).__name__}: {exc}"
                )
                problems.append(f"{name} row {i}: cannot be read back ({message})")
    problems += _factor_values(rows)
    if problems:
        raise InvalidInput(
            "Some records in the file cannot be read by this legcare; nothing was changed.",
            details=problems[: tabular.MAX_PROBLEMS],
        )


def _describe(counts: dict[str, int]) -> str:
    shown = [f"{n} {LABELS.get(name, name)}" for name, n in counts.items() if n]
    return ", ".join(shown) or "nothing"


def import_data(*, ctx: AppContext, content: bytes, replace: bool = False) -> ImportSummary:
    """Import our JSON export or a FHIR Bundle, in one transaction (see the module docstring)."""
    fmt, rows, ignored = parse_import(content, check_content=_check_content(ctx))
    _validate_checkins(rows)
    _validate_payloads(rows)
    replaced: dict[str, int] = {}
    with ctx.store.transaction() as conn:
        existing = data_rights.count_all(conn, ctx.user_id)
        if any(existing.values()):
            if not replace:
                raise Conflict(
                    f"You already have data ({_describe(existing)}). An import fills an empty "
                    "account: delete everything first, or import with replace, which deletes "
                    "and imports in one step. Nothing was changed."
                )
            replaced = data_rights.delete_all(conn, ctx.user_id)
        counts = data_rights.insert_all(conn, ctx.user_id, rows)
    return ImportSummary(format=fmt, counts=counts, replaced=replaced, ignored=ignored)


def delete_all(*, ctx: AppContext) -> dict[str, int]:
    """Delete every health record of the user and end every share, in one transaction; rows
    deleted per table."""
    from legcare.store import shares

    with ctx.store.transaction(durable=True) as conn:
        shares.end_all_shares(conn, user_id=ctx.user_id, at=ctx.now())
        return data_rights.delete_all(conn, ctx.user_id)


def describe_counts(counts: dict[str, int]) -> str:
    """``"3 check-ins, 1 plan versions"`` for messages."""
    return _describe(counts)


def check_target(target: Path) -> Path:
    """``target`` resolved; ``InvalidInput`` for a folder or a missing parent folder (call it
    before the work, so a bad path fails at once)."""
    path = target.expanduser().resolve()
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name, e.g. {path / 'legcare.json'}")
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist.")
    return path


def write_file(*, target: Path, content: bytes) -> Path:
    """Write ``content`` to ``target`` via a temporary file and a rename; returns the path."""
    path = check_target(target)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Could not write {path}: {exc.strerror or exc}") from exc
    return path


__all__ = [
    "FORMATS",
    "check_target",
    "ExportFile",
    "ExportFormat",
    "ImportSummary",
    "data_counts",
    "delete_all",
    "describe_counts",
    "export_bundle",
    "export_data",
    "export_document",
    "import_data",
    "parse_format",
    "patient_identifier",
    "parse_import",
    "read_everything",
    "write_file",
]
