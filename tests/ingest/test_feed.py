"""RSS and Atom feeds: one article per entry; malformed and hostile feeds fail cleanly."""

from __future__ import annotations

import io
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.feed import read_feed

from .helpers import Item, articles

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>Bomb</title><description>&lol9;</description></item>
</channel></rss>
"""


def _read(data: bytes, settings: Settings) -> list[RawArticle | InputFailure]:
    return list(read_feed(io.BytesIO(data), "news.rss", settings))


def test_feed_rss2_entries(read_all: Callable[..., list[Item]], fixtures: Path) -> None:
    first, second = articles(read_all([fixtures / "valley_courier.rss"]))
    assert first.origin.endswith("valley_courier.rss#1")
    assert first.title == "Bridge reopens after flood repairs"
    assert first.url == "https://courier.example/news/2021/bridge-reopens"
    assert first.author == "Maria Okafor"
    assert first.source == "Valley Courier"
    assert first.published == date(2021, 4, 5)
    assert first.external_id == "courier-1042"
    # content:encoded wins over the shorter description, its paragraphs kept apart
    assert first.text == (
        "The Mill Street bridge in Riverton reopened to traffic on Monday, three weeks after "
        "flood water damaged its eastern support.\n\nEngineers from the county spent the "
        "weekend testing the new supports, the roads department said."
    )
    assert second.origin.endswith("valley_courier.rss#2")
    assert second.text.startswith("Riverton council voted six to one")
    assert second.published == date(2021, 4, 8)
    assert second.author is None


def test_feed_atom_entries(read_all: Callable[..., list[Item]], fixtures: Path) -> None:
    first, second = articles(read_all([fixtures / "harbour_news.atom"]))
    assert first.source == "Harbour Town News"
    assert first.author == "Jonas Vik"
    assert first.url == "https://harbour.example/2022/ferry-strike-ends"
    assert first.published == date(2022, 6, 1)  # published, not the later updated
    assert first.text.split("\n\n") == [
        "Ferry crews in Harbour Town went back to work on Wednesday after the operator agreed "
        "to a new rota.",
        "About 3,000 passengers a day had been stranded during the stoppage, the port "
        "authority said.",
    ]
    assert second.published == date(2022, 6, 2)  # from updated when there is no published
    assert second.text == (
        "The old fish market on the quay will close in August and reopen in a former bus depot."
    )


def test_feed_short_fragment_falls_back_to_lxml(ingest_settings: Settings) -> None:
    feed = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Brief</title>'
        b"<description>&lt;p&gt;Road shut.&lt;/p&gt;&lt;p&gt;Detour via Elm Lane.&lt;/p&gt;"
        b"</description></item></channel></rss>"
    )
    (article,) = _read(feed, ingest_settings)
    assert isinstance(article, RawArticle)
    assert article.text == "Road shut.\n\nDetour via Elm Lane."


def test_feed_entry_without_text_fails_alone(ingest_settings: Settings) -> None:
    feed = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>Only a title</title></item>"
        b"<item><title>Full</title><description>Ferry service resumes.</description></item>"
        b"</channel></rss>"
    )
    failure, article = _read(feed, ingest_settings)
    assert isinstance(failure, InputFailure)
    assert failure.origin == "news.rss#1"
    assert failure.error.code is Code.E108
    assert isinstance(article, RawArticle)
    assert article.origin == "news.rss#2"


def test_feed_recoverable_errors_keep_entries(ingest_settings: Settings) -> None:
    # &nbsp; is undefined in XML: feedparser flags the feed but still reads its entries.
    feed = (
        b'<rss version="2.0"><channel><title>T&nbsp;News</title><item><title>A</title>'
        b"<description>The depot fire is out.</description></item></channel></rss>"
    )
    (article,) = _read(feed, ingest_settings)
    assert isinstance(article, RawArticle)
    assert article.text == "The depot fire is out."


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"<rss version='2.0'><channel><title>Cut off", Code.E106, "malformed feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><title>Cut <b", Code.E106, "malformed feed"),
        (b"<rss version='2.0'><channel><item><title>Half", Code.E106, "malformed feed"),
        (
            b"<?xml version='1.0'?><catalog><book>Not a feed</book></catalog>",
            Code.E106,
            "not an RSS",
        ),
        (b"<rss version='2.0'><channel><title>Empty</title></channel></rss>", Code.E102, "empty"),
    ],
)
def test_feed_malformed_is_e106(
    ingest_settings: Settings, data: bytes, code: Code, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        _read(data, ingest_settings)
    assert caught.value.code is code
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_feed_billion_laughs_is_rejected_quickly(ingest_settings: Settings, codec: str) -> None:
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        _read(BILLION_LAUGHS.encode(codec), ingest_settings)
    assert time.monotonic() - started < 1
    assert caught.value.code is Code.E106
    assert "entity declarations are not allowed" in str(caught.value)
    growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before
    assert growth_kib < 50_000


def test_feed_external_entity_is_rejected(ingest_settings: Settings) -> None:
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b"<rss version='2.0'><channel><title>&secret;</title></channel></rss>"
    )
    with pytest.raises(InputError, match="entity declarations"):
        _read(feed, ingest_settings)


def test_feed_oversize_is_e104(make_settings: Callable[..., Settings], fixtures: Path) -> None:
    data = (fixtures / "valley_courier.rss").read_bytes()
    with pytest.raises(InputError) as caught:
        _read(data, make_settings(max_input_bytes=100))
    assert caught.value.code is Code.E104
