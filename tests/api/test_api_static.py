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
        ("/static/world.json", "application/json"),
        ("/static/map.js", "text/javascript; charset=utf-8"),
    ],
)
def test_web_assets_are_served_with_their_types(
    client: TestClient, path: str, content_type: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == content_type
    assert answer.content == (static_dir() / path.rsplit("/", 1)[1]).read_bytes()


SCRIPTS = sorted(path.name for path in static_dir().glob("*.js"))
# The SVG namespace is an identifier the DOM needs spelled out; nothing is fetched from it.
SVG_NAMESPACE = 'const SVG_NS = "http://www.w3.org/2000/svg";'


def test_web_index_loads_every_script_once() -> None:
    index = (static_dir() / "index.html").read_text(encoding="utf-8")
    loaded = re.findall(r'<script src="/static/([\w.]+)" defer></script>', index)
    assert sorted(loaded) == SCRIPTS
    assert loaded[-1] == "app.js"


@pytest.mark.parametrize("name", ["index.html", "app.css", "world.json", *SCRIPTS])
def test_web_assets_load_nothing_from_the_internet(name: str) -> None:
    text = (static_dir() / name).read_text(encoding="utf-8").replace(SVG_NAMESPACE, "")
    # Absolute and protocol-relative addresses; the browser test checks the requests made.
    assert not re.search(r"https?://|(src|href)=\"//|url\(\s*['\"]?//", text, re.IGNORECASE)
    assert "@import" not in text
    assert "@font-face" not in text


@pytest.mark.parametrize("name", SCRIPTS)
def test_web_script_never_parses_article_text_as_html(name: str) -> None:
    script = (static_dir() / name).read_text(encoding="utf-8")
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("]:
        assert sink not in script
