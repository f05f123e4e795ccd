from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.evaluate.quantities import (
    Counts,
    GoldArticle,
    evaluate,
    find_articles,
    gold_value,
    read_cat,
    score_article,
    scorecard,
)
from eventwire.model import Quantity, QuantityKind

FIXTURES = Path(__file__).parent / "fixtures" / "quantities"
STORM = FIXTURES / "900001_storm.xml"
STORM_TEXT = (
    "Storm hits coastal town\n\nMay 3, 2021\n\n"
    "The storm killed 12 people and damaged 40 homes, officials said. "
    "Repairs will cost $2 million, about 5% of the budget. "
    "The mayor, 61, said dozens of boats sank. "
    "Two more storms are expected. "
    "Some 300 volunteers helped."
)


def _at(article: GoldArticle, text: str) -> tuple[int, int]:
    start = article.text.index(text)
    return start, start + len(text)


def _record(article: GoldArticle, text: str, kind: QuantityKind) -> Quantity:
    start, end = _at(article, text)
    return Quantity(id="N1", text=text, start=start, end=end, kind=kind)


def test_eval_quantities_rebuilds_text_and_reads_gold() -> None:
    article = read_cat(STORM)
    assert article.doc_id == "900001"
    assert article.text == STORM_TEXT
    got = [(n.type, n.text, n.casualty) for n in article.numbers]
    assert got == [
        ("QUANTITY", "12", "killed"),
        ("QUANTITY", "40", "damaged"),
        ("MONEY", "$2 million", None),
        ("PERCENT", "5%", None),
        ("QUANTITY", "61", None),
        ("QUANTITY", "Two", None),
    ]
    assert article.timexes == [_at(article, "May 3, 2021")]
    # Sentences 0-5 are annotated; "Some 300 volunteers helped." is not.
    assert article.scored_end == STORM_TEXT.index(" Some 300")


def _phrase(
    article: GoldArticle, text: str, category: str, value: float | None
) -> tuple[int, int, str, float | None, float | None]:
    start, end = _at(article, text)
    return (start, end, category, value, None)


def test_eval_quantities_scores_an_article_by_hand() -> None:
    article = read_cat(STORM)
    phrases = [
        _phrase(article, "12", "count", 12),
        _phrase(article, "40", "count", 40),
        _phrase(article, "2 million", "money", 2_000_000),
        _phrase(article, "about 5", "percent", 5),
        _phrase(article, "61", "age", 16),  # a wrong value: 3 of 4 valued matches are right
        _phrase(article, "dozens", "count", None),  # not annotated: a false positive
        _phrase(article, "Two", "count", 2),
        _phrase(article, "Some 300", "count", 300),  # outside the annotated sentences
    ]
    records = [
        _record(article, "12", "killed"),
        _record(article, "61", "killed"),  # an age called killed
        _record(article, "2 million", "other"),  # a record on money
        _record(article, "2021", "other"),  # a record on a date
        _record(article, "Some 300", "people"),  # outside: ignored
    ]
    counts = Counts()
    counts.articles = 1
    score_article(article, phrases, records, counts)

    assert counts.gold == {"QUANTITY": 4, "MONEY": 1, "PERCENT": 1}
    assert counts.system == {"QUANTITY": 5, "MONEY": 1, "PERCENT": 1}
    assert counts.strict == {"QUANTITY": 4, "MONEY": 0, "PERCENT": 0}
    assert counts.relaxed == {"QUANTITY": 4, "MONEY": 1, "PERCENT": 1}
    assert (counts.valued, counts.value_right) == (4, 3)
    assert (counts.casualty_gold, counts.casualty_found, counts.casualty_wrong) == (2, 1, 1)
    assert (counts.records, counts.records_on_quantity, counts.records_leaked) == (4, 2, 2)

    rows = dict(scorecard(counts, "fixture").rows)
    assert rows["QUANTITY strict P / R / F1"] == "0.800 / 1.000 / 0.889"
    assert rows["MONEY relaxed P / R / F1"] == "1.000 / 1.000 / 1.000"
    assert rows["QUANTITY value accuracy (relaxed matches, n=4)"] == "0.750"
    assert rows["casualty figures found with their kind"] == "1 / 2"
    assert rows["records on gold MONEY / PERCENT / TIMEX3 (must be 0)"] == "2"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("over 2,400", 2400),
        ("approximately 4,300", 4300),
        ("three thousand", 3000),
        ("twenty one", 21),
        ("500km", 500),
        ("more than 4 billion", 4e9),
        ("25,000 to 30,000", 25000),
        ("a near-normal number of", None),
        ("many", None),
        ("5th", None),
    ],
)
def test_eval_quantities_gold_value(text: str, value: float | None) -> None:
    assert gold_value(text) == value


def test_eval_quantities_finds_xml_files_in_folders(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not gold", encoding="utf-8")
    assert list(find_articles([FIXTURES, tmp_path])) == [STORM]


def test_eval_quantities_skips_files_that_are_not_cat(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "other.xml").write_text("<TimeML>no tokens</TimeML>", encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<Document", encoding="utf-8")
    card = evaluate([tmp_path], settings)
    assert dict(card.rows)["articles"] == "0"
    assert "2 file(s) skipped: not CAT XML" in card.notes


@pytest.mark.slow
def test_eval_quantities_end_to_end_on_the_fixture(settings: Settings) -> None:
    # The same article given twice (as in MEANTIME's two folders) is scored once.
    card = evaluate([STORM, FIXTURES], settings)
    rows = dict(card.rows)
    assert rows["articles"] == "1"
    assert rows["QUANTITY gold / system"].startswith("4 / ")
    assert rows["casualty figures found with their kind"] == "2 / 2"
    assert rows["casualty kind on a gold non-casualty number"] == "0"
    assert rows["records on gold MONEY / PERCENT / TIMEX3 (must be 0)"] == "0"
