"""Filtered pages pick their keys from indexes (revisions 0004d, 0004e) and answer what a
filter of the whole list answers, page after page, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date as Date
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Table, event, inspect

from corpus.test_corpus_merge import record  # tests/ is on sys.path (rootdir import)
from eventwire.model import Record
from eventwire.store import EventFilter, Store
from eventwire.store import engine as engines
from eventwire.store.corpus import _candidate_query
from eventwire.store.migrate import alembic_config
from eventwire.store.schema import corpus_events, events

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


def _plans(store: Store, run: Callable[[], object], reading: str = "") -> str:
    """The query plans the store's backend chooses for the SELECT statements ``run`` executes
    (those whose SQL contains ``reading``), as one text."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    sqlite = store.engine.dialect.name == "sqlite"
    plans = []
    with store.engine.connect() as connection:
        for sql, params in statements:
            if sql.lstrip().upper().startswith("SELECT") and reading in sql:
                explain = "EXPLAIN QUERY PLAN" if sqlite else "EXPLAIN"
                found = connection.exec_driver_sql(f"{explain} {sql}", params)
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


def _multiply(store: Store, table: Table, key: str, times: int) -> None:
    """``times`` copies of every row of ``table``, ``key`` suffixed to keep it unique; every
    seventh copy of a corpus event undated, so NULL days are there to order."""
    names = [c.name for c in table.c]

    def value(name: str) -> str:
        if name == key:
            return f"\"{name}\" || '.' || g"
        if name == "day" and table is corpus_events:
            return "CASE WHEN mod(g, 7) = 0 THEN NULL ELSE day END"
        return f'"{name}"'

    values = [value(n) for n in names]
    columns = ", ".join(f'"{n}"' for n in names)
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({columns}) SELECT {', '.join(values)} "
            f"FROM {table.name}, generate_series(1, {times}) AS g"
        )
        connection.exec_driver_sql(f"ANALYZE {table.name}")


def _listing_plans(store: Store) -> dict[str, str]:
    """The PostgreSQL plan of each paged list's statement reading its own table."""
    pages: dict[str, tuple[Callable[[], object], str]] = {
        "corpus": (lambda: store.corpus_events(EventFilter(), 5), "FROM corpus_events"),
        "corpus after an undated": (
            lambda: store.corpus_events(EventFilter(), 5, ("", "m")),
            "FROM corpus_events",
        ),
        "corpus after a day": (
            lambda: store.corpus_events(EventFilter(), 5, ("2015-02-05", "m")),
            "FROM corpus_events",
        ),
        "corpus of a type": (
            lambda: store.corpus_events(EventFilter(type="ASSAULT"), 5, None, 3),
            "FROM corpus_events",
        ),
        "events": (lambda: store.events(EventFilter(), 5), "FROM events"),
        "events after": (lambda: store.events(EventFilter(), 5, ("C05Post", "V1")), "FROM events"),
        "events of a type": (lambda: store.events(EventFilter(type="COERCE"), 5), "FROM events"),
    }
    return {name: _plans(store, run, reading) for name, (run, reading) in pages.items()}


def test_store_postgresql_pages_read_the_indexes_in_list_order(filled: Store) -> None:
    if filled.engine.dialect.name != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    # Enough rows (about 10,000 corpus events, 12,000 events) that the planner's choice is
    # an index's order over reading and sorting the table.
    _multiply(filled, corpus_events, "id", 400)
    _multiply(filled, events, "event_id", 200)
    plans = _listing_plans(filled)
    for name, index in [
        ("corpus", "ix_corpus_events_day_id_sources"),
        ("corpus after an undated", "ix_corpus_events_day_id_sources"),
        ("corpus after a day", "ix_corpus_events_day_id_sources"),
        ("corpus of a type", "ix_corpus_events_type_day_id_sources"),
        ("events", "events_pkey"),
        ("events after", "events_pkey"),
        ("events of a type", "ix_events_type_key"),
    ]:
        assert index in plans[name], (name, plans[name])
        assert "Sort" not in plans[name], (name, plans[name])
    # Merging's candidates come newest day first from the type's index read backwards:
    # sorted within a day only.
    candidates = _candidate_query(one_type=True)
    with filled.engine.connect() as connection:
        compiled = candidates.compile(dialect=connection.dialect)
        bound = {
            **compiled.params, "type": "ASSAULT", "low": "2015-02-01", "high": "2015-02-20",
            "placed": False, "located": False, "country": None,
        }
        found = connection.exec_driver_sql(f"EXPLAIN {compiled}", bound)
        plan = "\n".join(str(row[0]) for row in found)
    assert "Index Scan Backward using ix_corpus_events_type_day_id_sources" in plan, plan
    assert "Presorted Key: day" in plan, plan
    # At revision 0004d, with "day" in the index's default order (NULL last), the same
    # corpus pages had to sort every matching event.
    config = alembic_config()
    with filled.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004d")
        connection.exec_driver_sql("ANALYZE corpus_events")
    before = _listing_plans(filled)
    assert "Sort" in before["corpus"] and "Sort" in before["corpus of a type"]
