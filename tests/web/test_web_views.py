"""The map, timeline, network, quotes and article views on records of the real pipeline.

Four bundled samples are run through the pipeline (spaCy included) into a store served on a
local port. Screenshots go to pytest's temporary directory; with
``EVENTWIRE_UPDATE_SCREENSHOTS=1`` the final map and article views are also written to
``docs/ui-map.png`` and ``docs/ui-article.png`` (then review them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.engine import ingest_paths
from eventwire.store import EventFilter, Store, open_store

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

REPO = Path(__file__).parents[2]
SAMPLES = REPO / "src" / "eventwire" / "samples"
INPUTS = [
    SAMPLES / "html" / "2015-07-14-vienna-iran-nuclear-deal.html",
    SAMPLES / "html" / "2015-11-18-raqqa-strikes-harbourwire.html",
    SAMPLES / "html" / "2015-11-19-raqqa-strikes-meridian.html",
    SAMPLES / "text" / "2020-08-05-beirut-port-blast.txt",
]
UPDATE_SCREENSHOTS = os.environ.get("EVENTWIRE_UPDATE_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of the four samples as the pipeline records them."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('samples') / 'ui.db'}")
    settings = Settings.from_env(environ={})
    report = ingest_paths([str(path) for path in INPUTS], store, settings)
    assert report.summary() == "ingested 4, duplicates 0, failed 0"
    yield store
    store.close()


@pytest.fixture
def live_server(sample_store: Store, settings: Settings) -> Iterator[str]:
    """The app serving the sample store on a free local port."""
    with serving(sample_store, settings) as url:
        yield url


def shoot(page: Any, tmp_path: Path, name: str) -> None:
    """A screenshot in the test's directory, and in docs/ when asked to update them."""
    page.screenshot(path=str(tmp_path / f"{name}.png"))
    if UPDATE_SCREENSHOTS and name in ("ui-map", "ui-article"):
        page.screenshot(path=str(REPO / "docs" / f"{name}.png"))


def placed(store: Store, filters: EventFilter) -> list[tuple[str, str]]:
    """The (article, event) of each event the map should show for ``filters``."""
    rows = store.events(filters, limit=1000)
    return sorted(
        (row.article, row.event.id) for row in rows
        if row.event.place and row.event.place.lat is not None and row.event.place.lon is not None
    )


def dots(page: Any) -> list[tuple[str, str]]:
    found = page.eval_on_selector_all(
        "#map circle.dot", "nodes => nodes.map(n => [n.dataset.article, n.dataset.event])"
    )
    return sorted((article, event) for article, event in found)


def test_web_map_filters_and_opens_an_event(
    page: Any, live_server: str, sample_store: Store, tmp_path: Path
) -> None:
    expect = sync_api.expect
    page.goto(f"{live_server}#/map")
    everything = placed(sample_store, EventFilter())
    assert len(everything) > 20
    expect(page.locator("#map circle.dot")).to_have_count(len(everything))
    assert dots(page) == everything
    expect(page.locator("#map svg.world .land path")).to_have_count(177)
    shoot(page, tmp_path, "ui-map")

    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=from]", "2015-11-18")
    page.fill("input[name=to]", "2015-11-19")
    page.click("#search button[type=submit]")
    wanted = placed(
        sample_store, EventFilter(type="ASSAULT", day_from="2015-11-18", day_to="2015-11-19")
    )
    assert 0 < len(wanted) < len(everything)
    expect(page.locator("#map circle.dot")).to_have_count(len(wanted))
    assert dots(page) == wanted
    assert set(page.eval_on_selector_all(
        "#map circle.dot", "nodes => nodes.map(n => n.dataset.type)")) == {"ASSAULT"}
    assert page.evaluate("location.hash") == "#/map?from=2015-11-18&to=2015-11-19&type=ASSAULT"

    # The filters stay with the user from view to view.
    page.click("#tabs a[data-tab=timeline]")
    expect(page.locator("#timeline-view")).to_be_visible()
    assert page.evaluate("location.hash") == "#/timeline?from=2015-11-18&to=2015-11-19&type=ASSAULT"
    page.click("#tabs a[data-tab=map]")
    expect(page.locator("#map circle.dot")).to_have_count(len(wanted))
    shoot(page, tmp_path, "map-filtered")

    article, event = wanted[0]
    page.locator(f'#map circle.dot[data-article="{article}"][data-event="{event}"]').dispatch_event(
        "click"
    )
    expect(page.locator("#article-view")).to_be_visible()
    assert page.evaluate("location.hash") == f"#/article/{article}?event={event}"
    record = sample_store.get(article)
    assert record is not None
    expect(page.locator("#article-title")).to_have_text(record.article.title or "")
    # Every kind of extraction is highlighted in the text.
    for kind in ("entity", "trigger", "place", "time", "quantity", "quote"):
        assert page.locator(f"#article-text mark.k-{kind}").count() > 0, kind
    assert page.locator("#article-text").inner_text() == record.article.text
    # The event opened is the current one, its trigger marked in the text.
    current = page.locator("#event-list li.current")
    expect(current).to_have_count(1)
    assert current.get_attribute("data-ref") == event
    trigger = page.locator("#article-text mark.k-trigger.current")
    expect(trigger).to_have_count(1)
    chosen = next(e for e in record.events if e.id == event)
    assert chosen.explanation is not None
    expect(trigger).to_have_text(chosen.explanation.trigger.text)
    expect(current.locator("details.why")).to_have_attribute("open", "")
    expect(current.locator("details.why dl")).to_contain_text(chosen.explanation.lexicon)


def test_web_article_marks_denied_events_and_toggles_kinds(
    page: Any, live_server: str, sample_store: Store, tmp_path: Path
) -> None:
    expect = sync_api.expect
    denied = sample_store.events(EventFilter(modality="denied"), limit=100)
    assert denied
    row = denied[-1]
    page.goto(f"{live_server}#/article/{row.article}?event={row.event.id}")
    expect(page.locator("#article-view")).to_be_visible()
    record = sample_store.get(row.article)
    assert record is not None
    item = page.locator(f'#event-list li[data-ref="{row.event.id}"]')
    expect(item).to_have_class(re.compile(r"\bnot-asserted\b"))
    expect(item.locator(".badge")).to_have_text("DENIED")
    not_asserted = [e for e in record.events if e.modality != "asserted"]
    expect(page.locator("#event-list .badge")).to_have_count(len(not_asserted))
    expect(page.locator("#article-text mark.k-trigger.not-asserted")).to_have_count(
        len([e for e in not_asserted if e.explanation is not None])
    )
    shoot(page, tmp_path, "ui-article")

    # Each list counts what the record holds; a click on an item flashes its span.
    expect(page.locator("#quote-list li.item")).to_have_count(len(record.quotes))
    expect(page.locator("#time-list li.item")).to_have_count(len(record.times))
    expect(page.locator("#place-list li.item")).to_have_count(len(record.places))
    expect(page.locator("#quantity-list li.item")).to_have_count(len(record.quantities))
    quantity = record.quantities[0]
    page.click(f'#quantity-list button.goto[data-ref="{quantity.id}"]')
    flashed = page.locator(f'#article-text mark.k-quantity[data-ref="{quantity.id}"]')
    expect(flashed).to_have_class(re.compile(r"\bflash\b"))
    expect(flashed).to_have_text(quantity.text)
    expect(flashed).not_to_have_class(re.compile(r"\bflash\b"))

    # Switching a kind off keeps its marks and text but drops its colour.
    before = flashed.evaluate("node => getComputedStyle(node).backgroundColor")
    page.uncheck('#kind-toggles input[value="quantity"]')
    expect(page.locator("#article-text")).to_have_class(re.compile(r"\bhide-quantity\b"))
    after = flashed.evaluate("node => getComputedStyle(node).backgroundColor")
    assert before != after == "rgba(0, 0, 0, 0)"
    assert page.locator("#article-text").inner_text() == record.article.text


def test_web_timeline_bars_filter_by_date(
    page: Any, live_server: str, sample_store: Store, tmp_path: Path
) -> None:
    expect = sync_api.expect
    page.goto(f"{live_server}#/timeline")
    expect(page.locator("#timeline g.bar").first).to_be_visible()
    dated = [row for row in sample_store.events(limit=1000) if row.day]
    totals = page.eval_on_selector_all(
        "#timeline g.bar", "bars => bars.map(b => Number(b.dataset.total))"
    )
    assert sum(totals) == len(dated)
    assert page.locator("#timeline g.bar rect[data-type]").count() > 0
    expect(page.locator("#timeline-events li.event-row")).to_have_count(min(200, len(dated)))
    shoot(page, tmp_path, "timeline")

    busiest = page.locator("#timeline g.bar").nth(totals.index(max(totals)))
    start, end = busiest.get_attribute("data-from"), busiest.get_attribute("data-to")
    busiest.dispatch_event("click")
    expect(page).to_have_url(re.compile(rf"#/timeline\?from={start}&to={end}$"))
    expect(page.locator("input[name=from]")).to_have_value(start)
    in_bin = [row for row in dated if start <= (row.day or "") <= end]
    expect(page.locator("#timeline-events li.event-row")).to_have_count(len(in_bin))
    shoot(page, tmp_path, "timeline-filtered")


def test_web_network_nodes_list_their_events(
    page: Any, live_server: str, tmp_path: Path
) -> None:
    expect = sync_api.expect
    page.goto(f"{live_server}#/network")
    nodes = page.locator("#network g.node")
    expect(nodes.first).to_be_visible()
    assert nodes.count() > 5
    assert page.locator("#network line.edge").count() > 3
    # The layout has a fixed seed: the same positions on every load.
    positions = page.eval_on_selector_all(
        "#network g.node circle", "cs => cs.map(c => [c.getAttribute('cx'), c.getAttribute('cy')])"
    )
    page.reload()
    expect(nodes.first).to_be_visible()
    assert page.eval_on_selector_all(
        "#network g.node circle", "cs => cs.map(c => [c.getAttribute('cx'), c.getAttribute('cy')])"
    ) == positions
    first = nodes.first
    name = first.get_attribute("data-actor")
    first.dispatch_event("click")
    expect(page.locator("#actor-title")).to_have_text(f"Events of {name}")
    expect(page.locator("#actor-events li.event-row").first).to_be_visible()
    expect(first).to_have_class(re.compile(r"\bselected\b"))
    shoot(page, tmp_path, "network")


def test_web_quotes_by_speaker(
    page: Any, live_server: str, sample_store: Store, tmp_path: Path
) -> None:
    expect = sync_api.expect
    quotes = sample_store.quotes(limit=1000)
    assert quotes, "the pipeline extracted no quotes from the samples"
    page.goto(f"{live_server}#/quotes")
    expect(page.locator("#quote-results li")).to_have_count(min(20, len(quotes)))
    speaker = next(q.speaker for q in quotes if q.speaker)
    assert speaker is not None
    page.fill("input[name=speaker]", speaker)
    page.click("#speaker-form button[type=submit]")
    theirs = sample_store.quotes(speaker=speaker, limit=1000)
    expect(page.locator("#quote-results li")).to_have_count(min(20, len(theirs)))
    for shown in page.locator("#quote-results li .speaker").all_inner_texts():
        assert speaker.lower() in shown.lower()
    shoot(page, tmp_path, "quotes")
    page.locator("#quote-results li a").first.click()
    expect(page.locator("#article-view")).to_be_visible()
    expect(page.locator("#quote-list li.current")).to_have_count(1)


def test_web_corpus_merges_the_raqqa_reports(
    page: Any, live_server: str, sample_store: Store
) -> None:
    expect = sync_api.expect
    harbour, meridian = "Harbour Wire", "Meridian News Service"
    merged = [
        row for row in sample_store.corpus_events(limit=1000)
        if row.type == "ASSAULT" and row.place and "Raqq" in row.place
        and {r.outlet for r in row.reports} == {harbour, meridian}
        and any(("Russia" in a.name or "Russian" in a.name) for r in row.reports
                for a in r.event.sources)
    ]
    # The Russian and French strikes on Raqqa, reported by both outlets: one corpus event.
    assert len(merged) == 1 and merged[0].n_sources == 2
    corpus_id = merged[0].id
    page.goto(f"{live_server}#/corpus?type=ASSAULT")
    row = page.locator(f"#corpus-results li[data-corpus='{corpus_id}']")
    expect(row).to_have_attribute("data-sources", "2")
    row.locator("a.event-link").click()
    expect(page.locator("#corpus-detail .report")).to_have_count(len(merged[0].reports))
    outlets = page.eval_on_selector_all(
        "#corpus-detail .report h3", "ns => ns.map(n => n.textContent)"
    )
    assert set(outlets) == {harbour, meridian}
    page.locator("#corpus-detail .report a").first.click()
    expect(page.locator("#article-view")).to_be_visible()
