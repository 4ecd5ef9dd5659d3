"""Watchlists and the alerts outbox: what analysts follow, and what is owed to their webhooks.

An alert is written to the outbox once per (watchlist, subject), whatever happens to its delivery;
delivery state moves pending -> sent, or pending -> ... -> failed after the last attempt.
Watchlists without a webhook keep their alerts as ``logged``: shown, never sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from sanctionwatch.errors import InputError
from sanctionwatch.model import Alert, JSONDict, Watchlist, WatchlistCriteria, from_dict, to_dict
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import alerts_outbox, watchlists

CRITERIA_FIELDS = tuple(field.name for field in dataclasses.fields(WatchlistCriteria))


def create_watchlist(store: Store, name: str, criteria: WatchlistCriteria, webhook_url: str | None = None) -> Watchlist:
    """Store a new watchlist; it alerts on what is analysed from now on. InputError when the name is taken."""
    name = name.strip()
    check_watchlist(name, criteria, webhook_url)
    now = utc_now()
    row = {"name": name, "criteria": to_dict(criteria), "webhook_url": webhook_url or None,
           "created_at": now, "scanned_until": now}
    with store.transaction() as conn:
        if conn.execute(sa.select(watchlists.c.id).where(watchlists.c.name == name)).first() is not None:
            raise InputError(f"a watchlist named {name!r} already exists")
        new_id = conn.execute(sa.insert(watchlists).values(**row)).inserted_primary_key[0]
    return Watchlist(id=int(new_id), name=name, criteria=criteria, webhook_url=row["webhook_url"],
                     created_at=now, scanned_until=now)


def check_watchlist(name: str, criteria: WatchlistCriteria, webhook_url: str | None) -> None:
    """InputError for an unnamed or empty watchlist, or a webhook that is not an http(s) URL."""
    if not name or len(name) > 128:
        raise InputError("a watchlist needs a name of 1 to 128 characters")
    if not any(getattr(criteria, field) for field in CRITERIA_FIELDS):
        raise InputError(f"a watchlist needs at least one of: {', '.join(CRITERIA_FIELDS)}")
    if webhook_url and not webhook_url.startswith(("http://", "https://")):
        raise InputError(f"webhook URL {webhook_url!r} is not an http:// or https:// URL")


def list_watchlists(store: Store) -> list[Watchlist]:
    with store.transaction() as conn:
        rows = conn.execute(sa.select(watchlists).order_by(watchlists.c.name)).mappings().all()
    return [_watchlist(row) for row in rows]


def get_watchlist(store: Store, key: str | int) -> Watchlist | None:
    """The watchlist with this id or name."""
    column = watchlists.c.id if isinstance(key, int) or str(key).isdigit() else watchlists.c.name
    value = int(key) if column is watchlists.c.id else str(key)
    with store.transaction() as conn:
        row = conn.execute(sa.select(watchlists).where(column == value)).mappings().first()
    return _watchlist(row) if row else None


def delete_watchlist(store: Store, watchlist_id: int) -> bool:
    """Remove a watchlist and its alerts; False when there was none."""
    with store.transaction() as conn:
        conn.execute(sa.delete(alerts_outbox).where(alerts_outbox.c.watchlist_id == watchlist_id))
        deleted = conn.execute(sa.delete(watchlists).where(watchlists.c.id == watchlist_id)).rowcount
    return bool(deleted)


def set_scanned_until(store: Store, watchlist_id: int, moment: str) -> None:
    with store.transaction() as conn:
        conn.execute(sa.update(watchlists).where(watchlists.c.id == watchlist_id).values(scanned_until=moment))


def add_alert(store: Store, watchlist: Watchlist, subject: str, payload: JSONDict) -> Alert | None:
    """Queue an alert unless this watchlist already has one for this subject; None when it had."""
    state = "pending" if watchlist.webhook_url else "logged"
    row = {"watchlist_id": watchlist.id, "subject": subject, "payload": payload, "state": state,
           "attempts": 0, "next_attempt": utc_now() if state == "pending" else None, "created_at": utc_now()}
    with store.transaction() as conn:
        if _has_alert(conn, watchlist.id, subject):
            return None
        new_id = _insert_once(conn, row)
    return _alert({**row, "id": new_id, "last_error": None}) if new_id is not None else None


def list_alerts(
    store: Store, watchlist_id: int | None = None, state: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Alert], int]:
    """Alerts, newest first, with the total count before paging."""
    conditions = []
    if watchlist_id is not None:
        conditions.append(alerts_outbox.c.watchlist_id == watchlist_id)
    if state:
        conditions.append(alerts_outbox.c.state == state)
    query = sa.select(alerts_outbox).where(*conditions)
    count = sa.select(sa.func.count()).select_from(alerts_outbox).where(*conditions)
    with store.transaction() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = conn.execute(query.order_by(alerts_outbox.c.id.desc()).limit(limit).offset(offset)).mappings()
        return [_alert(row) for row in rows], total


def due_alerts(store: Store, now: str, limit: int = 100) -> list[Alert]:
    """Pending alerts whose next attempt is due, oldest first."""
    query = (
        sa.select(alerts_outbox)
        .where(alerts_outbox.c.state == "pending", alerts_outbox.c.next_attempt <= now)
        .order_by(alerts_outbox.c.id)
        .limit(limit)
    )
    with store.transaction() as conn:
        return [_alert(row) for row in conn.execute(query).mappings()]


def record_attempt(store: Store, alert_id: int, state: str, attempts: int, error: str | None,
                   next_attempt: str | None) -> None:
    values = {"state": state, "attempts": attempts, "last_error": error, "next_attempt": next_attempt}
    with store.transaction() as conn:
        conn.execute(sa.update(alerts_outbox).where(alerts_outbox.c.id == alert_id).values(**values))


def utc_now(offset_s: float = 0.0) -> str:
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset_s)
    return moment.isoformat(timespec="seconds")


def _has_alert(conn: sa.Connection, watchlist_id: int, subject: str) -> bool:
    query = sa.select(alerts_outbox.c.id).where(
        alerts_outbox.c.watchlist_id == watchlist_id, alerts_outbox.c.subject == subject
    )
    return conn.execute(query).first() is not None


def _insert_once(conn: sa.Connection, row: dict[str, Any]) -> int | None:
    """Insert an outbox row unless another process queued the same (watchlist, subject) a moment ago."""
    if conn.dialect.name not in ("postgresql", "sqlite"):
        return int(conn.execute(sa.insert(alerts_outbox).values(**row)).inserted_primary_key[0])
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(alerts_outbox).values(**row).on_conflict_do_nothing()
    found = conn.execute(statement.returning(alerts_outbox.c.id)).scalar()
    return int(found) if found is not None else None


def _watchlist(row: Any) -> Watchlist:
    criteria = from_dict(WatchlistCriteria, dict(row["criteria"] or {}))
    return Watchlist(id=int(row["id"]), name=row["name"], criteria=criteria, webhook_url=row["webhook_url"],
                     created_at=row["created_at"], scanned_until=row["scanned_until"])


def _alert(row: Any) -> Alert:
    return Alert(id=int(row["id"]), watchlist_id=int(row["watchlist_id"]), subject=row["subject"],
                 payload=dict(row["payload"] or {}), state=row["state"], attempts=int(row["attempts"] or 0),
                 next_attempt=row["next_attempt"], last_error=row["last_error"], created_at=row["created_at"])
