from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.extract.places import link_containers
from eventwire.extract.places_features import FEATURES, RankerModel
from eventwire.extract.places_rank import Toponym, rank
from eventwire.resolve.gazetteer import Gazetteer
from eventwire.resolve.gazetteer_build import build_gazetteer

FIXTURES = Path(__file__).parents[1] / "resolve" / "fixtures"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "small.sqlite"
    build_gazetteer(
        path,
        supplement=FIXTURES / "supplement_small.tsv",
        dump=FIXTURES / "geonames_small.txt",
    )
    return Gazetteer(path)


def _toponyms(text: str, names: list[str]) -> list[Toponym]:
    tops, start = [], 0
    for name in names:
        start = text.index(name, start)
        tops.append(Toponym(start, start + len(name), name))
        start += len(name)
    link_containers(text, tops)
    return tops


def test_places_rank_shipped_model_loads_with_known_features() -> None:
    model = RankerModel.load()
    for stage in (model.prior, model.context, model.accept):
        assert stage.coef
        assert set(stage.coef) <= set(FEATURES)
    assert 0.0 < model.strong < 1.0


def test_places_rank_model_rejects_unknown_features(tmp_path: Path) -> None:
    path = tmp_path / "ranker.json"
    stage = {"coef": {"no_such_feature": 1.0}, "intercept": 0.0}
    path.write_text(json.dumps({"prior": stage, "context": stage, "accept": stage}), "utf-8")
    with pytest.raises(ValueError, match="no_such_feature"):
        RankerModel.load(path)


@pytest.mark.parametrize(
    ("text", "names", "country"),
    [
        ("Officials in Paris, France said.", ["Paris", "France"], "FR"),
        ("Officials in Paris, Texas said.", ["Paris", "Texas"], "US"),
        ("Officials in Paris said.", ["Paris"], "FR"),
    ],
)
def test_places_rank_shipped_model_ranks_a_fixture(
    gaz: Gazetteer, text: str, names: list[str], country: str
) -> None:
    tops = _toponyms(text, names)
    rank(tops, gaz)
    assert tops[0].best is not None
    assert tops[0].best.country == country
    assert len(tops[0].scores) == len(tops[0].candidates)


def test_places_rank_is_deterministic(gaz: Gazetteer) -> None:
    first = _toponyms("Paris, Texas and Beirut.", ["Paris", "Texas", "Beirut"])
    second = _toponyms("Paris, Texas and Beirut.", ["Paris", "Texas", "Beirut"])
    rank(first, gaz)
    rank(second, gaz)
    assert [t.best for t in first] == [t.best for t in second]
    assert [t.scores for t in first] == [t.scores for t in second]
