"""GET /api/corpus-events through HTTP, on hand-built records with events."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from corpus.test_corpus_merge import FAR, record  # tests/ is on sys.path (rootdir import)
from eventwire.api.app import create_app
from eventwire.config import Settings
from eventwire.store import open_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture
def corpus_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    store.put(
        [
            record("a", "Wire", killed=33),
            record("b", "Post", killed=40),
            record("c", "Daily", modality="denied"),
            record("d", "Gazette", place=FAR),
        ]
    )
    with TestClient(create_app(store, settings)) as client:
        yield client
    store.close()


def test_api_corpus_events_merge_and_disagree(corpus_client: TestClient) -> None:
    answer = corpus_client.get("/api/corpus-events", params={"min_sources": 2})
    assert answer.status_code == 200
    [item] = answer.json()["items"]
    assert item["n_sources"] == 3 and item["type"] == "ASSAULT"
    assert {(r["article"], r["event"], r["outlet"]) for r in item["reports"]} == {
        ("a", "V1", "Wire"),
        ("b", "V1", "Post"),
        ("c", "V1", "Daily"),
    }
    fields = {d["field"]: d for d in item["disagreements"]}
    assert set(fields) == {"killed", "modality"}
    assert [v["value"] for v in fields["killed"]["values"]] == [33, 40]
    one = corpus_client.get("/api/corpus-events", params={"id": item["id"]}).json()["items"]
    assert [i["id"] for i in one] == [item["id"]]


def test_api_corpus_events_filters_and_pages(corpus_client: TestClient) -> None:
    pages, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = corpus_client.get("/api/corpus-events", params=params).json()
        pages += body["items"]
        cursor = body["next"]
        if not cursor:
            break
    assert len(pages) == 2 and len({p["id"] for p in pages}) == 2
    assert len(corpus_client.get("/api/corpus-events?source=gazette").json()["items"]) == 1
    assert len(corpus_client.get("/api/corpus-events?modality=denied").json()["items"]) == 1
    assert corpus_client.get("/api/corpus-events?type=AGREE").json()["items"] == []
    assert corpus_client.get("/api/corpus-events?cursor=bad!").status_code == 422


def test_api_corpus_events_huge_min_sources_is_a_422_not_a_500(client: TestClient) -> None:
    answer = client.get("/api/corpus-events", params={"min_sources": str(10**30)})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "E401"
