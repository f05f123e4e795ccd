"""Choosing the gazetteer place a toponym refers to.

Each toponym gets candidates by exact, alternate and fuzzy name; a hand-tuned linear score
ranks them by prominence (population, feature class), how well the name matched, and the
article's context: the countries and first-level divisions its other toponyms resolve to,
their distance, and the "X, Y" / "X in Y" patterns. A best candidate scoring below the
``null`` weight is dropped: no place is better than a wrong one.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

from eventwire.resolve.gazetteer import (
    KIND_ALIAS,
    KIND_ALTERNATE,
    KIND_DEMONYM,
    KIND_NAME,
    KIND_STRIPPED,
    Candidate,
    Gazetteer,
    name_key,
)
from eventwire.resolve.gazetteer_build import TYPE_WORDS


@dataclass
class Weights:
    """Weights of the linear ranking score; defaults fitted by ``scripts/train_geo_ranker.py``."""

    population: float = 0.45
    pcli: float = 1.75
    cont: float = 3.0
    adm1: float = 1.1
    pplc: float = 2.2
    sea: float = 2.25
    adm2: float = -0.35
    adm3: float = -1.5
    ppl: float = 0.0
    other: float = -0.5
    alias: float = 0.0
    alternate: float = -1.2
    demonym: float = -0.3
    stripped: float = -1.2
    fuzzy: float = 6.0
    same_case: float = 0.3
    acronym: float = 3.0
    type_word: float = 1.5
    country: float = 0.9
    admin1: float = 2.0
    near50: float = 1.5
    near200: float = 0.6
    container: float = 4.0
    null: float = -2.0

    @classmethod
    def load(cls, path: Path | None = None) -> Weights:
        """The shipped weights (``data/places/ranker.json``), else the defaults."""
        path = path or Path(str(resources.files("eventwire"))) / "data/places/ranker.json"
        if not path.exists():
            return cls()
        values = json.loads(path.read_text("utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in values.items() if k in known})


_FEATURE_GROUP = {
    "A.PCLI": "pcli",
    "L.CONT": "cont",
    "A.ADM1": "adm1",
    "P.PPLC": "pplc",
    "H.OCN": "sea",
    "H.SEA": "sea",
    "L.RGN": "sea",
    "A.ADM2": "adm2",
    "A.ADM3": "adm3",
}
_KIND_GROUP = {
    KIND_ALIAS: "alias",
    KIND_ALTERNATE: "alternate",
    KIND_DEMONYM: "demonym",
    KIND_STRIPPED: "stripped",
}
_ADMIN_WORDS = TYPE_WORDS


@dataclass
class Toponym:
    """A detected toponym and what resolution knows of it."""

    start: int
    end: int
    text: str
    demonym: bool = False
    # "X, Y" / "X in Y": the index of the toponym Y that qualifies this one.
    container: int | None = None
    candidates: tuple[Candidate, ...] = ()
    best: Candidate | None = None
    score: float = 0.0
    scores: list[float] = field(default_factory=list)


def candidates_for(gaz: Gazetteer, text: str, demonym: bool = False) -> tuple[Candidate, ...]:
    """Gazetteer candidates for a toponym: exact name, then without type word, then fuzzy."""
    key = name_key(text)
    if key.startswith("the "):
        key = key[4:]
    found = gaz.lookup(key)
    if demonym:
        return tuple(c for c in found if c.kind == KIND_DEMONYM)
    found = tuple(c for c in found if c.kind != KIND_DEMONYM or c.feature == "A.PCLI")
    words = key.split()
    if len(words) > 1 and words[-1] in _ADMIN_WORDS:
        # "Sindhupalchok district": the division under its bare name, else fuzzily.
        bare = " ".join(words[:-1])
        more = gaz.lookup(bare) or gaz.fuzzy(bare)
        found += tuple(c for c in more if c.feature_class == "A")
    if not found:
        found = gaz.fuzzy(key)
    return found


def _prior(c: Candidate, w: Weights) -> float:
    group = _FEATURE_GROUP.get(c.feature or "") or ("ppl" if c.feature_class == "P" else "other")
    score: float = getattr(w, group) + w.population * math.log10(c.population + 10)
    if c.kind != KIND_NAME:
        score += getattr(w, _KIND_GROUP.get(c.kind, "alternate"))
    return score - w.fuzzy * (1.0 - c.fuzzy)


def _distance_km(a: Candidate, b: Candidate) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 20000.0
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class _Context:
    countries: Counter[str]
    admin1s: Counter[str]
    anchors: list[Candidate]


def _context(toponyms: Sequence[Toponym]) -> _Context:
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    anchors: list[Candidate] = []
    for top in toponyms:
        best = top.best
        if best is None:
            continue
        if best.country:
            countries[best.country] += 1
        if best.admin1_code and best.feature != "A.PCLI":
            admin1s[best.admin1_code] += 1
        if best.feature_class in {"P", "A"} and best.feature != "A.PCLI":
            anchors.append(best)
    return _Context(countries, admin1s, anchors)


def _score(
    c: Candidate, top: Toponym, ctx: _Context, toponyms: Sequence[Toponym], w: Weights
) -> float:
    score = _prior(c, w)
    if c.name == top.text:
        score += w.same_case
    elif top.text.isupper() and len(top.text) <= 4 and c.kind == KIND_NAME:
        score -= w.acronym  # "EU" is not the French town of Eu
    words = top.text.split()
    if len(words) > 1 and words[-1].casefold() in _ADMIN_WORDS:
        score += w.type_word if c.feature_class == "A" and c.feature != "A.PCLI" else -w.type_word
    own = top.best
    # The context without this toponym's own vote.
    n_country = ctx.countries[c.country or ""] - (1 if own and own.country == c.country else 0)
    n_admin = ctx.admin1s[c.admin1_code or ""] - (
        1 if own and own.admin1_code == c.admin1_code and own.feature != "A.PCLI" else 0
    )
    if c.feature_class != "L":
        score += w.country * math.log1p(max(n_country, 0))
    if c.feature != "A.PCLI":
        score += w.admin1 * math.log1p(max(n_admin, 0))
    if ctx.anchors and c.feature_class in {"P", "A", "S", "H", "T"} and c.feature != "A.PCLI":
        near = min(
            (_distance_km(c, a) for a in ctx.anchors if a.rowid != c.rowid), default=20000.0
        )
        score += w.near50 if near < 50 else w.near200 if near < 200 else 0.0
    if top.container is not None:
        outer = toponyms[top.container].best
        if outer is not None and _contains(outer, c):
            score += w.container
    return score


def _contains(outer: Candidate, inner: Candidate) -> bool:
    if outer.rowid == inner.rowid:
        return False
    if outer.feature == "A.PCLI":
        return outer.country == inner.country
    if outer.feature == "A.ADM1":
        return outer.admin1_code is not None and outer.admin1_code == inner.admin1_code
    return _distance_km(outer, inner) < 50


_WEIGHTS: list[Weights] = []


def rank(
    toponyms: Sequence[Toponym], gaz: Gazetteer, weights: Weights | None = None, passes: int = 2
) -> None:
    """Fill in ``best`` and ``score`` of every toponym, using the others as context."""
    if weights is None:
        if not _WEIGHTS:
            _WEIGHTS.append(Weights.load())
        weights = _WEIGHTS[0]
    for top in toponyms:
        if not top.candidates:
            top.candidates = candidates_for(gaz, top.text, top.demonym)
    empty = _Context(Counter(), Counter(), [])
    for pass_no in range(passes + 1):
        ctx = empty if pass_no == 0 else _context(toponyms)
        for top in toponyms:
            top.scores = [_score(c, top, ctx, toponyms, weights) for c in top.candidates]
        for top in toponyms:
            if top.scores:
                score, index = max((s, i) for i, s in enumerate(top.scores))
                top.best, top.score = top.candidates[index], score
    for top in toponyms:
        if top.best is not None and top.score < weights.null:
            top.best = None


__all__ = ["Toponym", "Weights", "candidates_for", "haversine_km", "rank"]
