"""POST /api/articles: the key check, body validation, and one article into the store."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.api import ingest as ingest_module
from eventwire.api.app import create_app
from eventwire.config import Settings
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.model import Article, Record
from eventwire.pipeline import Skipped, article_id
from eventwire.store import Store, open_store

from .conftest import TestClient
from .test_api_errors import error_of

KEY = "s3cret-key"
SAMPLES = Path(__file__).parents[2] / "src" / "eventwire" / "samples"


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    yield store
    store.close()


@pytest.fixture
def writer(fresh_store: Store, settings: Settings) -> Iterator[Callable[..., TestClient]]:
    """Build a client on a fresh store; keyword arguments override settings."""
    clients: list[TestClient] = []

    def build(**options: Any) -> TestClient:
        app = create_app(fresh_store, dataclasses.replace(settings, **options))
        clients.append(TestClient(app))
        return clients[-1]

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[RawArticle]:
    """Replace the NLP pipeline by one making a bare record; collects what it was given."""
    given: list[RawArticle] = []

    def run(
        inputs: Iterable[RawArticle],
        settings: Settings,
        published: date | None = None,
        is_known: Callable[[list[str]], set[str]] | None = None,
    ) -> Iterator[Record | InputFailure | Skipped]:
        for raw in inputs:
            given.append(raw)
            identity = article_id(raw.text, raw.url)
            if is_known is not None and identity in is_known([identity]):
                yield Skipped(raw.origin, identity)
                continue
            article = Article(
                id=identity,
                title=raw.title,
                url=raw.url,
                source=raw.source,
                language="en",
                published=published.isoformat() if published else None,
                published_from="given" if published else "none",
                text=raw.text,
            )
            yield Record(pipeline="fake", article=article)

    monkeypatch.setattr(ingest_module, "run", run)
    return given


BODY = {
    "text": "Ministers met in Vienna on Monday.",
    "title": "Vienna meeting",
    "url": "https://example.org/vienna",
    "published": "2015-07-14",
    "source": "Meridian",
}


def test_api_post_without_configured_key_is_403(writer: Callable[..., TestClient]) -> None:
    answer = writer().post("/api/articles", json=BODY, headers={"X-API-Key": "anything"})
    error = error_of(answer, 403)
    assert error["code"] == "E408"
    assert "EVENTWIRE_API_KEY" in error["message"]


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}])
def test_api_post_without_the_key_is_401(
    writer: Callable[..., TestClient], headers: dict[str, str]
) -> None:
    # Checked before the body: a bad body with no key still says 401.
    for body in (BODY, {"nonsense": 1}):
        answer = writer(api_key=KEY).post("/api/articles", json=body, headers=headers)
        assert error_of(answer, 401)["code"] == "E409"
        assert "X-API-Key" in answer.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"title": "no text"}, "exactly one of 'text' and 'html'"),
        ({"text": "a", "html": "<p>a</p>"}, "exactly one of 'text' and 'html'"),
        ({**BODY, "published": "2015-02-30"}, "'published'"),
        ({**BODY, "published": "14/07/2015"}, "expected YYYY-MM-DD"),
        ({**BODY, "colour": "red"}, "'colour'"),
        ({**BODY, "text": 42}, "'text'"),
    ],
)
def test_api_post_bad_body_is_422(
    writer: Callable[..., TestClient], fake_pipeline: list[RawArticle], body: Any, words: str
) -> None:
    answer = writer(api_key=KEY).post("/api/articles", json=body, headers={"X-API-Key": KEY})
    error = error_of(answer, 422)
    assert error["code"] == "E401"
    assert words in error["message"]
    assert fake_pipeline == []


def test_api_post_not_json_is_422(writer: Callable[..., TestClient]) -> None:
    answer = writer(api_key=KEY).post(
        "/api/articles",
        content=b"{not json",
        headers={"X-API-Key": KEY, "Content-Type": "application/json"},
    )
    assert error_of(answer, 422)["code"] == "E401"


def test_api_post_stores_then_reports_duplicate(
    writer: Callable[..., TestClient], fake_pipeline: list[RawArticle], fresh_store: Store
) -> None:
    client = writer(api_key=KEY)
    first = client.post("/api/articles", json=BODY, headers={"X-API-Key": KEY})
    assert first.status_code == 201, first.text
    result = first.json()
    assert result["status"] == "stored"
    assert first.headers["location"] == result["url"] == f"/api/articles/{result['id']}"
    stored = client.get(result["url"]).json()
    assert stored["article"]["title"] == "Vienna meeting"
    assert stored["article"]["published"] == "2015-07-14"
    assert stored["article"]["source"] == "Meridian"
    again = client.post("/api/articles", json=BODY, headers={"X-API-Key": KEY})
    assert again.status_code == 200
    assert again.json() == {**result, "status": "duplicate"}
    assert fresh_store.count() == 1


def test_api_post_html_takes_the_page_metadata(
    writer: Callable[..., TestClient], fake_pipeline: list[RawArticle]
) -> None:
    html = (SAMPLES / "html" / "2015-07-14-vienna-iran-nuclear-deal.html").read_text()
    answer = writer(api_key=KEY).post(
        "/api/articles", json={"html": html, "source": "Given Outlet"}, headers={"X-API-Key": KEY}
    )
    assert answer.status_code == 201, answer.text
    [raw] = fake_pipeline
    assert raw.source == "Given Outlet"
    assert raw.title and "Iran" in raw.title
    assert "Vienna" in raw.text and "<" not in raw.text


@pytest.mark.parametrize(
    ("body", "options", "code"),
    [
        ({"text": "   \n  "}, {}, "E102"),
        ({"html": "<html><body></body></html>"}, {}, "E108"),
        ({"html": "<p>" + "x" * 200 + "</p>"}, {"max_input_bytes": 100}, "E104"),
        ({"text": "word " * 50}, {"max_article_chars": 20}, "E104"),
    ],
)
def test_api_post_unusable_article_is_422(
    writer: Callable[..., TestClient], body: dict[str, str], options: dict[str, int], code: str
) -> None:
    # The real pipeline: each of these fails before anything is parsed.
    answer = writer(api_key=KEY, **options).post(
        "/api/articles", json=body, headers={"X-API-Key": KEY}
    )
    assert error_of(answer, 422)["code"] == code


@pytest.mark.slow
def test_api_post_runs_the_real_pipeline(writer: Callable[..., TestClient]) -> None:
    text = (SAMPLES / "text" / "2020-08-05-beirut-port-blast.txt").read_text()
    client = writer(api_key=KEY)
    answer = client.post(
        "/api/articles",
        json={"text": text, "published": "2020-08-05"},
        headers={"X-API-Key": KEY},
    )
    assert answer.status_code == 201, answer.text
    article = answer.json()["id"]
    record = client.get(f"/api/articles/{article}").json()
    assert record["entities"] and record["events"]
    events = client.get("/api/events", params={"article": article}).json()["items"]
    assert [e["id"] for e in events] == sorted(e["id"] for e in record["events"])
