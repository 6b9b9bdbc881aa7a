"""`legcare db ...` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path


def test_db_info_json_reports_head(cli, app_env: Path) -> None:
    result = cli("db", "info", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "sqlite" and data["up_to_date"] is True
    assert str(app_env) in data["url"]


def test_backup_and_restore_commands(cli, app_env: Path) -> None:
    target = app_env / "copy.db"
    assert cli("db", "backup", str(target)).exit_code == 0
    assert target.exists()
    result = cli("db", "restore", str(target), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Restored" in result.stdout


def test_restore_refuses_a_text_file_with_a_one_line_message(cli, app_env: Path) -> None:
    bad = app_env / "notes.txt"
    bad.write_text("just some notes")
    result = cli("db", "restore", str(bad), "--yes")
    assert result.exit_code == 9
    assert result.stderr.startswith("legcare: ")
    assert "not a legcare backup" in result.stderr and "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command_is_a_usage_error(cli) -> None:
    result = cli("no-such-command")
    assert result.exit_code == 2


def test_a_read_only_data_folder_reads_and_says_why_it_cannot_write(cli, app_env: Path) -> None:
    from tests.store.read_only import read_only

    assert cli("log", "evening", "3").exit_code == 0
    cli("db", "info")  # let every connection close
    from legcare.cli import runtime

    runtime.context().store.dispose()
    runtime.context.cache_clear()
    for extra in ("-wal", "-shm"):
        (app_env / f"legcare.db{extra}").unlink(missing_ok=True)
    with read_only(app_env / "legcare.db", app_env):
        listed = cli("log", "list", "--json")
        assert listed.exit_code == 0, listed.stderr
        assert json.loads(listed.stdout)["count"] == 1
        refused = cli("log", "evening", "5", "--yes")
        assert refused.exit_code == 9
        assert "cannot be written" in refused.stderr + refused.stdout
        assert "Traceback" not in refused.stderr + refused.stdout
        runtime.context().store.dispose()
        runtime.context.cache_clear()


def test_backup_never_replaces_a_file_without_force(cli, app_env: Path) -> None:
    target = app_env / "kept.db"
    target.write_bytes(b"my own file")
    refused = cli("db", "backup", str(target))
    assert refused.exit_code == 4
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert target.read_bytes() == b"my own file"
    replaced = cli("db", "backup", str(target), "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert target.read_bytes() != b"my own file"
