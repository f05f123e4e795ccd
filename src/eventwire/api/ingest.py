"""``POST /api/articles``: one article through the pipeline into the store, behind a key.

Writes need ``X-API-Key`` equal to the ``api_key`` setting (``EVENTWIRE_API_KEY``): a missing
or wrong key answers 401; a server with no key configured refuses every write with 403, so a
server is read-only unless its operator chose a key.
"""

from __future__ import annotations

import dataclasses
import hmac
import threading
from datetime import date

from eventwire.api.errors import ApiError
from eventwire.api.schemas import IngestRequest, IngestResult
from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.html import html_to_article
from eventwire.model import Record
from eventwire.pipeline import Skipped, run
from eventwire.store import Store

ORIGIN = "POST /api/articles"
# One article at a time through the pipeline: the spaCy pipeline is shared by the process and
# is not documented as safe to run from several threads at once.
_PIPELINE_LOCK = threading.Lock()


def check_key(settings: Settings, given: str | None) -> None:
    """Raise the 403 or 401 :class:`ApiError` unless ``given`` is the configured key."""
    if not settings.api_key:
        raise ApiError(403, Code.E408)
    # A constant-time comparison does not leak how much of a guessed key was right.
    if given is None or not hmac.compare_digest(
        given.encode("utf-8", "surrogateescape"), settings.api_key.encode("utf-8")
    ):
        raise ApiError(401, Code.E409)


def _raw(request: IngestRequest, settings: Settings) -> RawArticle:
    if request.html is None:
        return RawArticle(
            origin=ORIGIN,
            text=request.text or "",
            title=request.title,
            url=request.url,
            source=request.source,
        )
    size = len(request.html.encode("utf-8", "surrogatepass"))
    if size > settings.max_input_bytes:
        raise InputError(
            Code.E104,
            size=f"{size:,} bytes",
            limit=f"{settings.max_input_bytes:,} bytes",
            setting="max_input_bytes",
        )
    page = html_to_article(request.html, ORIGIN, url=request.url)
    # What the client says wins over what the page says about itself.
    return dataclasses.replace(
        page, title=request.title or page.title, source=request.source or page.source
    )


def ingest(store: Store, settings: Settings, request: IngestRequest) -> tuple[IngestResult, bool]:
    """Extract and store the article; the result and whether it was new.

    Raises :class:`InputError` (answered as 422) when the article cannot be processed.
    """
    raw = _raw(request, settings)
    published = date.fromisoformat(request.published) if request.published else None
    with _PIPELINE_LOCK:
        outcomes = list(run([raw], settings, published, lambda ids: set(store.known(ids))))
    outcome = outcomes[0]
    if isinstance(outcome, InputFailure):
        raise outcome.error
    if isinstance(outcome, Skipped):
        article_id, new = outcome.article_id, False
    else:
        assert isinstance(outcome, Record)
        article_id, new = outcome.article.id, store.put([outcome]).stored == 1
    status = "stored" if new else "duplicate"
    return IngestResult(id=article_id, status=status, url=f"/api/articles/{article_id}"), new
