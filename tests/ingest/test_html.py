"""HTML pages: main text without boilerplate, metadata, and pages that break parsers."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import Code, InputError
from eventwire.ingest import html_to_article
from eventwire.ingest.html import fragment_to_text

from .helpers import Item, articles, failures

PARAGRAPH = (
    "Volunteers planted four hundred oak saplings along the old railway line on Saturday, "
    "the first step of a plan to turn the track into a walking path."
)


def test_html_page_main_text_and_metadata(
    read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    (article,) = articles(read_all([fixtures / "riverton_flood.html"]))
    assert article.title == "Flood waters rise in Riverton"
    assert article.source == "Valley Courier"
    assert article.author == "Maria Okafor"
    assert article.url == "https://courier.example/news/2021/riverton-flood"
    assert article.published == date(2021, 3, 14)
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Residents of Riverton were moved")
    assert paragraphs[2].endswith("by Tuesday evening.")


@pytest.mark.parametrize(
    "boilerplate",
    ["Skip to main content", "cookies", "Accept", "Home", "Weather", "Copyright", "Privacy"],
)
def test_html_boilerplate_is_removed(
    read_all: Callable[..., list[Item]], fixtures: Path, boilerplate: str
) -> None:
    (article,) = articles(read_all([fixtures / "riverton_flood.html"]))
    assert boilerplate not in article.text


def test_html_headline_is_not_repeated_in_text(
    read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    (article,) = articles(read_all([fixtures / "riverton_flood.html"]))
    assert not article.text.startswith("Flood waters rise")


def test_html_to_article_uses_given_url_without_canonical() -> None:
    page = (
        "<html><head><title>Oaks</title></head>"
        f"<body><article><p>{PARAGRAPH}</p></article></body></html>"
    )
    article = html_to_article(page, "crawl.warc@0", url="https://trees.example/oaks")
    assert article.url == "https://trees.example/oaks"
    assert article.origin == "crawl.warc@0"
    assert article.text == PARAGRAPH


def test_html_date_is_not_guessed_from_free_text() -> None:
    page = (
        "<html><head><title>Oaks</title></head><body><article>"
        f"<p>{PARAGRAPH}</p><p>The line closed on 12 March 1961 after ninety years.</p>"
        "</article><footer>Copyright 2019 Green Gazette</footer></body></html>"
    )
    assert html_to_article(page, "page.html").published is None


def test_html_bytes_with_declared_charset() -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café reopens</title></head><body>'
        "<article><p>The Zaventem café near the station reopened on Friday after a fire in "
        "its kitchen closed it for most of the winter, its owner said.</p></article></body></html>"
    )
    article = html_to_article(page.encode("cp1252"), "cafe.html")
    assert "Zaventem café" in article.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><div>   </div><img src='a.png'></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_html_without_text_is_e108(page: str) -> None:
    with pytest.raises(InputError) as caught:
        html_to_article(page, "empty.html")
    assert caught.value.code is Code.E108


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><p>{PARAGRAPH}" + "<div>" * 5000 + "deep" + "</div>" * 5000,
        "<html><body>" + "<div>" * 5000 + f"<p>{PARAGRAPH}</p>",
        f"<html><body><p>{PARAGRAPH}<p>unclosed <b>bold <i>italic <table><tr><td>cell",
        f"<html><body><p>{PARAGRAPH}</p></span></div></body></html></html><p>after the end",
        f"<<<html>>> <body <p>{PARAGRAPH}</p> <!-- never closed",
    ],
    ids=["deep-after-text", "deep-before-text", "unclosed", "stray-end-tags", "garbled"],
)
def test_html_malformed_does_not_crash_or_hang(
    tmp_path: Path, read_all: Callable[..., list[Item]], page: str
) -> None:
    path = tmp_path / "broken.html"
    path.write_text(page, encoding="utf-8")
    started = time.monotonic()
    items = read_all([path])
    assert time.monotonic() - started < 10
    assert len(items) == 1
    for failure in failures(items):
        assert failure.error.code is Code.E108


def test_html_deep_nesting_keeps_text_before_it(
    tmp_path: Path, read_all: Callable[..., list[Item]]
) -> None:
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body><p>{PARAGRAPH}</p>" + "<div>" * 5000, encoding="utf-8")
    (article,) = articles(read_all([path]))
    assert PARAGRAPH in article.text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("First<br>second<br/><br/>third", "First\n\nsecond\n\nthird"),
        ("<ul><li>a</li><li>b</li></ul>tail", "a\n\nb\n\ntail"),
        (
            "<p>Kept <b>bold</b> and <a href='#'>link</a>.</p><script>drop()</script>",
            "Kept bold and link.",
        ),
        ("plain words", "plain words"),
        ("", ""),
        ("<!-- only a comment -->", ""),
    ],
)
def test_html_fragment_to_text_keeps_paragraphs(fragment: str, text: str) -> None:
    assert fragment_to_text(fragment) == text


def test_html_fragment_to_text_survives_deep_nesting() -> None:
    text = fragment_to_text("<div>" * 5000 + "deep words" + "</div>" * 5000)
    assert text in ("deep words", "")
