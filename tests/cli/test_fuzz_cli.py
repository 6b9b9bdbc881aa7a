"""Fuzz every CLI parser through the real entry point (`legcare.cli.main`, in-process).

The property, for every command and every input Hypothesis makes up:

- the exit code is 0 or one of the documented error codes (`legcare.errors`: 2..10; 2 is
  also the usage error of the argument parser);
- no traceback: an unexpected exception escapes `main()` and fails the test with the input;
- an error message starts with ``legcare: `` (or is the parser's ``Usage: ... Error: ...``);
- nothing is written on error: every table's row count (`legcare db info --json`) is the
  same before and after a command that failed.

Inputs: random integers (huge ones too), floats (nan, inf, 1e308), odd unicode, dates from
0001-01-01 to 9999-12-31 and malformed ones, random JSON (wrong types, unknown ids, values out
of range, deep nesting), random bytes, truncated exports and backups, FHIR-looking Bundles of
the wrong shape, and file names with ``../`` segments.

Each property runs ``FAST_EXAMPLES`` examples in the normal run (the file takes well under two
minutes); ``test_slow_fuzz`` runs every property with ``SLOW_EXAMPLES`` (marked slow).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clirunner import CliResult, run_cli

FAST_EXAMPLES = 40
SLOW_EXAMPLES = 400
ERROR_CODES = frozenset(range(2, 11))
FAST = settings(
    max_examples=FAST_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW = settings(
    max_examples=SLOW_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

Run = Callable[..., CliResult]

# --- the property ------------------------------------------------------------------------


def row_counts(run: Run) -> dict[str, int]:
    info = run("db", "info", "--json")
    assert info.exit_code == 0, info.stderr
    tables: dict[str, int] = json.loads(info.stdout)["tables"]
    return tables


def is_usage_error(result: CliResult) -> bool:
    return (
        result.exit_code == 2
        and result.stderr.startswith("Usage: ")
        and "Error: " in (result.stderr)
    )


def run_checked(
    run: Run,
    *args: str,
    writes_on_success: bool = True,
    stdin: str | None = None,
    may_add: frozenset[str] = frozenset(),
    kept_on_stop: frozenset[str] = frozenset(),
) -> CliResult:
    """Run ``legcare ARGS`` and assert the property; returns the result for more checks.

    ``kept_on_stop``: tables that may gain one row when the command stops for safety (exit 7):
    a check stopped by a warning sign keeps the unfinished answers so Today can show them."""
    before = row_counts(run)
    try:
        result = run(*args, input=stdin)
    except Exception as exc:  # noqa: BLE001 - a crash is the finding; name the input
        raise AssertionError(f"legcare {args!r} crashed: {type(exc).__name__}: {exc}") from exc
    shown = f"legcare {args!r} -> {result.exit_code}\nstdout: {result.stdout[-800:]}\n" + (
        f"stderr: {result.stderr[-800:]}"
    )
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, shown
    assert result.exit_code == 0 or result.exit_code in ERROR_CODES, shown
    if result.exit_code != 0:
        assert result.stderr.startswith("legcare: ") or is_usage_error(result), shown
        after = row_counts(run)
        if result.exit_code == 7 and kept_on_stop:
            assert all(after[t] - before[t] in (0, 1) for t in kept_on_stop), shown
            after = {t: n for t, n in after.items() if t not in kept_on_stop}
            before = {t: n for t, n in before.items() if t not in kept_on_stop}
        assert after == before, f"rows changed on error: {shown}"
    elif not writes_on_success:
        after = row_counts(run)
        assert all(after[t] >= before[t] for t in may_add), shown
        kept = {t: n for t, n in after.items() if t not in may_add}
        assert kept == {t: n for t, n in before.items() if t not in may_add}, (
            f"a read command changed rows: {shown}"
        )
    return result


# --- strategies --------------------------------------------------------------------------

NO_SURROGATES = st.characters(blacklist_categories=("Cs",))
odd_text = st.one_of(
    st.text(NO_SURROGATES, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\u202e5",  # right-to-left override
            "٥",  # Arabic-Indic five
            "５",  # full-width five
            "5\u0301",  # combining accent
            "🦵" * 50,
            "x" * 5000,
            "-5",
            "--help",
            "1_000",
            "0x10",
            "1e3",
            "NaN",
            "-inf",
            "'; DROP TABLE checkins; --",
        ]
    ),
)
huge_ints = st.integers(min_value=-(10**30), max_value=10**30).map(str)
small_ints = st.integers(min_value=-3, max_value=30).map(str)
floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
iso_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
edge_dates = st.sampled_from(
    ["0001-01-01", "9999-12-31", "1900-01-01", "2999-12-31", "2026-11-21", "2026-11-20"]
)
bad_dates = st.one_of(
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}\Z"),
    st.sampled_from(["2026-02-30", "2026-13-01", "20261121", "21/11/2026", "today", "00-00-00"]),
)
dates = st.one_of(edge_dates, iso_dates, bad_dates, odd_text)
any_value = st.one_of(small_ints, huge_ints, floats, dates, odd_text)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(NO_SURROGATES, max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def options(pairs: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[list[str]]:
    """Some of ``pairs`` (option -> values), each given once, in random order."""
    return st.lists(
        st.sampled_from(sorted(pairs)).flatmap(lambda o: st.tuples(st.just(o), pairs[o])),
        max_size=len(pairs),
        unique_by=lambda pair: pair[0],
    ).map(lambda chosen: [part for pair in chosen for part in pair])


def flags(names: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(names), unique=True)


# --- helpers -------------------------------------------------------------------------------


@cache
def _questions() -> tuple[dict[str, Any], ...]:
    """The check's questions (ids, types, allowed values) from `legcare questions --json`."""
    result = run_cli("questions", "--json")
    assert result.exit_code == 0, result.stderr
    return tuple(json.loads(result.stdout)["questions"])


def _work_dir() -> Path:
    folder = Path(os.environ["LEGCARE_DATA_DIR"]) / "fuzz"
    folder.mkdir(exist_ok=True)
    return folder


def _write(name: str, content: bytes | str) -> Path:
    path = _work_dir() / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _answer_for(question: dict[str, Any], data: st.DataObject) -> Any:
    allowed = question.get("allowed_values") or []
    good = st.nothing()
    if question.get("type") == "multi_choice" and allowed:
        good = st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True)
    elif allowed:
        good = st.sampled_from(allowed)
    return data.draw(st.one_of(good, json_values, st.just(nested(50))), label=question["id"])


# --- the properties ----------------------------------------------------------------------

LOG_EVENING_OPTIONS = {
    "--onset": st.one_of(
        st.sampled_from(["afternoon", "early_evening", "in_bed", "none", "23:59", "24:00"]),
        st.from_regex(r"\A\d{1,3}:\d{1,3}\Z"),
        odd_text,
    ),
    "--leg-pain": st.one_of(small_ints, huge_ints, floats, odd_text),
    "--exercise": st.one_of(st.sampled_from(["walking", "none", "other"]), odd_text),
    "--minutes": st.one_of(small_ints, huge_ints, st.just("600"), st.just("601"), odd_text),
    "--note": odd_text,
    "--date": dates,
}
LOG_EVENING_FLAGS = [
    "--caffeine",
    "--caffeine-after-midday",
    "--alcohol",
    "--nicotine",
    "--sitting",
    "--iron",
    "--shoes",
    "--massage",
    "--json",
]


def prop_log_evening(run: Run, data: st.DataObject) -> None:
    rls = data.draw(st.one_of(small_ints, huge_ints, floats, odd_text), label="rls")
    args = data.draw(options(LOG_EVENING_OPTIONS)) + data.draw(flags(LOG_EVENING_FLAGS))
    result = run_checked(run, "log", "evening", "--yes", *args, "--", rls)
    if result.exit_code == 0 and "--json" in args:
        assert json.loads(result.stdout)["kind"] == "evening"


LOG_MORNING_OPTIONS = {
    "--sleep": st.one_of(small_ints, huge_ints, odd_text),
    "--hours": st.one_of(floats, small_ints, st.sampled_from(["7.25", "7.3", "24", "24.25"])),
    "--woken": st.one_of(small_ints, huge_ints, odd_text),
    "--heel": st.one_of(small_ints, huge_ints, floats),
    "--calf": st.one_of(small_ints, huge_ints, odd_text),
    "--note": odd_text,
    "--date": dates,
}


def prop_log_morning(run: Run, data: st.DataObject) -> None:
    args = data.draw(options(LOG_MORNING_OPTIONS)) + data.draw(flags(["--json"]))
    result = run_checked(run, "log", "morning", "--yes", *args)
    if result.exit_code == 0 and "--json" in args:
        assert json.loads(result.stdout)["kind"] == "morning"


def prop_read_ranges(run: Run, data: st.DataObject) -> None:
    """Read commands with date ranges: `log list`, `insights`, `log delete` of a missing day."""
    command = data.draw(st.sampled_from(["log list", "insights", "log delete"]))
    if command == "log delete":
        kind = data.draw(st.one_of(st.sampled_from(["evening", "morning"]), odd_text))
        run_checked(run, "log", "delete", "--yes", "--", kind, data.draw(dates))
        return
    args = data.draw(options({"--from": dates, "--to": dates}))
    if command == "log list":
        args += data.draw(options({"--kind": st.one_of(st.just("evening"), odd_text)}))
    result = run_checked(run, *command.split(), *args, "--json", writes_on_success=False)
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), dict)


def prop_check_answers(run: Run, data: st.DataObject) -> None:
    """`check --answers FILE --json` with answers made of good and bad values."""
    shape = data.draw(st.sampled_from(["mutated", "random", "bytes", "deep"]))
    if shape == "mutated":
        questions = _questions()
        chosen = data.draw(st.lists(st.sampled_from(questions), max_size=8, unique_by=id))
        answers: Any = {q["id"]: _answer_for(q, data) for q in chosen}
        answers.update(data.draw(st.dictionaries(st.text(max_size=12), json_values, max_size=2)))
        content: bytes | str = json.dumps(answers)
    elif shape == "random":
        content = json.dumps(data.draw(json_values))
    elif shape == "bytes":
        content = data.draw(st.binary(max_size=200))
    else:
        depth = data.draw(st.integers(min_value=1, max_value=5000))
        content = '{"rf_emergency": ' + nested(depth) + "}"
    path = _write("answers.json", content)
    result = run_checked(
        run, "check", "--answers", str(path), "--json", kept_on_stop=frozenset({"screenings"})
    )
    if result.exit_code == 7:  # a warning sign: what to do now, in JSON, and nothing else
        stop = json.loads(result.stdout)
        assert stop["ok"] is False and stop["status"] == 409, stop
    if result.exit_code == 0:
        saved = json.loads(result.stdout)
        assert saved["status"] == "complete" and "triage" in saved["result"]


def prop_questions_and_learn(run: Run, data: st.DataObject) -> None:
    """`questions --json` and `learn <random words>` read and never write."""
    if data.draw(st.booleans()):
        extra = data.draw(st.lists(st.sampled_from(["--json", "--fhir", "--bogus"]), max_size=2))
        result = run_checked(run, "questions", *extra, writes_on_success=False)
        if result.exit_code == 0 and extra == ["--json"]:
            assert json.loads(result.stdout)["questions"]
        return
    words = data.draw(st.lists(odd_text, min_size=1, max_size=3))
    extra = data.draw(flags(["--json", "--search"]))
    result = run_checked(run, "learn", *extra, "--", *words, writes_on_success=False)
    if result.exit_code == 0 and "--json" in extra:
        json.loads(result.stdout)


PLAN_SETUP_GOOD = {
    "--tools": st.sampled_from(["hands", "hands,tennis_ball", "foam_roller"]),
    "--minutes": st.sampled_from(["5", "20", "180"]),
    "--bedtime": st.sampled_from(["22:30", "00:00"]),
    "--days": st.sampled_from(["all", "mon,wed,fri"]),
    "--pressure": st.sampled_from(["light", "moderate", "firm"]),
    "--side": st.sampled_from(["left", "right", "both"]),
}


def prop_plan_setup(run: Run, data: st.DataObject) -> None:
    """`plan setup` with every flag given (no prompt), some good and some made up."""
    args: list[str] = []
    for option, good in PLAN_SETUP_GOOD.items():
        value = data.draw(st.one_of(good, any_value, st.just(",,,")), label=option)
        args += [option, value]
    result = run_checked(run, "plan", "setup", *args, "--json")
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), dict)
        shown = run_checked(run, "plan", "--json")  # stores the plan it builds
        assert shown.exit_code in (0, 3, 7), shown.stderr


EXPERIMENT_OPTIONS = {
    "--pairs": st.one_of(small_ints, huge_ints),
    "--period-days": st.one_of(st.sampled_from(["3", "7", "14"]), small_ints, huge_ints),
    "--run-in": st.one_of(small_ints, huge_ints),
    "--transition-days": st.one_of(small_ints, huge_ints),
    "--seed": st.one_of(small_ints, huge_ints),
    "--start": dates,
    "--noticeable": st.one_of(floats, small_ints),
    "--clear": st.one_of(floats, small_ints),
    "--plan-step": odd_text,
}


def prop_experiment_new(run: Run, data: st.DataObject) -> None:
    """`experiment new` with --arms and --outcome given (no prompt) and random other flags."""
    arms = data.draw(
        st.one_of(
            st.sampled_from(["massage,none", "foam_roller,ball,none", "a,a", ","]),
            odd_text.filter(str.strip),
            st.lists(odd_text, min_size=2, max_size=12).map(",".join).filter(str.strip),
        )
    )
    # an empty --arms or --outcome asks for it (a prompt), which is not what is fuzzed here
    outcome = data.draw(
        st.one_of(st.sampled_from(["rls", "sleep_quality"]), odd_text.filter(str.strip))
    )
    args = data.draw(options(EXPERIMENT_OPTIONS)) + data.draw(flags(["--early-looks"]))
    result = run_checked(
        run, "experiment", "new", "--arms", arms, "--outcome", outcome, *args, "--json"
    )
    if result.exit_code == 0:
        assert json.loads(result.stdout)
        stopped = run_checked(run, "experiment", "stop", "--yes", "--reason", "fuzz")
        assert stopped.exit_code == 0, stopped.stderr
    for command in ("status", "today", "results"):
        got = run_checked(run, "experiment", command, "--json", writes_on_success=False)
        assert got.exit_code in (0, 3), got.stderr


def _seed(run: Run) -> dict[str, Any]:
    """Log a little data and return the JSON export of it."""
    assert run("log", "evening", "6", "--date", "2026-11-01", "--caffeine", "-y").exit_code == 0
    assert run("log", "morning", "--sleep", "5", "--date", "2026-11-02", "-y").exit_code == 0
    out = run("export", "-", "--format", "json")
    assert out.exit_code == 0, out.stderr
    export: dict[str, Any] = json.loads(out.stdout)
    return export


def _mutate(value: Any, data: st.DataObject) -> Any:
    """``value`` with one randomly chosen leaf or branch replaced by random JSON."""
    if isinstance(value, dict) and value and data.draw(st.integers(0, 4)) > 0:
        key = data.draw(st.sampled_from(sorted(value)))
        return {**value, key: _mutate(value[key], data)}
    if isinstance(value, list) and value and data.draw(st.integers(0, 4)) > 0:
        index = data.draw(st.integers(0, len(value) - 1))
        return [*value[:index], _mutate(value[index], data), *value[index + 1 :]]
    return data.draw(json_values)


FHIR_RESOURCE = st.fixed_dictionaries(
    {
        "resourceType": st.sampled_from(
            ["Observation", "QuestionnaireResponse", "Patient", "Procedure", "Bundle", "Nope"]
        )
    },
    optional={
        "status": json_values,
        "code": json_values,
        "effectiveDateTime": st.one_of(dates, json_values),
        "valueInteger": json_values,
        "valueQuantity": json_values,
        "item": json_values,
        "subject": json_values,
    },
)
FHIR_BUNDLE = st.fixed_dictionaries(
    {"resourceType": st.just("Bundle")},
    optional={
        "type": st.one_of(st.sampled_from(["collection", "transaction"]), json_values),
        "entry": st.one_of(
            json_values,
            st.lists(
                st.one_of(json_values, st.fixed_dictionaries({"resource": FHIR_RESOURCE})),
                max_size=4,
            ),
        ),
    },
)


def prop_import(run: Run, data: st.DataObject) -> None:
    """`import FILE`: random bytes, truncated or mutated exports, wrong-shaped FHIR Bundles."""
    export = _seed_export(run)
    text = json.dumps(export)
    shape = data.draw(st.sampled_from(["bytes", "truncated", "mutated", "fhir", "json", "deep"]))
    if shape == "bytes":
        content: bytes | str = data.draw(st.binary(max_size=300))
    elif shape == "truncated":
        content = text[: data.draw(st.integers(0, len(text) - 1))]
    elif shape == "mutated":
        content = json.dumps(_mutate(export, data))
    elif shape == "fhir":
        content = json.dumps(data.draw(FHIR_BUNDLE))
    elif shape == "json":
        content = json.dumps(data.draw(json_values))
    else:
        depth = data.draw(st.integers(1, 5000))
        content = '{"format": "legcare-export", "version": 1, "data": ' + nested(depth) + "}"
    # a ../ segment that stays inside the data folder: the file is where the path resolves
    name = data.draw(st.sampled_from(["in.json", "sub/../in.json", "./in.json"]))
    (_work_dir() / "sub").mkdir(exist_ok=True)
    _write("in.json", content)
    extra = data.draw(st.sampled_from([[], ["--json"], ["--replace", "--yes"]]))
    run_checked(run, "import", str(_work_dir() / name), *extra)


_SEEDED: dict[str, dict[str, Any]] = {}


def _seed_export(run: Run) -> dict[str, Any]:
    """The data folder's seed export, made on the first example of a test."""
    key = os.environ["LEGCARE_DATA_DIR"]
    if key not in _SEEDED:
        _SEEDED[key] = _seed(run)
    return _SEEDED[key]


PATH_PARTS = st.lists(st.sampled_from(["..", ".", "a", "b", "out.json"]), min_size=1, max_size=5)


def prop_export(run: Run, data: st.DataObject) -> None:
    """`export --format <random> FILE`, FILE with ``../`` segments that stay in the data dir."""
    fmt = data.draw(st.one_of(st.sampled_from(["json", "csv", "fhir", "JSON", "Fhir"]), odd_text))
    base = _work_dir() / "x" / "y" / "z"  # at most five `..` never leave the fuzz folder
    base.mkdir(parents=True, exist_ok=True)
    (base / "a").mkdir(exist_ok=True)
    target = base.joinpath(*data.draw(PATH_PARTS))
    before = {p for p in _work_dir().rglob("*") if p.is_file()}
    # a FHIR export gives the person a stable Patient identifier the first time; nothing else
    result = run_checked(
        run,
        "export",
        "--format",
        fmt,
        str(target),
        writes_on_success=False,
        may_add=frozenset({"patient_identifiers"}),
    )
    after = {p for p in _work_dir().rglob("*") if p.is_file()}
    resolved = Path(os.path.realpath(target))
    if result.exit_code == 0:
        assert resolved.is_file(), f"export said yes but {resolved} is not a file"
        assert after - before <= {resolved}, "export wrote somewhere else"
        resolved.unlink()
    else:
        assert after == before, "a refused export left a file behind"
        assert not any(p.name.startswith(".") and "partial" in p.name for p in after)


def prop_db_restore(run: Run, data: st.DataObject) -> None:
    """`db restore FILE --yes` with random bytes, a truncated backup or another SQLite file."""
    work = _work_dir()
    backup = work / "good.db"
    if not backup.exists():
        _seed_export(run)
        made = run("db", "backup", str(backup))
        assert made.exit_code == 0, made.stderr
    shape = data.draw(st.sampled_from(["bytes", "truncated", "sqlite", "folder", "traversal"]))
    candidate = work / "candidate.db"
    candidate.unlink(missing_ok=True)
    if shape == "bytes":
        candidate.write_bytes(data.draw(st.binary(max_size=300)))
    elif shape == "truncated":
        raw = backup.read_bytes()
        candidate.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1))])
    elif shape == "sqlite":
        with sqlite3.connect(candidate) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS checkins (x)")
            conn.execute("INSERT INTO checkins VALUES (?)", (data.draw(odd_text),))
        conn.close()
    elif shape == "folder":
        candidate = work
    else:
        candidate = work / ".." / "fuzz" / "missing" / ".." / "nope.db"
    run_checked(run, "db", "restore", str(candidate), "--yes")
    assert row_counts(run)["users"] >= 1  # the database still opens and answers


def _odd_path(data: st.DataObject) -> str:
    """A path in the fuzz folder: a folder, a file used as a folder, ``../`` segments, odd text."""
    work = _work_dir()
    (work / "a-file").write_text("x")
    name = data.draw(
        st.one_of(
            st.sampled_from(["out", "a-file/out", ".", "new/../out", "a-file", "dir/"]),
            st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12),
        )
    )
    return str(work / name)


def prop_other_options(run: Run, data: st.DataObject) -> None:
    """The remaining option parsers: report, experiment ids and thresholds, plan calendar,
    insights charts, backups and server-mode accounts."""
    key = os.environ["LEGCARE_DATA_DIR"]
    if key not in _SEEDED:
        _seed_export(run)
        started = run("experiment", "new", "--arms", "massage,none", "--outcome", "rls")
        assert started.exit_code == 0, started.stderr
    command = data.draw(
        st.sampled_from(
            ["report", "experiment", "plan", "insights", "backup", "users", "session list"]
        )
    )
    if command == "report":
        args = data.draw(options({"--from": dates, "--to": dates}))
        run_checked(run, "report", *args, "--html", _odd_path(data), writes_on_success=False)
    elif command == "experiment":
        sub = data.draw(st.sampled_from(["status", "results", "stop", "share", "today"]))
        pairs: dict[str, st.SearchStrategy[str]] = {"--id": st.one_of(small_ints, huge_ints)}
        if sub == "results":
            pairs |= {"--noticeable": floats, "--clear": floats, "--svg": st.just(_odd_path(data))}
        if sub == "stop":
            pairs |= {"--reason": odd_text}
        extra = ["--yes"] if sub == "stop" else ["--off"] if data.draw(st.booleans()) else []
        extra = extra if sub in ("stop", "share") else []
        args = [*data.draw(options(pairs)), *extra]
        if sub == "today":
            args = []
        run_checked(run, "experiment", sub, *args, "--json")
    elif command == "plan":
        weeks = data.draw(st.one_of(small_ints, huge_ints, odd_text))
        run_checked(run, "plan", "--weeks", weeks, "--ics", _odd_path(data))
    elif command == "insights":
        run_checked(run, "insights", "--svg", _odd_path(data), writes_on_success=False)
    elif command == "backup":
        run_checked(run, "db", "backup", _odd_path(data), writes_on_success=False)
    elif command == "users":
        name = data.draw(st.one_of(st.sampled_from(["alice", "al", "a" * 65]), odd_text))
        role = data.draw(st.one_of(st.sampled_from(["client", "clinician"]), odd_text))
        password = data.draw(st.one_of(st.just("a long enough password"), odd_text))
        run_checked(
            run, "users", "add", "--role", role, "--password-stdin", "--", name,
            stdin=password.replace("\n", " ") + "\n",
        )  # fmt: skip
    else:
        args = data.draw(options({"--from": dates, "--to": dates}))
        run_checked(run, "session", "list", *args, "--json", writes_on_success=False)


PROPERTIES: dict[str, Callable[[Run, st.DataObject], None]] = {
    "log_evening": prop_log_evening,
    "log_morning": prop_log_morning,
    "read_ranges": prop_read_ranges,
    "check_answers": prop_check_answers,
    "questions_and_learn": prop_questions_and_learn,
    "plan_setup": prop_plan_setup,
    "experiment_new": prop_experiment_new,
    "import": prop_import,
    "export": prop_export,
    "db_restore": prop_db_restore,
    "other_options": prop_other_options,
}


@FAST
@given(data=st.data())
def test_log_evening(cli: Run, data: st.DataObject) -> None:
    prop_log_evening(cli, data)


@FAST
@given(data=st.data())
def test_log_morning(cli: Run, data: st.DataObject) -> None:
    prop_log_morning(cli, data)


@FAST
@given(data=st.data())
def test_log_list_insights_and_delete_dates(cli: Run, data: st.DataObject) -> None:
    prop_read_ranges(cli, data)


@FAST
@given(data=st.data())
def test_check_answers_file(cli: Run, data: st.DataObject) -> None:
    prop_check_answers(cli, data)


@FAST
@given(data=st.data())
def test_questions_and_learn(cli: Run, data: st.DataObject) -> None:
    prop_questions_and_learn(cli, data)


@FAST
@given(data=st.data())
def test_plan_setup_flags(cli: Run, data: st.DataObject) -> None:
    prop_plan_setup(cli, data)


@FAST
@given(data=st.data())
def test_experiment_new_flags(cli: Run, data: st.DataObject) -> None:
    prop_experiment_new(cli, data)


@FAST
@given(data=st.data())
def test_import_files(cli: Run, data: st.DataObject) -> None:
    prop_import(cli, data)


@FAST
@given(data=st.data())
def test_export_formats_and_paths(cli: Run, data: st.DataObject) -> None:
    prop_export(cli, data)


@FAST
@given(data=st.data())
def test_db_restore_files(cli: Run, data: st.DataObject) -> None:
    prop_db_restore(cli, data)


@FAST
@given(data=st.data())
def test_other_options(cli: Run, data: st.DataObject) -> None:
    prop_other_options(cli, data)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROPERTIES))
@SLOW
@given(data=st.data())
def test_slow_fuzz(cli: Run, name: str, data: st.DataObject) -> None:
    PROPERTIES[name](cli, data)


def test_the_property_catches_a_crash(cli: Run) -> None:
    """The harness itself: a command that raises is reported with its input, not passed."""
    from legcare.cli import app

    @app.command("fuzz-crash-probe", hidden=True)
    def probe() -> None:
        raise OverflowError("probe")

    try:
        with pytest.raises(AssertionError, match="crashed: OverflowError"):
            run_checked(cli, "fuzz-crash-probe")
    finally:
        app.registered_commands[:] = [
            c for c in app.registered_commands if c.name != "fuzz-crash-probe"
        ]
