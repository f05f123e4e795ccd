from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.resolve.gazetteer import Gazetteer
from eventwire.resolve.gazetteer_build import build_gazetteer
from eventwire.resolve.gazetteer_geonames import import_geonames, read_geonames

FIXTURES = Path(__file__).parent / "fixtures"
DUMP = FIXTURES / "geonames_small.txt"


def test_gazetteer_geonames_reads_19_columns_and_skips_the_rest() -> None:
    rows = list(read_geonames(DUMP))
    kept = [r for r in rows if r is not None]
    assert len(rows) == 17 and len(kept) == 15  # a road and a malformed line skipped
    raqqa = next(r for r in kept if r.geonames_id == 172955)
    assert (raqqa.feature, raqqa.country, raqqa.admin1_code) == ("P.PPLA", "SY", "SY.04")
    assert "raqqa" in raqqa.names and "الرقة" not in raqqa.names  # Latin script only


def test_gazetteer_geonames_import_into_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite"
    report = import_geonames(DUMP, target)
    assert (report.read, report.added, report.updated, report.skipped) == (17, 15, 0, 2)
    gaz = Gazetteer(target)
    [austin] = gaz.lookup("austin")
    assert (austin.admin1, austin.feature, austin.geonames_id) == ("Texas", "P.PPLA", 4671654)


@pytest.mark.parametrize("repeat", [1, 2])
def test_gazetteer_geonames_import_updates_known_places(tmp_path: Path, repeat: int) -> None:
    target = tmp_path / "base.sqlite"
    build_gazetteer(target, supplement=FIXTURES / "supplement_small.tsv", dump=DUMP)
    for _ in range(repeat):
        report = import_geonames(DUMP, target)
    assert report.added == 0 and report.updated == 15
    gaz = Gazetteer(target)
    assert len(gaz.lookup("paris")) == 2  # no duplicate places or names
