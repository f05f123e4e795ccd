"""Filtered pages pick their keys from indexes (revision 0004d) and answer what a filter of
the whole list answers, page after page, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date as Date
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, inspect

from corpus.test_corpus_merge import record  # tests/ is on sys.path (rootdir import)
from eventwire.model import Record
from eventwire.store import EventFilter, Store
from eventwire.store import engine as engines
from eventwire.store.migrate import alembic_config

OUTLETS = ("Wire", "Post", "Daily", "Gazette", "Herald")
FIRST = Date(2015, 1, 1)


def _records() -> list[Record]:
    """Twelve days a week apart (too far apart to merge), each with an event of two types;
    week w's ASSAULT has (w % 5) + 1 reporting outlets."""
    built = []
    for day in range(1, 13):
        date = (FIRST + timedelta(weeks=day)).isoformat()
        for kind in ("ASSAULT", "COERCE"):
            # COERCE events get one outlet fewer, so the two types' counts differ by day.
            outlets = OUTLETS[: (day + (kind == "COERCE")) % 5 + 1]
            for outlet in outlets:
                article = f"{kind[0]}{day:02d}{outlet}"
                built.append(record(article, outlet, date, type=kind, date=date))
    return built


@pytest.fixture
def filled(store: Store) -> Store:
    store.put(_records())
    return store


def _walk(page: Callable[[Any], list[Any]], key: Callable[[Any], Any]) -> Iterator[Any]:
    after = None
    while True:
        rows = page(after)
        yield from rows
        if not rows:
            return
        after = key(rows[-1])


@pytest.mark.parametrize("kind", [None, "ASSAULT"])
def test_store_min_sources_pages_keep_exactly_the_events_with_enough_sources(
    filled: Store, kind: str | None
) -> None:
    everything = filled.corpus_events(EventFilter(type=kind), 10_000)
    counts = {row.n_sources for row in everything}
    assert counts == {1, 2, 3, 4, 5}
    for least in range(1, 7):
        paged = list(
            _walk(
                lambda after, least=least: filled.corpus_events(
                    EventFilter(type=kind), 3, after, least
                ),
                lambda row: (row.day or "", row.id),
            )
        )
        expected = [row for row in everything if row.n_sources >= least]
        assert [(row.id, row.n_sources) for row in paged] == [
            (row.id, row.n_sources) for row in expected
        ]
        assert [
            [(r.article, r.event.id) for r in row.reports] for row in paged
        ] == [[(r.article, r.event.id) for r in row.reports] for row in expected]


@pytest.mark.parametrize(
    "filters",
    [
        EventFilter(day_from="2015-01-20", day_to="2015-02-20"),
        EventFilter(day_from="2015-02-05", day_to="2015-02-05"),
        EventFilter(day_from="2015-02-10"),
        EventFilter(day_from="2015-01-10", day_to="2015-03-10", type="COERCE"),
        EventFilter(day_from="2015-02-01", source="post"),
    ],
    ids=["range", "one-day", "open-end", "with-type", "with-source"],
)
def test_store_filtered_event_pages_match_a_filter_of_all_events(
    filled: Store, filters: EventFilter
) -> None:
    everything = filled.events(EventFilter(), 10_000)

    def matches(row: Any) -> bool:
        return (
            (filters.day_from is None or (row.day or "") >= filters.day_from)
            and (filters.day_to is None or (row.day or "") <= filters.day_to)
            and (filters.type is None or row.event.type == filters.type)
            and (filters.source is None or (row.source or "").lower() == filters.source)
        )

    paged = list(
        _walk(
            lambda after: filled.events(filters, 4, after),
            lambda row: (row.article, row.event.id),
        )
    )
    expected = [row for row in everything if matches(row)]
    assert expected, "the filter should keep some events"
    assert paged == expected


def _plans(store: Store, run: Callable[[], object]) -> str:
    """The query plans SQLite chooses for the statements ``run`` executes, as one text."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    plans = []
    with store.engine.connect() as connection:
        for sql, params in statements:
            if sql.lstrip().upper().startswith("SELECT"):
                found = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
                plans += [str(row[-1]) for row in found]
    return "\n".join(plans)


def test_store_sqlite_pages_choose_keys_from_the_indexes(filled: Store) -> None:
    if filled.engine.dialect.name != "sqlite":
        pytest.skip("query plans are SQLite's")
    day_range = EventFilter(day_from="2015-01-20", day_to="2015-02-20")
    plan = _plans(filled, lambda: filled.events(day_range, 5))
    # The range's keys come from the index alone; rows are read for the page only.
    assert "COVERING INDEX ix_events_day_key" in plan
    plan = _plans(filled, lambda: filled.corpus_events(EventFilter(), 5, None, 3))
    assert "ix_corpus_events_day_id_sources" in plan
    plan = _plans(filled, lambda: filled.corpus_events(EventFilter(type="ASSAULT"), 5, None, 3))
    assert "ix_corpus_events_type_day_id_sources" in plan


def _indexes(url: str) -> dict[str, set[str]]:
    engine = engines.create(url)
    try:
        found = inspect(engine)
        return {
            table: {str(index["name"]) for index in found.get_indexes(table)}
            for table in ("events", "corpus_events")
        }
    finally:
        engine.dispose()


def test_store_paging_index_migration_upgrades_and_downgrades(
    db_url: str, make_store: Callable[..., Store]
) -> None:
    make_store(db_url).put(_records()[:6])
    new = {"ix_events_day_key", "ix_corpus_events_day_id_sources",
           "ix_corpus_events_type_day_id_sources"}
    old = {"ix_events_day", "ix_corpus_events_day_id", "ix_corpus_events_type_day_id"}
    names = set().union(*_indexes(db_url).values())
    assert new <= names and not old & names
    engine = engines.create(db_url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004c")
    finally:
        engine.dispose()
    names = set().union(*_indexes(db_url).values())
    assert old <= names and not new & names
    # Reopening upgrades again; the stored rows answer as before.
    reopened = make_store(db_url)
    assert new <= set().union(*_indexes(db_url).values())
    # The first six records: two outlets report week 1's ASSAULT, three its COERCE.
    assert len(reopened.corpus_events(EventFilter(), 100, None, 2)) == 2
