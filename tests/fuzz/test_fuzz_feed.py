"""RSS and Atom fuzzed: entity bombs, external entities, DOCTYPE tricks, wide encodings, cuts."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import Code
from eventwire.ingest import InputFailure, RawArticle

from .helpers import FUZZ, peak_rss_mb, read_file, read_stdin, small_limits

ITEM = "<item><title>Vote</title><description>{}</description></item>"
BODY = "The council approved the new budget on Tuesday after a long debate."
WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")


def rss(items: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel>{items}</channel></rss>'


def laughs(depth: int = 9) -> str:
    """The "billion laughs": each entity ten of the one before."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, depth + 1))
    return f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{entities}]>'


BOMBS = {
    "billion laughs": (laughs(), "&lol9;"),
    "quadratic blowup": (f'<!DOCTYPE rss [<!ENTITY a "{"x" * 50_000}">]>', "&a;" * 50_000),
    "external entity": ('<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    "parameter entity": ('<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://x.invalid/"> %p;]>', "x"),
    "lower-case declaration": ('<!DOCTYPE rss [<!entity a "aaaa">]>', "&a;"),
}


@pytest.mark.parametrize("encoding", ["utf-8", *WIDE])
@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_feed_entity_bombs_are_refused(bomb: str, encoding: str) -> None:
    prolog, use = BOMBS[bomb]
    before = peak_rss_mb()
    items = read_file(rss(ITEM.format(use), prolog).encode(encoding), "feed.xml")
    assert [type(item) for item in items] == [InputFailure]
    assert peak_rss_mb() - before < 100


def test_feed_entity_declaration_in_utf32_is_e106() -> None:
    # Regression: the declaration was only looked for in UTF-8 and UTF-16, so refusing a
    # UTF-32 bomb rested on expat happening to reject the encoding.
    items = read_file(rss(ITEM.format("&lol9;"), laughs()).encode("utf-32"), "feed.xml")
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E106]


def test_feed_entity_bomb_on_stdin_is_never_expanded() -> None:
    # Sniffed from content, a DOCTYPE with a subset reads as text, and text is not expanded.
    items = read_stdin(rss(ITEM.format("&lol9;"), laughs()).encode())
    assert all("lollol" not in getattr(item, "text", "") for item in items)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss SYSTEM "http://x.invalid/rss.dtd">',
        '<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "http://x.invalid/rss.dtd">',
        "<!DOCTYPE html>",
        "<!DOCTYPE rss [ ]>",
        '<?xml-stylesheet href="file:///etc/passwd"?>',
    ],
)
def test_feed_doctype_tricks_never_fetch_or_raise(prolog: str) -> None:
    items = read_file(
        rss(ITEM.format(f"{BODY} &amp; &nbsp; &undefined;"), prolog).encode(), "feed.xml"
    )
    assert all("root:" not in getattr(item, "text", "") for item in items)


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["utf-8", *WIDE]), st.integers(0, 2000))
def test_feed_wide_encodings_cut_anywhere_never_raise(body: str, encoding: str, cut: int) -> None:
    data = rss(ITEM.format(body) * 3).encode(encoding, errors="replace")
    read_file(data[: len(data) - cut], "feed.xml")


@FUZZ
@given(st.binary(max_size=4096))
def test_feed_random_bytes_never_raise(data: bytes) -> None:
    read_file(data, "feed.rss")


@st.composite
def feed_soup(draw: st.DrawFn) -> str:
    """Feed markup with its pieces shuffled, repeated and cut."""
    pieces = st.sampled_from([
        "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "</feed>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "</content>",
        "<content type='html'>", "<description>", "</description>", "<![CDATA[", "]]>",
        "<pubDate>", "</pubDate>", "Tue, 99 Foo 2015",
        "&lt;p&gt;", "<p>", BODY, "&#0;", "&#xD800;", "<!--", "-->", "\x00", "\ufffe",
    ])  # fmt: skip
    return "".join(draw(st.lists(st.one_of(pieces, st.text(max_size=20)), max_size=50)))


@FUZZ
@given(feed_soup(), st.sampled_from(["feed.xml", "feed.atom", "feed"]))
def test_feed_soup_never_raises(soup: str, name: str) -> None:
    read_file(soup.encode(), name)


@pytest.mark.parametrize("repeat", [1, 5_000])
def test_feed_cdata_flood_is_read(repeat: int) -> None:
    cdata = f"<![CDATA[<p>{BODY}</p>]]>" * repeat
    items = read_file(
        rss(ITEM.format(cdata)).encode(), "feed.xml", small_limits(max_input_bytes=10_000_000)
    )
    assert isinstance(items[0], RawArticle | InputFailure)


@pytest.mark.parametrize(
    "depth", [10_000, pytest.param(100_000, marks=pytest.mark.slow)], ids=["10k", "100k"]
)
def test_feed_entry_nested_deep_is_e106(depth: int) -> None:
    items = read_file(
        rss(ITEM.format("<x>" * depth)).encode(),
        "feed.xml",
        small_limits(max_input_bytes=10_000_000),
    )
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E106]


def test_feed_escaped_html_nested_10000_deep_is_read() -> None:
    nested = "&lt;div&gt;" * 10_000 + BODY
    read_file(
        rss(ITEM.format(nested)).encode(), "feed.xml", small_limits(max_input_bytes=10_000_000)
    )


def test_feed_entry_of_100000_cdata_paragraphs_is_read_in_linear_time() -> None:
    # Regression: an entry of many paragraphs went to trafilatura, which took over a minute
    # on 100,000 of them (four minutes on 200,000).
    cdata = f"<![CDATA[<p>{BODY}</p>]]>" * 100_000
    started = time.perf_counter()
    items = read_file(
        rss(ITEM.format(cdata)).encode(), "feed.xml", small_limits(max_input_bytes=20_000_000)
    )
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E104]
    assert time.perf_counter() - started < 30
