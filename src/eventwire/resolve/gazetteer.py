"""The offline gazetteer: an indexed SQLite file of places and their names.

The file is compiled once from registry packages (see :mod:`gazetteer_build`) at first use and
kept in the user cache; :class:`Gazetteer` keeps one read-only connection and caches lookups,
so resolving a toponym costs a dictionary hit after its first occurrence.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from eventwire.config import Settings

# Bump when the schema or the compiled content changes: the cache file name carries it, so
# an old cache is never read by new code.
GAZETTEER_VERSION = "5"

# How a name belongs to a place, best first (stored in name.kind).
KIND_NAME = 0  # the place's own name
KIND_ALIAS = 1  # an official or English alias, an abbreviation
KIND_ALTERNATE = 2  # an alternate spelling or transliteration
KIND_DEMONYM = 3  # "French" for France
KIND_STRIPPED = 4  # the name without its type word ("Laurel" for Laurel County)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS place (
    rowid INTEGER PRIMARY KEY,
    geonames_id INTEGER,
    name TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    lat REAL,
    lon REAL,
    feature TEXT,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS name_key ON name (key);
CREATE UNIQUE INDEX IF NOT EXISTS name_unique ON name (key, place);
CREATE INDEX IF NOT EXISTS place_geonames ON place (geonames_id);
CREATE INDEX IF NOT EXISTS name_place ON name (place);
CREATE INDEX IF NOT EXISTS place_feature ON place (feature);
"""

_APOSTROPHES = re.compile(r"['’`ʻʼ‘.]")
_SEPARATORS = re.compile(r"[\s\-–—/_,()]+")


# Detection and ranking ask for the same few hundred names of an article many times over.
@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes and hyphens ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _APOSTROPHES.sub("", plain.casefold())
    return _SEPARATORS.sub(" ", plain).strip()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer place a name may refer to, with how well the name matched it."""

    rowid: int
    geonames_id: int | None
    name: str
    country: str | None
    admin1: str | None
    admin1_code: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    population: int
    kind: int
    fuzzy: float = 1.0

    @property
    def feature_class(self) -> str:
        return (self.feature or "?")[0]


def default_path(settings: Settings | None = None) -> Path:
    """Where the compiled gazetteer lives: the ``gazetteer`` setting, else the user cache."""
    settings = settings or Settings.from_env()
    if settings.gazetteer:
        return Path(settings.gazetteer).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "eventwire" / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


_SELECT = (
    "SELECT p.rowid, p.geonames_id, p.name, p.country, p.admin1, p.admin1_code, p.lat, p.lon,"
    " p.feature, p.population, MIN(n.kind) FROM name n JOIN place p ON p.rowid = n.place"
)


class Gazetteer:
    """Read-only access to a compiled gazetteer file, with in-memory caches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._exact: dict[str, tuple[Candidate, ...]] = {}
        self._fuzzy: dict[str, tuple[Candidate, ...]] = {}
        self._by_id: dict[int, Candidate | None] = {}
        self._divisions: dict[str, tuple[tuple[str, str | None], ...]] | None = None

    def close(self) -> None:
        self._db.close()

    def meta(self) -> dict[str, str]:
        """Build metadata: version, sources, counts."""
        with self._lock:
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        return {str(k): str(v) for k, v in rows}

    def _query(self, where: str, args: tuple[object, ...]) -> list[Candidate]:
        with self._lock:
            rows = self._db.execute(f"{_SELECT} WHERE {where} GROUP BY p.rowid", args).fetchall()
        return [Candidate(*row) for row in rows]

    def lookup(self, key: str) -> tuple[Candidate, ...]:
        """Places with exactly this name key (see :func:`name_key`), any kind of name."""
        found = self._exact.get(key)
        if found is None:
            found = self._exact[key] = tuple(self._query("n.key = ?", (key,))) if key else ()
        return found

    def fuzzy(self, key: str, cutoff: float = 0.88) -> tuple[Candidate, ...]:
        """Places whose name is a close spelling of ``key`` ("Sindhupalchok", "Sindhupalchowk").

        Only names sharing the first four characters are compared, which keeps this to one
        index range scan.
        """
        found = self._fuzzy.get(key)
        if found is not None:
            return found
        if len(key) < 6:
            self._fuzzy[key] = ()
            return ()
        prefix = key[:4]
        with self._lock:
            keys = [
                str(k)
                for (k,) in self._db.execute(
                    "SELECT DISTINCT key FROM name WHERE key >= ? AND key < ? LIMIT 20000",
                    (prefix, prefix + "\uffff"),
                )
                if abs(len(k) - len(key)) <= 3
            ]
        scored = process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=5
        )
        result: list[Candidate] = []
        for other, score, _ in scored:
            for cand in self.lookup(other):
                result.append(_with_fuzzy(cand, score / 100))
        found = self._fuzzy[key] = tuple(result)
        return found

    def division_names(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        """Every name key of a country or first-level division: its (country, admin1 code)s.

        Own names, aliases and country demonyms only, loaded once: an article's text is
        scanned against this to learn which states and countries it speaks of.
        """
        if self._divisions is None:
            # CROSS JOIN keeps SQLite to the few hundred places, then their names by index.
            with self._lock:
                rows = self._db.execute(
                    "SELECT n.key, n.kind, p.country, p.admin1_code, p.feature FROM place p"
                    " CROSS JOIN name n ON n.place = p.rowid"
                    " WHERE p.feature IN ('A.ADM1', 'A.PCLI', 'P.PPLC')"
                ).fetchall()
            # "Washington" names the capital far more often than the state: a division
            # named like a national capital elsewhere is not taken as named by that word.
            capital_admin1 = {
                str(k): a for k, kind, _, a, f in rows if f == "P.PPLC" and kind <= KIND_ALIAS
            }
            found: dict[str, set[tuple[str, str | None]]] = {}
            for key, kind, country, admin1, feature in rows:
                if feature == "A.ADM1" and (
                    kind > KIND_ALIAS or capital_admin1.get(key, admin1) != admin1
                ):
                    continue
                if feature == "A.PCLI" and kind <= KIND_DEMONYM and country:
                    found.setdefault(str(key), set()).add((str(country), None))
                elif feature == "A.ADM1" and country:
                    found.setdefault(str(key), set()).add((str(country), admin1))
            # "Central" names a province in a dozen countries: such a word names none.
            for key, codes in found.items():
                if len({country for country, admin1 in codes if admin1}) > 2:
                    found[key] = {(country, admin1) for country, admin1 in codes if not admin1}
            self._divisions = {k: tuple(sorted(v, key=str)) for k, v in found.items() if v}
        return self._divisions

    def by_geonames_id(self, geonames_id: int) -> Candidate | None:
        """The place with this GeoNames id, if the gazetteer has it."""
        if geonames_id not in self._by_id:
            rows = self._query("p.geonames_id = ?", (geonames_id,))
            self._by_id[geonames_id] = rows[0] if rows else None
        return self._by_id[geonames_id]


def _with_fuzzy(cand: Candidate, ratio: float) -> Candidate:
    return Candidate(
        cand.rowid,
        cand.geonames_id,
        cand.name,
        cand.country,
        cand.admin1,
        cand.admin1_code,
        cand.lat,
        cand.lon,
        cand.feature,
        cand.population,
        max(cand.kind, KIND_ALTERNATE),
        ratio,
    )


_OPEN: dict[Path, Gazetteer] = {}
_OPEN_LOCK = threading.Lock()


def open_gazetteer(settings: Settings | None = None, path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer at ``path`` (default: the setting), built on first use."""
    target = path or default_path(settings)
    with _OPEN_LOCK:
        gaz = _OPEN.get(target)
        if gaz is None:
            if not target.exists():
                from eventwire.resolve.gazetteer_build import build_gazetteer

                build_gazetteer(target)
            gaz = _OPEN[target] = Gazetteer(target)
        return gaz
