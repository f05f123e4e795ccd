"""The embedded database of records: SQLite by default, PostgreSQL by URL.

``open_store(url)`` opens (creating or upgrading) a store; see :class:`Store` for what it does.
"""

from eventwire.store.corpus import CorpusEventRow, CorpusReportRow
from eventwire.store.queries import (
    ActorDetail,
    ActorSummary,
    BBox,
    EventFilter,
    EventRow,
    QuoteRow,
)
from eventwire.store.search import ArticleHit
from eventwire.store.store import (
    ArticleSummary,
    FailedInput,
    Failure,
    PutResult,
    ShardDone,
    ShardStatus,
    Store,
    open_store,
)

__all__ = [
    "ActorDetail",
    "ActorSummary",
    "ArticleHit",
    "ArticleSummary",
    "BBox",
    "CorpusEventRow",
    "CorpusReportRow",
    "EventFilter",
    "EventRow",
    "FailedInput",
    "Failure",
    "PutResult",
    "QuoteRow",
    "ShardDone",
    "ShardStatus",
    "Store",
    "open_store",
]
