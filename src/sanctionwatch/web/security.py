"""Security of the web layer: response headers, the write token, browser sessions and CSRF tokens.

- Every response carries a strict Content-Security-Policy (no script at all, styles and images from
  this server only), ``nosniff``, no framing, and the referrer only within this site.
- API writes need ``Authorization: Bearer <web_token>``; with no token configured, writes are off.
- In the browser, the token is typed once on /login; the session cookie is an expiry signed with a
  key derived from the token (so changing the token ends every session), HttpOnly and SameSite=Strict.
- Every form carries a CSRF token: an HMAC of a random per-browser cookie under a per-process key;
  a POST whose Origin is another site is refused outright.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request

from sanctionwatch.settings import Settings

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SESSION_COOKIE = "sw_session"
CSRF_COOKIE = "sw_csrf"
SESSION_SECONDS = 12 * 3600
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def allowed_hosts(settings: Settings) -> list[str]:
    """Host headers accepted: the local names when bound locally (no DNS rebinding), else any."""
    if settings.web_host in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({settings.web_host, *LOCAL_HOSTS})


class Guard:
    """Checks write access: the API bearer token, browser sessions and CSRF tokens."""

    def __init__(self, settings: Settings) -> None:
        self.token = settings.web_token
        self._csrf_key = secrets.token_bytes(32)
        self._session_key = hashlib.sha256(b"sanctionwatch-session:" + self.token.encode()).digest()

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)

    def require_token(self, request: Request) -> None:
        """For API writes: 403 when writes are off, 401 without the right bearer token."""
        self._require_enabled()
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <web token>'")

    def check_login(self, given: str) -> bool:
        return self.writes_enabled and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def new_session(self) -> str:
        expiry = str(int(time.time()) + SESSION_SECONDS)
        return f"{expiry}.{self._sign(self._session_key, expiry)}"

    def has_session(self, request: Request) -> bool:
        expiry, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
        if not (self.writes_enabled and expiry.isdigit() and int(expiry) > time.time()):
            return False
        return hmac.compare_digest(signature, self._sign(self._session_key, expiry))

    def require_session(self, request: Request) -> None:
        self._require_enabled()
        if not self.has_session(request):
            raise HTTPException(401, "sign in with the web token first (/login)")

    def csrf_for(self, browser_id: str) -> str:
        return self._sign(self._csrf_key, browser_id)

    def require_csrf(self, request: Request, submitted: str) -> None:
        """403 unless the form's token matches this browser's cookie and the request comes from this site."""
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
            raise HTTPException(403, "cross-site form submission refused")
        browser_id = request.cookies.get(CSRF_COOKIE, "")
        if not browser_id or not hmac.compare_digest(submitted.encode(), self.csrf_for(browser_id).encode()):
            raise HTTPException(403, "the form has expired or did not come from this site; reload and retry")

    def _require_enabled(self) -> None:
        if not self.writes_enabled:
            raise HTTPException(403, "writes are disabled: set SANCTIONWATCH_WEB_TOKEN to enable them")

    @staticmethod
    def _sign(key: bytes, value: str) -> str:
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def browser_id(request: Request) -> tuple[str, bool]:
    """This browser's CSRF cookie value, and whether it is new (to be set on the response)."""
    current = request.cookies.get(CSRF_COOKIE, "")
    if len(current) == 43 and current.replace("-", "").replace("_", "").isalnum():
        return current, False
    return secrets.token_urlsafe(32), True
