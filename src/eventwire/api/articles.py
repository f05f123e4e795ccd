"""Article lists: filters, full-text search and cursor pagination over the store.

A cursor is the URL-safe base64 of the last article id of the page before. Listing walks
the store in id order after that id; a search walks its ranked hits after that id, so a
search can be paged through only as deep as :data:`MAX_SEARCH_HITS`.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date

from eventwire.api.errors import ApiError
from eventwire.api.schemas import ArticlePage, ArticleSummary
from eventwire.errors import Code
from eventwire.store import EventFilter, Store

MAX_SEARCH_HITS = 1000
# Filters the store cannot apply itself are applied here, on batches of this many articles.
_SCAN_BATCH = 500
_MAX_CURSOR_CHARS = 1024
_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_-]+")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class ArticleQuery:
    """What a client asked for: a full-text query and filters, each optional.

    ``events`` keeps only articles with at least one event matching it (type, place, ...).
    """

    q: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    events: EventFilter | None = None

    @property
    def filters(self) -> bool:
        """Whether any filter beyond the full-text query is set."""
        return any(v is not None for v in (self.date_from, self.date_to, self.source))

    def admits(self, summary: ArticleSummary) -> bool:
        """Whether an article passes the date and source filters."""
        if self.source is not None and (
            summary.source is None or summary.source.casefold() != self.source.casefold()
        ):
            return False
        if self.date_from is None and self.date_to is None:
            return True
        if summary.published is None:
            return False
        # ISO dates compare correctly as strings.
        low = self.date_from.isoformat() if self.date_from else ""
        high = self.date_to.isoformat() if self.date_to else "9999-99-99"
        return low <= summary.published <= high


def parse_day(param: str, value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` query parameter as a date; raises a 422 :class:`ApiError` if invalid."""
    if value is None or value == "":
        return None
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            reason = f"{value!r} is not a calendar date ({exc})"
    else:
        reason = f"expected YYYY-MM-DD, got {value!r}"
    raise ApiError(422, Code.E401, param=f"query parameter {param!r}", reason=reason)


def encode_cursor(article_id: str) -> str:
    """The opaque cursor that resumes a list after ``article_id``."""
    return base64.urlsafe_b64encode(article_id.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The article id inside a cursor; raises a 422 :class:`ApiError` if it is not one."""
    if len(cursor) > _MAX_CURSOR_CHARS or not _CURSOR_CHARS.fullmatch(cursor):
        raise ApiError(422, Code.E402)
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        article_id = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(422, Code.E402) from exc
    if not article_id or not article_id.isprintable():
        raise ApiError(422, Code.E402)
    return article_id


def _listed(
    store: Store, query: ArticleQuery, limit: int, after: str | None
) -> list[ArticleSummary]:
    """Up to ``limit`` + 1 articles in id order after ``after`` that pass the filters."""
    batch_size = _SCAN_BATCH if query.filters else limit + 1
    found: list[ArticleSummary] = []
    while len(found) <= limit:
        batch = store.list_articles(limit=batch_size, after_id=after, having=query.events)
        for row in batch:
            summary = ArticleSummary(
                id=row.id, title=row.title, source=row.source, published=row.published
            )
            if query.admits(summary):
                found.append(summary)
        if len(batch) < batch_size:
            break
        after = batch[-1].id
    return found


def _searched(
    store: Store, q: str, query: ArticleQuery, after: str | None, limit: int
) -> list[ArticleSummary]:
    """The ranked hits of ``q`` that pass the filters, starting after the hit ``after``.

    A first page without filters needs only its own hits (and one more, to know if there is
    a next page); later pages find their cursor among the first :data:`MAX_SEARCH_HITS`.
    """
    shallow = after is None and not query.filters and query.events is None
    depth = limit + 1 if shallow else MAX_SEARCH_HITS
    hits = [
        ArticleSummary(
            id=hit.id,
            title=hit.title,
            source=hit.source,
            published=hit.published,
            snippet=hit.snippet,
            rank=hit.rank,
        )
        for hit in store.search(q, limit=depth, snippets=False)
    ]
    hits = [hit for hit in hits if query.admits(hit)]
    if query.events is not None:
        having = store.articles_with_events(query.events, (hit.id for hit in hits))
        hits = [hit for hit in hits if hit.id in having]
    if after is None:
        return hits
    for n, hit in enumerate(hits):
        if hit.id == after:
            return hits[n + 1 :]
    # Not a hit of this query: a cursor of another query, or the store changed between pages.
    raise ApiError(422, Code.E402)


def article_page(store: Store, query: ArticleQuery, limit: int, cursor: str | None) -> ArticlePage:
    """One page of articles matching ``query``, and the cursor of the next page if any."""
    after = decode_cursor(cursor) if cursor else None
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ApiError(
            422,
            Code.E401,
            param="query parameters 'from' and 'to'",
            reason=f"'from' ({query.date_from}) is after 'to' ({query.date_to})",
        )
    if query.q:
        found = _searched(store, query.q, query, after, limit)
        items = found[:limit]
        # Snippets for the page only: making one reads the whole article.
        missing = [item.id for item in items if not item.snippet]
        made = store.snippets(query.q, missing) if missing else {}
        items = [
            item.model_copy(update={"snippet": made[item.id]}) if item.id in made else item
            for item in items
        ]
    else:
        found = _listed(store, query, limit, after)
        items = found[:limit]
    more = len(found) > limit
    return ArticlePage(items=items, next=encode_cursor(items[-1].id) if more else None)
