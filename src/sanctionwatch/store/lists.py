"""Sanctions lists in the store: versions, entries, matches and the analyst's judgements.

A list version is written whole in one transaction and only then made current, so a load that fails
(unreadable file, database error) leaves the last good version of that list current. Loading the same
content again stores nothing new. A (mention, entry) pair an analyst rejected is never stored as a
match again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sanctionwatch.errors import InputError
from sanctionwatch.link.readers import read_list_file
from sanctionwatch.model import Feature, ListEntry, ListVersionInfo, Match, SanctionsList, from_dict, to_dict, utc_now
from sanctionwatch.store.engine import Store
from sanctionwatch.store.schema import judgements, list_entries, list_versions, matches

VERDICTS = ("confirmed", "rejected")
BATCH = 1000


def load_list_file(store: Store, path: Path, name: str | None = None) -> ListVersionInfo:
    """Read a list file (format detected) and store it as the current version of its list."""
    return save_list(store, read_list_file(path, name))


def save_list(store: Store, parsed: SanctionsList) -> ListVersionInfo:
    """Store a parsed list as the current version of ``parsed.name`` (the same content: no new version)."""
    with store.transaction() as conn:
        existing = conn.execute(
            sa.select(list_versions.c.id).where(list_versions.c.name == parsed.name,
                                                list_versions.c.content_hash == parsed.content_hash)
        ).scalar()
        version_id = existing if existing is not None else _insert_version(conn, parsed)
        conn.execute(sa.update(list_versions).where(list_versions.c.name == parsed.name)
                     .values(is_current=list_versions.c.id == version_id))
        info = _version(conn, version_id)
    info.is_new = existing is None
    return info


def _insert_version(conn: Connection, parsed: SanctionsList) -> int:
    row = {"name": parsed.name, "format": parsed.format, "origin": parsed.origin,
           "content_hash": parsed.content_hash, "published": parsed.published, "loaded_at": utc_now(),
           "entry_count": len(parsed.entries), "skipped_count": len(parsed.skipped), "is_current": False}
    version_id = int(conn.execute(sa.insert(list_versions).values(**row)).inserted_primary_key[0])
    rows = {entry.entry_id: _entry_row(version_id, entry) for entry in parsed.entries}
    values = list(rows.values())
    for start in range(0, len(values), BATCH):
        conn.execute(sa.insert(list_entries), values[start:start + BATCH])
    return version_id


def _entry_row(version_id: int, entry: ListEntry) -> dict[str, Any]:
    return {"list_version_id": version_id, "entry_id": entry.entry_id, "schema": entry.schema,
            "caption": entry.caption, "entry": to_dict(entry)}


def list_versions_of(store: Store, name: str | None = None) -> list[ListVersionInfo]:
    """Every stored version (of one list, or of all), newest first."""
    query = sa.select(list_versions).order_by(list_versions.c.name, list_versions.c.id.desc())
    if name is not None:
        query = query.where(list_versions.c.name == name)
    with store.transaction() as conn:
        return [_info(row) for row in conn.execute(query).mappings()]


def current_versions(store: Store) -> list[ListVersionInfo]:
    """The current version of each list."""
    return [info for info in list_versions_of(store) if info.is_current]


def current_version_ids(store: Store) -> dict[str, int]:
    """List name -> id of its current version (what matches cite)."""
    return {info.name: info.id for info in current_versions(store)}


def find_version(store: Store, reference: str) -> ListVersionInfo:
    """A version by id ("7") or the current version of a list by name ("un_sc")."""
    with store.transaction() as conn:
        column = list_versions.c.id if reference.isdigit() else list_versions.c.name
        query = sa.select(list_versions.c.id).where(column == (int(reference) if reference.isdigit() else reference))
        if not reference.isdigit():
            query = query.where(list_versions.c.is_current.is_(True))
        version_id = conn.execute(query).scalar()
        if version_id is None:
            raise InputError(f"no stored list version {reference!r} (see `sanctionwatch lists show`)")
        return _version(conn, version_id)


def version_entries(store: Store, version_id: int) -> list[ListEntry]:
    query = sa.select(list_entries.c.entry).where(list_entries.c.list_version_id == version_id)
    with store.transaction() as conn:
        return [from_dict(ListEntry, row[0]) for row in conn.execute(query.order_by(list_entries.c.entry_id))]


def load_current_entries(store: Store) -> list[ListEntry]:
    """The entries of the current version of every list (what the screening index is built from)."""
    return [entry for info in current_versions(store) for entry in version_entries(store, info.id)]


def save_matches(store: Store, article_id: str, found: list[Match]) -> int:
    """Replace the article's matches; pairs an analyst rejected are left out. Returns how many were stored."""
    with store.transaction() as conn:
        rejected = _rejected(conn, {match.mention_key for match in found})
        kept = _unique(m for m in found if not _is_rejected(m, rejected))
        conn.execute(sa.delete(matches).where(matches.c.article_id == article_id))
        if kept:
            conn.execute(sa.insert(matches), [_match_row(match) for match in kept])
    return len(kept)


def load_matches(store: Store, article_id: str | None = None, entry_id: str | None = None) -> list[Match]:
    """Stored matches of one article or one listed entry (best first)."""
    query = sa.select(matches).order_by(matches.c.score.desc(), matches.c.start)
    if article_id is not None:
        query = query.where(matches.c.article_id == article_id)
    if entry_id is not None:
        query = query.where(matches.c.entry_id == entry_id)
    with store.transaction() as conn:
        return [_match(row) for row in conn.execute(query).mappings()]


def judge_match(
    store: Store, mention_key: str, entry_id: str, verdict: str, note: str | None = None, list_name: str = ""
) -> None:
    """Record an analyst's verdict on a (mention, entry) pair; a rejection also removes stored matches."""
    if verdict not in VERDICTS:
        raise InputError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    key = {"mention_key": mention_key, "entry_id": entry_id, "list_name": list_name}
    with store.transaction() as conn:
        conn.execute(sa.delete(judgements).where(*(judgements.c[k] == v for k, v in key.items())))
        conn.execute(sa.insert(judgements).values(**key, verdict=verdict, note=note, judged_at=utc_now()))
        if verdict == "rejected":
            where = [matches.c.mention_key == mention_key, matches.c.entry_id == entry_id]
            where += [matches.c.list_name == list_name] if list_name else []
            conn.execute(sa.delete(matches).where(*where))


def list_judgements(store: Store) -> list[dict[str, Any]]:
    with store.transaction() as conn:
        rows = conn.execute(sa.select(judgements).order_by(judgements.c.judged_at)).mappings()
        return [{str(key): value for key, value in row.items()} for row in rows]


def _rejected(conn: Connection, keys: set[str]) -> set[tuple[str, str, str]]:
    if not keys:
        return set()
    query = sa.select(judgements.c.mention_key, judgements.c.entry_id, judgements.c.list_name).where(
        judgements.c.verdict == "rejected", judgements.c.mention_key.in_(keys))
    return {(row[0], row[1], row[2]) for row in conn.execute(query)}


def _is_rejected(match: Match, rejected: set[tuple[str, str, str]]) -> bool:
    return any((match.mention_key, match.entry_id, name) in rejected for name in ("", match.list_name))


def _unique(found: Any) -> list[Match]:
    best: dict[tuple[int, str, str], Match] = {}
    for match in found:
        key = (match.start, match.list_name, match.entry_id)
        if key not in best or match.score > best[key].score:
            best[key] = match
    return list(best.values())


def _match_row(match: Match) -> dict[str, Any]:
    row: dict[str, Any] = to_dict(match)  # features become plain dicts too
    return row


def _match(row: Any) -> Match:
    values = {key: row[key] for key in Match.__dataclass_fields__ if key != "features"}
    return Match(**values, features=[from_dict(Feature, f) for f in row["features"]])


def _version(conn: Connection, version_id: int) -> ListVersionInfo:
    row = conn.execute(sa.select(list_versions).where(list_versions.c.id == version_id)).mappings().one()
    return _info(row)


def _info(row: Any) -> ListVersionInfo:
    names = ("id", "name", "format", "origin", "content_hash", "published", "loaded_at", "entry_count", "is_current")
    return ListVersionInfo(**{name: row[name] for name in names}, is_new=False)

