"""Exports of a store filled from real reports: JSON Lines, CSV, Markdown, FollowTheMoney, Atom."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
import sqlalchemy as sa
from followthemoney import model

from sanctionwatch import export, pipeline
from sanctionwatch.ingest.files import read_jsonl
from sanctionwatch.model import RawDocument
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, queries
from sanctionwatch.store.lists import judge_match
from sanctionwatch.store.schema import list_entries, list_versions, matches

FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def filled(store: Store, settings: Settings, shared_dir: Path) -> Store:
    """Four real IT-worker reports (one briefed, one matched to a list entry) and one hostile record."""
    lines = (shared_dir / "data" / "corpus" / "articles.jsonl").read_text().splitlines()
    chosen = "\n".join(line for line in lines if json.loads(line)["topic"] == "dprk_it_workers").encode()
    text = "A plain report about nothing in particular, long enough to keep."
    hostile = RawDocument("hostile", text.encode(), "record", fields={"title": FORMULA_TITLE, "text": text})
    report = pipeline.ingest_documents(store, [*read_jsonl(chosen, "corpus"), hostile], settings)
    pipeline.analyze_stored(store, settings, report.new)
    pipeline.brief_stored(store, report.new[0], settings)
    _match_first_party(store, report.new[0])
    return store


def _match_first_party(store: Store, article_id: str) -> None:
    entity = {"id": "ofac-1", "schema": "Organization", "properties": {"name": ["Listed Front Co"]}}
    first = next(e for e in queries.entities_for(store, [article_id]) if e["label"] == "ORG")
    text, start, end = first["text"], first["start"], first["end"]
    with store.transaction() as conn:
        version = conn.execute(sa.insert(list_versions).values(
            name="ofac", format="ftm_json", origin="test", content_hash="h", loaded_at="2026-11-29", entry_count=1,
            is_current=True)).inserted_primary_key[0]
        conn.execute(sa.insert(list_entries).values(list_version_id=version, entry_id="E1", schema="Organization",
                                                    caption="Listed Front Co", entry={"entity": entity}))
        conn.execute(sa.insert(matches).values(
            article_id=article_id, mention=text, start=start, end=end, list_name="ofac", list_version_id=version,
            entry_id="E1", caption="Listed Front Co", schema="Organization", score=0.9, features=[],
            matched_name="Listed Front Co", mention_key=" ".join(text.lower().split())))


@pytest.mark.backends("sqlite", "postgresql")
def test_json_lines_and_csv_hold_every_article(filled: Store) -> None:
    out = io.StringIO()
    assert export.write_jsonl(filled, out, "articles") == 5
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(r["text"] and isinstance(r["facts"], list) for r in records)
    assert sum(len(r["matches"]) for r in records) == 1
    table = io.StringIO()
    export.write_csv(filled, table, "articles")
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert {r["id"] for r in rows} == {r["id"] for r in records}
    assert "'" + FORMULA_TITLE in {r["title"] for r in rows}, "a formula-like title is defused"
    assert {r["matches"] for r in rows} == {"0", "1"}


def test_markdown_briefs_keep_the_house_format(filled: Store) -> None:
    out = io.StringIO()
    assert export.write_markdown(filled, out) == 1
    text = out.getvalue()
    assert text.startswith("<!-- article:") and "\n# " in text
    assert "In conclusion," in text and "Original Source: " in text


def test_followthemoney_entities_link_mentions_to_the_listed_entity(filled: Store) -> None:
    out = io.StringIO()
    export.write_ftm(filled, out)
    entities = [model.get_proxy(json.loads(line)) for line in out.getvalue().splitlines()]
    by_schema = {schema: [e for e in entities if e.schema.name == schema] for schema in
                 ("Article", "Mention", "Organization", "Sanction")}
    assert len(by_schema["Article"]) == 5 and len(by_schema["Sanction"]) == 1
    articles = {e.id for e in by_schema["Article"]}
    assert all(set(m.get("document")) <= articles for m in by_schema["Mention"])
    resolved = [m for m in by_schema["Mention"] if m.get("resolved")]
    assert [m.get("resolved") for m in resolved] == [["ofac-1"]]
    assert by_schema["Sanction"][0].get("entity") == ["ofac-1"] and by_schema["Organization"][0].id == "ofac-1"
    key = resolved[0].get("name")[0].lower()
    judge_match(filled, " ".join(key.split()), "E1", "rejected", list_name="ofac")
    again = io.StringIO()
    export.write_ftm(filled, again)
    assert '"resolved"' not in again.getvalue()


def test_atom_feed_reads_in_a_feed_reader(filled: Store) -> None:
    parsed = feedparser.parse(export.atom_feed(filled, "http://127.0.0.1:8765"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "sanctionwatch briefs" and len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.link.startswith("http://127.0.0.1:8765/articles/") and "In conclusion," in entry.content[0].value
