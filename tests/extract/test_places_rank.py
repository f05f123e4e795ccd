from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.extract.places import link_containers
from eventwire.extract.places_features import (
    FEATURES,
    RankerModel,
    TextMentions,
    context_features,
    prior_features,
)
from eventwire.extract.places_rank import Toponym, build_context, candidates_for, rank
from eventwire.resolve.gazetteer import KIND_ALTERNATE, Candidate, Gazetteer
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


def _with_places(tmp_path: Path, rows: str) -> Gazetteer:
    """The small fixture gazetteer with supplement ``rows`` (tab-separated lines) added."""
    supplement = tmp_path / "supplement.tsv"
    supplement.write_text(
        "# ref\tname\tfeature\tcountry\tlat\tlon\tpopulation\taliases\n" + rows, "utf-8"
    )
    path = tmp_path / "small.sqlite"
    build_gazetteer(path, supplement=supplement, dump=FIXTURES / "geonames_small.txt")
    return Gazetteer(path)


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


def test_places_rank_text_naming_the_state_favours_its_towns(gaz: Gazetteer) -> None:
    """No toponym but "Paris" is marked; the text names Texas inside an agency's name."""

    def margin(text: str) -> float:
        tops = _toponyms(text, ["Paris"])
        rank(tops, gaz, text=text)
        top = tops[0]
        by_country = {c.country: s for c, s in zip(top.candidates, top.scores, strict=True)}
        return by_country["US"] - by_country["FR"]

    named = margin("Officials in Paris said the Texas Department of Public Safety would help.")
    unnamed = margin("Officials in Paris said the state department of safety would help.")
    assert named > unnamed + 0.5


def test_places_rank_text_mentions_skip_short_words_and_own_name(gaz: Gazetteer) -> None:
    mentions = TextMentions.scan("In Texas, TEX officials and Tex. rangers met.", gaz)
    texas = mentions.admin1s["US.TX"]
    assert texas["texas"] == 1
    # "Tex." with its dot is the abbreviation; "TEX" is not a two-letter code
    assert TextMentions.count(mentions.admin1s, "US.TX", "texas") == 1
    assert TextMentions.count(mentions.countries, "US", "paris") == 2


def test_places_rank_a_repeated_name_is_not_its_own_context(gaz: Gazetteer) -> None:
    text = "Paris and Austin. Paris again, Paris."
    tops = _toponyms(text, ["Paris", "Austin", "Paris", "Paris"])
    for top in tops:
        top.candidates = tuple(c for c in gaz.lookup("paris") if c.country == "US")
        top.best = top.candidates[0]
    ctx = build_context(tops[:1] + tops[2:], [1.0, 1.0, 1.0])
    # Only Paris has picks: none of them is evidence for Paris itself.
    assert ctx.total("paris") == 0.0
    assert ctx.countries.get("US", "paris") == 0.0
    assert ctx.countries.get("US", "austin") == pytest.approx(1.0)


def test_places_link_marks_a_list_closed_by_a_plural_type_word() -> None:
    text = "Schools in Barrow, Jackson and Madison counties and in Paris closed."
    tops = _toponyms(text, ["Barrow", "Jackson", "Madison", "Paris"])
    assert [t.typed for t in tops] == [True, True, True, False]
    gulf = _toponyms("The Gulf states and Iran met.", ["Gulf", "Iran"])
    assert not gulf[0].typed


def test_places_rank_abbreviated_words_are_spelt_out(tmp_path: Path) -> None:
    small = _with_places(
        tmp_path,
        "\tMt Vernon\tP.PPL\tCA\t45.0\t-75.0\t500\t\n"
        "\tMount Vernon\tP.PPL\tUS\t38.7\t-77.1\t1000\t\n"
        "\tMount Vernon\tA.ADM2\tCA\t45.1\t-75.1\t9000\t\n"
        "\tWest Haven\tP.PPL\tUS\t41.27\t-72.95\t50000\t\n",
    )
    found = {(c.name, c.country, c.feature): c.fuzzy for c in candidates_for(small, "Mt. Vernon")}
    # The literal spelling, and the namesake elsewhere that only the spelt-out name gives,
    # a little less sure; not the division of the same name where the literal one lies.
    assert set(found) == {("Mt Vernon", "CA", "P.PPL"), ("Mount Vernon", "US", "P.PPL")}
    assert found["Mount Vernon", "US", "P.PPL"] < found["Mt Vernon", "CA", "P.PPL"] == 1.0
    assert [c.name for c in candidates_for(small, "W. Haven")] == ["West Haven"]
    # A lone letter is no abbreviation of a direction.
    assert candidates_for(small, "W") == ()


def test_places_rank_a_place_named_inside_a_longer_name(tmp_path: Path) -> None:
    small = _with_places(
        tmp_path,
        "\tDubai\tP.PPL\tAE\t25.2\t55.3\t3000000\t\n"
        "\tWalker County\tA.ADM2\tUS\t34.7\t-85.3\t60000\t\n"
        "\tLoudon County\tA.ADM2\tUS\t35.7\t-84.3\t50000\t\n"
        "\tBank\tP.PPL\tAZ\t39.4\t49.2\t600\t\n",
    )
    # An event or an office named after a place: the place, less sure than its own name.
    found = candidates_for(small, "Dubai World Cup", inner=True)
    assert [c.name for c in found] == ["Dubai"] and found[0].fuzzy < 1.0
    office = candidates_for(small, "Walker County Sheriff's Office", inner=True)
    assert [c.name for c in office] == ["Walker County"]
    # Detection asks whether the span itself is a known name: it is not.
    assert candidates_for(small, "Dubai World Cup") == ()
    # "Co." is "County"; a lowercase word alone ("of") names nothing.
    assert [c.name for c in candidates_for(small, "Loudon Co.")] == ["Loudon County"]
    assert candidates_for(small, "Nowhere of Nothing", inner=True) == ()
    # Of two places named inside, the more prominent: France, not the village "Bank".
    assert [c.name for c in candidates_for(small, "Bank of France", inner=True)] == ["France"]
    # A name after another name word is its part or its head noun, not a place it is of;
    # a compass word alone names none.
    assert candidates_for(small, "Fenwick Dubai Tower", inner=True) == ()
    assert candidates_for(small, "Old Bank", inner=True) == ()
    assert candidates_for(small, "West Walker Road", inner=True) == ()


def test_places_rank_a_division_found_twice_is_one_candidate(tmp_path: Path) -> None:
    small = _with_places(
        tmp_path, "\tHenry County\tA.ADM2\tUS\t36.37\t-88.33\t10000\tHenry\n"
    )
    assert [c.name for c in small.lookup("henry")] == ["Henry County"]
    # Its full name and its bare name ("Henry") both find the county: one candidate.
    found = candidates_for(small, "Henry County")
    assert [c.name for c in found] == ["Henry County"]


def test_places_rank_candidates_near_another_toponyms_confirm_each_other(
    tmp_path: Path,
) -> None:
    small = _with_places(
        tmp_path,
        "\tWalker County\tA.ADM2\tUS\t30.74\t-95.57\t40000\t\n"
        "\tWalker County\tA.ADM2\tUS\t33.80\t-87.30\t60000\t\n"
        "\tHuntsville\tP.PPL\tUS\t30.72\t-95.55\t40000\t\n"
        "\tHuntsville\tP.PPL\tUS\t34.73\t-86.59\t190000\t\n",
    )
    text = "A burn ban in Walker County was lifted by the Huntsville fire chief."
    tops = _toponyms(text, ["Walker County", "Huntsville"])
    for top in tops:
        top.candidates = candidates_for(small, top.text)
    ctx = build_context(tops, [0.0, 0.0])
    rows = context_features(tops[0], ctx, None)
    by_lat = {round(c.lat or 0): f for c, f in zip(tops[0].candidates, rows, strict=True)}
    # The county in Texas has a Huntsville within 50 km; the one in Alabama has none
    # (Huntsville, Alabama, lies 130 km off), whichever Huntsville the picks prefer.
    assert by_lat[31]["co_near"] > 0.0 and by_lat[31]["co_near_share"] == 1.0
    assert by_lat[34]["co_near"] == 0.0
    # A name is not near itself, nor is the same place under another name.
    assert "walker county" not in ctx.co_near[tops[0].candidates[0].rowid]
    again = Toponym(0, 6, "Walker")
    again.candidates = tops[0].candidates
    twice = build_context([*tops, again], [0.0, 0.0, 0.0])
    assert all("walker" not in twice.co_near[c.rowid] for c in again.candidates)


def _candidate(
    rowid: int, name: str, feature: str, kind: int = 0, population: int = 0
) -> Candidate:
    return Candidate(
        rowid, rowid, name, "US", None, "US.XX", 40.0, -90.0, feature, population, kind
    )


def test_places_rank_prior_marks_alternates_beside_an_own_name_and_capital_namesakes() -> None:
    top = Toponym(0, 10, "Washington")
    top.candidates = (
        _candidate(1, "Washington", "P.PPLC", population=700000),
        _candidate(2, "Washington", "A.ADM1", population=7000000),
        _candidate(3, "Old Town", "P.PPL", kind=KIND_ALTERNATE),
    )
    capital, state, other = prior_features(top)
    assert state["capital_namesake"] == 1.0 and capital["capital_namesake"] == 0.0
    assert state["log_pop_division"] > 0.0 and capital["log_pop_division"] == 0.0
    assert other["alternate_shadowed"] == 1.0 and capital["alternate_shadowed"] == 0.0
    # With no place of the very name, an alternate name is all there is.
    alone = Toponym(0, 8, "Old Town")
    alone.candidates = (_candidate(3, "Old Town", "P.PPL", kind=KIND_ALTERNATE),)
    assert prior_features(alone)[0]["alternate_shadowed"] == 0.0


def test_places_rank_an_upper_case_dateline_matches_the_spelling_of_the_name() -> None:
    top = Toponym(0, 6, "GENEVA")
    top.candidates = (
        _candidate(1, "Geneva", "P.PPL", population=200000),
        _candidate(2, "Genève", "A.ADM1", population=500000),
    )
    city, canton = prior_features(top)
    assert city["same_case"] == 1.0 and canton["same_case"] == 0.0


def test_places_rank_a_city_state_is_near_its_squares_a_large_country_is_not() -> None:
    def near(population: int) -> set[str]:
        country = Toponym(0, 7, "Vatican")
        country.candidates = (
            Candidate(1, 1, "Vatican", "VA", None, None, 41.90, 12.45, "A.PCLI", population, 0),
        )
        square = Toponym(20, 31, "St. Peter's")
        square.candidates = (
            Candidate(2, 2, "St. Peter's", "VA", None, None, 41.902, 12.457, "S.SQR", 0, 0),
        )
        return build_context([country, square], [0.0, 0.0]).co_near.get(1, set())

    assert near(900) == {"st peters"}
    assert near(50_000_000) == set()
