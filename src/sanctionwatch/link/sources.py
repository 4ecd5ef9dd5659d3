"""Where each list is published (``kb/lists.yaml``, or a file in the same layout), validated at load."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from sanctionwatch.errors import ConfigError
from sanctionwatch.kb import load_kb_file

COMPANION_ROLES = ("alt", "add", "comments")


@dataclasses.dataclass(frozen=True)
class ListSource:
    name: str
    url: str
    publisher: str = ""
    companions: tuple[tuple[str, str], ...] = ()  # (role, url): alt, add, comments


def load_sources(path: Path | None = None) -> list[ListSource]:
    """The list sources of ``path``, or the publishers' addresses shipped in ``kb/lists.yaml``."""
    if path is None:
        data: Any = load_kb_file("lists.yaml")
    else:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read list sources ({error})") from error
    items = data.get("lists") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{path or 'kb/lists.yaml'}: expected a non-empty 'lists:' sequence")
    return [_source(item, path) for item in items]


def _source(item: Any, path: Path | None) -> ListSource:
    where = path or "kb/lists.yaml"
    if not isinstance(item, dict) or not item.get("name") or not str(item.get("url", "")).startswith("http"):
        raise ConfigError(f"{where}: every list needs a name and an http(s) url, not {item!r}")
    companions = item.get("companions") or {}
    unknown = set(companions) - set(COMPANION_ROLES)
    if unknown:
        raise ConfigError(f"{where}: list {item['name']}: unknown companion(s) {', '.join(sorted(unknown))}")
    return ListSource(str(item["name"]), str(item["url"]), str(item.get("publisher", "")),
                      tuple((role, str(url)) for role, url in companions.items()))
