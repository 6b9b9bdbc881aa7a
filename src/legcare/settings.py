"""The one Settings object. Every field is read from a ``LEGCARE_``-prefixed environment variable.

``docs/settings.md`` is generated from this class by ``python -m legcare.settings`` (via
``scripts/gen-docs``); a test fails when the two drift.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields, replace
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

from legcare.errors import ConfigurationError

DEFAULT_SECRET = "change-me"
IPNetwork = IPv4Network | IPv6Network
ENV_PREFIX = "LEGCARE_"


def default_data_dir() -> Path:
    """The per-user data directory (platformdirs), e.g. ``~/.local/share/legcare``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("legcare", appauthor=False))


class SettingsError(ConfigurationError, ValueError):
    """Settings that are not allowed: every problem listed, each with what is allowed (exit code
    10). Also a `ValueError`, as pydantic's validation error was."""


@dataclass(frozen=True, slots=True)
class Rule:
    """What one setting means and which values it allows (besides its type)."""

    description: str
    ge: float | None = None
    le: float | None = None


def setting(
    default: Any = MISSING,
    *,
    description: str,
    ge: float | None = None,
    le: float | None = None,
    default_factory: Any = MISSING,
) -> Any:
    """A field of `Settings` with its description and bounds (read by the loader and the docs)."""
    rule = {"rule": Rule(description, ge, le)}
    if default_factory is not MISSING:
        return field(default_factory=default_factory, metadata=rule)
    return field(default=default, metadata=rule)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """legcare's settings. Build one with ``get_settings()`` in an entry point and pass it down.

    ``Settings(...)`` takes explicit values only; ``get_settings()`` reads the ``LEGCARE_``
    environment variables. Values given as text (as the environment gives them) are parsed;
    every value not allowed is reported at once, each with what is allowed."""

    data_dir: Path = setting(
        default_factory=default_data_dir,
        description="Folder for the SQLite database, backups and exports. "
        "Defaults to the user data directory (platformdirs).",
    )
    database_url: str = setting(
        default="",
        description="SQLAlchemy URL of the database. Empty means a SQLite file "
        "`legcare.db` in `data_dir`. Use `postgresql+psycopg://user@host/db` for a clinic.",
    )
    host: str = setting(
        default="127.0.0.1",
        description="Address the web app binds to. Local mode refuses anything but loopback.",
    )
    port: int = setting(default=8765, ge=1, le=65535, description="Port of the web app.")
    speak_cues: bool = setting(
        default=True,
        description='`legcare session` speaks its cues (the step, the hold, "switch legs", '
        '"10 seconds left") when a speech engine is on PATH: espeak-ng, espeak, spd-say or '
        "say. Silent when there is none. `--speak/--no-speak` overrides it for one session.",
    )
    speech_rate: float = setting(
        default=1.0,
        ge=0.5,
        le=2.0,
        description="Speaking speed of the terminal player's cues: 1 is the engine's normal "
        "speed, 0.5 half as fast, 2 twice as fast.",
    )
    mode: Literal["local", "server"] = setting(
        default="local",
        description="`local`: one person, no login, loopback only. `server`: accounts, "
        "clinician sharing, PostgreSQL recommended.",
    )
    secret_key: str = setting(
        default=DEFAULT_SECRET,
        description="Secret for signing session cookies and CSRF tokens. Server mode refuses "
        "to start with the default.",
    )
    workers: int = setting(
        default=1, ge=1, le=64, description="Number of web worker processes (server mode)."
    )
    secure_cookies: bool = setting(
        default=False,
        description="Mark cookies Secure and give them the `__Host-` prefix. Turn on when "
        "serving behind TLS; server mode requires it (see `LEGCARE_ALLOW_PLAIN_HTTP`).",
    )
    allow_plain_http: bool = setting(
        default=False,
        description="Server mode only: allow cookies without `Secure`, for testing over plain "
        "HTTP on this computer (the app must bind a loopback address). Server mode otherwise "
        "refuses to start unless `LEGCARE_SECURE_COOKIES=true`.",
    )
    session_hours: int = setting(
        default=12, ge=1, le=24 * 30, description="How long a server-mode login lasts, in hours."
    )
    login_attempts_per_minute: int = setting(
        default=5,
        ge=1,
        le=1000,
        description="Failed logins allowed per user name and client address per minute.",
    )
    login_attempts_per_address_per_minute: int = setting(
        default=30,
        ge=1,
        le=10_000,
        description="Sign-in attempts (any user name, right or wrong) allowed per client "
        "address per minute; caps the password hashing one address can cause.",
    )
    registrations_per_address_per_hour: int = setting(
        default=10,
        ge=1,
        le=10_000,
        description="New accounts (`/register`) allowed per client address per hour.",
    )
    password_hashing_memory_mb: int = setting(
        default=256,
        ge=64,
        le=65_536,
        description="Memory one web worker may spend on password hashing at once, in MiB. "
        "Each argon2 hash takes 64 MiB, so the default allows 4 at a time per worker; more "
        "sign-ins wait their turn.",
    )
    trusted_proxies: str = setting(
        default="",
        description="Comma-separated addresses or networks of reverse proxies whose "
        "`X-Forwarded-For` and `X-Forwarded-Proto` headers are believed (e.g. `127.0.0.1`). "
        "Empty: those headers are ignored and the client address is the connection's.",
    )
    max_request_bytes: int = setting(
        default=1_000_000,
        ge=1024,
        description="Largest request body the web app accepts, in bytes (imports included).",
    )
    reminder_minutes: int = setting(
        default=30,
        ge=0,
        le=24 * 60,
        description="How many minutes before a planned session the calendar reminder fires.",
    )
    timezone: str = setting(
        default="",
        description="IANA time zone for plans and calendars (e.g. `Europe/London`). Empty "
        "means the machine's local time zone.",
    )

    def __post_init__(self) -> None:
        problems: list[str] = []
        for spec in fields(self):
            value, problem = _checked(spec.name, getattr(self, spec.name))
            if problem is not None:
                problems.append(problem)
            else:
                object.__setattr__(self, spec.name, value)
        if problems:
            raise SettingsError("Some settings are not allowed.", details=problems)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'legcare.db'}")

    @property
    def trusted_proxy_networks(self) -> tuple[IPNetwork, ...]:
        """``trusted_proxies`` parsed."""
        import ipaddress

        parts = (p.strip() for p in self.trusted_proxies.split(","))
        return tuple(ipaddress.ip_network(p, strict=False) for p in parts if p)

    @property
    def is_sqlite(self) -> bool:
        """True when the database is SQLite."""
        return self.database_url.startswith("sqlite")

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Settings:
        """A copy with some values changed (checked like any other)."""
        return replace(self, **(update or {}))

    def model_dump(self) -> dict[str, Any]:
        """Every setting by name."""
        return {spec.name: getattr(self, spec.name) for spec in fields(self)}


_TYPES: dict[str, Any] = {}


def _types() -> dict[str, Any]:
    if not _TYPES:
        _TYPES.update(get_type_hints(Settings))
    return _TYPES


def setting_rule(name: str) -> Rule:
    """The description and bounds of one setting."""
    rule: Rule = Settings.__dataclass_fields__[name].metadata["rule"]
    return rule


TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "t"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", "f"})


def _checked(name: str, value: Any) -> tuple[Any, str | None]:
    """``value`` as the setting's type, or a message naming the setting and what is allowed."""
    kind = _types()[name]
    label = f"{ENV_PREFIX}{name.upper()} ({name}) {value!r} is not allowed: use"
    if get_origin(kind) is Literal:
        allowed = get_args(kind)
        if value in allowed:
            return value, None
        return value, f"{label} {' or '.join(map(repr, allowed))}"
    if kind is bool:
        return _as_bool(value, label)
    if kind is int or kind is float:
        return _as_number(kind, value, setting_rule(name), label)
    if kind is Path:
        if isinstance(value, str | os.PathLike):
            return Path(value), None
        return value, f"{label} a folder path"
    if not isinstance(value, str):
        return value, f"{label} text"
    if name == "trusted_proxies":
        return value, _proxy_problem(value)
    return value, None


def _as_bool(value: Any, label: str) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS, None
    return value, f"{label} true or false"


def _as_number(kind: type, value: Any, rule: Rule, label: str) -> tuple[Any, str | None]:
    what = "a whole number" if kind is int else "a number"
    problem = f"{label} {what}{_bounds(rule)}"
    if isinstance(value, bool):
        return value, problem
    try:
        number = kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return value, problem
    if kind is int and not isinstance(value, str) and number != value:
        return value, problem  # 2.5 is not a whole number
    if (rule.ge is not None and number < rule.ge) or (rule.le is not None and number > rule.le):
        return value, problem
    return number, None


def _bounds(rule: Rule) -> str:
    def show(x: float) -> str:
        return f"{x:g}"

    if rule.ge is not None and rule.le is not None:
        return f" from {show(rule.ge)} to {show(rule.le)}"
    if rule.ge is not None:
        return f" of at least {show(rule.ge)}"
    if rule.le is not None:
        return f" of at most {show(rule.le)}"
    return ""


def _proxy_problem(value: str) -> str | None:
    import ipaddress

    bad = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            bad.append(part)
    if not bad:
        return None
    return (
        f"{ENV_PREFIX}TRUSTED_PROXIES (trusted_proxies): not an IP address or network: "
        f"{', '.join(bad)} (give addresses like 127.0.0.1 or 10.0.0.0/8, separated by commas)"
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_address(settings: Settings) -> tuple[str, bool]:
    """The web app's address as this computer's browser or calendar writes it, and whether it
    listens on every network interface (``0.0.0.0`` or ``::``): then this address only reaches
    it from this computer, and other devices need the computer's own name or address."""
    import ipaddress

    host = settings.host
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{settings.port}", False
    if ip.is_unspecified:
        return f"http://localhost:{settings.port}", True
    shown = f"[{host}]" if ip.version == 6 else host
    return f"http://{shown}:{settings.port}", False


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


def get_settings(**overrides: Any) -> Settings:
    """Read settings from the ``LEGCARE_`` environment variables, with explicit overrides on
    top."""
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        text = os.environ.get(f"{ENV_PREFIX}{spec.name.upper()}")
        if text is not None:
            values[spec.name] = text
    values.update(overrides)
    return Settings(**values)


def settings_fields() -> dict[str, Rule]:
    """Every setting's name and rule, in order."""
    return {spec.name: setting_rule(spec.name) for spec in fields(Settings)}


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
    for spec in fields(Settings):
        if spec.default_factory is not MISSING:
            default = "(user data directory)"
        else:
            default = f"`{spec.default}`" if spec.default != "" else "(empty)"
        kind = _types()[spec.name]
        annotation = getattr(kind, "__name__", str(kind)).replace("typing.", "")
        description = setting_rule(spec.name).description
        lines.append(
            f"| `{ENV_PREFIX}{spec.name.upper()}` | {annotation} | {default} | {description} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(settings_markdown())
