"""Fetching feeds and pages over HTTP, politely and within bounds (httpx).

    Fetcher.fetch(url, kind) -> FetchResult
      1. target check: http(s) only, and every address the host resolves to must be public unless
         ``fetch_allow_private`` names it (the SSRF guard; again on every redirect hop)
      2. robots.txt of the host, cached (RFC 9309: 4xx allows everything, 5xx or unreachable nothing)
      3. pacing: ``fetch_per_host_delay`` (or a longer robots Crawl-delay) between two requests to a
         host, at most ``fetch_per_host_concurrency`` in flight per host, ``fetch_concurrency`` overall
      4. the request: the User-Agent from settings, conditional headers, redirects followed by hand
         (``fetch_max_redirects``, loops refused)
      5. retries with exponential backoff on 429, 5xx and network errors, honouring Retry-After
      6. the body: declared and read size limit, bounded decompression (a decompression bomb stops
         at the limit), a content-type check for the kind of resource asked for

Every error carries one line saying why. ``FetchRefusedError``: refused for good (policy, or a 4xx
answer), not worth retrying; plain ``FetchError``: failed after the retries (network, 5xx), worth
another try later; ``FetchDeferredError``: the server asked us to come back later than we are willing
to wait; ``FetchCancelledError``: the stop event was set while waiting.

Plain-http requests go to the very address that was checked (no DNS rebinding between check and
connect); https relies on certificate checks for the same guarantee.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import email.utils
import ipaddress
import logging
import re
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Iterator
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from sanctionwatch.errors import FetchError
from sanctionwatch.model import FetchResult, RawDocument, utc_now
from sanctionwatch.settings import Settings

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/feed+json", "application/json", "text/plain", "text/html", "application/octet-stream",
})
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
ROBOTS_TTL = 86_400.0
ROBOTS_RETRY_TTL = 300.0
MAX_CRAWL_DELAY = 60.0
CHUNK = 65_536
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]
META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


class FetchRefusedError(FetchError):
    """Refused for good: by policy (address, scheme, robots.txt, type, size) or by the server (4xx)."""


class FetchDeferredError(FetchError):
    """The server asked us to come back later (429 or 503 with Retry-After) than we wait for."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FetchCancelledError(FetchError):
    """The fetch was abandoned because the caller asked everything to stop."""


@dataclasses.dataclass
class Target:
    """A URL that passed the address check, with the address a plain-http request goes to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


@dataclasses.dataclass
class Reply:
    """One response, before it is judged: status, headers and (for 2xx) the decoded body."""

    url: str
    status: int
    headers: httpx.Headers
    data: bytes = b""
    redirects: list[str] = dataclasses.field(default_factory=list)


class AddressPolicy:
    """The SSRF guard: which schemes and addresses may be fetched."""

    def __init__(self, allow: str, setting: str = "fetch_allow_private") -> None:
        self.setting = setting
        entries = [item.strip() for item in allow.split(",") if item.strip()]
        self.networks = [net for item in entries if (net := _network(item)) is not None]
        self.hosts = {item.lower() for item in entries if _network(item) is None}

    def check(self, url: str) -> Target:
        """The target of ``url``, or FetchError saying why it may not be fetched."""
        try:
            parts = urlsplit(url)
            scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        except ValueError as error:  # "http://[oops/"
            raise FetchRefusedError(f"refused {url}: not a URL ({error})") from error
        if scheme not in ("http", "https"):
            raise FetchRefusedError(f"refused {url}: scheme {scheme or 'none'!r} is not http or https")
        if not host:
            raise FetchRefusedError(f"refused {url}: no host")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as error:
            raise FetchRefusedError(f"refused {url}: bad port ({error})") from error
        addresses = _resolve(host, port)
        if host not in self.hosts:
            for address in addresses:
                self._check_address(url, host, address)
        return Target(url=url, scheme=scheme, host=host, port=port, address=str(addresses[0]))

    def _check_address(self, url: str, host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
        plain = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        if plain.is_global or any(plain in net for net in self.networks):
            return
        raise FetchRefusedError(f"refused {url}: {host} is at {plain}, a {_address_kind(plain)} address "
                         f"(allow it with the {self.setting} setting)")


class HostPacer:
    """Spacing between requests to one host and a cap on those in flight; waits end on stop."""

    def __init__(self, per_host: int, stop: threading.Event) -> None:
        self._per_host = max(1, per_host)
        self._stop = stop
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._slots: dict[str, threading.Semaphore] = {}

    @contextlib.contextmanager
    def turn(self, host: str, delay: float) -> Iterator[None]:
        slot = self._slot(host)
        while not slot.acquire(timeout=0.2):
            if self._stop.is_set():
                raise FetchCancelledError("stopped while waiting for a turn at " + host)
        try:
            pause_until(self._reserve(host, delay), self._stop)
            yield
        finally:
            slot.release()

    def _slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._slots.setdefault(host, threading.Semaphore(self._per_host))

    def _reserve(self, host: str, delay: float) -> float:
        with self._lock:
            at = max(time.monotonic(), self._next.get(host, 0.0))
            self._next[host] = at + delay
            return at


class RobotsCache:
    """robots.txt per origin, fetched once and kept for a day (five minutes after a failure)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, tuple[urllib.robotparser.RobotFileParser, float]] = {}

    def allowed(self, url: str) -> bool:
        return self.rules(url).can_fetch(self._fetcher.settings.user_agent, url)

    def crawl_delay(self, url: str) -> float:
        delay = self.rules(url).crawl_delay(self._fetcher.settings.user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    def rules(self, url: str) -> urllib.robotparser.RobotFileParser:
        origin = _origin(url)
        with self._origin_lock(origin):
            cached = self._rules.get(origin)
            if cached is None or cached[1] < time.monotonic():
                cached = self._load(origin)
                self._rules[origin] = cached
            return cached[0]

    def _origin_lock(self, origin: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(origin, threading.Lock())

    def _load(self, origin: str) -> tuple[urllib.robotparser.RobotFileParser, float]:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            reply = self._fetcher.exchange(origin + "/robots.txt", "robots", {}, check_robots=False)
        except FetchCancelledError:
            raise
        except FetchError as error:
            log.warning("robots.txt of %s unreachable (%s): fetching nothing there for now", origin, error)
            parser.parse(DISALLOW_ALL)
            return parser, time.monotonic() + ROBOTS_RETRY_TTL
        return _robots_rules(parser, reply, origin), time.monotonic() + ROBOTS_TTL


class Fetcher:
    """Polite, bounded HTTP GETs shared by every thread of the watch loop."""

    def __init__(self, settings: Settings, stop: threading.Event | None = None) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()
        self.policy = AddressPolicy(settings.fetch_allow_private)
        self.robots = RobotsCache(self)
        self._pacer = HostPacer(settings.fetch_per_host_concurrency, self.stop)
        self._overall = threading.BoundedSemaphore(max(1, settings.fetch_concurrency))
        self._deferred_lock = threading.Lock()
        self._deferred: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.fetch_timeout), follow_redirects=False, trust_env=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=max(4, settings.fetch_concurrency * 2)),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, kind: str = "page", etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET ``url`` (kind "feed" or "page"); status 304 when the conditional headers matched."""
        headers = _conditional_headers(etag, last_modified)
        self._check_not_deferred(url)
        attempt = 0
        while True:
            try:
                reply = self.exchange(url, kind, headers)
            except httpx.TransportError as error:
                reason, wait = _transport_reason(error), None
            else:
                if reply.status not in RETRY_STATUSES:
                    return _result(reply, url)
                reason, wait = f"HTTP {reply.status}", retry_after(reply.headers.get("retry-after"))
            try:
                self._before_retry(url, attempt, reason, wait)
            except FetchDeferredError as deferred:
                self._defer_host(url, deferred.retry_after)
                raise
            attempt += 1

    def exchange(self, url: str, kind: str, headers: dict[str, str], check_robots: bool = True) -> Reply:
        """One request with its redirects: the last reply, whatever its status."""
        seen = [url]
        for _hop in range(self.settings.fetch_max_redirects + 1):
            target = self.policy.check(url)
            if check_robots and not self.robots.allowed(url):
                raise FetchRefusedError(f"robots.txt of {target.host} disallows {url}")
            reply = self._send(target, kind, headers, check_robots)
            if reply.status not in REDIRECT_STATUSES:
                reply.redirects = seen[1:]
                return reply
            url = _next_hop(url, reply, seen)
        raise FetchRefusedError(f"too many redirects from {seen[0]} (more than {self.settings.fetch_max_redirects})")

    def _send(self, target: Target, kind: str, headers: dict[str, str], paced_by_robots: bool) -> Reply:
        delay = self.settings.fetch_per_host_delay
        if paced_by_robots:
            delay = max(delay, self.robots.crawl_delay(target.url))
        wire_url, host_header = wire(target)
        with self._pacer.turn(target.host, delay), self._overall:
            deadline = time.monotonic() + self.settings.fetch_timeout * 3
            try:
                with self._client.stream("GET", wire_url, headers={**headers, **host_header}) as response:
                    return self._reply(target, kind, response, deadline)
            except httpx.InvalidURL as error:
                raise FetchRefusedError(f"refused {target.url}: {error}") from error

    def _reply(self, target: Target, kind: str, response: httpx.Response, deadline: float) -> Reply:
        reply = Reply(url=target.url, status=response.status_code, headers=response.headers)
        if 200 <= response.status_code < 300:
            check_content_type(kind, response.headers.get("content-type", ""), target.url)
            reply.data = self._read_body(response, deadline)
        return reply

    def _read_body(self, response: httpx.Response, deadline: float) -> bytes:
        limit = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchRefusedError(f"response too large: {int(declared):,} bytes declared, the limit is {limit:,}")
        decoder = BoundedDecoder(response.headers.get("content-encoding", ""), limit)
        received = 0
        for chunk in response.iter_raw(CHUNK):
            received += len(chunk)
            if received > limit:
                raise FetchRefusedError(f"response too large: more than {limit:,} bytes")
            decoder.feed(chunk)
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("body arrived too slowly")
        return decoder.finish()

    def _check_not_deferred(self, url: str) -> None:
        """A server that asked us to come back later is not asked again before then."""
        origin = _origin(url)
        with self._deferred_lock:
            until = self._deferred.get(origin, 0.0)
        if until > time.monotonic():
            wait = until - time.monotonic()
            raise FetchDeferredError(f"{url}: {origin} asked us to come back in {wait:.0f}s", wait)

    def _defer_host(self, url: str, seconds: float) -> None:
        with self._deferred_lock:
            self._deferred[_origin(url)] = time.monotonic() + seconds

    def _before_retry(self, url: str, attempt: int, reason: str, wait: float | None) -> None:
        settings = self.settings
        if wait is not None and (wait > settings.fetch_max_wait or attempt >= settings.fetch_retries):
            raise FetchDeferredError(f"{url}: {reason}, asked to come back in {wait:.0f}s", wait)
        if attempt >= settings.fetch_retries:
            raise FetchError(f"{url}: {reason} (gave up after {attempt + 1} attempts)")
        delay = wait if wait is not None else settings.fetch_backoff * 2**attempt
        log.info("%s: %s; retrying in %.1fs", url, reason, delay)
        pause_until(time.monotonic() + delay, self.stop)


class BoundedDecoder:
    """Content-Encoding decoding that never holds more than ``limit`` decoded bytes (bomb guard)."""

    def __init__(self, encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip().lower() not in ("", "identity")]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchRefusedError(f"unsupported content-encoding {encoding!r}")
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32) if codings else None
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                self._keep(self._zlib.decompress(data, self._limit - self._size + 1))
            except zlib.error as error:
                raise FetchRefusedError(f"corrupt compressed body ({error})") from error
            data = self._zlib.unconsumed_tail

    def finish(self) -> bytes:
        if self._zlib is not None:
            self._keep(self._zlib.flush())
        return b"".join(self._parts)

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise FetchRefusedError(f"body decompresses to more than {self._limit:,} bytes (decompression bomb guard)")
        self._parts.append(data)


def check_content_type(kind: str, header: str, url: str) -> None:
    """FetchError unless a response of this content type can be the kind of resource asked for."""
    media = media_type(header)
    allowed = {"feed": FEED_TYPES, "page": PAGE_TYPES}.get(kind)
    if allowed is None or not media or media in allowed or media.endswith(("+xml", "+json")):
        return
    raise FetchRefusedError(f"{url}: content type {media} is not a {kind}")


def media_type(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def header_charset(header: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", header, re.IGNORECASE)
    return match.group(1).lower() if match else None


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def decode_page(data: bytes, declared: str | None) -> str:
    """Page text: UTF-8 when the bytes are valid UTF-8 (whatever the header says), else the
    declared charset, else the one in a ``<meta>`` tag, else Windows-1252."""
    meta = META_CHARSET.search(data[:4096])
    candidates = ["utf-8-sig", declared, meta.group(1).decode("ascii").lower() if meta else None]
    for charset in candidates:
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("cp1252", errors="replace")


def page_document(result: FetchResult, fields: dict[str, str] | None = None) -> RawDocument:
    """A fetched page as a RawDocument for extraction, its text re-encoded as UTF-8."""
    text = decode_page(result.data, result.charset)
    kind = "text" if result.content_type == "text/plain" else "html"
    return RawDocument(origin=result.url, data=text.encode("utf-8"), kind=kind, url=result.url,
                       fields=dict(fields or {}), fetched_at=result.fetched_at)


def pause_until(moment: float, stop: threading.Event) -> None:
    """Sleep until the monotonic ``moment``; FetchCancelledError if ``stop`` is set meanwhile."""
    remaining = moment - time.monotonic()
    if remaining > 0 and stop.wait(remaining):
        raise FetchCancelledError("stopped while waiting")
    if stop.is_set():
        raise FetchCancelledError("stopped")


def _result(reply: Reply, asked: str) -> FetchResult:
    if reply.status >= 400 or reply.status < 200:
        raise FetchRefusedError(f"{asked}: HTTP {reply.status}")
    header = reply.headers.get("content-type", "")
    return FetchResult(
        url=reply.url, status=reply.status, data=reply.data, content_type=media_type(header),
        charset=header_charset(header), etag=reply.headers.get("etag"),
        last_modified=reply.headers.get("last-modified"),
        fetched_at=utc_now(), redirects=reply.redirects,
    )


def _next_hop(url: str, reply: Reply, seen: list[str]) -> str:
    location = str(reply.headers.get("location") or "").strip()
    if not location:
        raise FetchRefusedError(f"{url}: HTTP {reply.status} redirect without a Location header")
    try:
        target = urljoin(url, location)
    except ValueError as error:
        raise FetchRefusedError(f"{url}: HTTP {reply.status} redirect to a bad Location ({error})") from error
    if target in seen:
        raise FetchRefusedError(f"redirect loop: {' -> '.join([*seen, target])[:400]}")
    seen.append(target)
    return target


def _robots_rules(
    parser: urllib.robotparser.RobotFileParser, reply: Reply, origin: str
) -> urllib.robotparser.RobotFileParser:
    if 200 <= reply.status < 300:
        parser.parse(reply.data.decode("utf-8", errors="replace").splitlines())
    elif 400 <= reply.status < 500:
        parser.parse([])
    else:
        log.warning("robots.txt of %s answered HTTP %d: fetching nothing there for now", origin, reply.status)
        parser.parse(DISALLOW_ALL)
    return parser


def wire(target: Target) -> tuple[httpx.URL, dict[str, str]]:
    """Plain http goes to the checked address with the Host header of the URL."""
    url = httpx.URL(target.url)
    if target.scheme != "http":
        return url, {}
    default = target.port == 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return url.copy_with(host=target.address), {"Host": host if default else f"{host}:{target.port}"}


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve host {host!r} ({error})") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    return addresses


def _network(item: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(item, strict=False)
    except ValueError:
        return None


def _address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    kinds = (("loopback", address.is_loopback), ("link-local", address.is_link_local),
             ("multicast", address.is_multicast), ("unspecified", address.is_unspecified),
             ("private", address.is_private), ("reserved", address.is_reserved))
    return next((name for name, flag in kinds if flag), "non-public")


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL ("http://[oops/"): the address check refuses it
        return url
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _transport_reason(error: httpx.TransportError) -> str:
    name = "timed out" if isinstance(error, httpx.TimeoutException) else type(error).__name__
    detail = str(error).splitlines()[0] if str(error) else ""
    return f"{name} ({detail})" if detail and detail != name else name
