"""Writing and reading records: idempotent puts, reprocessing, lists, the failure log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from eventwire.errors import Code
from eventwire.model import Entity
from eventwire.store import ArticleSummary, PutResult, Store
from eventwire.store.schema import articles, entities

from .records import make_record

FERRY = make_record(
    "ferry",
    "The night ferry to the islands was cancelled after a storm damaged the pier.",
    title="Ferry cancelled",
    entities=[
        Entity(id="E1", name="Harbour Council", type="ORG", country="NLD", sector="GOV"),
        Entity(id="E2", name="Island Lines", type="ORG"),
    ],
)
MARKET = make_record(
    "market",
    "Farmers at the Saturday market said cherry prices doubled this spring.",
    title="Cherry prices double",
)


def _entity_names(store: Store, article_id: str) -> list[str]:
    query = select(entities.c.name).where(entities.c.article_id == article_id)
    with store.engine.connect() as connection:
        return sorted(connection.scalars(query.order_by(entities.c.name)))


def test_store_put_get_round_trip(store: Store) -> None:
    assert store.put([FERRY, MARKET]) == PutResult(stored=2)
    assert store.get("ferry") == FERRY
    assert store.get("market") == MARKET
    assert store.get("missing") is None
    assert store.count() == 2
    assert _entity_names(store, "ferry") == ["Harbour Council", "Island Lines"]


def test_store_put_again_is_a_duplicate_and_changes_nothing(store: Store) -> None:
    store.put([FERRY])
    with store.engine.connect() as connection:
        before = connection.execute(select(articles)).one()
    altered = FERRY.model_copy(update={"entities": []})
    assert store.put([FERRY, altered]) == PutResult(duplicates=2)
    with store.engine.connect() as connection:
        assert connection.execute(select(articles)).one() == before
    assert store.get("ferry") == FERRY
    assert store.count() == 1


def test_store_put_same_pipeline_with_reprocess_is_a_duplicate(store: Store) -> None:
    store.put([FERRY])
    assert store.put([FERRY], reprocess=True) == PutResult(duplicates=1)


def test_store_put_reprocess_with_new_pipeline_replaces(store: Store) -> None:
    store.put([FERRY, MARKET])
    newer = make_record(
        "ferry",
        "Repairs to the pier began at dawn, and the ferry sails again on Friday.",
        title="Pier repairs begin",
        pipeline="0.2.0",
        entities=[Entity(id="E9", name="Pier Works", type="ORG")],
    )
    # Without reprocess even a new pipeline version is only a duplicate.
    assert store.put([newer]) == PutResult(duplicates=1)
    assert store.put([newer], reprocess=True) == PutResult(replaced=1)
    assert store.get("ferry") == newer
    assert store.known(["ferry", "market"]) == {"ferry": "0.2.0", "market": "0.1.0"}
    assert _entity_names(store, "ferry") == ["Pier Works"]
    assert [hit.id for hit in store.search("repairs")] == ["ferry"]
    assert store.search("storm") == []
    assert store.count() == 2


def test_store_put_keeps_ingested_at_when_replacing(store: Store) -> None:
    store.put([FERRY])
    query = select(articles.c.ingested_at, articles.c.updated_at)
    with store.engine.connect() as connection:
        ingested, _ = connection.execute(query).one()
    store.put([FERRY.model_copy(update={"pipeline": "0.2.0"})], reprocess=True)
    with store.engine.connect() as connection:
        again, updated = connection.execute(query).one()
    assert again == ingested
    assert updated >= ingested


def test_store_put_same_id_twice_in_one_call(store: Store) -> None:
    newer = FERRY.model_copy(update={"pipeline": "0.2.0"})
    assert store.put([FERRY, FERRY]) == PutResult(stored=1, duplicates=1)
    assert store.put([MARKET, newer, newer], reprocess=True) == PutResult(
        stored=1, duplicates=1, replaced=1
    )
    assert store.get("ferry") == newer


def test_store_put_nothing(store: Store) -> None:
    assert store.put([]) == PutResult()


def test_store_put_keeps_one_row_per_entity_id(store: Store) -> None:
    twice = [Entity(id="E1", name="Harbour Council", type="ORG")] * 2
    record = make_record("twice", "The council met twice.", entities=twice)
    store.put([record])
    assert _entity_names(store, "twice") == ["Harbour Council"]
    assert store.get("twice") == record


def test_store_put_text_with_nul(store: Store) -> None:
    record = make_record("nul", "A stray\x00byte from a broken page.")
    store.put([record])
    assert store.get("nul") == record
    assert [hit.id for hit in store.search("stray")] == ["nul"]


def test_store_put_entity_name_with_nul(store: Store) -> None:
    # Only the entity holds the NUL: the query tables must be cleaned too, not just the text.
    named = [Entity(id="E1", name="Harbour\x00Council", type="ORG")]
    record = make_record("nul-name", "The council met.", entities=named)
    store.put([record])
    assert _entity_names(store, "nul-name") == ["Harbour Council"]
    assert store.get("nul-name") == record


def test_store_known_only_stored_ids(store: Store) -> None:
    store.put([FERRY])
    # Many ids at once, more than one IN clause holds.
    asked = [f"unknown-{n}" for n in range(1200)] + ["ferry"]
    assert store.known(asked) == {"ferry": "0.1.0"}
    assert store.known([]) == {}


def test_store_list_articles_pages_by_id(store: Store) -> None:
    records = [make_record(f"a{n}", f"Article number {n}.", title=f"No. {n}") for n in range(5)]
    store.put(records)
    first = store.list_articles(2)
    assert first == [
        ArticleSummary("a0", "No. 0", "Valley Courier", "2024-03-14"),
        ArticleSummary("a1", "No. 1", "Valley Courier", "2024-03-14"),
    ]
    rest = store.list_articles(10, after_id=first[-1].id)
    assert [summary.id for summary in rest] == ["a2", "a3", "a4"]
    assert store.list_articles(10, after_id="a4") == []
    with pytest.raises(ValueError, match="negative"):
        store.list_articles(-1)


def test_store_failure_log(store: Store) -> None:
    assert store.failures() == []
    store.log_failure("feeds/bad.xml#3", "E106", "E106 malformed feed: no items")
    store.log_failure("missing.txt", Code.E101, "E101 no such file or directory")
    failures = store.failures()
    assert [(f.origin, f.code, f.message) for f in failures] == [
        ("feeds/bad.xml#3", "E106", "E106 malformed feed: no items"),
        ("missing.txt", "E101", "E101 no such file or directory"),
    ]
    assert failures[0].id < failures[1].id
    assert all(f.at.tzinfo is not None for f in failures)


def test_store_deleting_an_article_deletes_its_entities(store: Store) -> None:
    # The foreign key cascades only where the backend enforces it (SQLite: PRAGMA foreign_keys).
    store.put([FERRY])
    with store.engine.begin() as connection:
        connection.execute(articles.delete().where(articles.c.id == "ferry"))
    assert _entity_names(store, "ferry") == []
    assert store.search("ferry") == []


def test_store_is_a_context_manager(make_store: Callable[..., Store]) -> None:
    with make_store() as store:
        store.put([FERRY])
    # Closing releases the connections; the object still works and reconnects.
    assert store.count() == 1
