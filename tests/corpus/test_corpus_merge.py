"""Cross-article merging on hand-built records (no spaCy): criteria, order, sources, disputes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.corpus import (
    MergeRules,
    canonical,
    count_sources,
    group,
    linked,
    report_of,
    summarize,
)
from eventwire.model import Actor, Article, Event, EventPlace, Quantity, Record
from eventwire.store import Store, open_store

RAQQA = EventPlace(name="Raqqa", country="SY", lat=35.95, lon=39.01)
NEAR = EventPlace(name="Tabqa", country="SY", lat=35.84, lon=38.55)  # about 44 km away
FAR = EventPlace(name="Damascus", country="SY", lat=33.51, lon=36.29)  # about 370 km away
RUSSIA = Actor(name="Russia", country="RUS", sector="GOV")
FRANCE = Actor(name="France", country="FRA", sector="GOV")
IS = Actor(name="Islamic State", sector="INS")
RULES = MergeRules()


def record(
    article: str,
    outlet: str | None = "Wire",
    published: str = "2015-11-18",
    *,
    type: Any = "ASSAULT",
    date: str | None = "2015-11-18",
    place: EventPlace | None = RAQQA,
    sources: tuple[Actor, ...] = (RUSSIA,),
    targets: tuple[Actor, ...] = (IS,),
    modality: Any = "asserted",
    killed: float | None = None,
    attributed: str | None = None,
) -> Record:
    """An article of one event; ``killed`` puts a casualty figure in its sentence."""
    text = "Strikes hit the city, killing 33 people."
    quantities = []
    if killed is not None:
        quantities = [Quantity(id="Q1", text="33 people", start=30, end=39, value=killed,
                               kind="killed")]
    event = Event(
        id="V1", type=type, sources=list(sources), targets=list(targets), place=place,
        date=date, modality=modality, text=text, start=0, end=len(text), confidence=0.9,
        attributed_to=Actor(name=attributed) if attributed else None,
    )
    return Record(
        pipeline="test",
        article=Article(id=article, source=outlet, language="en", published=published,
                        published_from="given", text=text),
        quantities=quantities,
        events=[event],
    )


def merges(a: Record, b: Record, rules: MergeRules = RULES) -> bool:
    return linked(report_of(a, a.events[0]), report_of(b, b.events[0]), rules)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (record("b"), True),
        (record("b", type="COERCE"), False),
        (record("b", date="2015-11-21"), True),
        (record("b", date="2015-11-22"), False),
        (record("b", date="2015-W47"), True),
        (record("b", date="2015-11"), True),
        (record("b", date="2015-12"), False),
        (record("b", place=NEAR), True),
        (record("b", place=FAR), False),
        (record("b", place=None), True),
        # Without a place on one side, one shared side is not enough: both must be shared.
        (record("b", place=None, sources=()), False),
        (record("b", place=None, targets=(Actor(name="Raqqa"),)), False),
        (record("b", sources=(Actor(name="Russian jets", country="RUS"),)), True),
        (record("b", sources=(FRANCE,)), False),
        (record("b", sources=()), True),
        (record("b", sources=(), targets=()), False),
        (record("b", sources=(IS,), targets=(RUSSIA,)), False),
    ],
)
def test_corpus_merge_criteria(other: Record, expected: bool) -> None:
    assert merges(record("a"), other) is expected


def test_corpus_merge_compatible_and_symmetric_types() -> None:
    coerce = record("b", type="COERCE")
    assert merges(record("a"), coerce, MergeRules(compatible={
        "ASSAULT": frozenset({"COERCE"}), "COERCE": frozenset({"ASSAULT"})}))
    meet = {"type": "CONSULT", "sources": (RUSSIA,), "targets": (FRANCE,)}
    swapped = {"type": "CONSULT", "sources": (FRANCE,), "targets": (RUSSIA,)}
    assert merges(record("a", **meet), record("b", **swapped))
    assert not merges(record("a", sources=(RUSSIA,), targets=(FRANCE,)),
                      record("b", sources=(FRANCE,), targets=(RUSSIA,)))


def test_corpus_merge_distance_is_configurable() -> None:
    assert not merges(record("a"), record("b", place=NEAR), MergeRules(max_km=10))
    assert merges(record("a"), record("b", date="2015-11-23"), MergeRules(max_days=5))


def test_corpus_sources_count_outlets_and_speakers_once() -> None:
    reports = [
        report_of(r, r.events[0])
        for r in (
            record("a", "Wire"), record("b", "wire"), record("c", "Post"),
            record("d", "Daily", attributed="Kremlin"), record("e", "Herald", attributed="Kremlin"),
        )
    ]
    # Wire (a, b), Post, and the Kremlin's statement in two outlets.
    assert count_sources(reports) == 3


def test_corpus_disagreements_casualties_and_modality() -> None:
    reports = [
        report_of(r, r.events[0])
        for r in (record("a", "Wire", killed=33), record("b", "Post", killed=40),
                  record("c", "Daily", modality="denied"))
    ]
    [merged] = [summarize(g) for g in group(reports, RULES)]
    assert merged.n_sources == 3
    found = {d["field"]: d for d in merged.disagreements}
    assert set(found) == {"killed", "modality"}
    assert [v["value"] for v in found["killed"]["values"]] == [33, 40]
    assert {v["value"] for v in found["modality"]["values"]} == {"asserted", "denied"}
    assert found["killed"]["values"][0]["reports"] == [{"article": "a", "event": "V1"}]


ARTICLES = [
    record("a", "Wire", "2015-11-18", killed=33),
    record("b", "Post", "2015-11-19", date="2015-W47", killed=40),
    record("c", "Daily", "2015-11-20", date="2015-11-20", sources=(FRANCE,)),
    record("d", "Herald", "2015-11-18", type="CONSULT", sources=(RUSSIA,), targets=(FRANCE,)),
    record("e", "Gazette", "2015-11-19", place=FAR, date="2015-11-19"),
    record("f", "Courier", "2015-11-21", date="2015-11-21", place=None),
]


def snapshot(store: Store) -> list[Any]:
    return sorted(
        (row.id, row.n_sources, [(r.article, r.event.id) for r in row.reports],
         row.disagreements)
        for row in store.corpus_events(limit=100)
    )


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Any]:
    opened: list[Store] = []

    def build(name: str) -> Store:
        store = open_store(f"sqlite:///{tmp_path / name}.db", RULES)
        opened.append(store)
        return store

    yield build
    for store in opened:
        store.close()


def _merged(snap: list[Any]) -> list[Any]:
    return [reports for _, _, reports, _ in snap if len(reports) > 1]


def test_corpus_rebuild_is_order_independent(make: Any) -> None:
    expected = None
    for n, order in enumerate(itertools.islice(itertools.permutations(ARTICLES), 0, None, 97)):
        store = make(f"s{n}")
        for article in order:
            store.put([article])
        store.rebuild_corpus()
        got = snapshot(store)
        if expected is None:
            expected = got
        assert got == expected
    # Canonical order: the week "b" reports starts first (Monday the 16th).
    assert expected is not None
    assert _merged(expected) == [[("b", "V1"), ("a", "V1"), ("f", "V1")]]


def test_corpus_incremental_in_canonical_order_equals_rebuild(make: Any) -> None:
    store = make("canonical")
    for article in sorted(ARTICLES, key=lambda r: canonical(report_of(r, r.events[0]))):
        store.put([article])
    got = snapshot(store)
    store.rebuild_corpus()
    assert got == snapshot(store)
    # One put sorts its own reports: the whole batch at once groups the same way.
    batch = make("batch")
    batch.put(list(reversed(ARTICLES)))
    assert snapshot(batch) == got


def test_corpus_incremental_order_independent_when_links_are_unambiguous(make: Any) -> None:
    # Without "e" (Damascus), the placeless "f" could join one event only.
    articles = [r for r in ARTICLES if r.article.id != "e"]
    expected = None
    for n, order in enumerate(itertools.permutations(articles)):
        if n % 7:
            continue
        store = make(f"u{n}")
        for article in order:
            store.put([article])
        got = snapshot(store)
        expected = expected or got
        assert got == expected
    assert expected is not None
    assert _merged(expected) == [[("b", "V1"), ("a", "V1"), ("f", "V1")]]


def test_corpus_late_report_joins_the_event_it_finds(make: Any) -> None:
    # "f" has no place and links to "e" (Damascus) and to "a" and "b" (Raqqa). Arriving before
    # "a" and "b", it joins "e"; the Raqqa reports then cannot join an event placed in
    # Damascus. A rebuild groups in canonical order, where "f" finds the Raqqa event first.
    store = make("late")
    by_id = {r.article.id: r for r in ARTICLES}
    for article_id in "efabcd":
        store.put([by_id[article_id]])
    assert sorted(_merged(snapshot(store))) == [
        [("b", "V1"), ("a", "V1")], [("e", "V1"), ("f", "V1")]
    ]
    store.rebuild_corpus()
    assert _merged(snapshot(store)) == [[("b", "V1"), ("a", "V1"), ("f", "V1")]]


def test_corpus_placeless_reports_do_not_bridge_two_cities() -> None:
    # More placeless reports than an event's representatives, then Raqqa, then Damascus: the
    # Damascus report is linked to every representative but not to the event's place.
    placeless = [record(f"p{k:02d}", f"Outlet {k}", place=None) for k in range(14)]
    reports = [
        report_of(r, r.events[0])
        for r in (*placeless, record("raqqa", "Post", "2015-11-19"),
                  record("damascus", "Daily", "2015-11-19", place=FAR))
    ]
    groups = group(reports, RULES)
    assert sorted([r.article for r in g if not r.article.startswith("p")] for g in groups) == [
        ["damascus"], ["raqqa"]
    ]
    assert {summarize(g).place for g in groups} == {"Raqqa", "Damascus"}


def test_corpus_reprocess_splits_and_regroups(make: Any) -> None:
    store = make("r")
    store.put(ARTICLES)
    changed = record("b", "Post", "2015-11-19", date="2015-W47", place=FAR, sources=(FRANCE,))
    store.put([changed.model_copy(update={"pipeline": "v2"})], reprocess=True)
    fresh = make("fresh")
    fresh.put([*ARTICLES[:1], changed.model_copy(update={"pipeline": "v2"}), *ARTICLES[2:]])
    assert snapshot(store) == snapshot(fresh)


def test_corpus_store_steps_match_the_in_memory_grouping(make: Any) -> None:
    # Varied reports put one by one in canonical order: the store's indexed step (SQL
    # candidates, stored representatives and tallies) must group as the rebuild does.
    places = [RAQQA, NEAR, FAR, None]
    actors = [(RUSSIA,), (FRANCE,), ()]
    days = ["2015-11-16", "2015-11-18", "2015-11-19", "2015-W47", "2015-11-23", "2015-11"]
    articles = [
        record(f"x{k:02d}", f"Outlet {k % 5}", f"2015-11-{16 + k % 9}", date=days[k % 6],
               place=places[k % 4], sources=actors[k % 3], killed=float(k % 3) or None)
        for k in range(48)
    ]
    store = make("steps")
    for article in sorted(articles, key=lambda r: canonical(report_of(r, r.events[0]))):
        store.put([article])
    got = snapshot(store)
    assert any(len(reports) > 2 for _, _, reports, _ in got)
    store.rebuild_corpus()
    assert snapshot(store) == got
