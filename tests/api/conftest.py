"""Fixtures for the REST API: a fresh SQLite store of hand-built records and a client on it."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import warnings
from collections.abc import Callable, Iterator, Sequence

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from eventwire.api.app import create_app
from eventwire.config import Settings
from eventwire.errors import Code, message
from eventwire.model import Article, Entity, Mention, Note, Record
from eventwire.store import Store, open_store

with warnings.catch_warnings():
    # Starlette 1.10 prefers httpx2 and warns (an error under our warning filter) when its test
    # client falls back to httpx, which the dev dependencies pin; the fallback works the same.
    # Drop this guard once httpx2 is a dev dependency.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


def make_record(
    text: str,
    *,
    title: str | None,
    source: str | None,
    published: str | None,
    entities: Sequence[tuple[str, str]] = (),
    language: str = "en",
    notes: list[Note] | None = None,
) -> Record:
    """A record whose entities are mentioned wherever their name occurs in ``text``."""
    built = []
    for n, (name, kind) in enumerate(entities):
        mentions = [
            Mention(start=m.start(), end=m.end(), text=m.group())
            for m in re.finditer(re.escape(name), text)
        ]
        built.append(Entity(id=f"e{n}", name=name, type=kind, mentions=mentions))
    article = Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:20],
        title=title,
        source=source,
        language=language,
        published=published,
        published_from="given" if published else "none",
        text=text,
    )
    return Record(pipeline="test", article=article, entities=built, notes=notes or [])


CORPUS = [
    make_record(
        "Angela Merkel met Emmanuel Macron in Berlin on Tuesday. Merkel said talks went well.",
        title="Merkel meets Macron",
        source="Reuters",
        published="2015-11-19",
        entities=[
            ("Angela Merkel", "PERSON"),
            ("Merkel", "PERSON"),
            ("Emmanuel Macron", "PERSON"),
            ("Berlin", "GPE"),
        ],
    ),
    make_record(
        "Protesters gathered outside the parliament in Athens over pension cuts.",
        title="Athens protest",
        source="AP",
        published="2015-11-20",
        entities=[("Athens", "GPE")],
    ),
    make_record(
        "The United Nations called for a ceasefire. Merkel backed the call from Berlin.",
        title="UN ceasefire call",
        source="reuters",
        published="2015-12-01",
        entities=[("United Nations", "ORG"), ("Berlin", "GPE")],
    ),
    make_record(
        "Flooding closed the Danube bridge near Budapest for a second day.",
        title="Danube flooding",
        source="AFP",
        published="2016-01-05",
        entities=[("Danube", "LOC"), ("Budapest", "GPE")],
    ),
    make_record(
        "A statement without a date mentioned Merkel once.",
        title=None,
        source=None,
        published=None,
        entities=[("Merkel", "PERSON")],
    ),
    make_record(
        "Die Bundeskanzlerin sprach am Dienstag in Berlin.",
        title="Bundeskanzlerin",
        source="dpa",
        published="2015-11-19",
        language="de",
        notes=[Note(code="W201", message=message(Code.W201, language="de"))],
    ),
]


@pytest.fixture
def corpus() -> list[Record]:
    """The records every store fixture holds."""
    return list(CORPUS)


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding :data:`CORPUS`, shared by the session: tests only read it."""
    path = tmp_path_factory.mktemp("store") / "t.db"
    opened = open_store(f"sqlite:///{path}")
    opened.put(CORPUS)
    yield opened
    opened.close()


@pytest.fixture
def make_client(store: Store, settings: Settings) -> Iterator[Callable[..., TestClient]]:
    """Build a client on :func:`store`; keyword arguments override settings."""
    clients: list[TestClient] = []

    def build(**options: int) -> TestClient:
        client = TestClient(create_app(store, dataclasses.replace(settings, **options)))
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def client(store: Store, settings: Settings) -> Iterator[TestClient]:
    """A client on an app with the default settings and page size."""
    with TestClient(create_app(store, settings)) as test_client:
        yield test_client


@pytest.fixture
def ids() -> dict[str | None, str]:
    """Each corpus article's id by its title."""
    return {record.article.title: record.article.id for record in CORPUS}
