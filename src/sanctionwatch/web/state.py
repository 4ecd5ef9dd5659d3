"""What every request handler reaches through the app: the store, the settings, the guard, and the
overview, which is recomputed at most every ``OVERVIEW_TTL_S`` seconds (its facet counts read every analysis)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from fastapi import Request

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, queries
from sanctionwatch.store.views import Overview
from sanctionwatch.web.security import Guard

T = TypeVar("T")
OVERVIEW_TTL_S = 30.0


class Recent(Generic[T]):
    """A value recomputed at most every ``ttl_s`` seconds; one thread computes while the others wait."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._value: T | None = None
        self._at = float("-inf")

    def get(self, compute: Callable[[], T]) -> T:
        with self._lock:
            if self._value is None or time.monotonic() - self._at > self.ttl_s:
                self._value, self._at = compute(), time.monotonic()
            return self._value


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def guard_of(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard


def overview_of(request: Request) -> Overview:
    """The overview, at most ``OVERVIEW_TTL_S`` seconds old."""
    recent: Recent[Overview] = request.app.state.overview
    return recent.get(lambda: queries.get_overview(get_store(request)))
