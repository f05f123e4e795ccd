"""Publication dates the gold corpora give outside their texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventwire.evaluate.corpora import corpus_published


def _metadata(root: Path, rows: list[str]) -> None:
    folder = root / "attribution" / "polnear"
    folder.mkdir(parents=True)
    header = "compartment\tfilename\tpublisher\tpublication_date\ttitle"
    (folder / "metadata.tsv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_polnear_dates_come_from_the_metadata_table(tmp_path: Path) -> None:
    _metadata(
        tmp_path,
        [
            "dev\tpaper_2016-09-22_some-story\tpaper\t2016-09-21\tSome story",
            "dev\tpaper_2016-09-23_bad-date\tpaper\tNone\tBad date",
        ],
    )
    # The table's date is used, not the one in the file name.
    assert corpus_published("polnear", tmp_path, "dev/text/paper_2016-09-22_some-story.txt") == (
        date(2016, 9, 21)
    )
    assert corpus_published("polnear", tmp_path, "dev/text/paper_2016-09-23_bad-date.txt") is None
    assert corpus_published("polnear", tmp_path, "dev/text/unknown.txt") is None


def test_other_corpora_and_missing_tables_give_no_date(tmp_path: Path) -> None:
    assert corpus_published("polnear", tmp_path, "dev/text/anything.txt") is None
    assert corpus_published("meantime", tmp_path, "corpus_apple/1_x.xml") is None
