"""Statements run on the driver's cursor (store.direct): same results as through SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select

from eventwire.store import Store
from eventwire.store.direct import Direct
from eventwire.store.schema import corpus_sources

_ROWS = [
    {"corpus_id": "C1", "key": "article:a", "component": "article:a"},
    {"corpus_id": "C1", "key": "outlet:courier", "component": "article:a"},
    {"corpus_id": "C2", "key": "article:b", "component": "article:b"},
]


def test_direct_insert_many_then_query_by_named_parameters(store: Store) -> None:
    query = Direct(
        select(corpus_sources.c.key, corpus_sources.c.component)
        .where(
            corpus_sources.c.corpus_id == bindparam("c"),
            # The same parameter twice, as positional paramstyles must repeat it.
            corpus_sources.c.key.in_([bindparam("k"), bindparam("k"), bindparam("other")]),
        )
        .order_by(corpus_sources.c.key)
        .limit(5)
    )
    with store.engine.begin() as connection:
        Direct(insert(corpus_sources), ["corpus_id", "key", "component"]).run_many(
            connection, _ROWS
        )
        found = query.rows(connection, {"c": "C1", "k": "outlet:courier", "other": "article:a"})
        stored = connection.execute(select(corpus_sources).order_by(corpus_sources.c.key)).all()
    assert [(row.key, row.component) for row in found] == [
        ("article:a", "article:a"),
        ("outlet:courier", "article:a"),
    ]
    assert [dict(row._mapping) for row in stored] == sorted(_ROWS, key=lambda r: r["key"])


def test_direct_rows_of_nothing(store: Store) -> None:
    query = Direct(select(corpus_sources.c.key).where(corpus_sources.c.corpus_id == bindparam("c")))
    with store.engine.connect() as connection:
        assert query.rows(connection, {"c": "none"}) == []
