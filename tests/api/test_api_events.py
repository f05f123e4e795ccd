"""GET /api/events, /api/quotes, /api/actors and /api/actors/{id}, and event filters on articles."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from pydantic import ValidationError

from eventwire.api.app import create_app
from eventwire.api.listing import encode_key, event_item, with_event
from eventwire.api.schemas import EventItem
from eventwire.config import Settings
from eventwire.model import Actor, Event, EventPlace, Quote, Record, Speaker
from eventwire.store import Store, open_store

from .conftest import TestClient, make_record
from .test_api_errors import error_of

if TYPE_CHECKING:
    from collections.abc import Callable


def _event(event_id: str, kind: str, sources: list[str], targets: list[str], **more: Any) -> Event:
    return Event.model_validate(
        {
            "id": event_id,
            "type": kind,
            "text": "A sentence.",
            "start": 0,
            "end": 11,
            "confidence": 0.7,
            "sources": [Actor(name=name) for name in sources],
            "targets": [Actor(name=name) for name in targets],
            **more,
        }
    )


def _records() -> list[Record]:
    strikes = make_record(
        "Russian and French jets struck Raqqa. Moscow denied hitting a market in Idlib.",
        title="Strikes on Raqqa",
        source="Harbourwire",
        published="2015-11-18",
        entities=[("Russian", "NORP"), ("French", "NORP"), ("Raqqa", "GPE"), ("Moscow", "GPE")],
    )
    strikes.events = [
        _event(
            "V1",
            "ASSAULT",
            ["Russian", "French"],
            ["Raqqa"],
            date="2015-11-17",
            place=EventPlace(name="Ar Raqqah", country="SY", lat=36.2, lon=38.9),
        ),
        _event(
            "V2",
            "ASSAULT",
            ["Moscow"],
            [],
            modality="denied",
            place=EventPlace(name="Idlib", country="SY", lat=35.9, lon=36.6),
        ),
    ]
    strikes.quotes = [
        Quote(
            id="Q1",
            kind="direct",
            text="We hit nothing",
            start=0,
            end=14,
            speaker=Speaker(name="Dmitry Peskov"),
            cue="said",
            venue="a briefing",
        ),
    ]
    talks = make_record(
        "Envoys of AC/DC Relief met Moscow officials in Vienna on Monday.",
        title="Vienna talks",
        source="Meridian",
        published="2015-12-01",
        entities=[("AC/DC Relief", "ORG"), ("Moscow", "GPE"), ("Vienna", "GPE")],
    )
    talks.events = [
        _event(
            "V1",
            "CONSULT",
            ["AC/DC Relief"],
            ["Moscow"],
            date="2015-11-30",
            place=EventPlace(name="Vienna", country="AT", lat=48.2, lon=16.37),
        ),
    ]
    talks.quotes = [Quote(id="Q1", kind="indirect", text="progress", start=0, end=8)]
    return [strikes, talks]


RECORDS = _records()
IDS = {record.article.title: record.article.id for record in RECORDS}


@pytest.fixture(scope="module")
def event_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of two records with events and quotes, shared by this module's tests."""
    path: Path = tmp_path_factory.mktemp("events") / "e.db"
    store = open_store(f"sqlite:///{path}")
    store.put(RECORDS)
    yield store
    store.close()


@pytest.fixture
def api(event_store: Store, settings: Settings) -> Iterator[Callable[..., TestClient]]:
    """Build a client on the event store; keyword arguments override settings."""
    clients: list[TestClient] = []

    def build(**options: Any) -> TestClient:
        app = create_app(event_store, dataclasses.replace(settings, **options))
        clients.append(TestClient(app))
        return clients[-1]

    yield build
    for client in clients:
        client.close()


def _events(client: TestClient, **params: str) -> list[tuple[str | None, str]]:
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 200, answer.text
    return [(item["title"], item["id"]) for item in answer.json()["items"]]


ALL = [("Strikes on Raqqa", "V1"), ("Strikes on Raqqa", "V2"), ("Vienna talks", "V1")]
ALL = sorted(ALL, key=lambda pair: (IDS[pair[0]], pair[1]))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"type": "consult"}, [("Vienna talks", "V1")]),
        ({"modality": "DENIED"}, [("Strikes on Raqqa", "V2")]),
        ({"from": "2015-11-18"}, [p for p in ALL if p != ("Strikes on Raqqa", "V1")]),
        ({"to": "2015-11-17"}, [("Strikes on Raqqa", "V1")]),
        ({"place": "raqqah"}, [("Strikes on Raqqa", "V1")]),
        ({"bbox": "30,30,40,36"}, [("Strikes on Raqqa", "V2")]),
        ({"bbox": " 10 , 40 , 20 , 50 "}, [("Vienna talks", "V1")]),
        ({"actor": "moscow"}, [p for p in ALL if p != ("Strikes on Raqqa", "V1")]),
        ({"source": "MERIDIAN"}, [("Vienna talks", "V1")]),
        ({"country": "at"}, [("Vienna talks", "V1")]),
        ({"q": "jets"}, [("Strikes on Raqqa", "V1"), ("Strikes on Raqqa", "V2")]),
        ({"q": "nowhere-to-be-found"}, []),
        ({"article": IDS["Vienna talks"]}, [("Vienna talks", "V1")]),
        ({"type": "", "actor": " ", "bbox": ""}, ALL),
    ],
)
def test_api_events_filters(
    api: Callable[..., TestClient], params: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert _events(api(), **params) == expected


def test_api_events_items_carry_event_and_article(api: Callable[..., TestClient]) -> None:
    items = api().get("/api/events", params={"type": "CONSULT"}).json()["items"]
    item = items[0]
    assert item["article"] == IDS["Vienna talks"]
    assert (item["title"], item["outlet"], item["published"], item["day"]) == (
        "Vienna talks",
        "Meridian",
        "2015-12-01",
        "2015-11-30",
    )
    event = {k: v for k, v in item.items() if k in Event.model_fields}
    assert Event.model_validate(event) == RECORDS[1].events[0]


def test_api_events_pages_follow_next(api: Callable[..., TestClient]) -> None:
    client = api()
    seen: list[tuple[str, str]] = []
    params = {"limit": "1"}
    while True:
        page = client.get("/api/events", params=params).json()
        seen += [(item["title"], item["id"]) for item in page["items"]]
        if page["next"] is None:
            break
        params["cursor"] = page["next"]
    assert seen == ALL
    capped = api(max_page_size=2).get("/api/events", params={"limit": "100"}).json()
    assert len(capped["items"]) == 2 and capped["next"] is not None


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"bbox": "1,2,3"}, "E401", "got 3 value(s)"),
        ({"bbox": "a,b,c,d"}, "E401", "four numbers"),
        ({"bbox": "0,0,nan,1"}, "E401", "finite"),
        ({"bbox": "0,0,200,1"}, "E401", "longitudes"),
        ({"bbox": "0,10,1,5"}, "E401", "min_lat <= max_lat"),
        ({"bbox": "0,-91,1,5"}, "E401", "latitudes"),
        ({"from": "2015-02-30"}, "E401", "not a calendar date"),
        ({"to": "tomorrow"}, "E401", "expected YYYY-MM-DD"),
        ({"from": "2016-01-01", "to": "2015-01-01"}, "E401", "is after"),
        ({"type": "PARTY"}, "E401", "not one of AGREE"),
        ({"modality": "maybe"}, "E401", "not one of asserted"),
        ({"limit": "0"}, "E401", "'limit'"),
        ({"cursor": "!!"}, "E402", "cursor"),
        ({"cursor": encode_key([3, "Moscow"])}, "E402", "cursor"),
        ({"cursor": encode_key(["a", "b", "c"])}, "E402", "cursor"),
        ({"cursor": "bm90IGpzb24"}, "E402", "cursor"),
    ],
)
def test_api_events_bad_input_is_422(
    api: Callable[..., TestClient], params: dict[str, str], code: str, words: str
) -> None:
    error = error_of(api().get("/api/events", params=params), 422)
    assert error["code"] == code
    assert words in error["message"]


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"type": "CONSULT"}, ["Vienna talks"]),
        ({"modality": "denied"}, ["Strikes on Raqqa"]),
        ({"actor": "ac/dc"}, ["Vienna talks"]),
        ({"bbox": "30,30,40,40"}, ["Strikes on Raqqa"]),
        ({"place": "vienna", "q": "envoys"}, ["Vienna talks"]),
        ({"place": "vienna", "q": "jets"}, []),
        ({"country": "SY", "from": "2015-12-01"}, []),
    ],
)
def test_api_articles_event_filters(
    api: Callable[..., TestClient], params: dict[str, str], titles: list[str]
) -> None:
    answer = api().get("/api/articles", params=params)
    assert answer.status_code == 200, answer.text
    assert [item["title"] for item in answer.json()["items"]] == titles


def test_api_articles_bad_event_filter_is_422(api: Callable[..., TestClient]) -> None:
    assert error_of(api().get("/api/articles", params={"bbox": "x"}), 422)["code"] == "E401"


def test_api_quotes_by_speaker(api: Callable[..., TestClient]) -> None:
    client = api()
    items = client.get("/api/quotes").json()["items"]
    assert len(items) == 2
    found = client.get("/api/quotes", params={"speaker": "PESKOV"}).json()
    assert found["next"] is None
    [item] = found["items"]
    assert item["article"] == IDS["Strikes on Raqqa"]
    assert item["title"] == "Strikes on Raqqa"
    assert item["speaker"] == {"name": "Dmitry Peskov", "entity": None, "start": None, "end": None}
    assert (item["id"], item["kind"], item["text"], item["cue"], item["venue"]) == (
        "Q1",
        "direct",
        "We hit nothing",
        "said",
        "a briefing",
    )
    first = client.get("/api/quotes", params={"limit": "1"}).json()
    rest = client.get("/api/quotes", params={"cursor": first["next"]}).json()
    assert len(first["items"]) == len(rest["items"]) == 1 and rest["next"] is None
    assert error_of(client.get("/api/quotes", params={"cursor": "xyz"}), 422)["code"] == "E402"


def test_api_actors_list_and_pages(api: Callable[..., TestClient]) -> None:
    client = api()
    items = client.get("/api/actors").json()["items"]
    assert items[0] == {
        "id": "Moscow",
        "name": "Moscow",
        "type": "GPE",
        "country": None,
        "sector": None,
        "articles": 2,
    }
    names = [item["name"] for item in items]
    assert names == ["Moscow", *sorted(names[1:])]
    params = {"limit": "2"}
    paged: list[str] = []
    while True:
        page = client.get("/api/actors", params=params).json()
        paged += [item["name"] for item in page["items"]]
        if not page["next"]:
            break
        params["cursor"] = page["next"]
    assert paged == names
    found = client.get("/api/actors", params={"name": "vie"}).json()["items"]
    assert [item["name"] for item in found] == ["Vienna"]
    bad = client.get("/api/actors", params={"cursor": encode_key(["a", "b"])})
    assert error_of(bad, 422)["code"] == "E402"


def test_api_actor_detail_with_events_by_day(api: Callable[..., TestClient]) -> None:
    client = api()
    detail = client.get("/api/actors/Moscow").json()
    assert detail["id"] == "Moscow" and detail["articles"] == 2
    assert [(e["title"], e["id"], e["day"]) for e in detail["events"]] == [
        ("Strikes on Raqqa", "V2", "2015-11-18"),
        ("Vienna talks", "V1", "2015-11-30"),
    ]
    assert detail["timeline"] == [
        {"day": "2015-11-18", "events": 1},
        {"day": "2015-11-30", "events": 1},
    ]
    assert detail["truncated"] is False
    # An id with a slash, URL-encoded in the path.
    slashed = client.get(f"/api/actors/{quote('AC/DC Relief', safe='')}")
    assert slashed.status_code == 200 and slashed.json()["name"] == "AC/DC Relief"
    assert client.get("/api/actors/AC/DC%20Relief").json()["name"] == "AC/DC Relief"


def test_api_actor_unknown_is_404(api: Callable[..., TestClient]) -> None:
    error = error_of(api().get("/api/actors/Nobody%20At%20All"), 404)
    assert "no actor named 'Nobody At All'" in error["message"]


def test_api_event_item_equals_the_validated_item(event_store: Store) -> None:
    rows = event_store.events(limit=100)
    assert rows
    for row in rows:
        extra = {"article": row.article, "title": row.title, "outlet": row.source,
                 "published": row.published, "day": row.day}
        expected = EventItem(**row.event.model_dump(), **extra)
        item = event_item(row)
        assert item == expected
        assert item.model_dump_json() == expected.model_dump_json()
    # The article's columns are still checked.
    with pytest.raises(ValidationError):
        with_event(EventItem, rows[0].event, article=None, title=None, outlet=None,
                   published=None, day=None)
