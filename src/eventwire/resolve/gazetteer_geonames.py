"""Loading a GeoNames dump (``allCountries.txt``, ``cities500.txt``...) into a gazetteer.

For users who have a full dump: its places are added to the gazetteer file (created empty
when missing), and places already there by GeoNames id get the dump's feature code,
population and names. The format is GeoNames' tab-separated 19 columns, no header.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.resolve.gazetteer import (
    INDEXES,
    KIND_ALIAS,
    KIND_ALTERNATE,
    KIND_NAME,
    SCHEMA,
    name_key,
)

COLUMNS = 19
# Feature classes worth a toponym in news: divisions, places, areas, water, terrain, spots,
# vegetation. Roads (R) and undersea features (U) are left out.
KEEP_CLASSES = frozenset("APLHTSV")
_CHUNK = 20_000


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    read: int
    added: int
    updated: int
    skipped: int


@dataclass(frozen=True)
class _Row:
    geonames_id: int
    name: str
    names: dict[str, int]
    lat: float
    lon: float
    feature: str
    country: str | None
    admin1_code: str | None
    population: int


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) < 0x1F00 for ch in text)


def read_geonames(path: Path) -> Iterator[_Row | None]:
    """Rows of a GeoNames dump; ``None`` for a line that is malformed or of a class not kept."""
    with path.open(encoding="utf-8", newline="\n") as handle:
        for line in handle:
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) != COLUMNS or not cols[0].isdigit() or cols[6] not in KEEP_CLASSES:
                yield None
                continue
            try:
                lat, lon = float(cols[4]), float(cols[5])
            except ValueError:
                yield None
                continue
            names: dict[str, int] = {}
            for text, kind in (
                (cols[1], KIND_NAME),
                (cols[2], KIND_ALIAS),
                *((alt, KIND_ALTERNATE) for alt in cols[3].split(",")),
            ):
                key = name_key(text)
                if len(key) >= 2 and _latin(text) and names.get(key, 99) > kind:
                    names[key] = kind
            yield _Row(
                geonames_id=int(cols[0]),
                name=cols[1],
                names=names,
                lat=lat,
                lon=lon,
                feature=f"{cols[6]}.{cols[7]}",
                country=cols[8] or None,
                admin1_code=f"{cols[8]}.{cols[10]}" if cols[8] and cols[10] else None,
                population=int(cols[14]) if cols[14].isdigit() else 0,
            )


def import_geonames(path: Path, gazetteer_path: Path) -> ImportReport:
    """Add the places of the GeoNames dump ``path`` to the gazetteer at ``gazetteer_path``."""
    gazetteer_path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(gazetteer_path)
    try:
        db.executescript(SCHEMA + INDEXES)
        existing = dict(db.execute("SELECT geonames_id, rowid FROM place WHERE geonames_id > 0"))
        admin1 = dict(db.execute("SELECT admin1_code, name FROM place WHERE feature = 'A.ADM1'"))
        next_rowid = int(db.execute("SELECT COALESCE(MAX(rowid), 0) FROM place").fetchone()[0])
        read = added = updated = skipped = 0
        batch: list[_Row] = []
        for row in read_geonames(path):
            read += 1
            if row is None:
                skipped += 1
                continue
            if row.feature == "A.ADM1" and row.admin1_code:
                admin1.setdefault(row.admin1_code, row.name)
            batch.append(row)
            if len(batch) >= _CHUNK:
                a, u, next_rowid = _write(db, batch, existing, admin1, next_rowid)
                added, updated, batch = added + a, updated + u, []
        a, u, next_rowid = _write(db, batch, existing, admin1, next_rowid)
        db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('geonames_import', ?)", (str(path.name),)
        )
        db.commit()
    finally:
        db.close()
    return ImportReport(read=read, added=added + a, updated=updated + u, skipped=skipped)


def _write(
    db: sqlite3.Connection,
    batch: list[_Row],
    existing: dict[int, int],
    admin1: dict[str, str],
    next_rowid: int,
) -> tuple[int, int, int]:
    added = updated = 0
    names: list[tuple[str, int, int]] = []
    for row in batch:
        rowid = existing.get(row.geonames_id)
        if rowid is None:
            next_rowid += 1
            rowid = existing[row.geonames_id] = next_rowid
            db.execute(
                "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)",
                (rowid, row.geonames_id, row.name, row.country,
                 admin1.get(row.admin1_code or ""), row.admin1_code, row.lat, row.lon,
                 row.feature, row.population),
            )
            added += 1
        else:
            # The dump knows the real feature code (PPLA, PPLC...) and a fresher population.
            db.execute(
                "UPDATE place SET feature = ?, population = MAX(population, ?) WHERE rowid = ?",
                (row.feature, row.population, rowid),
            )
            updated += 1
        names += [(key, rowid, kind) for key, kind in row.names.items()]
    db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", names)
    return added, updated, next_rowid
