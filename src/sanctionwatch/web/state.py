"""What every request handler reaches through the app: the store, the settings and the guard."""

from __future__ import annotations

from fastapi import Request

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.web.security import Guard


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def guard_of(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard
