"""HTML fuzzed: random markup, deep nesting, unclosed tags, giant attributes, script floods."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import Code
from eventwire.ingest import InputFailure

from .helpers import FUZZ, peak_rss_mb, read_file, small_limits

TAGS = (
    "div", "p", "b", "i", "a", "span", "table", "tr", "td", "ul", "li", "script", "style",
    "article", "body", "html", "head", "title", "svg", "math", "template", "iframe",
)  # fmt: skip
ODDITIES = (
    "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "&nbsp", "<", ">",
    "<!DOCTYPE html>", "<?xml?>", "\x00",
)  # fmt: skip
PROSE = "The council approved the new budget on Tuesday after a long debate. "


@st.composite
def markup(draw: st.DrawFn) -> str:
    """Tag soup: opening, closing and self-closing tags, text, comments, entities, cut anywhere."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
                st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
                st.sampled_from(TAGS).map(lambda tag: f"<{tag} class='x' id=\"y\"/>"),
                st.just(PROSE),
                st.text(max_size=40),
                st.sampled_from(ODDITIES),
            ),
            max_size=60,
        )
    )
    return "".join(pieces)


@FUZZ
@given(markup(), st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-32"]))
def test_html_tag_soup_never_raises(page: str, encoding: str) -> None:
    read_file(page.encode(encoding, errors="replace"), "page.html")


@FUZZ
@given(st.binary(max_size=4096))
def test_html_random_bytes_never_raise(data: bytes) -> None:
    read_file(b"<html><body>" + data, "page.html")


@FUZZ
@given(st.sampled_from(["div", "p", "b", "table", "li", "span"]), st.integers(1, 10_000))
def test_html_deep_nesting_never_raises(tag: str, depth: int) -> None:
    page = f"<html><body>{f'<{tag}>' * depth}{PROSE * 5}{f'</{tag}>' * depth}</body></html>"
    read_file(page.encode(), "page.html")


@pytest.mark.parametrize("closed", [True, False])
def test_html_10000_levels_deep_is_read(closed: bool) -> None:
    tail = "</div>" * 10_000 + "</body></html>" if closed else ""
    page = "<html><body>" + "<div>" * 10_000 + PROSE * 5 + tail
    read_file(page.encode(), "page.html")


def test_html_unclosed_tags_everywhere_are_read() -> None:
    page = "<html><body>" + "<p><b><i><a href='x'>" * 2_000 + PROSE
    read_file(page.encode(), "page.html")


def test_html_giant_attribute_stays_in_memory_bounds() -> None:
    before = peak_rss_mb()
    page = f"<html><body><p title='{'a' * 5_000_000}'>{PROSE * 3}</p></body></html>"
    read_file(page.encode(), "page.html", small_limits(max_input_bytes=10_000_000))
    # A 5 MB attribute may cost a few copies in lxml and trafilatura, never hundreds of MB.
    assert peak_rss_mb() - before < 300


def test_html_script_and_style_flood_is_read() -> None:
    flood = "<script>var a = 1;</script><style>p { color: red }</style>" * 20_000
    page = f"<html><body>{flood}<article><p>{PROSE * 3}</p></article></body></html>"
    items = read_file(page.encode(), "page.html", small_limits(max_input_bytes=10_000_000))
    assert "var a" not in " ".join(getattr(item, "text", "") for item in items)


def test_html_over_the_limit_is_e104_before_parsing() -> None:
    page = b"<html><body>" + b"<p>x</p>" * 50_000
    items = read_file(page, "page.html", small_limits(max_input_bytes=100_000))
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E104]


@pytest.mark.parametrize("tag", ["p", "script", "li"])
def test_html_200000_elements_are_read_in_linear_time(tag: str) -> None:
    # Regression: trafilatura took minutes on pages of many small elements.
    page = f"<html><body><article>{f'<{tag}>Short line.</{tag}>' * 200_000}</article></body></html>"
    started = time.perf_counter()
    read_file(
        page.encode(),
        "page.html",
        small_limits(max_input_bytes=10_000_000, max_article_chars=10_000_000),
    )
    assert time.perf_counter() - started < 20
