"""Full-text search over article titles and texts: SQLite FTS5, or PostgreSQL tsvector, one query language.

Queries read as in a web search engine (PostgreSQL's ``websearch_to_tsquery``): words are ANDed,
``"quoted words"`` form a phrase, ``OR`` between terms offers alternatives, ``-word`` excludes. Any
text is a valid query: operators and punctuation that mean nothing are ignored, never an error.
Both back-ends stem English words (Porter on SQLite, the ``english`` configuration on PostgreSQL)
and weigh a hit in the title above one in the text.

Snippets are plain text from the article with each hit between ``MARK_OPEN`` and ``MARK_CLOSE``
(control characters that never occur in stored text): escape the snippet, then turn the marks
into highlighting.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import sqlalchemy as sa

from sanctionwatch.store.engine import Store

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
MAX_TERMS = 32
TITLE_WEIGHT = 4.0
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")

SQLITE_SEARCH = sa.text(
    "SELECT a.id, a.title, snippet(articles_fts, 1, :open, :close, '…', 24), "
    f"-bm25(articles_fts, {TITLE_WEIGHT}, 1.0) AS rank "
    "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
    "WHERE articles_fts MATCH :q ORDER BY rank DESC, a.id LIMIT :limit OFFSET :offset"
)
SQLITE_COUNT = sa.text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q")

# ``search_vector`` is a generated column (title weighted A, text D) with a GIN index, made by migrate.py.
PG_MATCHES = "FROM articles a, websearch_to_tsquery('english', :q) AS query WHERE a.search_vector @@ query"
PG_HEADLINE = f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", MaxWords=40, MinWords=15, MaxFragments=2, ' \
    'FragmentDelimiter=" … "'
PG_SEARCH = sa.text(
    "SELECT page.id, page.title, ts_headline('english', page.text, page.query, :options), page.rank "
    "FROM (SELECT a.id, a.title, a.text, query, ts_rank(a.search_vector, query) AS rank "
    f"{PG_MATCHES} ORDER BY rank DESC, a.id LIMIT :limit OFFSET :offset) AS page ORDER BY page.rank DESC, page.id"
)
PG_COUNT = sa.text(f"SELECT count(*) {PG_MATCHES}")


class SearchHit(NamedTuple):
    """One article found: its id, title, a snippet with the hits marked, and its rank (higher is better)."""

    article_id: str
    title: str
    snippet: str
    rank: float


def search_articles(store: Store, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """The articles matching ``query``, best first; [] for a query with nothing to search for."""
    postgres = store.dialect == "postgresql"
    text = query if postgres else fts5_query(query)
    if not text.strip():
        return []
    params = {"q": text, "open": MARK_OPEN, "close": MARK_CLOSE, "options": PG_HEADLINE, "limit": max(0, limit),
              "offset": max(0, offset)}
    statement = PG_SEARCH if postgres else SQLITE_SEARCH
    with store.transaction() as conn:
        rows = conn.execute(statement, params).all()
    return [SearchHit(str(r[0]), str(r[1]), _clean(r[2]), round(float(r[3] or 0.0), 6)) for r in rows]


def count_search_hits(store: Store, query: str) -> int:
    """How many articles match ``query`` (for paging)."""
    postgres = store.dialect == "postgresql"
    text = query if postgres else fts5_query(query)
    if not text.strip():
        return 0
    with store.transaction() as conn:
        return int(conn.execute(PG_COUNT if postgres else SQLITE_COUNT, {"q": text}).scalar_one())


def fts5_query(query: str) -> str:
    """A web-search query as an FTS5 expression: every term quoted, OR kept, ``-term`` as NOT; '' when empty."""
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    for negated, phrase, word in TOKEN.findall(query)[:MAX_TERMS]:
        if word in ("OR", "or") and not phrase:
            groups.append(([], []))
            continue
        negated = negated or (word.startswith("-") and len(word) > 1)
        words = WORD.findall(phrase if phrase else word)
        if words:
            groups[-1][1 if negated else 0].append('"' + " ".join(words) + '"')
    clauses = [" ".join(wanted) + "".join(f" NOT {term}" for term in unwanted) for wanted, unwanted in groups if wanted]
    return " OR ".join(f"({clause})" for clause in clauses)


def _clean(snippet: object) -> str:
    return " ".join(str(snippet or "").split())
