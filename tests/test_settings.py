"""Settings: defaults, environment overrides, validation, and the generated docs in sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legcare.errors import ConfigurationError
from legcare.settings import Settings, get_settings, settings_fields, settings_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.database_url == f"sqlite:///{tmp_path / 'legcare.db'}"
    assert s.is_sqlite and s.mode == "local" and s.host == "127.0.0.1"


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEGCARE_PORT", "9999")
    monkeypatch.setenv("LEGCARE_MODE", "server")
    monkeypatch.setenv("LEGCARE_SECURE_COOKIES", "true")
    monkeypatch.setenv("LEGCARE_SPEECH_RATE", "1.5")
    monkeypatch.setenv("LEGCARE_DATA_DIR", str(tmp_path))
    s = get_settings()
    assert (s.port, s.mode, s.secure_cookies, s.speech_rate) == (9999, "server", True, 1.5)
    assert s.data_dir == tmp_path and s.database_url.endswith("legcare.db")
    assert get_settings(port=1234).port == 1234  # an explicit value wins over the environment


def test_settings_built_in_code_ignore_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEGCARE_MODE", "server")
    assert Settings(data_dir=tmp_path).mode == "local"


def test_bad_values_are_refused_with_the_field_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="port") as info:
        Settings(data_dir=tmp_path, port=70000)
    assert info.value.details == [
        "LEGCARE_PORT (port) 70000 is not allowed: use a whole number from 1 to 65535"
    ]
    with pytest.raises(ConfigurationError, match="mode"):
        Settings(data_dir=tmp_path, mode="cloud")  # type: ignore[arg-type]


def test_every_bad_value_in_the_environment_is_listed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEGCARE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LEGCARE_PORT", "eighty")
    monkeypatch.setenv("LEGCARE_SECURE_COOKIES", "maybe")
    monkeypatch.setenv("LEGCARE_TRUSTED_PROXIES", "127.0.0.1, not-an-address")
    with pytest.raises(ConfigurationError) as info:
        get_settings()
    details = "\n".join(info.value.details)
    assert "LEGCARE_PORT" in details and "whole number from 1 to 65535" in details
    assert "LEGCARE_SECURE_COOKIES" in details and "true or false" in details
    assert "not-an-address" in details and "127.0.0.1," not in details
    assert len(info.value.details) == 3


@given(st.integers(min_value=-10, max_value=70_000))
def test_a_whole_number_setting_takes_exactly_its_range(port: int) -> None:
    allowed = 1 <= port <= 65535
    for value in (port, str(port), f" {port} "):
        try:
            got = Settings(data_dir=Path("/nonexistent"), port=value).port  # type: ignore[arg-type]
        except ConfigurationError:
            assert not allowed
        else:
            assert allowed and got == port


@given(st.sampled_from(["1", "true", "True", "yes", "on", "0", "false", "False", "no", "off"]))
def test_a_yes_no_setting_reads_the_usual_words(word: str) -> None:
    s = Settings(data_dir=Path("/nonexistent"), secure_cookies=word)  # type: ignore[arg-type]
    assert s.secure_cookies is (word.lower() in {"1", "true", "yes", "on"})


def test_a_copy_is_checked_and_keeps_the_rest(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path, port=1000)
    assert s.model_copy(update={"mode": "server"}).port == 1000
    with pytest.raises(ConfigurationError, match="workers"):
        s.model_copy(update={"workers": 0})
    assert s.model_dump()["port"] == 1000


def test_settings_load_without_pydantic() -> None:
    import subprocess
    import sys

    code = "import sys, legcare.settings; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_field_is_documented() -> None:
    for name, rule in settings_fields().items():
        assert rule.description, f"Settings.{name} has no description"


def test_docs_settings_md_is_in_sync() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text()
    assert doc == settings_markdown(), "docs/settings.md drifted: run python scripts/gen_docs.py"
    for name in settings_fields():
        assert f"LEGCARE_{name.upper()}" in doc


@pytest.mark.parametrize(
    ("host", "hostname", "every_interface"),
    [
        ("127.0.0.1", "127.0.0.1", False),
        ("localhost", "localhost", False),
        ("::1", "::1", False),
        ("0.0.0.0", "localhost", True),
        ("::", "localhost", True),
        ("clinic.example.org", "clinic.example.org", False),
    ],
)
def test_local_address_is_a_url_a_browser_can_open(
    tmp_path: Path, host: str, hostname: str, every_interface: bool
) -> None:
    from urllib.parse import urlsplit

    from legcare.settings import local_address

    url, everywhere = local_address(Settings(data_dir=tmp_path, host=host, port=8123))
    parts = urlsplit(url)  # read back by the standard library's URL parser
    assert (parts.scheme, parts.hostname, parts.port) == ("http", hostname, 8123)
    assert everywhere is every_interface
