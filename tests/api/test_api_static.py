"""The web UI's files are served by the app, with the right types and nothing from elsewhere."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from eventwire.web import static_dir

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def test_web_index_is_served_at_root(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script src="/static/app.js" defer></script>' in answer.text
    assert '<link rel="stylesheet" href="/static/app.css">' in answer.text
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/app.js", "text/javascript; charset=utf-8"),
        ("/static/app.css", "text/css; charset=utf-8"),
        ("/static/index.html", "text/html; charset=utf-8"),
    ],
)
def test_web_assets_are_served_with_their_types(
    client: TestClient, path: str, content_type: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == content_type
    assert answer.content == (static_dir() / path.rsplit("/", 1)[1]).read_bytes()


@pytest.mark.parametrize("name", ["index.html", "app.js", "app.css"])
def test_web_assets_load_nothing_from_the_internet(name: str) -> None:
    text = (static_dir() / name).read_text(encoding="utf-8")
    # Absolute and protocol-relative addresses; the browser test checks the requests made.
    assert not re.search(r"https?://|(src|href)=\"//|url\(\s*['\"]?//", text, re.IGNORECASE)
    assert "@import" not in text
    assert "@font-face" not in text


def test_web_script_never_parses_article_text_as_html() -> None:
    script = (static_dir() / "app.js").read_text(encoding="utf-8")
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("]:
        assert sink not in script
