"""What every command shares: the settings and, opened on first use, the store."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import click

from sanctionwatch.settings import Settings, load_settings
from sanctionwatch.store import Store, open_store

LOG_LEVELS = {0: None, 1: "INFO", 2: "DEBUG"}


class AppContext:
    def __init__(self, overrides: Mapping[str, Any], config_path: Path | None, verbosity: int) -> None:
        self._overrides = dict(overrides)
        self._config_path = config_path
        self._store: Store | None = None
        self._settings: Settings | None = None
        self.verbosity = verbosity

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self._overrides, config_path=self._config_path)
            level = LOG_LEVELS.get(min(self.verbosity, 2)) or self._settings.log_level
            logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    def use_db(self, url: str) -> None:
        """Point the context at another database (the demo uses its own)."""
        self.close()
        self._overrides["db"] = url
        self._settings = None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


@contextlib.contextmanager
def progress(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; silent otherwise. Yields ``update(n)``."""
    stream = click.get_text_stream("stderr")
    if not stream.isatty():
        yield lambda _n: None
        return
    bar: Any
    with click.progressbar(length=length, label=label, file=stream) as bar:
        yield bar.update
