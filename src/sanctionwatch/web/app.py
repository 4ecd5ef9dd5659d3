"""The FastAPI application: pages, the JSON API, static files, security and one error shape.

``create_app(settings)`` opens the store (bringing its schema up to date) and returns the app;
``sanctionwatch serve`` runs it with uvicorn on ``settings.web_host:web_port`` (127.0.0.1 by default).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from sanctionwatch import __version__
from sanctionwatch.errors import SanctionwatchError
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.views import Overview
from sanctionwatch.web import api, forms, pages
from sanctionwatch.web.render import STATIC, render_page
from sanctionwatch.web.security import Guard, SecurityHeaders, allowed_hosts
from sanctionwatch.web.state import OVERVIEW_TTL_S, Recent

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The dashboard and API over ``store`` (default: the store named by the settings, closed on shutdown)."""
    owned = store is None
    opened = store or open_store(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(title="sanctionwatch", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json",
                  description="Sanctions-evasion reports, facts, list matches and stories. See docs/WEB.md.")
    app.state.settings, app.state.store, app.state.guard = settings, opened, Guard(settings)
    app.state.overview = Recent[Overview](OVERVIEW_TTL_S)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFolder(directory=STATIC), name="static")
    for router in (api.router, pages.router, forms.router):
        app.include_router(router)
    _add_error_handlers(app)
    return app


class StaticFolder(StaticFiles):
    """The static files; a path holding a NUL byte is not found (Starlette's own lookup fails with a 500)."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        return ("", None) if "\x00" in path else super().lookup_path(path)


def error_response(request: Request, status: int, message: str) -> Response:
    """``{"ok": false, "error": ...}`` under /api/, an error page elsewhere."""
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    return render_page(request, "error.html", {"status": status, "message": message}, status=status)


def _add_error_handlers(app: FastAPI) -> None:
    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return error_response(request, error.status_code, str(error.detail))

    async def on_ours(request: Request, error: Exception) -> Response:
        assert isinstance(error, SanctionwatchError)
        return error_response(request, error.http_status, str(error))

    async def on_invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return error_response(request, 422, describe_invalid(error))

    async def on_bug(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path, exc_info=error)
        return error_response(request, 500, "internal error")

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(SanctionwatchError, on_ours)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(Exception, on_bug)


def describe_invalid(error: RequestValidationError) -> str:
    """The first problem of a rejected request, as one line: ``query limit: Input should be ...``."""
    problems = error.errors()
    if not problems:
        return "invalid request"
    first = problems[0]
    where = " ".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}".strip(": ")
