"""The tables as the store queries them.

The migrations in ``migrations/versions`` create them and are the authority; these definitions
must match the head revision (``test_store_schema_matches_migrations`` checks). Full-text search
objects differ by backend and live only in the migrations: the ``articles_fts`` FTS5 table on
SQLite, the generated ``search`` tsvector column on PostgreSQL.

``entities``, ``events``, ``quotes`` and ``places`` are query indexes derived from each
article's record (the ``record`` column stays the authority): :meth:`Store.put` fills them and
replaces them when an article is reprocessed.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text),
    Column("author", Text),
    Column("language", Text, nullable=False),
    Column("published", Text),
    Column("published_from", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_published", "published"),
)

entities = Table(
    "entities",
    metadata,
    Column(
        "article_id",
        Text,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entity_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("country", Text),
    Column("sector", Text),
    Index("ix_entities_name", "name"),
)


def _article_key() -> Column[str]:
    return Column(
        "article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


# Actor lists are denormalized into "; "-joined text so filters need no join; ``event`` holds
# the whole event as JSON for answers. ``day`` is the event's date when it names a calendar
# day, else the article's publication date: the date filters and the timeline use it.
events = Table(
    "events",
    metadata,
    _article_key(),
    Column("event_id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("cameo", Text),
    Column("modality", Text, nullable=False),
    Column("date", Text),
    Column("day", Text),
    Column("place", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("source_names", Text),
    Column("source_countries", Text),
    Column("source_sectors", Text),
    Column("source_entities", Text),
    Column("target_names", Text),
    Column("target_countries", Text),
    Column("target_sectors", Text),
    Column("target_entities", Text),
    Column("attributed_to", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("event", Text, nullable=False),
    # Type filters page in key order straight from this index.
    Index("ix_events_type_key", "type", "article_id", "event_id"),
    # Day ranges choose a page's keys from this index without reading the rows.
    Index("ix_events_day_key", "day", "article_id", "event_id"),
    Index("ix_events_country", "country"),
    Index("ix_events_lat_lon", "lat", "lon"),
)

quotes = Table(
    "quotes",
    metadata,
    _article_key(),
    Column("quote_id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("speaker", Text),
    Column("speaker_entity", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("cue", Text),
    Column("venue", Text),
    Index("ix_quotes_speaker", "speaker"),
)

places = Table(
    "places",
    metadata,
    _article_key(),
    Column("place_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Index("ix_places_name", "name"),
)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Resumable ingest (eventwire.shards): one row per completed shard, a run of consecutive inputs
# of one source, written in the transaction that stores the shard's records. ``source`` keys the
# source's content together with everything that decides how it splits into inputs; ``final``
# marks the source's last shard, so a source whose shards are all done is not even read again.
ingest_shards = Table(
    "ingest_shards",
    metadata,
    Column("source", Text, primary_key=True),
    Column("shard", Integer, primary_key=True, autoincrement=False),
    Column("origin", Text, nullable=False),
    Column("first_input", Integer, nullable=False),
    Column("inputs", Integer, nullable=False),
    Column("final", Boolean, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=False),
)

# Cross-article merging (eventwire.corpus): one row per merged real-world event, and one per
# report (an event of the events table) naming the corpus event it belongs to. A report keeps
# the features merging compares, so re-grouping never re-reads the records; ``facts`` holds
# the event's tallies (eventwire.corpus.Facts) and ``reps`` its representatives (the first
# eventwire.corpus.REPS reports in canonical order, as JSON), so a new report is compared and
# counted in without reading the event's other reports.
corpus_events = Table(
    "corpus_events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("date", Text),
    Column("day", Text),
    Column("place", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("source_names", Text),
    Column("source_countries", Text),
    Column("target_names", Text),
    Column("target_countries", Text),
    Column("n_reports", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("facts", Text, nullable=False),
    Column("reps", Text, nullable=False),
    Index("ix_corpus_events_lat_lon", "lat", "lon"),
)

# Candidates for merging by (type, day); pages by (day, id), within a type or not, with
# min_sources tested on the index entries. Undated events come first, as in the listing: an
# ascending SQLite index puts NULL first by itself, PostgreSQL's is told to (revision 0004e).
Index(
    "ix_corpus_events_type_day_id_sources",
    corpus_events.c.type,
    corpus_events.c.day.nulls_first(),
    corpus_events.c.id,
    corpus_events.c.n_sources,
)
Index(
    "ix_corpus_events_day_id_sources",
    corpus_events.c.day.nulls_first(),
    corpus_events.c.id,
    corpus_events.c.n_sources,
)

corpus_reports = Table(
    "corpus_reports",
    metadata,
    _article_key(),
    Column("event_id", Text, primary_key=True),
    Column("corpus_id", Text),
    Column("type", Text, nullable=False),
    Column("modality", Text, nullable=False),
    Column("date", Text),
    Column("day_lo", Text),
    Column("day_hi", Text),
    Column("place", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("outlet", Text),
    Column("published", Text),
    Column("attributed_to", Text),
    Column("killed", Float),
    Column("wounded", Float),
    Column("actors", Text, nullable=False),
    Index("ix_corpus_reports_corpus", "corpus_id"),
)

# The independent-source components of each corpus event: every article, outlet and speaker
# key of its reports, labelled by its component (``n_sources`` counts the labels).
corpus_sources = Table(
    "corpus_sources",
    metadata,
    Column("corpus_id", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("component", Text, nullable=False),
    Index("ix_corpus_sources_component", "corpus_id", "component"),
)
