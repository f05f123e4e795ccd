"""Full-text search: matches in title and text, ranking, query syntax, hostile queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.store import Store, open_store
from eventwire.store.search import MARK_END, MARK_START, fts5_query

from .records import make_record

RECORDS = [
    make_record(
        "bridge",
        "Engineers closed the old stone bridge after inspectors found cracks in two arches.",
        title="Bridge closed for repairs",
    ),
    make_record(
        "drought",
        "The drought has emptied the reservoir. Officials said the drought could last until "
        "autumn, and the drought already cost farmers their first harvest.",
        title="Reservoir empty",
    ),
    make_record(
        "rain",
        "After months without rain the reservoir began to fill, ending a short drought.",
        title="Rain returns to the hills",
    ),
    make_record(
        "election",
        "Voters in the coastal district chose a new mayor on Sunday.",
        title="Coastal district elects mayor",
    ),
]

HOSTILE = [
    '"unbalanced',
    "AND OR",
    "-",
    "OR",
    "NOT",
    "NEAR(bridge",
    "*",
    "bridge*",
    "title:bridge",
    "^bridge",
    "(",
    ")",
    "'",
    '""',
    '"" AND',
    "a AND NOT",
    "\x00",
    "",
    "   ",
    "-bridge",
    "bridge -",
    "drought OR",
    "OR drought",
    "'; DROP TABLE articles; --",
    "{title text}: bridge",
    "_",
    "ünïcödé ∑ 水",
]


@pytest.fixture
def corpus(store: Store) -> Store:
    """A store holding the four search test articles."""
    store.put(RECORDS)
    return store


def _ids(store: Store, query: str) -> set[str]:
    return {hit.id for hit in store.search(query)}


def test_store_search_finds_words_of_title_and_text(corpus: Store) -> None:
    assert _ids(corpus, "repairs") == {"bridge"}
    assert _ids(corpus, "inspectors") == {"bridge"}
    assert _ids(corpus, "mayor voters") == {"election"}
    assert _ids(corpus, "volcano") == set()


def test_store_search_stems_english(corpus: Store) -> None:
    assert _ids(corpus, "arch") == {"bridge"}
    assert _ids(corpus, "closing") == {"bridge"}


def test_store_search_hit_fields(corpus: Store) -> None:
    (hit,) = corpus.search("inspectors")
    assert (hit.id, hit.title, hit.source, hit.published) == (
        "bridge",
        "Bridge closed for repairs",
        "Valley Courier",
        "2024-03-14",
    )
    assert f"{MARK_START}inspectors{MARK_END}" in hit.snippet
    assert hit.rank > 0


def test_store_search_snippets_for_the_hits_shown_only(corpus: Store) -> None:
    full = corpus.search("drought")
    ranked = corpus.search("drought", snippets=False)
    assert [(h.id, h.rank) for h in ranked] == [(h.id, h.rank) for h in full]
    made = corpus.snippets("drought", ["rain", "bridge"])
    if corpus.engine.dialect.name == "sqlite":
        # Ranking reads no document; the snippets come for the ids asked, if they match.
        assert all(h.snippet == "" for h in ranked)
        assert made == {"rain": next(h.snippet for h in full if h.id == "rain")}
    else:
        # PostgreSQL makes its headlines with the ranking.
        assert [h.snippet for h in ranked] == [h.snippet for h in full]
        assert made == {}


def test_store_search_best_hits_are_a_prefix_of_more_hits(corpus: Store) -> None:
    # The API ranks a first page shallow and later pages deep: the two must agree.
    deep = [hit.id for hit in corpus.search("drought", 10, snippets=False)]
    assert [hit.id for hit in corpus.search("drought", 1, snippets=False)] == deep[:1]


def test_store_search_ranks_the_closer_match_first(corpus: Store) -> None:
    hits = corpus.search("drought")
    assert [hit.id for hit in hits] == ["drought", "rain"]
    assert hits[0].rank > hits[1].rank


def test_store_search_limit(corpus: Store) -> None:
    assert [hit.id for hit in corpus.search("drought", limit=1)] == ["drought"]
    assert corpus.search("drought", limit=0) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"stone bridge"', {"bridge"}),
        ('"bridge stone"', set()),
        ("reservoir drought", {"drought", "rain"}),
        ("reservoir -rain", {"drought"}),
        ("mayor OR arches", {"election", "bridge"}),
        ("mayor or arches", {"election", "bridge"}),
        ('-"stone bridge" reservoir', {"drought", "rain"}),
    ],
)
def test_store_search_query_syntax(corpus: Store, query: str, expected: set[str]) -> None:
    assert _ids(corpus, query) == expected


@pytest.mark.parametrize("query", HOSTILE)
def test_store_search_hostile_query_does_not_fail(corpus: Store, query: str) -> None:
    hits = corpus.search(query)
    assert all(hit.id in {r.article.id for r in RECORDS} for hit in hits)
    assert corpus.count() == len(RECORDS)


def test_store_search_hostile_words_still_match(corpus: Store) -> None:
    assert _ids(corpus, 'bridge "stone') == {"bridge"}
    assert _ids(corpus, "bridge*") == {"bridge"}
    assert _ids(corpus, "title:bridge") == set()  # a phrase "title bridge", not a column filter


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("storm", '"storm"'),
        ('"storm', '"storm"'),
        ('"high tide" flood', '"high tide" "flood"'),
        ("storm or flood", '"storm" OR "flood"'),
        ("storm -flood", '("storm") NOT "flood"'),
        ("AND OR", '"AND"'),
        ("- OR", None),
        ("-storm", None),
        # Punctuation inside a bare word joins its parts into a phrase, as PostgreSQL does.
        ("NEAR(a, b)", '"NEAR a" "b"'),
    ],
)
def test_store_search_fts5_query(query: str, expected: str | None) -> None:
    assert fts5_query(query) == expected


def test_store_search_any_text_is_a_valid_query(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'fuzz.db'}") as store:
        store.put(RECORDS)

        @settings(max_examples=300, deadline=None)
        @given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
        def check(query: str) -> None:
            store.search(query)

        check()


def test_store_search_after_reindex(corpus: Store) -> None:
    with corpus.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if connection.dialect.name == "sqlite":
            # A VACUUM may renumber the rowids the SQLite index refers to; reindex repairs that.
            connection.exec_driver_sql("VACUUM")
    corpus.reindex()
    assert _ids(corpus, "inspectors") == {"bridge"}
    assert _ids(corpus, "drought") == {"drought", "rain"}
