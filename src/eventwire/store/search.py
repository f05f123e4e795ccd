"""Full-text search over the stored articles, on SQLite FTS5 or PostgreSQL text search.

Both backends read a query the way PostgreSQL's ``websearch_to_tsquery`` does: words must all
occur, ``"a phrase"`` must occur as written, ``or`` between words allows either, ``-word``
excludes. Anything else a user types is taken as words, never as query syntax, so no query
raises an SQL error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text

# Around each match in a snippet: plain text, so the snippet is safe to print or escape.
MARK_START, MARK_END = "[", "]"
ELLIPSIS = "…"
SNIPPET_WORDS = 16

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ArticleHit:
    """One search result. ``rank``: higher is better, comparable within one result list only."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: str
    rank: float


def fts5_query(query: str) -> str | None:
    """``query`` as an FTS5 expression of quoted phrases only; None when it has no words."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        negated, quoted, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            pending_or = bool(positive)
            continue
        if bare is not None:
            negated, bare = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        words = _WORD.findall(quoted if bare is None else bare)
        if not words:
            continue
        # Inside double quotes FTS5 reads nothing as syntax, and the words hold no quotes.
        phrase = '"' + " ".join(words) + '"'
        if negated:
            negative.append(phrase)
        else:
            positive.append(f"OR {phrase}" if pending_or else phrase)
            pending_or = False
    if not positive:
        # FTS5's NOT needs something to subtract from, as does a sensible answer.
        return None
    expression = " ".join(positive)
    if negative:
        expression = f"({expression}) " + " ".join(f"NOT {phrase}" for phrase in negative)
    return expression


# Ranking reads only the index; snippets read each document, so they are made for the page
# shown (``:ids``), not for every hit ranked.
# Ranked in the index alone, then joined to the articles for the hits kept: joining first
# made SQLite read an article row for every match. Ties in rank go by rowid (storage order),
# inside and out, so the best N hits are always the first N of the best M > N.
_SQLITE_RANK = text(
    """
    SELECT a.id, a.title, a.source, a.published, hit.rank
    FROM (
        SELECT rowid, -bm25(articles_fts) AS rank
        FROM articles_fts
        WHERE articles_fts MATCH :query
        ORDER BY bm25(articles_fts), rowid
        LIMIT :limit
    ) AS hit JOIN articles AS a ON a.rowid = hit.rowid
    ORDER BY hit.rank DESC, hit.rowid
    """
)
_SQLITE_SEARCH = text(
    f"""
    SELECT a.id, a.title, a.source, a.published,
           snippet(articles_fts, -1, :start, :end, :ellipsis, {SNIPPET_WORDS}) AS snippet,
           -bm25(articles_fts) AS rank
    FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
    WHERE articles_fts MATCH :query
    ORDER BY bm25(articles_fts), a.id
    LIMIT :limit
    """
)
_SQLITE_SNIPPETS = text(
    f"""
    SELECT a.id, snippet(articles_fts, -1, :start, :end, :ellipsis, {SNIPPET_WORDS}) AS snippet
    FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
    WHERE articles_fts MATCH :query AND a.id IN :ids
    """
).bindparams(bindparam("ids", expanding=True))


# The inner query ranks through the GIN index; the outer one builds headlines, which read the
# whole text, for the returned rows only.
_POSTGRES_SEARCH = text(
    """
    SELECT a.id, a.title, a.source, a.published,
           ts_headline('english', coalesce(a.title, '') || ' ' || a.text, hit.query,
                       :options) AS snippet,
           hit.rank
    FROM (
        SELECT articles.id, ts_rank_cd(articles.search, query) AS rank, query
        FROM articles, websearch_to_tsquery('english', :query) AS query
        WHERE articles.search @@ query
        ORDER BY rank DESC, articles.id
        LIMIT :limit
    ) AS hit JOIN articles AS a ON a.id = hit.id
    ORDER BY hit.rank DESC, a.id
    """
)
_HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, '
    f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter="{ELLIPSIS}"'
)


def search(
    connection: Connection, query: str, limit: int, snippets: bool = True
) -> list[ArticleHit]:
    """The ``limit`` best matches of ``query``, best first.

    With ``snippets=False`` on SQLite every snippet is empty, since ranking alone reads no
    document; :func:`snippets_of` makes them for the hits shown. PostgreSQL always makes them.
    """
    # PostgreSQL rejects NUL in any string, and it is never part of a word.
    query = query.replace("\x00", " ")
    if limit < 1:
        return []
    if connection.dialect.name == "sqlite":
        expression = fts5_query(query)
        if expression is None:
            return []
        marks = {"start": MARK_START, "end": MARK_END, "ellipsis": ELLIPSIS}
        if snippets:
            rows = connection.execute(
                _SQLITE_SEARCH, {"query": expression, "limit": limit, **marks}
            )
        else:
            rows = connection.execute(_SQLITE_RANK, {"query": expression, "limit": limit})
    else:
        rows = connection.execute(
            _POSTGRES_SEARCH, {"query": query, "limit": limit, "options": _HEADLINE_OPTIONS}
        )
    return [
        ArticleHit(
            id=row.id,
            title=row.title,
            source=row.source,
            published=row.published,
            snippet=getattr(row, "snippet", ""),
            rank=float(row.rank),
        )
        for row in rows
    ]


def snippets_of(connection: Connection, query: str, ids: list[str]) -> dict[str, str]:
    """The snippet of ``query`` in each of the articles ``ids`` that match it."""
    # PostgreSQL's search always makes its headlines (for the hits it returns): none here.
    expression = fts5_query(query.replace("\x00", " "))
    if not ids or expression is None or connection.dialect.name != "sqlite":
        return {}
    marks = {"start": MARK_START, "end": MARK_END, "ellipsis": ELLIPSIS}
    rows = connection.execute(_SQLITE_SNIPPETS, {"query": expression, "ids": ids, **marks})
    return {row.id: row.snippet for row in rows}
