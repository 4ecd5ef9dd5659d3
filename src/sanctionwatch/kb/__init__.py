"""The domain knowledge base: YAML files in this folder, loaded once and validated at load.

Each file carries a ``version`` and a ``source``; analysis results cite the knowledge base version
they were made with (``kb_version()``).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from sanctionwatch.errors import ConfigError


def load_kb_file(name: str) -> dict[str, Any]:
    """One knowledge-base file, parsed and checked for its version and source."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "version" not in data or "source" not in data:
        raise ConfigError(f"knowledge base file {name} lacks a version or a source")
    return data


@functools.cache
def place_aliases() -> dict[str, str]:
    """Lower-cased place name -> ISO country code, from places.yaml."""
    data = load_kb_file("places.yaml")
    aliases: dict[str, str] = {}
    for code, names in data["places"].items():
        if len(code) != 2:
            raise ConfigError(f"places.yaml: {code!r} is not an ISO 3166-1 alpha-2 code")
        for name in names:
            aliases[str(name).lower()] = code
    return aliases


def kb_version() -> str:
    return f"places-{load_kb_file('places.yaml')['version']}"
