"""The article list and the article view in a real browser, on hand-built records.

Chromium and the page fixture come from ``conftest.py``; the views on records of the real
pipeline are tested in ``test_web_views.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.errors import Code, message
from eventwire.model import Article, Entity, Mention, Note, Record
from eventwire.store import open_store

from .conftest import CHROMIUM, serving

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright==1.65.2)"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM} (apt-get install chromium)"
    ),
]


def make_record(
    text: str,
    title: str,
    source: str,
    published: str,
    entities: list[tuple[str, str, list[str]]],
    language: str = "en",
    notes: list[Note] | None = None,
) -> Record:
    """A record whose entities (name, type, surface forms) are found in ``text``.

    Longer surface forms claim their text first, so "Merkel" inside "Angela Merkel" is not a
    second mention. Offsets are Python ``str`` indices, as the extractors give them.
    """
    claims = sorted(
        ((surface, n) for n, (_, _, surfaces) in enumerate(entities) for surface in surfaces),
        key=lambda claim: -len(claim[0]),
    )
    taken: list[tuple[int, int]] = []
    mentions: list[list[Mention]] = [[] for _ in entities]
    for surface, n in claims:
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                mentions[n].append(Mention(start=start, end=end, text=surface))
            start = text.find(surface, end)
    built = [
        Entity(id=f"e{n}", name=name, type=kind, mentions=sorted(found, key=lambda m: m.start))
        for n, ((name, kind, _), found) in enumerate(zip(entities, mentions, strict=True))
    ]
    return Record(
        pipeline="test",
        article=Article(
            id=hashlib.sha256(text.encode()).hexdigest()[:20], title=title, source=source,
            language=language, published=published, published_from="given", text=text,
        ),
        entities=built,
        notes=notes or [],
    )


# Emoji flags lie outside the Basic Multilingual Plane: each of their two code points is two
# UTF-16 units in JavaScript, so highlights after them shift unless offsets are converted.
SUMMIT = make_record(
    "🇩🇪 Angela Merkel met Emmanuel Macron at the Brandenburg Gate in Berlin on Tuesday.\n\n"
    "German officials said the European Union would send aid along the Rhine. "
    "Merkel called the talks <b>not bold</b> but useful.",
    title="Merkel meets Macron", source="Reuters", published="2015-11-19",
    entities=[
        ("Angela Merkel", "PERSON", ["Angela Merkel", "Merkel"]),
        ("Emmanuel Macron", "PERSON", ["Emmanuel Macron"]),
        ("Brandenburg Gate", "FAC", ["Brandenburg Gate"]),
        ("Berlin", "GPE", ["Berlin"]),
        ("German", "NORP", ["German"]),
        ("European Union", "ORG", ["European Union"]),
        ("Rhine", "LOC", ["Rhine"]),
    ],
)
SPEECH = make_record(
    "Die Bundeskanzlerin sprach am Freitag in Athen über die Schuldenkrise.",
    title="Rede in Athen", source="dpa", published="2015-11-27", entities=[], language="de",
    notes=[Note(code="W201", message=message(Code.W201, language="de"))],
)


@pytest.fixture
def live_server(tmp_path: Path, settings: Settings) -> Iterator[str]:
    """The app on a free local port, serving a store of the two records; yields its URL."""
    store = open_store(f"sqlite:///{tmp_path}/web.db")
    store.put([SUMMIT, SPEECH])
    try:
        with serving(store, settings) as url:
            yield url
    finally:
        store.close()


def expected_marks(record: Record) -> list[tuple[str, str]]:
    """Each mention's text and entity type, in text order."""
    spans = sorted(
        (mention.start, mention.text, entity.type)
        for entity in record.entities for mention in entity.mentions
    )
    return [(text, kind) for _, text, kind in spans]


def test_web_search_and_read_an_article(page: Any, live_server: str, tmp_path: Path) -> None:
    expect = sync_api.expect
    page.goto(live_server)
    expect(page.locator("#results li")).to_have_count(2)
    expect(page.locator("#count")).to_have_text("2 articles stored")

    page.fill("input[name=q]", "macron")
    page.click("#search button[type=submit]")
    expect(page.locator("#results li")).to_have_count(1)
    expect(page.locator("#results li .title")).to_have_text("Merkel meets Macron")
    expect(page.locator("#results li .snippet b").first).to_have_text("Macron")
    assert page.evaluate("location.hash") == "#/search?q=macron"

    page.click("#results li .title")
    expect(page.locator("#article-view")).to_be_visible()
    expect(page.locator("#article-title")).to_have_text("Merkel meets Macron")
    marks = page.locator("#article-text mark.mention")
    expect(marks).to_have_count(len(expected_marks(SUMMIT)))
    shown = [
        (mark.inner_text(), mark.get_attribute("class").split()[1].removeprefix("t-"))
        for mark in marks.all()
    ]
    assert shown == expected_marks(SUMMIT)
    # The text is shown as written, markup included, never parsed as HTML.
    assert page.locator("#article-text b").count() == 0
    assert page.locator("#article-text").inner_text() == SUMMIT.article.text
    colours = {
        kind: page.locator(f"#legend .t-{kind} .swatch").evaluate(
            "node => getComputedStyle(node).backgroundColor"
        )
        for kind in ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"]
    }
    assert len(set(colours.values())) == 6

    merkel = page.locator("#entity-list button.entity", has_text="Angela Merkel")
    expect(merkel.locator(".mentions")).to_have_text("2")
    merkel.click()
    expect(merkel).to_have_attribute("aria-pressed", "true")
    selected = page.locator("#article-text mark.selected")
    expect(selected).to_have_count(2)
    assert selected.all_inner_texts() == ["Angela Merkel", "Merkel"]
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    merkel.click()
    expect(selected).to_have_count(0)

    page.click("#back")
    expect(page.locator("#results li")).to_have_count(1)
    expect(page.locator("input[name=q]")).to_have_value("macron")


def test_web_filters_by_date_and_shows_notes(page: Any, live_server: str) -> None:
    expect = sync_api.expect
    page.goto(live_server)
    expect(page.locator("#results li")).to_have_count(2)
    page.fill("input[name=from]", "2015-11-20")
    page.click("#search button[type=submit]")
    expect(page.locator("#results li")).to_have_count(1)
    expect(page.locator("#results li .date")).to_have_text("2015-11-27")

    page.click("#results li .title")
    expect(page.locator("#article-notes li")).to_have_text(
        "W201 language 'de' is not English: English extractors skipped"
    )
    expect(page.locator("#entity-list li")).to_have_text("none found")


def test_web_missing_article_says_why(
    page: Any, live_server: str, expected_failures: list[str]
) -> None:
    expect = sync_api.expect
    expected_failures.append("HTTP 404 " + live_server + "api/articles/nothing-here")
    page.goto(f"{live_server}#/article/nothing-here")
    expect(page.locator("#status")).to_have_text(
        "E003 no article with id 'nothing-here' in the store"
    )
    expect(page.locator("#status")).to_have_class("status error")
