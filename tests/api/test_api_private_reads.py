"""Read endpoints are open by default and can be made to need the API key."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from eventwire.config import Settings


def test_api_reads_are_open_by_default(client: TestClient) -> None:
    assert client.get("/api/articles").status_code == 200


def test_api_private_reads_need_the_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_private_reads=True, api_key="s3cret")
    refused = client.get("/api/articles")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "E409"
    assert client.get("/api/events", headers={"X-API-Key": "wrong"}).status_code == 401
    assert client.get("/api/articles", headers={"X-API-Key": "s3cret"}).status_code == 200
    assert client.get("/api/health").status_code == 200
    assert client.get("/").status_code == 200, "the UI page itself is static"


def test_api_private_reads_without_a_key_configured_are_refused(
    make_client: Callable[..., TestClient],
) -> None:
    answer = make_client(api_private_reads=True).get("/api/articles")
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "E408"


def test_api_private_reads_setting_reads_the_environment() -> None:
    assert Settings.from_env({"EVENTWIRE_API_PRIVATE_READS": "true"}).api_private_reads is True
    assert Settings.from_env({"EVENTWIRE_API_PRIVATE_READS": "0"}).api_private_reads is False
    assert Settings.from_env({}).api_private_reads is False
