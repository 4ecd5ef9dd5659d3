"""Alerts: watchlists matched against newly analysed real reports, delivered to a real webhook on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch import pipeline
from sanctionwatch.alerts import (
    MAX_ATTEMPTS,
    Subject,
    add_watchlist,
    deliver_alerts,
    match_watchlist,
    queue_alerts,
    verify_signature,
)
from sanctionwatch.errors import ConfigError, InputError
from sanctionwatch.ingest.files import read_jsonl
from sanctionwatch.model import WatchlistCriteria
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.alerts import create_watchlist, list_alerts, utc_now

SECRET = "webhook-secret"
LABOUR = Subject("article:a", "N. Korean workers in Russia", "About 4,000 workers went to Russia on student visas.",
                 ["Korea Osong Shipping Co", "Russia"], ["overseas_labour"], ["UN_1718"], ["KP", "RU"], "t", "/a")


@pytest.mark.parametrize(("criteria", "hits"), [
    (WatchlistCriteria(countries=["kp"]), True),
    (WatchlistCriteria(countries=["KP"], typologies=["ship_to_ship"]), False),
    (WatchlistCriteria(regimes=["UN_1718"], typologies=["overseas_labour"]), True),
    (WatchlistCriteria(names=["Korea Osong Shipping"]), True),
    (WatchlistCriteria(names=["student visas"]), True),
    (WatchlistCriteria(names=["Osong Trading"]), False),
    (WatchlistCriteria(keywords=["student visa"]), False),
    (WatchlistCriteria(keywords=["Student Visas", "tanker"]), True),
])
def test_every_filled_criterion_must_hit(criteria: WatchlistCriteria, hits: bool) -> None:
    reasons = match_watchlist(criteria, LABOUR)
    assert bool(reasons) is hits
    filled = [f.name for f in dataclasses.fields(criteria) if getattr(criteria, f.name)]
    assert [r.name for r in reasons] == (filled if hits else [])


@pytest.fixture
def reports(store: Store, settings: Settings, shared_dir: Path) -> Callable[[str], list[str]]:
    """Ingest and analyse the corpus reports of one topic; returns their ids."""
    lines = (shared_dir / "data" / "corpus" / "articles.jsonl").read_text().splitlines()

    def add(topic: str) -> list[str]:
        chosen = "\n".join(line for line in lines if json.loads(line)["topic"] == topic).encode()
        report = pipeline.ingest_documents(store, read_jsonl(chosen, topic), settings)
        return pipeline.analyze_stored(store, settings, report.new)

    return add


@pytest.mark.backends("sqlite", "postgresql")
def test_new_matching_reports_alert_once(store: Store, settings: Settings,
                                         reports: Callable[[str], list[str]]) -> None:
    before = reports("dprk_overseas_labor")
    time.sleep(1.05)  # timestamps have one-second resolution: a watchlist sees what is analysed from its second on
    watchlist = create_watchlist(store, "DPRK labour", WatchlistCriteria(countries=["KP"], keywords=["workers"]))
    assert queue_alerts(store, settings) == []
    new = reports("dprk_it_workers") + reports("tax_crime") + reports("disaster")
    queued = queue_alerts(store, settings)
    assert queued and {a.subject for a in queued} <= {f"article:{i}" for i in new}
    assert all(a.state == "logged" and a.payload["reasons"] for a in queued)
    assert queue_alerts(store, settings) == []
    pipeline.analyze_stored(store, settings, new)
    assert queue_alerts(store, settings) == []
    backfilled = queue_alerts(store, settings, since="")
    assert {a.subject for a in backfilled} <= {f"article:{i}" for i in before}
    assert list_alerts(store, watchlist.id)[1] == len(queued) + len(backfilled)


@dataclasses.dataclass
class Receiver:
    url: str
    statuses: list[int]
    received: list[tuple[dict[str, str], bytes]]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1 answering with the queued statuses (then 200)."""
    state = Receiver("", [], [])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((dict(self.headers), body))
            self.send_response(state.statuses.pop(0) if state.statuses else 200)
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()


def test_webhook_is_signed_and_retried(store: Store, settings: Settings, receiver: Receiver,
                                       reports: Callable[[str], list[str]]) -> None:
    create_watchlist(store, "IT workers", WatchlistCriteria(typologies=["it_workers"]), receiver.url)
    reports("dprk_it_workers")
    queued = queue_alerts(store, settings)
    receiver.statuses = [503, 502]
    signed = dataclasses.replace(settings, webhook_secret=SECRET, webhook_allow_private="127.0.0.1")
    report = deliver_alerts(store, signed, backoff_s=0.01)
    assert (report.sent, report.failed) == (len(queued), 0) and len(queued) >= 1
    headers, body = receiver.received[0]
    assert verify_signature(SECRET, headers["X-Sanctionwatch-Signature"], body)
    assert not verify_signature("other", headers["X-Sanctionwatch-Signature"], body)
    assert not verify_signature(SECRET, headers["X-Sanctionwatch-Signature"], body + b" ")
    assert json.loads(body)["subject"] == queued[0].subject and receiver.received[2][1] == body
    sent = list_alerts(store, state="sent")[0]
    assert {a.attempts for a in sent} >= {3}


def test_a_webhook_that_keeps_failing_is_given_up(store: Store, settings: Settings, receiver: Receiver,
                                                  reports: Callable[[str], list[str]]) -> None:
    create_watchlist(store, "IT workers", WatchlistCriteria(typologies=["it_workers"]), receiver.url)
    reports("dprk_it_workers")
    queue_alerts(store, settings)
    with pytest.raises(ConfigError, match="webhook_secret"):
        deliver_alerts(store, settings)
    signed = dataclasses.replace(settings, webhook_secret=SECRET, webhook_allow_private="127.0.0.1")
    receiver.statuses = [500] * 1000
    first = deliver_alerts(store, signed, backoff_s=0.0)
    assert first.retrying >= 1 and first.sent == 0
    assert deliver_alerts(store, signed, backoff_s=0.0).retrying == 0, "nothing is due before its retry time"
    later = utc_now(7 * 3600 * 24)
    while list_alerts(store, state="pending")[1]:
        deliver_alerts(store, signed, now=later, backoff_s=0.0)
    failed = list_alerts(store, state="failed")[0]
    assert failed and all(a.attempts == MAX_ATTEMPTS and a.last_error == "HTTP 500" for a in failed)


def test_unknown_regimes_typologies_and_countries_are_refused(store: Store) -> None:
    with pytest.raises(InputError, match=r"unknown regimes: UN_9999.*unknown typologies: teleportation"):
        add_watchlist(store, "odd", WatchlistCriteria(regimes=["UN_9999"], typologies=["teleportation"]))
    with pytest.raises(InputError, match="country codes: Korea"):
        add_watchlist(store, "odd", WatchlistCriteria(countries=["Korea"]))
    assert add_watchlist(store, "fine", WatchlistCriteria(regimes=["UN_1718"], countries=["KP"])).id >= 1
