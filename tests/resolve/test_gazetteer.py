from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.resolve.gazetteer import (
    KIND_DEMONYM,
    KIND_NAME,
    Gazetteer,
    default_path,
    name_key,
    open_gazetteer,
)
from eventwire.resolve.gazetteer_build import build_gazetteer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "small.sqlite"
    build_gazetteer(
        path,
        supplement=FIXTURES / "supplement_small.tsv",
        dump=FIXTURES / "geonames_small.txt",
    )
    return Gazetteer(path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Île-de-France", "ile de france"),
        ("U.S.", "us"),
        ("Côte d’Ivoire", "cote divoire"),
        ("  New   York ", "new york"),
        ("BEIRUT", "beirut"),
    ],
)
def test_gazetteer_name_key_ignores_case_accents_and_punctuation(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paris", {("FR", "P.PPLC"), ("US", "P.PPL")}),
        ("Raqqa", {("SY", "P.PPLA")}),
        ("Beyrouth", {("LB", "P.PPLC")}),
        ("the Mediterranean", {(None, "H.SEA")}),
        ("Barpak", {("NP", "P.PPL")}),
    ],
)
def test_gazetteer_lookup_by_name_and_alternate(
    small: Gazetteer, name: str, expected: set[tuple[str | None, str]]
) -> None:
    assert {(c.country, c.feature) for c in small.lookup(name_key(name))} == expected


def test_gazetteer_admin1_name_comes_from_the_division(small: Gazetteer) -> None:
    texas_paris = next(c for c in small.lookup("paris") if c.country == "US")
    assert (texas_paris.admin1, texas_paris.admin1_code) == ("Texas", "US.TX")


@pytest.mark.parametrize(("demonym", "country"), [("French", "FR"), ("Syrian", "SY")])
def test_gazetteer_supplement_adds_demonyms(small: Gazetteer, demonym: str, country: str) -> None:
    [cand] = small.lookup(name_key(demonym))
    assert (cand.country, cand.kind, cand.feature) == (country, KIND_DEMONYM, "A.PCLI")


def test_gazetteer_supplement_place_without_id(small: Gazetteer) -> None:
    [east] = small.lookup("mideast")
    assert east.geonames_id is None and east.feature == "L.RGN"


@pytest.mark.parametrize(("spelling", "name"), [("sindhupalchok", "Sindhupalchowk")])
def test_gazetteer_fuzzy_finds_close_spellings(small: Gazetteer, spelling: str, name: str) -> None:
    assert small.lookup(spelling) == ()
    assert [c.name for c in small.fuzzy(spelling)] == [name]


def test_gazetteer_by_geonames_id(small: Gazetteer) -> None:
    found = small.by_geonames_id(2988507)
    assert found is not None and found.name == "Paris" and found.kind == KIND_NAME
    assert small.by_geonames_id(1) is None


def test_gazetteer_meta_records_the_sources(small: Gazetteer) -> None:
    meta = small.meta()
    assert meta["version"] and "geonames_small.txt" in meta["sources"]
    assert int(meta["places"]) == 18


def test_gazetteer_default_path_follows_the_setting(tmp_path: Path) -> None:
    settings = Settings.from_env(environ={"EVENTWIRE_GAZETTEER": str(tmp_path / "g.sqlite")})
    assert default_path(settings) == tmp_path / "g.sqlite"
    unset = default_path(Settings.from_env(environ={}))
    assert unset.name.startswith("gazetteer-") and unset.suffix == ".sqlite"


def test_gazetteer_open_reuses_one_instance(small: Gazetteer) -> None:
    first = open_gazetteer(path=small.path)
    assert open_gazetteer(path=small.path) is first


@pytest.mark.slow
def test_gazetteer_real_build_from_packages(tmp_path: Path) -> None:
    """The full build from the pinned packages has the names news uses (its time is measured by
    benchmarks/gazetteer_build.py, not here: a wall-clock limit fails on a busy machine)."""
    meta = build_gazetteer(tmp_path / "full.sqlite")
    assert int(meta["places"]) > 200_000
    gaz = Gazetteer(tmp_path / "full.sqlite")
    for name, country in [
        ("Kemerovo Oblast", "RU"),
        ("Homs Governorate", "SY"),
        ("Raqqa", "SY"),
        ("Britain", "GB"),
        ("Mediterranean", None),
        # The supplement's rivers, ranges and islands, and a former state's name.
        ("Rockies", "US"),
        ("Oahu", "US"),
        ("Kaveri", "IN"),
        ("Soviet Union", "RU"),
    ]:
        assert country in {c.country for c in gaz.lookup(name_key(name))}, name


def test_gazetteer_division_names_cover_countries_and_states_only(small: Gazetteer) -> None:
    names = small.division_names()
    assert names["texas"] == (("US", "US.TX"),)
    assert ("SY", None) in names["syrian"]  # a country's demonym
    assert "paris" not in names and "beirut" not in names  # towns name no division
    assert small.division_names() is names  # loaded once
