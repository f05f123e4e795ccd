from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.evaluate.geo import evaluate, read_gold
from eventwire.resolve.gazetteer_build import build_gazetteer

FIXTURES = Path(__file__).parent / "fixtures"
RESOLVE = Path(__file__).parents[1] / "resolve" / "fixtures"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "geo_lgl_style.xml",
            [("Paris", 4717560, True), ("Texas", 4736286, True), ("Raqqa", None, False)],
        ),
        # GeoVirus counts offsets from 1: they are realigned onto the phrase
        ("geo_geovirus_style.xml", [("Barpak", None, True), ("Nepal", None, True)]),
    ],
)
def test_eval_geo_reads_each_format(
    name: str, expected: list[tuple[str, int | None, bool]]
) -> None:
    [article] = read_gold(FIXTURES / name)
    assert [(t.text, t.geonames_id, t.located) for t in article.toponyms] == expected
    for t in article.toponyms:
        assert article.text[t.start : t.end] == t.text


@pytest.mark.slow
def test_eval_geo_scorecard_on_a_small_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "small.sqlite"
    build_gazetteer(
        path, supplement=RESOLVE / "supplement_small.tsv", dump=RESOLVE / "geonames_small.txt"
    )
    settings = Settings.from_env(environ={"EVENTWIRE_GAZETTEER": str(path)})
    card = evaluate([FIXTURES / "geo_lgl_style.xml"], settings)
    rows = dict(card.rows)
    assert rows["gold spans: toponyms"] == "2"
    assert rows["gold spans: exact GeoNames id"] == "1.000"
    assert "end to end: detection recall" in rows
