"""Alerts: watchlists matched against newly analysed articles and updated stories, sent as signed webhooks.

    queue_alerts(store, settings)      every watchlist looks at what was analysed (articles) or updated
                                       (stories) since it last looked; each match is written once to the
                                       outbox with the reasons it matched
    deliver_alerts(store, settings)    POSTs due outbox rows to their watchlist's webhook, signed with
                                       HMAC-SHA256; retries quickly within the call, then later with
                                       growing delays, and gives up after MAX_ATTEMPTS
    send_test_alert(...)               one signed test POST, outside the outbox

A subject matches a watchlist when every non-empty criterion has at least one hit: names (a named
party, a list match, or the words in the text), typologies, regimes, countries, and keywords (whole
words in the title or text). Signature header: ``X-Sanctionwatch-Signature: t=<unix time>,v1=<hex>``
where hex is HMAC-SHA256(secret, "<t>." + body); ``verify_signature`` checks it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator

import httpx
from normality import normalize

from sanctionwatch.errors import ConfigError, FetchError, InputError
from sanctionwatch.ingest.fetch import AddressPolicy, FetchRefusedError, wire
from sanctionwatch.kb import load_kb_file
from sanctionwatch.model import Alert, Feature, JSONDict, Watchlist, WatchlistCriteria, to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, queries
from sanctionwatch.store import alerts as outbox
from sanctionwatch.store.views import StorySummary

MAX_ATTEMPTS = 24  # 8 rounds of 3 tries, 1 to 64 minutes apart: about two hours
QUICK_TRIES = 3
RETRY_STATUSES = frozenset({408, 425, 429})
SIGNATURE_HEADER = "X-Sanctionwatch-Signature"
BATCH = 200


@dataclasses.dataclass
class Subject:
    """An article or story as a watchlist sees it."""

    subject: str
    title: str
    text: str
    names: list[str]
    typologies: list[str]
    regimes: list[str]
    countries: list[str]
    changed_at: str
    link: str
    url: str | None = None
    published: str | None = None


@dataclasses.dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Delivery:
    ok: bool
    tries: int
    status: int | None = None
    error: str | None = None


# -- watchlists ---------------------------------------------------------------------------------


def add_watchlist(store: Store, name: str, criteria: WatchlistCriteria, webhook_url: str | None = None) -> Watchlist:
    """Store a watchlist after checking its regimes and typologies against the knowledge base."""
    problems = criteria_problems(criteria)
    if problems:
        raise InputError("; ".join(problems))
    return outbox.create_watchlist(store, name, criteria, webhook_url)


def criteria_problems(criteria: WatchlistCriteria) -> list[str]:
    """What the knowledge base does not know: regime and typology ids, country codes."""
    problems = []
    for field in ("regimes", "typologies"):
        known = {str(item["id"]) for item in load_kb_file(f"{field}.yaml")[field]}
        unknown = [value for value in getattr(criteria, field) if value not in known]
        if unknown:
            problems.append(f"unknown {field}: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    bad = [code for code in criteria.countries if len(code) != 2 or not code.isalpha()]
    if bad:
        problems.append(f"not ISO 3166-1 alpha-2 country codes: {', '.join(bad)}")
    return problems


# -- matching -----------------------------------------------------------------------------------


def match_watchlist(criteria: WatchlistCriteria, subject: Subject) -> list[Feature]:
    """The reasons a subject matches, one per criterion; empty when any non-empty criterion has no hit."""
    words = f" {_norm(subject.title)} {_norm(subject.text)} "
    names = {_norm(n): n for n in subject.names}
    checks: list[tuple[str, list[str], Callable[[str], str | None]]] = [
        ("names", criteria.names, lambda v: _name_hit(v, names, words)),
        ("typologies", criteria.typologies, lambda v: v if v in subject.typologies else None),
        ("regimes", criteria.regimes, lambda v: v if v in subject.regimes else None),
        ("countries", criteria.countries, lambda v: v if v.upper() in subject.countries else None),
        ("keywords", criteria.keywords, lambda v: v if _norm(v) and f" {_norm(v)} " in words else None),
    ]
    reasons = []
    for field, wanted, hit in checks:
        if not wanted:
            continue
        found = [h for v in wanted if (h := hit(v))]
        if not found:
            return []
        reasons.append(Feature(field, 1.0, f"{field}: {', '.join(dict.fromkeys(found))}"))
    return reasons


def _name_hit(wanted: str, names: dict[str, str], words: str) -> str | None:
    key = _norm(wanted)
    if not key:
        return None
    parts = set(key.split())
    for folded, original in names.items():
        if folded == key or parts <= set(folded.split()):
            return f"{wanted} (named as {original!r})"
    return f"{wanted} (in the text)" if f" {key} " in words else None


def _norm(text: str) -> str:
    return normalize(text, lowercase=True, collapse=True) or ""


# -- queueing -----------------------------------------------------------------------------------


def queue_alerts(store: Store, settings: Settings, since: str | None = None) -> list[Alert]:
    """Match every watchlist against what changed since it last looked; return the alerts queued now.

    ``since`` looks further back (e.g. "" for everything) without moving any watchlist backwards.
    """
    lists = outbox.list_watchlists(store)
    if not lists:
        return []
    now = outbox.utc_now()
    starts = {w.id: since if since is not None else (w.scanned_until or w.created_at) for w in lists}
    queued = []
    for subject in changed_subjects(store, settings, min(starts.values())):
        for watchlist in lists:
            if subject.changed_at >= starts[watchlist.id] and (reasons := match_watchlist(watchlist.criteria, subject)):
                alert = outbox.add_alert(store, watchlist, subject.subject, alert_payload(watchlist, subject, reasons))
                queued += [alert] if alert else []
    for watchlist in lists:
        outbox.set_scanned_until(store, watchlist.id, max(now, watchlist.scanned_until or ""))
    return queued


def changed_subjects(store: Store, settings: Settings, since: str) -> Iterator[Subject]:
    """Articles analysed and stories updated at or after ``since``."""
    analysed = queries.analysed_since(store, since)
    for start in range(0, len(analysed), BATCH):
        yield from article_subjects(store, settings, dict(analysed[start:start + BATCH]))
    for story_id, updated_at in queries.stories_updated_since(store, since):
        subject = story_subject(store, settings, story_id, updated_at)
        if subject is not None:
            yield subject


def article_subjects(store: Store, settings: Settings, changed: dict[str, str]) -> Iterator[Subject]:
    ids = list(changed)
    texts = queries.article_texts(store, ids)
    names = _names_by_article(store, ids)
    for summary in queries.summaries_by_id(store, ids):
        yield Subject(f"article:{summary.id}", summary.title, texts.get(summary.id, ("", None))[0],
                      names.get(summary.id, []), summary.typologies, summary.regimes, summary.countries,
                      changed[summary.id], f"{dashboard_url(settings)}/articles/{summary.id}", summary.url,
                      summary.published)


def story_subject(store: Store, settings: Settings, story_id: str, updated_at: str) -> Subject | None:
    detail = queries.get_story_detail(store, story_id)
    if detail is None:
        return None
    story: StorySummary = detail.story
    titles = " ".join(a.title for a in detail.articles)
    names = [n for found in _names_by_article(store, [a.id for a in detail.articles]).values() for n in found]
    return Subject(f"story:{story.id}", story.title, titles, names, story.typologies, story.regimes,
                   story.countries, updated_at, f"{dashboard_url(settings)}/stories/{story.id}",
                   published=story.last_seen)


def _names_by_article(store: Store, ids: list[str]) -> dict[str, list[str]]:
    """Entity names, list-match mentions and captions (unless the match was rejected), per article."""
    found: dict[str, list[str]] = {}
    for row in queries.entities_for(store, ids):
        found.setdefault(row["article_id"], []).append(row["text"])
    for match in queries.matches_for(store, ids):
        if match.verdict != "rejected":
            found.setdefault(match.article_id, []).extend([match.mention, match.caption])
    return found


def alert_payload(watchlist: Watchlist, subject: Subject, reasons: list[Feature]) -> JSONDict:
    kind = subject.subject.partition(":")[0]
    return {
        "event": "alert", "kind": kind, "subject": subject.subject, "title": subject.title,
        "watchlist": {"id": watchlist.id, "name": watchlist.name}, "dashboard_url": subject.link,
        "url": subject.url, "published": subject.published, "reasons": to_dict(reasons),
        "queued_at": outbox.utc_now(),
    }


def dashboard_url(settings: Settings) -> str:
    host = settings.web_host if settings.web_host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    return f"http://{host}:{settings.web_port}"


# -- delivery -----------------------------------------------------------------------------------


def deliver_alerts(store: Store, settings: Settings, client: httpx.Client | None = None,
                   now: str | None = None, backoff_s: float = 0.5) -> DeliveryReport:
    """Send every due alert; ConfigError when some are due and no webhook secret is set."""
    due = outbox.due_alerts(store, now or outbox.utc_now())
    report = DeliveryReport()
    if not due:
        return report
    secret = _secret(settings)
    hooks = {w.id: w.webhook_url for w in outbox.list_watchlists(store)}
    policy = webhook_policy(settings)
    with _client(settings, client) as http:
        for alert in due:
            delivery = post_signed(http, hooks.get(alert.watchlist_id) or "", alert.payload, secret,
                                   f"alert-{alert.id}", QUICK_TRIES, backoff_s, policy)
            _record(store, alert, delivery, report)
    return report


def send_test_alert(settings: Settings, watchlist: Watchlist, url: str | None = None,
                    client: httpx.Client | None = None) -> Delivery:
    """One signed test POST to the watchlist's webhook (or ``url``); nothing is written to the outbox."""
    target = url or watchlist.webhook_url
    if not target:
        raise ConfigError(f"watchlist {watchlist.name!r} has no webhook URL; give one with --url")
    payload = {"event": "test", "watchlist": {"id": watchlist.id, "name": watchlist.name},
               "criteria": to_dict(watchlist.criteria), "sent_at": outbox.utc_now()}
    with _client(settings, client) as http:
        return post_signed(http, target, payload, _secret(settings), "test", tries=1, backoff_s=0.0,
                           policy=webhook_policy(settings))


def webhook_policy(settings: Settings) -> AddressPolicy:
    """The SSRF guard for webhooks: public addresses only, unless ``webhook_allow_private`` names one."""
    return AddressPolicy(settings.webhook_allow_private, setting="webhook_allow_private")


def post_signed(http: httpx.Client, url: str, payload: JSONDict, secret: str, delivery_id: str,
                tries: int, backoff_s: float, policy: AddressPolicy) -> Delivery:
    """POST the JSON payload, signed; retry connection errors, 5xx, 408, 425 and 429 up to ``tries`` times.

    The URL passes the address guard before each try (a refusal is final: no try is counted), and a
    plain-http POST goes to the very address that was checked.
    """
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    result = Delivery(ok=False, tries=0, error="no webhook URL")
    for attempt in range(tries if url else 0):
        if attempt:
            time.sleep(backoff_s * 2 ** (attempt - 1))
        try:
            target = wire(policy.check(url))
        except FetchRefusedError as error:
            return Delivery(False, 0, None, str(error)[:300])
        except FetchError as error:  # the host does not resolve (now): a failed try, retried later
            result = Delivery(False, attempt + 1, None, str(error)[:300])
            continue
        result = _post_once(http, target, body, secret, delivery_id, str(payload.get("event", "alert")), attempt + 1)
        if result.ok or (result.status is not None and result.status < 500 and result.status not in RETRY_STATUSES):
            break
    return result


def _post_once(http: httpx.Client, target: tuple[httpx.URL, dict[str, str]], body: bytes, secret: str,
               delivery_id: str, event: str, tries: int) -> Delivery:
    url, host_header = target
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body),
               "X-Sanctionwatch-Event": event, "X-Sanctionwatch-Delivery": delivery_id, **host_header}
    try:
        response = http.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return Delivery(False, tries, None, f"{type(error).__name__}: {error}"[:300])
    ok = 200 <= response.status_code < 300
    return Delivery(ok, tries, response.status_code, None if ok else f"HTTP {response.status_code}")


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header value: ``t=<unix time>,v1=<HMAC-SHA256 of "<t>." + body, hex>``."""
    moment = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={digest}"


def verify_signature(secret: str, header: str, body: bytes, tolerance_s: int = 300, now: float | None = None) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and is at most ``tolerance_s`` seconds old."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    moment = fields.get("t", "")
    if not moment.isdigit() or abs((now or time.time()) - int(moment)) > tolerance_s:
        return False
    expected = sign(secret, body, int(moment)).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


def retry_delay_s(attempts: int) -> float:
    """Wait before the next round of tries: 1 minute after the first round, then 2, 4 ... (at most 6 hours)."""
    return float(min(60 * 2 ** max(attempts // QUICK_TRIES - 1, 0), 6 * 3600))


def _record(store: Store, alert: Alert, delivery: Delivery, report: DeliveryReport) -> None:
    attempts = alert.attempts + delivery.tries
    if delivery.ok:
        outbox.record_attempt(store, alert.id, "sent", attempts, None, None)
        report.sent += 1
        return
    report.errors.append(f"alert {alert.id} ({alert.subject}): {delivery.error}")
    if attempts >= MAX_ATTEMPTS or not delivery.tries:
        outbox.record_attempt(store, alert.id, "failed", attempts, delivery.error, None)
        report.failed += 1
    else:
        later = outbox.utc_now(retry_delay_s(attempts))
        outbox.record_attempt(store, alert.id, "pending", attempts, delivery.error, later)
        report.retrying += 1


def _secret(settings: Settings) -> str:
    if not settings.webhook_secret:
        raise ConfigError("webhook_secret is not set (SANCTIONWATCH_WEBHOOK_SECRET); webhooks are always signed")
    return settings.webhook_secret


@contextlib.contextmanager
def _client(settings: Settings, client: httpx.Client | None) -> Iterator[httpx.Client]:
    """The caller's client (left open), or a new one closed at the end."""
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=settings.fetch_timeout, headers={"User-Agent": settings.user_agent},
                      follow_redirects=False) as owned:
        yield owned
