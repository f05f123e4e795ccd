"""The derived tables: events, quotes and actors queried by filters, paged by key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import insert, select

from eventwire.model import (
    Actor,
    Entity,
    Event,
    EventPlace,
    Mention,
    Place,
    Quote,
    Record,
    Speaker,
)
from eventwire.store import BBox, EventFilter, Store
from eventwire.store import engine as engines
from eventwire.store.derived import event_day
from eventwire.store.migrate import alembic_config
from eventwire.store.schema import articles, events, places, quotes
from eventwire.store.store import _article_row

from .records import make_record

BEIRUT = EventPlace(place="P1", name="Beirut", country="LB", lat=33.89, lon=35.50)
RAQQA = EventPlace(place="P2", name="Ar Raqqah", country="SY", lat=36.23, lon=38.92)
FIJI = EventPlace(name="Suva", country="FJ", lat=-18.14, lon=178.44)


def _event(
    event_id: str,
    kind: str,
    sources: list[Actor],
    targets: list[Actor],
    place: EventPlace | None,
    date: str | None,
    modality: str = "asserted",
) -> Event:
    return Event.model_validate(
        {
            "id": event_id, "type": kind, "sources": sources, "targets": targets,
            "place": place, "date": date, "modality": modality, "text": "A sentence.",
            "start": 0, "end": 11, "confidence": 0.8,
        }
    )


RUSSIA = Actor(name="Russia", entity="E1", country="RUS", sector="GOV")
FRANCE = Actor(name="French", entity="E2", country="FRA")
ISIS = Actor(name="Islamic State", entity="E3", sector="INS")


def _strikes() -> Record:
    record = make_record(
        "strikes",
        "Russia and French jets struck Islamic State in Raqqa. Russia denied hitting Beirut.",
        title="Strikes on Raqqa",
        published="2015-11-18",
        source="Harbourwire",
        entities=[
            Entity(id="E1", name="Russia", type="GPE", country="RUS", sector="GOV"),
            Entity(id="E2", name="French", type="NORP", country="FRA"),
            Entity(id="E3", name="Islamic State", type="ORG", sector="INS"),
        ],
    )
    record.events = [
        _event("V1", "ASSAULT", [RUSSIA, FRANCE], [ISIS], RAQQA, "2015-11-17"),
        _event("V2", "ASSAULT", [RUSSIA], [], BEIRUT, None, modality="denied"),
    ]
    record.quotes = [
        Quote(id="Q1", kind="direct", text="We hit them", start=0, end=11,
              speaker=Speaker(name="Vladimir Putin", entity=None), cue="said"),
    ]
    record.places = [
        Place(id="P1", text="Beirut", start=77, end=83, name="Beirut", country="LB",
              lat=33.89, lon=35.50),
    ]
    return record


def _talks() -> Record:
    record = make_record(
        "talks",
        "Russian officials met their French counterparts in Suva on Monday.",
        title="Talks in Suva",
        published="2015-12-01",
        source="Meridian",
        entities=[
            Entity(id="E1", name="Russia", type="GPE", country="RUS",
                   mentions=[Mention(start=0, end=7, text="Russian")]),
            Entity(id="E2", name="French", type="NORP", country="FRA"),
        ],
    )
    record.events = [
        _event("V1", "CONSULT", [Actor(name="Russian officials", entity="E1")], [FRANCE],
               FIJI, "2015-11-30"),
    ]
    record.quotes = [
        Quote(id="Q1", kind="indirect", text="talks went well", start=0, end=15,
              speaker=Speaker(name="Sergei Lavrov"), cue="said"),
    ]
    return record


@pytest.fixture
def filled(store: Store) -> Store:
    """The fresh store with the two records."""
    store.put([_strikes(), _talks()])
    return store


def _ids(store: Store, **filters: object) -> list[tuple[str, str]]:
    return [(row.article, row.event.id) for row in store.events(EventFilter(**filters))]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [("strikes", "V1"), ("strikes", "V2"), ("talks", "V1")]),
        ({"type": "CONSULT"}, [("talks", "V1")]),
        ({"modality": "denied"}, [("strikes", "V2")]),
        ({"day_from": "2015-11-18"}, [("strikes", "V2"), ("talks", "V1")]),
        ({"day_to": "2015-11-17"}, [("strikes", "V1")]),
        ({"day_from": "2015-11-18", "day_to": "2015-11-18"}, [("strikes", "V2")]),
        ({"country": "sy"}, [("strikes", "V1")]),
        ({"country": "FRA"}, [("strikes", "V1"), ("talks", "V1")]),
        ({"bbox": BBox(30, 30, 40, 35)}, [("strikes", "V2")]),
        ({"bbox": BBox(170, -20, -170, 0)}, [("talks", "V1")]),
        ({"actor": "islamic"}, [("strikes", "V1")]),
        ({"actor": "RUSSIA"}, [("strikes", "V1"), ("strikes", "V2"), ("talks", "V1")]),
        ({"actor": "50%"}, []),
        ({"place": "raqq"}, [("strikes", "V1")]),
        ({"source": "meridian"}, [("talks", "V1")]),
        ({"article": "strikes", "type": "ASSAULT"}, [("strikes", "V1"), ("strikes", "V2")]),
        ({"articles": ["talks"]}, [("talks", "V1")]),
    ],
)
def test_store_events_filters(
    filled: Store, filters: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    assert _ids(filled, **filters) == expected


def test_store_events_rows_carry_the_article(filled: Store) -> None:
    first = filled.events(limit=1)[0]
    assert (first.title, first.source, first.published) == (
        "Strikes on Raqqa", "Harbourwire", "2015-11-18"
    )
    assert first.event == _strikes().events[0]
    assert first.day == "2015-11-17"


def test_store_events_page_by_key(filled: Store) -> None:
    seen: list[tuple[str, str]] = []
    after = None
    while True:
        page = filled.events(limit=1, after=after)
        if not page:
            break
        after = (page[-1].article, page[-1].event.id)
        seen.append(after)
    assert seen == _ids(filled)
    assert filled.events(limit=0) == []
    with pytest.raises(ValueError, match="negative"):
        filled.events(limit=-1)


def test_store_reprocess_replaces_the_derived_rows(filled: Store) -> None:
    newer = _strikes().model_copy(update={"pipeline": "0.2.0", "events": [], "quotes": []})
    filled.put([newer], reprocess=True)
    assert _ids(filled) == [("talks", "V1")]
    assert [q.article for q in filled.quotes()] == ["talks"]
    with filled.engine.connect() as connection:
        assert connection.scalars(select(places.c.place_id)).all() == ["P1"]


def test_store_quotes_by_speaker(filled: Store) -> None:
    assert [(q.article, q.speaker) for q in filled.quotes()] == [
        ("strikes", "Vladimir Putin"), ("talks", "Sergei Lavrov"),
    ]
    found = filled.quotes(speaker="lavrov")
    assert [(q.title, q.text, q.kind, q.cue) for q in found] == [
        ("Talks in Suva", "talks went well", "indirect", "said")
    ]
    assert [q.speaker for q in filled.quotes(limit=1, after=("strikes", "Q1"))] == [
        "Sergei Lavrov"
    ]
    assert filled.quotes(speaker="nobody") == []


def test_store_actors_by_article_count(filled: Store) -> None:
    actors = filled.actors()
    assert [(a.name, a.articles) for a in actors] == [
        ("French", 2), ("Russia", 2), ("Islamic State", 1),
    ]
    assert actors[1].type == "GPE" and actors[1].country == "RUS" and actors[1].sector == "GOV"
    assert [a.name for a in filled.actors(limit=2, after=(2, "French"))] == [
        "Russia", "Islamic State",
    ]
    assert [a.name for a in filled.actors(after=(1, "A"))] == ["Islamic State"]
    assert [a.name for a in filled.actors(name="STATE")] == ["Islamic State"]


def test_store_actor_events_by_day(filled: Store) -> None:
    detail = filled.actor("Russia")
    assert detail is not None
    assert detail.actor.articles == 2
    # By name in "strikes", by entity link ("Russian officials" is E1) in "talks".
    assert [(row.article, row.event.id, row.day) for row in detail.events] == [
        ("strikes", "V1", "2015-11-17"),
        ("strikes", "V2", "2015-11-18"),
        ("talks", "V1", "2015-11-30"),
    ]
    assert not detail.truncated
    islamic = filled.actor("Islamic State")
    assert islamic is not None and [r.event.id for r in islamic.events] == ["V1"]
    assert filled.actor("Russ") is None


def test_store_articles_with_events(filled: Store) -> None:
    assert filled.articles_with_events(EventFilter(type="CONSULT"), ["strikes", "talks"]) == {
        "talks"
    }
    having = EventFilter(modality="denied")
    assert [a.id for a in filled.list_articles(10, having=having)] == ["strikes"]


@pytest.mark.parametrize(
    ("date", "published", "day"),
    [
        ("2015-11-17", "2015-11-18", "2015-11-17"),
        ("2015-11-17T10:00", None, "2015-11-17"),
        ("2015-11", "2015-11-18", "2015-11-18"),
        ("2015-W47", None, None),
        (None, "2015-11-18", "2015-11-18"),
    ],
)
def test_store_event_day(date: str | None, published: str | None, day: str | None) -> None:
    assert event_day(date, published) == day


def test_store_migration_backfills_stored_records(
    db_url: str, make_store: Callable[..., Store]
) -> None:
    engine = engines.create(db_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        rows = [_article_row(r, r.model_dump_json(), now) for r in (_strikes(), _talks())]
        connection.execute(insert(articles), rows)
    engine.dispose()
    upgraded = make_store()
    backfilled = upgraded.events()
    with upgraded.engine.connect() as connection:
        event_rows = connection.execute(select(events).order_by("article_id", "event_id")).all()
        quote_rows = connection.execute(select(quotes).order_by("article_id")).all()
        place_rows = connection.execute(select(places)).all()

    fresh = make_store(db_url.replace("store.db", "fresh.db")) if "sqlite" in db_url else None
    assert [(row.article, row.event) for row in backfilled] == [
        ("strikes", _strikes().events[0]), ("strikes", _strikes().events[1]),
        ("talks", _talks().events[0]),
    ]
    assert len(quote_rows) == 2 and len(place_rows) == 1
    if fresh is not None:
        # The backfill writes exactly the rows a put writes.
        fresh.put([_strikes(), _talks()])
        with fresh.engine.connect() as connection:
            put_rows = connection.execute(select(events).order_by("article_id", "event_id")).all()
        assert [row._asdict() for row in put_rows] == [row._asdict() for row in event_rows]
