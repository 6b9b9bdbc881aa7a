"""Settings: defaults, environment overrides, validation, and the generated docs in sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from legcare.settings import Settings, settings_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.database_url == f"sqlite:///{tmp_path / 'legcare.db'}"
    assert s.is_sqlite and s.mode == "local" and s.host == "127.0.0.1"


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEGCARE_PORT", "9999")
    monkeypatch.setenv("LEGCARE_MODE", "server")
    s = Settings(data_dir=tmp_path)
    assert (s.port, s.mode) == (9999, "server")


def test_bad_values_are_refused_with_the_field_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="port"):
        Settings(data_dir=tmp_path, port=70000)
    with pytest.raises(ValidationError, match="mode"):
        Settings(data_dir=tmp_path, mode="cloud")  # type: ignore[arg-type]


def test_every_field_is_documented() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"Settings.{name} has no description"


def test_docs_settings_md_is_in_sync() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text()
    assert doc == settings_markdown(), "docs/settings.md drifted: run python scripts/gen_docs.py"
    for name in Settings.model_fields:
        assert f"LEGCARE_{name.upper()}" in doc
