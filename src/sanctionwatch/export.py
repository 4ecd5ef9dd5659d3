"""Exports of what the store holds: JSON Lines, CSV, Markdown briefs, FollowTheMoney entities, Atom.

    jsonl     articles | stories | matches, one JSON object per line
    csv       the same, flat (lists joined with ";"; cells that a spreadsheet would run as a formula
              are prefixed with an apostrophe, because titles and names are untrusted text)
    markdown  every stored brief, stories first, in the house format
    ftm       FollowTheMoney entities: Article, Mention (resolved to the listed entity when matched
              and not rejected), the listed entities themselves and a Sanction linking each to its list
    atom      an Atom feed of the latest briefs (also served by the dashboard at /feed.atom)

Articles are read in batches, so exports of large stores run in bounded memory.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from followthemoney import model as ftm_model
from followthemoney.exc import InvalidData

from sanctionwatch.brief.render import render_markdown
from sanctionwatch.errors import InputError
from sanctionwatch.link.screen import mention_key
from sanctionwatch.model import Brief, JSONDict, from_dict
from sanctionwatch.store import Store, queries
from sanctionwatch.store.views import ArticleFilters, ArticleSummary, BriefView, MatchView

BATCH = 500
ATOM_NS = "http://www.w3.org/2005/Atom"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MENTION_SCHEMAS = {"PERSON": "Person", "ORG": "Organization", "NORP": "LegalEntity", "FAC": "LegalEntity"}
CSV_COLUMNS = {
    "articles": ["id", "title", "url", "source_domain", "published", "sanctions_evasion", "score", "regimes",
                 "countries", "typologies", "story_id", "facts", "matches"],
    "stories": ["id", "title", "first_seen", "last_seen", "article_count", "regimes", "countries", "typologies",
                "sources"],
    "matches": ["id", "article_id", "mention", "start", "end", "list_name", "entry_id", "caption", "schema", "score",
                "verdict", "reasons"],
}


def export_records(store: Store, what: str) -> Iterator[JSONDict]:
    """The records of one kind (articles, stories, matches) as plain JSON-ready dicts."""
    readers: dict[str, Callable[[Store], Iterator[JSONDict]]] = {
        "articles": article_records, "stories": story_records, "matches": match_records}
    if what not in readers:
        raise InputError(f"cannot export {what!r}; choose from {', '.join(readers)}")
    return readers[what](store)


def write_jsonl(store: Store, out: TextIO, what: str = "articles") -> int:
    count = 0
    for record in export_records(store, what):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO, what: str = "articles") -> int:
    """Flat rows; list values joined with "; ", facts and matches counted, reasons summarised."""
    records = export_records(store, what)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS[what], extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:
        counted = {key: len(record[key]) for key in ("facts", "matches") if isinstance(record.get(key), list)}
        writer.writerow({key: csv_cell(counted.get(key, record.get(key))) for key in CSV_COLUMNS[what]})
        count += 1
    return count


def csv_cell(value: Any) -> str:
    """One cell: lists joined, numbers and booleans as written, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v.get("explanation", v)) if isinstance(v, dict) else str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_markdown(store: Store, out: TextIO) -> int:
    """Every stored brief in Markdown, story briefs first, separated by rules."""
    found = queries.list_briefs(store, limit=1_000_000)
    found.sort(key=lambda b: (not b.subject.startswith("story:"), b.subject))
    for index, view in enumerate(found):
        brief = from_dict(Brief, view.brief)
        out.write(("\n---\n\n" if index else "") + f"<!-- {view.subject} -->\n" + render_markdown(brief))
    return len(found)


# -- records ------------------------------------------------------------------------------------


def article_records(store: Store) -> Iterator[JSONDict]:
    """Each article with its text, assessment, facts and list matches."""
    for ids in _batches(queries.article_ids(store)):
        texts = queries.article_texts(store, ids)
        facts = _grouped(queries.facts_for(store, ids))
        matches = _grouped(queries.matches_for(store, ids))
        for summary in queries.summaries_by_id(store, ids):
            text, language = texts.get(summary.id, ("", None))
            yield {**dataclasses.asdict(summary), "language": language, "text": text,
                   "facts": facts.get(summary.id, []), "matches": matches.get(summary.id, [])}


def story_records(store: Store) -> Iterator[JSONDict]:
    offset = 0
    while True:
        page = queries.list_story_summaries(store, ArticleFilters(), BATCH, offset)
        yield from (dataclasses.asdict(story) for story in page.items)
        offset += BATCH
        if offset >= page.total:
            return


def match_records(store: Store) -> Iterator[JSONDict]:
    for ids in _batches(queries.article_ids(store)):
        for match in queries.matches_for(store, ids):
            yield {**dataclasses.asdict(match), "reasons": match.features}


# -- FollowTheMoney -----------------------------------------------------------------------------


def write_ftm(store: Store, out: TextIO) -> int:
    count = 0
    for entity in ftm_entities(store):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def ftm_entities(store: Store) -> Iterator[JSONDict]:
    """Article and Mention entities for every article; listed entities and Sanctions for matched ones."""
    emitted: set[str] = set()
    for ids in _batches(queries.article_ids(store)):
        texts = queries.article_texts(store, ids)
        names = _grouped_rows(queries.entities_for(store, ids))
        matches = _grouped(queries.matches_for(store, ids), as_dict=False)
        listed = queries.listed_entities(store, ((m.list_version_id, m.entry_id) for ms in matches.values()
                                                 for m in ms))
        for summary in queries.summaries_by_id(store, ids):
            found = matches.get(summary.id, [])
            yield ftm_article(summary, texts.get(summary.id, ("", None)))
            yield from ftm_mentions(summary, names.get(summary.id, []), found, listed)
            for match in found:
                yield from _once(emitted, ftm_listed(match, listed.get((match.list_version_id, match.entry_id))))


def ftm_article(summary: ArticleSummary, text_language: tuple[str, str | None]) -> JSONDict:
    entity = ftm_model.make_entity("Article")
    entity.id = article_entity_id(summary.id)
    for prop, value in (("title", summary.title), ("name", summary.title), ("bodyText", text_language[0]),
                        ("publishedAt", summary.published), ("sourceUrl", summary.url),
                        ("publisher", summary.source_domain), ("language", text_language[1])):
        if value:
            entity.add(prop, value, quiet=True)
    for code in summary.countries:
        entity.add("detectedCountry", code.lower(), quiet=True)
    return dict(entity.to_dict())


def ftm_mentions(summary: ArticleSummary, names: list[JSONDict], found: list[MatchView],
                 listed: dict[tuple[int, str], JSONDict]) -> Iterator[JSONDict]:
    """One Mention per distinct name in the article (people, organisations, and any matched name)."""
    resolved = {mention_key(m.mention): _listed_id(m, listed) for m in found if m.verdict != "rejected"}
    schemas = {mention_key(m.mention): m.schema for m in found}
    wanted = {mention_key(n["text"]): (n["text"], MENTION_SCHEMAS.get(n["label"])) for n in names}
    wanted.update({key: (m.mention, schemas[key]) for m in found if (key := mention_key(m.mention))})
    for key, (name, schema) in wanted.items():
        if schema is None and key not in resolved:
            continue
        mention = ftm_model.make_entity("Mention")
        mention.make_id("sanctionwatch-mention", summary.id, key)
        mention.add("name", name)
        mention.add("document", article_entity_id(summary.id))
        mention.add("detectedSchema", schema or "LegalEntity", quiet=True)
        mention.add("contextCountry", [c.lower() for c in summary.countries], quiet=True)
        if resolved.get(key):
            mention.add("resolved", resolved[key])
        yield dict(mention.to_dict())


def ftm_listed(match: MatchView, entity: JSONDict | None) -> list[JSONDict]:
    """The listed entity as stored with its list, and a Sanction tying it to the list."""
    try:
        proxy = ftm_model.get_proxy(entity) if entity else None
    except InvalidData:
        proxy = None
    listed_id = proxy.id if proxy is not None and proxy.id else match.entry_id
    sanction = ftm_model.make_entity("Sanction")
    sanction.make_id("sanctionwatch-sanction", match.list_name, match.entry_id)
    sanction.add("entity", listed_id)
    sanction.add("authority", match.list_name)
    sanction.add("recordId", match.entry_id, quiet=True)
    return ([dict(proxy.to_dict())] if proxy is not None else []) + [dict(sanction.to_dict())]


def article_entity_id(article_id: str) -> str:
    return f"sanctionwatch-article-{article_id}"


# -- Atom ---------------------------------------------------------------------------------------


def atom_feed(store: Store, base_url: str, limit: int = 50) -> str:
    """An Atom 1.0 feed of the latest briefs, each linking to its page on the dashboard."""
    ET.register_namespace("", ATOM_NS)
    found = queries.list_briefs(store, limit=limit)
    feed = ET.Element(_atom("feed"))
    updated = found[0].written_at if found else "1970-01-01T00:00:00+00:00"
    _add(feed, "title", "sanctionwatch briefs")
    _add(feed, "id", f"{base_url}/feed.atom")
    _add(feed, "updated", updated)
    ET.SubElement(feed, _atom("link"), rel="self", href=f"{base_url}/feed.atom")
    ET.SubElement(feed, _atom("link"), href=f"{base_url}/")
    _add(ET.SubElement(feed, _atom("author")), "name", "sanctionwatch")
    for view in found:
        _atom_entry(feed, view, base_url)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _atom_entry(feed: ET.Element, view: BriefView, base_url: str) -> None:
    """One brief as an entry linking to its page; the brief's house-format text is the content."""
    kind, _, subject_id = view.subject.partition(":")
    link = f"{base_url}/{'stories' if kind == 'story' else 'articles'}/{subject_id}"
    entry = ET.SubElement(feed, _atom("entry"))
    _add(entry, "title", from_dict(Brief, view.brief).headline.text)
    _add(entry, "id", link)
    _add(entry, "updated", view.written_at)
    ET.SubElement(entry, _atom("link"), href=link)
    _add(entry, "content", view.text).set("type", "text")


def write_atom(store: Store, out: TextIO, base_url: str) -> int:
    text = atom_feed(store, base_url.rstrip("/"))
    out.write(text)
    return text.count("<entry>")


def _atom(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, _atom(tag))
    child.text = NOT_XML.sub("", text)
    return child


# -- pieces -------------------------------------------------------------------------------------


def _batches(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _grouped(items: Iterable[Any], as_dict: bool = True) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for item in items:
        grouped.setdefault(item.article_id, []).append(dataclasses.asdict(item) if as_dict else item)
    return grouped


def _grouped_rows(rows: Iterable[JSONDict]) -> dict[str, list[JSONDict]]:
    grouped: dict[str, list[JSONDict]] = {}
    for row in rows:
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped


def _listed_id(match: MatchView, listed: dict[tuple[int, str], JSONDict]) -> str:
    entity = listed.get((match.list_version_id, match.entry_id)) or {}
    return str(entity.get("id") or match.entry_id)


def _once(emitted: set[str], entities: list[JSONDict]) -> Iterator[JSONDict]:
    for entity in entities:
        if entity.get("id") not in emitted:
            emitted.add(str(entity.get("id")))
            yield entity
