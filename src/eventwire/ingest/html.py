"""HTML pages: the main text and metadata through trafilatura, boilerplate left behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

import lxml.etree
import lxml.html
from trafilatura import bare_extraction
from trafilatura.settings import Document
from trafilatura.xml import xmltotxt

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import RawArticle
from eventwire.ingest.limits import read_bounded
from eventwire.ingest.text import decode_text

# Publication dates from the page's metadata, markup and URL only: htmldate's extensive
# search also reads free text, where a copyright line or an event date passes for one.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}

# Elements that end a paragraph in the fallback extraction of feed fragments.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p",
        "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_DROPPED_TAGS = ("script", "style", "noscript", "template")
# trafilatura slows quadratically with the number of elements (its XPath queries over every
# paragraph): 40,000 took 12 s and 200,000 minutes. Real pages have a few thousand; past this
# many opening tags a page gets the linear block walk instead, so no page can stall a batch.
MAX_EXTRACTED_TAGS = 25_000


def read_html(
    stream: BinaryIO, origin: str, settings: Settings, size: int | None = None
) -> Iterator[RawArticle]:
    """The one article of an HTML page.

    Raises ``InputError``: E104 over ``settings.max_input_bytes`` (checked on ``size``
    before reading), E108 when the page has no main text.
    """
    data = read_bounded(stream, settings.max_input_bytes, size, "max_input_bytes")
    yield html_to_article(data, origin)


def html_to_article(html: str | bytes, origin: str, url: str | None = None) -> RawArticle:
    """The article in an HTML page: main text (paragraphs split by blank lines) and metadata.

    ``url`` is where the page was fetched from; a canonical URL in the page wins over it.
    A page with more than ``MAX_EXTRACTED_TAGS`` tags gets its block text without metadata.
    Raises ``InputError(E108)`` when trafilatura finds no main text.
    """
    if _opening_tags(html) > MAX_EXTRACTED_TAGS:
        return _walked_article(html, origin, url)
    document = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        # Precision: on short pages the balanced mode falls back to a recall pass that
        # lets menu links ("Home") into the text, and boilerplate is worse than a lost line.
        favor_precision=True,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(document, Document):
        raise InputError(Code.E108)
    title = _clean(document.title)
    paragraphs = _paragraphs(document)
    # trafilatura keeps the page's headline as the first line of the text; it is the title.
    if paragraphs and title is not None and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError(Code.E108)
    return RawArticle(
        origin=origin,
        text="\n\n".join(paragraphs),
        title=title,
        url=_clean(document.url) or url,
        source=_clean(document.sitename),
        author=_clean(document.author),
        published=_iso_date(document.date),
    )


def _opening_tags(html: str | bytes) -> int:
    """How many tags ``html`` opens, counted on the raw markup (an upper bound, in linear time)."""
    if isinstance(html, bytes):
        return html.count(b"<") - html.count(b"</")
    return html.count("<") - html.count("</")


def _walked_article(html: str | bytes, origin: str, url: str | None) -> RawArticle:
    """The article of a page too big for trafilatura: every block's text, in order."""
    text = fragment_to_text(decode_text(html) if isinstance(html, bytes) else html)
    if not text:
        raise InputError(Code.E108)
    return RawArticle(origin=origin, text=text, url=url)


def fragment_to_text(html: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, split by blank lines.

    For feed content that is too short or too bare for trafilatura's page extraction.
    """
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        words = "".join(pending).split()
        if words:
            paragraphs.append(" ".join(words))
        pending.clear()

    # iterwalk rather than recursion: feed content may nest thousands of levels deep.
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        is_element = isinstance(element.tag, str)
        if event == "start":
            if is_element and element.tag in _BLOCK_TAGS:
                flush()
            if is_element and element.tag == "br":
                flush()
            if is_element and element.text:
                pending.append(element.text)
            continue
        if is_element and element.tag in _BLOCK_TAGS:
            flush()
        if element is not root and element.tail:
            pending.append(element.tail)
    flush()
    return "\n\n".join(paragraphs)


def _paragraphs(document: Document) -> list[str]:
    """The main text's blocks, each with its inner line breaks kept, empty ones dropped."""
    if document.body is not None and len(document.body):
        blocks = [xmltotxt(child, False) for child in document.body]
    else:
        blocks = (document.text or "").split("\n")
    return [block.strip() for block in blocks if block and block.strip()]


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
