"""The one Settings object. Every field is read from a ``LEGCARE_``-prefixed environment variable.

``docs/settings.md`` is generated from this class by ``python -m legcare.settings`` (via
``scripts/gen-docs``); a test fails when the two drift.
"""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me"
IPNetwork = IPv4Network | IPv6Network


def default_data_dir() -> Path:
    """The per-user data directory (platformdirs), e.g. ``~/.local/share/legcare``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("legcare", appauthor=False))


class Settings(BaseSettings):
    """legcare's settings. Build one with ``get_settings()`` in an entry point and pass it down."""

    model_config = SettingsConfigDict(env_prefix="LEGCARE_", extra="forbid")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the SQLite database, backups and exports. "
        "Defaults to the user data directory (platformdirs).",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL of the database. Empty means a SQLite file "
        "`legcare.db` in `data_dir`. Use `postgresql+psycopg://user@host/db` for a clinic.",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address the web app binds to. Local mode refuses anything but loopback.",
    )
    port: int = Field(default=8765, ge=1, le=65535, description="Port of the web app.")
    speak_cues: bool = Field(
        default=True,
        description='`legcare session` speaks its cues (the step, the hold, "switch legs", '
        '"10 seconds left") when a speech engine is on PATH: espeak-ng, espeak, spd-say or '
        "say. Silent when there is none. `--speak/--no-speak` overrides it for one session.",
    )
    speech_rate: float = Field(
        default=1.0,
        ge=0.5,
        le=2.0,
        description="Speaking speed of the terminal player's cues: 1 is the engine's normal "
        "speed, 0.5 half as fast, 2 twice as fast.",
    )
    mode: Literal["local", "server"] = Field(
        default="local",
        description="`local`: one person, no login, loopback only. `server`: accounts, "
        "clinician sharing, PostgreSQL recommended.",
    )
    secret_key: str = Field(
        default=DEFAULT_SECRET,
        description="Secret for signing session cookies and CSRF tokens. Server mode refuses "
        "to start with the default.",
    )
    workers: int = Field(
        default=1, ge=1, le=64, description="Number of web worker processes (server mode)."
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark cookies Secure and give them the `__Host-` prefix. Turn on when "
        "serving behind TLS; server mode requires it (see `LEGCARE_ALLOW_PLAIN_HTTP`).",
    )
    allow_plain_http: bool = Field(
        default=False,
        description="Server mode only: allow cookies without `Secure`, for testing over plain "
        "HTTP on this computer (the app must bind a loopback address). Server mode otherwise "
        "refuses to start unless `LEGCARE_SECURE_COOKIES=true`.",
    )
    session_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="How long a server-mode login lasts, in hours."
    )
    login_attempts_per_minute: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="Failed logins allowed per user name and client address per minute.",
    )
    login_attempts_per_address_per_minute: int = Field(
        default=30,
        ge=1,
        le=10_000,
        description="Sign-in attempts (any user name, right or wrong) allowed per client "
        "address per minute; caps the password hashing one address can cause.",
    )
    registrations_per_address_per_hour: int = Field(
        default=10,
        ge=1,
        le=10_000,
        description="New accounts (`/register`) allowed per client address per hour.",
    )
    password_hashing_memory_mb: int = Field(
        default=256,
        ge=64,
        le=65_536,
        description="Memory one web worker may spend on password hashing at once, in MiB. "
        "Each argon2 hash takes 64 MiB, so the default allows 4 at a time per worker; more "
        "sign-ins wait their turn.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks of reverse proxies whose "
        "`X-Forwarded-For` and `X-Forwarded-Proto` headers are believed (e.g. `127.0.0.1`). "
        "Empty: those headers are ignored and the client address is the connection's.",
    )
    max_request_bytes: int = Field(
        default=1_000_000,
        ge=1024,
        description="Largest request body the web app accepts, in bytes (imports included).",
    )
    reminder_minutes: int = Field(
        default=30,
        ge=0,
        le=24 * 60,
        description="How many minutes before a planned session the calendar reminder fires.",
    )
    timezone: str = Field(
        default="",
        description="IANA time zone for plans and calendars (e.g. `Europe/London`). Empty "
        "means the machine's local time zone.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: str) -> str:
        import ipaddress

        bad = []
        for part in (p.strip() for p in value.split(",")):
            if not part:
                continue
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                bad.append(part)
        if bad:
            raise ValueError(
                f"not an IP address or network: {', '.join(bad)} "
                "(give addresses like 127.0.0.1 or 10.0.0.0/8, separated by commas)"
            )
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[IPNetwork, ...]:
        """``trusted_proxies`` parsed."""
        import ipaddress

        parts = (p.strip() for p in self.trusted_proxies.split(","))
        return tuple(ipaddress.ip_network(p, strict=False) for p in parts if p)

    @model_validator(mode="after")
    def _fill_database_url(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'legcare.db'}"
        return self

    @property
    def is_sqlite(self) -> bool:
        """True when the database is SQLite."""
        return self.database_url.startswith("sqlite")


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cookie_problem(settings: Settings) -> str | None:
    """Why server mode may not send its session cookie as configured, or None."""
    if settings.mode != "server" or settings.secure_cookies or settings.allow_plain_http:
        return None
    return (
        "Server mode sends its sign-in cookie only over HTTPS: serve it behind TLS and set "
        "LEGCARE_SECURE_COOKIES=true. For testing over plain HTTP on this computer only, set "
        "LEGCARE_ALLOW_PLAIN_HTTP=true instead."
    )


def check_serving(settings: Settings) -> None:
    """Refuse settings that would serve unsafely: local mode binds loopback only; server mode
    needs a real secret (at least 32 characters, not the default) and Secure cookies (or plain
    HTTP explicitly allowed, on a loopback address)."""
    from legcare.errors import ConfigurationError

    if settings.mode == "local":
        host = settings.host
        if not _is_loopback(host):
            raise ConfigurationError(
                f"Local mode only listens on this computer (127.0.0.1), not on {host!r}. "
                "Set LEGCARE_MODE=server with accounts to serve others."
            )
        return
    if settings.secret_key == DEFAULT_SECRET or len(settings.secret_key) < 32:
        raise ConfigurationError(
            "Server mode refuses to start with the default or a short secret: set "
            "LEGCARE_SECRET_KEY to a random string of at least 32 characters."
        )
    problem = cookie_problem(settings)
    if problem is not None:
        raise ConfigurationError(problem)
    if not settings.secure_cookies and not _is_loopback(settings.host):
        raise ConfigurationError(
            f"LEGCARE_ALLOW_PLAIN_HTTP is for testing on this computer only, but the app "
            f"would listen on {settings.host!r}. Serve behind TLS with "
            "LEGCARE_SECURE_COOKIES=true, or bind 127.0.0.1."
        )


def get_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]


def settings_markdown() -> str:
    """The text of ``docs/settings.md``, generated from the ``Settings`` fields."""
    lines = [
        "# Settings",
        "",
        "<!-- Generated from src/legcare/settings.py by scripts/gen-docs. Do not edit. -->",
        "",
        "Every setting is read from an environment variable with the `LEGCARE_` prefix.",
        "",
        "| variable | type | default | what it does |",
        "| --- | --- | --- | --- |",
    ]
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = "(user data directory)"
        else:
            default = f"`{field.default}`" if field.default != "" else "(empty)"
        annotation = getattr(field.annotation, "__name__", str(field.annotation))
        annotation = annotation.replace("typing.", "")
        lines.append(
            f"| `LEGCARE_{name.upper()}` | {annotation} | {default} | {field.description} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(settings_markdown())
