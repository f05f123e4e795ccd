"""GET /api/articles, /api/articles/{id} and /api/health through HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from eventwire import __version__
from eventwire.config import Settings
from eventwire.model import Record

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# Enough for the test corpus at one article a page; a loop past it means a cursor went wrong.
MAX_PAGES = 20


def walk(client: TestClient, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of a list, following ``next`` until it is null."""
    pages = []
    cursor = None
    for _ in range(MAX_PAGES):
        answer = client.get("/api/articles", params={**params, "cursor": cursor})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert set(body) == {"items", "next"}
        pages.append(body["items"])
        cursor = body["next"]
        if cursor is None:
            return pages
    raise AssertionError("pagination did not end")


def all_ids(corpus: list[Record]) -> list[str]:
    return sorted(record.article.id for record in corpus)


def test_api_articles_lists_every_summary_in_id_order(
    client: TestClient, corpus: list[Record]
) -> None:
    body = client.get("/api/articles").json()
    assert [item["id"] for item in body["items"]] == all_ids(corpus)
    assert body["next"] is None
    merkel = next(item for item in body["items"] if item["title"] == "Merkel meets Macron")
    assert merkel == {
        "id": corpus[0].article.id,
        "title": "Merkel meets Macron",
        "source": "Reuters",
        "published": "2015-11-19",
        "snippet": None,
        "rank": None,
    }


@pytest.mark.parametrize("limit", [1, 2, 4, 5, 6, 7])
def test_api_articles_pages_cover_every_article_once(
    client: TestClient, corpus: list[Record], limit: int
) -> None:
    pages = walk(client, limit=limit)
    assert all(len(page) == limit for page in pages[:-1])
    assert 1 <= len(pages[-1]) <= limit
    assert [item["id"] for page in pages for item in page] == all_ids(corpus)


def test_api_articles_next_is_null_when_a_page_ends_exactly(
    client: TestClient, corpus: list[Record]
) -> None:
    body = client.get("/api/articles", params={"limit": len(corpus)}).json()
    assert len(body["items"]) == len(corpus)
    assert body["next"] is None


@pytest.mark.parametrize("limit", [3, 1000, 10**30])
def test_api_articles_limit_is_capped(make_client: Callable[..., TestClient], limit: int) -> None:
    client = make_client(max_page_size=2)
    body = client.get("/api/articles", params={"limit": limit}).json()
    assert len(body["items"]) == 2
    assert body["next"] is not None


def test_api_articles_default_cap_is_the_setting(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = schema["paths"]["/api/articles"]["get"]["parameters"]
    limit = next(param for param in params if param["name"] == "limit")
    assert str(Settings().max_page_size) in limit["description"]


def test_api_articles_search_ranks_matches(client: TestClient, ids: dict[str | None, str]) -> None:
    body = client.get("/api/articles", params={"q": "merkel"}).json()
    found = {item["id"] for item in body["items"]}
    assert found == {ids["Merkel meets Macron"], ids["UN ceasefire call"], ids[None]}
    for item in body["items"]:
        assert "Merkel" in item["snippet"]
        assert isinstance(item["rank"], float)
    ranks = [item["rank"] for item in body["items"]]
    assert ranks == sorted(ranks, reverse=True)


def test_api_articles_search_pages_follow_the_ranking(client: TestClient) -> None:
    first = client.get("/api/articles", params={"q": "merkel"}).json()
    ranked = [item["id"] for item in first["items"]]
    pages = walk(client, q="merkel", limit=1)
    assert [len(page) for page in pages] == [1, 1, 1]
    assert [page[0]["id"] for page in pages] == ranked


@pytest.mark.parametrize("q", ["", "   "])
def test_api_articles_blank_query_lists_everything(
    client: TestClient, corpus: list[Record], q: str
) -> None:
    body = client.get("/api/articles", params={"q": q}).json()
    assert [item["id"] for item in body["items"]] == all_ids(corpus)


@pytest.mark.parametrize(
    "q",
    ['"', "AND", "*", "NEAR(", "-", "merkel OR", "'; DROP TABLE articles; --", "\x00", "ü" * 500],
)
def test_api_articles_search_syntax_is_never_a_server_error(
    client: TestClient, corpus: list[Record], q: str
) -> None:
    answer = client.get("/api/articles", params={"q": q})
    assert answer.status_code == 200
    assert client.get("/api/health").json()["articles"] == len(corpus)


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"from": "2015-11-20"}, {"Athens protest", "UN ceasefire call", "Danube flooding"}),
        ({"to": "2015-11-19"}, {"Merkel meets Macron", "Bundeskanzlerin"}),
        ({"from": "2015-11-20", "to": "2015-12-01"}, {"Athens protest", "UN ceasefire call"}),
        ({"from": "2015-11-19", "to": "2015-11-19"}, {"Merkel meets Macron", "Bundeskanzlerin"}),
        ({"from": "2020-01-01"}, set()),
        ({"source": "REUTERS"}, {"Merkel meets Macron", "UN ceasefire call"}),
        ({"source": "AP", "to": "2015-12-31"}, {"Athens protest"}),
        ({"q": "merkel", "source": "reuters"}, {"Merkel meets Macron", "UN ceasefire call"}),
        ({"q": "merkel", "from": "2015-11-20"}, {"UN ceasefire call"}),
        ({"q": "berlin", "to": "2015-11-30"}, {"Merkel meets Macron", "Bundeskanzlerin"}),
    ],
)
def test_api_articles_filters(client: TestClient, params: dict[str, str], titles: set[str]) -> None:
    body = client.get("/api/articles", params=params).json()
    assert {item["title"] for item in body["items"]} == titles
    assert body["next"] is None


def test_api_articles_filtered_pages_cover_every_match_once(client: TestClient) -> None:
    pages = walk(client, limit=1, **{"from": "2015-11-19", "to": "2015-12-01"})
    titles = [item["title"] for page in pages for item in page]
    assert len(pages) == 4
    assert sorted(titles) == sorted(
        ["Merkel meets Macron", "Bundeskanzlerin", "Athens protest", "UN ceasefire call"]
    )


def test_api_article_is_the_full_record(client: TestClient, corpus: list[Record]) -> None:
    record = corpus[0]
    answer = client.get(f"/api/articles/{record.article.id}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert body["format"] == "eventwire.record/1"
    assert body == record.model_dump(mode="json")
    assert Record.model_validate(body) == record


def test_api_article_keeps_notes(client: TestClient, ids: dict[str | None, str]) -> None:
    body = client.get(f"/api/articles/{ids['Bundeskanzlerin']}").json()
    assert body["notes"][0]["code"] == "W201"
    assert body["entities"] == []


@pytest.mark.parametrize("article_id", ["0" * 20, "no such id", "ü ö", "x" * 2000])
def test_api_article_missing_is_404(client: TestClient, article_id: str) -> None:
    answer = client.get(f"/api/articles/{article_id}")
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert set(answer.json()) == {"error"}
    assert error["code"] == "E003"
    assert "no article with id" in error["message"]


def test_api_health(client: TestClient, corpus: list[Record]) -> None:
    answer = client.get("/api/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "version": __version__, "articles": len(corpus)}
