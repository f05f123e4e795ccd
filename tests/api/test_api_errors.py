"""Every failure answers the one error shape with a 4xx/5xx status; bad input is never a 500."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import HTTPException

from eventwire.api.app import create_app
from eventwire.api.articles import decode_cursor, encode_cursor
from eventwire.api.errors import ApiError
from eventwire.config import Settings
from eventwire.errors import Code, StoreError
from eventwire.model import Record
from eventwire.store import Store

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# Fullwidth digits are digits to Python's \d and isdigit, but not to the YYYY-MM-DD format.
FULLWIDTH_DAY = "2015-11-19".translate({ord("0") + d: 0xFF10 + d for d in range(10)})


def error_of(answer: Any, status: int) -> dict[str, str]:
    """The error of an answer, checked to have exactly the documented shape."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert all(isinstance(value, str) and value for value in body["error"].values())
    return dict(body["error"])


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"limit": "0"}, "E401", "'limit'"),
        ({"limit": "-1"}, "E401", "'limit'"),
        ({"limit": "abc"}, "E401", "'limit'"),
        ({"limit": "1.5"}, "E401", "'limit'"),
        ({"limit": ""}, "E401", "'limit'"),
        ({"from": "2015-13-01"}, "E401", "not a calendar date"),
        ({"from": "2015-02-30"}, "E401", "not a calendar date"),
        ({"to": "20151119"}, "E401", "expected YYYY-MM-DD"),
        ({"to": "yesterday"}, "E401", "expected YYYY-MM-DD"),
        ({"from": "2015-11-19T00:00"}, "E401", "expected YYYY-MM-DD"),
        ({"from": FULLWIDTH_DAY}, "E401", "expected YYYY-MM-DD"),
        ({"from": "2016-01-01", "to": "2015-01-01"}, "E401", "is after"),
        ({"cursor": "!!!"}, "E402", "cursor"),
        ({"cursor": "abc"}, "E402", "cursor"),
        ({"cursor": "a" * 5000}, "E402", "cursor"),
        ({"cursor": base64.urlsafe_b64encode(b"\x01\x02").decode()}, "E402", "cursor"),
    ],
)
def test_api_bad_parameters_are_422(
    client: TestClient, params: dict[str, str], code: str, words: str
) -> None:
    error = error_of(client.get("/api/articles", params=params), 422)
    assert error["code"] == code
    assert words in error["message"]


def test_api_cursor_of_another_search_is_422(client: TestClient, corpus: list[Record]) -> None:
    athens = next(r.article.id for r in corpus if r.article.title == "Athens protest")
    answer = client.get("/api/articles", params={"q": "merkel", "cursor": encode_cursor(athens)})
    assert error_of(answer, 422)["code"] == "E402"


@pytest.mark.parametrize("article_id", ["a", "0" * 20, "zz-top", "ü"])
def test_api_cursor_round_trips(article_id: str) -> None:
    assert decode_cursor(encode_cursor(article_id)) == article_id


def test_api_unknown_path_is_404(client: TestClient) -> None:
    for path in ["/api/nothing", "/nothing", "/static/missing.js"]:
        assert error_of(client.get(path), 404)["code"] == "E403"


def test_api_wrong_method_is_405(client: TestClient) -> None:
    answer = client.delete("/api/health")
    error = error_of(answer, 405)
    assert error["code"] == "E404"
    assert "DELETE" in error["message"]
    assert "GET" in answer.headers["allow"]


class BrokenStore:
    """A store whose every read fails the way ``failure`` says."""

    def __init__(self, failure: BaseException) -> None:
        self.failure = failure

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def fail(*args: object, **kwargs: object) -> Any:
            raise self.failure

        return fail


def broken_client(failure: BaseException, settings: Settings) -> TestClient:
    from fastapi.testclient import TestClient

    # The client re-raises server errors by default; here the answer itself is under test.
    return TestClient(create_app(BrokenStore(failure), settings), raise_server_exceptions=False)  # type: ignore[arg-type]


def test_api_unexpected_error_is_500_without_details(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with broken_client(RuntimeError("secret detail"), settings) as client:
        error = error_of(client.get("/api/health"), 500)
    assert error["code"] == "E405"
    assert "RuntimeError" in error["message"]
    assert "secret detail" not in error["message"]
    assert "secret detail" in caplog.text


def test_api_store_error_is_503(settings: Settings) -> None:
    failure = StoreError(Code.E301, url="sqlite:///x.db", reason="disk I/O error")
    with broken_client(failure, settings) as client:
        error = error_of(client.get("/api/articles"), 503)
    assert error == {
        "code": "E301",
        "message": "cannot open the database sqlite:///x.db: disk I/O error",
    }


def test_api_error_codes_are_in_the_catalogue() -> None:
    error = ApiError(418, Code.E401, param="x", reason="y")
    assert error.status == 418
    assert str(error) == "E401 invalid x: y"


def test_api_openapi_documents_the_endpoints_and_error_shape(client: TestClient) -> None:
    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    schema = answer.json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/health"} <= set(schema["paths"])
    listing = schema["paths"]["/api/articles"]["get"]
    assert {param["name"] for param in listing["parameters"]} >= {
        "q",
        "from",
        "to",
        "source",
        "limit",
        "cursor",
    }
    invalid = listing["responses"]["422"]["content"]["application/json"]["schema"]
    assert invalid == {"$ref": "#/components/schemas/ErrorBody"}
    record = schema["paths"]["/api/articles/{article_id}"]["get"]["responses"]["200"]
    assert record["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Record"
    }


def test_api_serves_no_cdn_documentation_pages(client: TestClient) -> None:
    # Swagger UI and ReDoc would load from a CDN; the app must work without the internet.
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_api_other_http_errors_keep_their_status(store: Store, settings: Settings) -> None:
    from fastapi.testclient import TestClient

    app = create_app(store, settings)

    @app.get("/api/teapot")
    def teapot() -> None:
        raise HTTPException(418, "short and stout", headers={"X-Kind": "teapot"})

    with TestClient(app) as client:
        answer = client.get("/api/teapot")
    assert error_of(answer, 418) == {"code": "E407", "message": "request refused: short and stout"}
    assert answer.headers["x-kind"] == "teapot"


def test_api_validation_message_names_the_parameter(client: TestClient) -> None:
    error = error_of(client.get("/api/articles", params={"limit": "0"}), 422)
    assert error["message"] == (
        "invalid query parameter 'limit': Input should be greater than or equal to 1"
    )
