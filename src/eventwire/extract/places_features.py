"""Features of a toponym's gazetteer candidates, and the linear model that scores them.

The model is logistic regression fitted by ``scripts/train_geo_ranker.py`` and shipped as a
small JSON of coefficients (``data/places/ranker.json``), so scoring needs no learning
library: a candidate's score is the dot product of its features with the coefficients.
There are two stages: ``prior`` scores a candidate on itself alone (prominence, how the name
matched), ``context`` adds what the article's other toponyms say (their countries and
first-level divisions, distance, the "X, Y" / "X in Y" pattern) and which states and
countries its text names.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.resolve.gazetteer import (
    KIND_ALTERNATE,
    KIND_NAME,
    KIND_STRIPPED,
    Candidate,
    Gazetteer,
    name_key,
)
from eventwire.resolve.gazetteer_build import TYPE_WORDS

if TYPE_CHECKING:
    from eventwire.extract.places_rank import Toponym

_FEATURE_GROUP = {
    "A.PCLI": "f_pcli",
    "L.CONT": "f_cont",
    "A.ADM1": "f_adm1",
    "P.PPLC": "f_pplc",
    "H.OCN": "f_sea",
    "H.SEA": "f_sea",
    "L.RGN": "f_sea",
    "A.ADM2": "f_adm2",
    "A.ADM3": "f_adm3",
}
_KIND_GROUP = {1: "k_alias", 2: "k_alternate", 3: "k_demonym", 4: "k_stripped"}

PRIOR_FEATURES: tuple[str, ...] = (
    "log_pop", "pop_gap", "is_top_pop", "log_pop_rank", "log_n_cands",
    "f_pcli", "f_cont", "f_adm1", "f_pplc", "f_sea", "f_adm2", "f_adm3", "f_ppl", "f_other",
    "k_alias", "k_alternate", "k_demonym", "k_stripped", "fuzzy_gap",
    "same_case", "acronym", "type_word_match", "type_word_miss", "multiword",
    "division_namesake_town", "town_namesake_division",
    "log_pop_division", "alternate_shadowed", "capital_namesake",
)
CONTEXT_FEATURES: tuple[str, ...] = (
    "ctx_country", "ctx_country_share", "ctx_top_country", "ctx_country_named",
    "ctx_admin1", "ctx_admin1_share", "ctx_admin1_named",
    "near50", "near200", "near_log_km", "ctx_empty",
    "container_in", "container_out",
    "co_admin1", "co_admin1_share", "co_country_share",
    "text_admin1", "text_country",
    "co_near", "co_near_share",
)
FEATURES = PRIOR_FEATURES + CONTEXT_FEATURES


# A capitalised word, with the dots of an abbreviation ("Ga.", "W.Va.", "D.C.").
_CAP_WORD = re.compile(r"\b[A-Z][A-Za-z'’]*(?:\.(?:[A-Z][a-z]*\.)*)?")
_MAX_WORDS = 4


@dataclass
class TextMentions:
    """The countries and first-level divisions an article's text names anywhere.

    Local news names its state in passing, often where no toponym is marked: an agency
    ("Texas Department of Public Safety"), a dateline abbreviation ("CHARLESTON, W.Va."),
    a party-and-state tag. Each code maps to the name keys that named it, with counts, so a
    toponym's own name can be left out of the evidence for its own candidates.
    """

    countries: dict[str, Counter[str]] = field(default_factory=dict)
    admin1s: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, text: str, gaz: Gazetteer) -> TextMentions:
        """Find every country and first-level division name in ``text``."""
        names = gaz.division_names()
        firsts = _first_words(names)
        found = cls()
        words = list(_CAP_WORD.finditer(text))
        for i, first in enumerate(words):
            if name_key(first.group()) not in firsts:
                continue
            end = i
            while end < min(len(words), i + _MAX_WORDS):
                if end > i and text[words[end - 1].end() : words[end].start()] != " ":
                    break
                surface = text[first.start() : words[end].end()]
                end += 1
                key = name_key(surface)
                codes = names.get(key)
                if not codes or not _plausible(surface, key, text, first.start()):
                    continue
                for country, admin1 in codes:
                    found.countries.setdefault(country, Counter())[key] += 1
                    if admin1:
                        found.admin1s.setdefault(admin1, Counter())[key] += 1
        return found

    @staticmethod
    def count(table: dict[str, Counter[str]], code: str | None, own: str) -> int:
        """Mentions naming ``code`` other than by the key ``own``."""
        named = table.get(code or "")
        return sum(n for k, n in named.items() if k != own) if named else 0


_FIRSTS: dict[int, frozenset[str]] = {}


def _first_words(names: Mapping[str, object]) -> frozenset[str]:
    """The first words of ``names``' keys (computed once per gazetteer)."""
    found = _FIRSTS.get(id(names))
    if found is None:
        found = _FIRSTS[id(names)] = frozenset(k.split(" ", 1)[0] for k in names)
    return found


def _plausible(surface: str, key: str, text: str, start: int) -> bool:
    """Whether a short match is an abbreviation ("Ga.", ", GA") rather than a word."""
    if len(key.replace(" ", "")) > 4:
        return True
    if surface.endswith("."):
        return True
    return surface.isupper() and len(surface) == 2 and text[max(0, start - 2) : start] == ", "


class _Tally:
    """Weights by code (a country or division), kept apart by the toponym name giving them."""

    def __init__(self) -> None:
        self.by_code: dict[str, dict[str, float]] = {}

    def add(self, code: str, key: str, weight: float) -> None:
        names = self.by_code.setdefault(code, {})
        names[key] = names.get(key, 0.0) + weight

    def get(self, code: str | None, own: str) -> float:
        """The weight of ``code`` given by names other than ``own``."""
        names = self.by_code.get(code or "")
        return sum(w for k, w in names.items() if k != own) if names else 0.0

    def top(self) -> str | None:
        return max(self.by_code, key=lambda c: sum(self.by_code[c].values()), default=None)


@dataclass
class Context:
    """What an article's resolved toponyms say, each counted by the confidence of its pick.

    Evidence is kept by toponym name: a name repeated in the article counts once (the mean
    confidence of its mentions), and a toponym is never its own evidence, not even through
    another mention of the same name.
    """

    countries: _Tally = field(default_factory=_Tally)
    admin1s: _Tally = field(default_factory=_Tally)
    # (candidate, name key) of resolved towns and divisions below country level.
    anchors: list[tuple[Candidate, str]] = field(default_factory=list)
    # Countries and first-level divisions the article names as such.
    named_countries: _Tally = field(default_factory=_Tally)
    named_admin1s: _Tally = field(default_factory=_Tally)
    totals: dict[str, float] = field(default_factory=dict)
    # For each first-level division and country, the distinct toponym texts of the article
    # with some candidate there (picked or not): support even where the first pass erred.
    co_admin1: dict[str, set[str]] = field(default_factory=dict)
    co_country: dict[str, set[str]] = field(default_factory=dict)
    # For each local candidate (by rowid), the other toponym texts with a candidate within
    # ``NEAR_KM``: a town and its county, or two neighbouring towns, confirm each other
    # whichever of their namesakes the first pass picked.
    co_near: dict[int, set[str]] = field(default_factory=dict)
    texts: int = 0
    mentions: TextMentions = field(default_factory=TextMentions)

    def add_candidates(
        self, toponyms: Sequence[Toponym], near: dict[int, set[str]] | None = None
    ) -> None:
        """Record which divisions and countries each toponym's candidates lie in, and which
        other toponyms have a candidate near each (``near``, if already worked out)."""
        seen = set()
        for top in toponyms:
            key = top.text.casefold()
            seen.add(key)
            for c in top.candidates:
                if c.admin1_code and c.feature != "A.PCLI":
                    self.co_admin1.setdefault(c.admin1_code, set()).add(key)
                if c.country:
                    self.co_country.setdefault(c.country, set()).add(key)
        self.texts = len(seen)
        self.co_near = near_texts(toponyms) if near is None else near

    def add_picks(self, picks: Sequence[tuple[str, Candidate, float]]) -> None:
        """Add the picks (name, candidate, confidence); a name's mentions share one vote."""
        mentions: dict[str, int] = defaultdict(int)
        for text, _, _ in picks:
            mentions[name_key(text)] += 1
        placed: set[tuple[str, int]] = set()
        for text, c, weight in picks:
            key = name_key(text)
            self._add(c, weight / mentions[key], key, (key, c.rowid) not in placed)
            placed.add((key, c.rowid))

    def _add(self, c: Candidate, weight: float, key: str, anchor: bool) -> None:
        self.totals[key] = self.totals.get(key, 0.0) + weight
        if c.country:
            self.countries.add(c.country, key, weight)
            if c.feature == "A.PCLI":
                self.named_countries.add(c.country, key, weight)
        if c.admin1_code and c.feature != "A.PCLI":
            self.admin1s.add(c.admin1_code, key, weight)
            if c.feature == "A.ADM1":
                self.named_admin1s.add(c.admin1_code, key, weight)
        if anchor and c.feature_class in {"P", "A"} and c.feature != "A.PCLI":
            self.anchors.append((c, key))

    def total(self, own: str) -> float:
        return sum(w for k, w in self.totals.items() if k != own)


NEAR_KM = 50.0
# Features whose coordinates are a centroid of something too large to be "near" a town.
_WIDE = frozenset({"A.PCLI", "A.ADM1", "L.CONT", "L.RGN", "H.OCN", "H.SEA"})


# A country this small is a city-state ("Vatican", "Monaco"): its centroid is a place.
_CITY_STATE = 100_000


def _local(c: Candidate) -> bool:
    if c.lat is None or c.lon is None:
        return False
    return c.feature not in _WIDE or (c.feature == "A.PCLI" and c.population < _CITY_STATE)


def near_texts(toponyms: Sequence[Toponym]) -> dict[int, set[str]]:
    """For each local candidate of ``toponyms``, the other texts with one within NEAR_KM.

    Candidates are bucketed in one-degree cells, so only neighbouring cells are compared.
    """
    cells: dict[tuple[int, int], list[tuple[Candidate, str]]] = defaultdict(list)
    for top in toponyms:
        key = name_key(top.text)
        for c in top.candidates:
            if _local(c):
                assert c.lat is not None and c.lon is not None
                cells[math.floor(c.lat), math.floor(c.lon)].append((c, key))
    near: dict[int, set[str]] = {}
    for (lat, lon), members in cells.items():
        # A degree of longitude shrinks with latitude: look further east and west up north.
        span = 1 if abs(lat) < 60 else 3
        around = [
            other
            for dlat in (-1, 0, 1)
            for dlon in range(-span, span + 1)
            for other in cells.get((lat + dlat, lon + dlon), ())
        ]
        for c, key in members:
            found = near.setdefault(c.rowid, set())
            for other, other_key in around:
                # The same place under another name ("Mexico", "Mexico City") is no
                # neighbour: it says nothing the names did not.
                if (
                    other_key != key and other_key not in found and other.rowid != c.rowid
                    and distance_km(c, other) < NEAR_KM
                ):
                    found.add(other_key)
    return near


# An article's candidates are compared pairwise in every ranking pass and for every
# mention of a repeated name: the same pairs come back many times.
@lru_cache(maxsize=1 << 16)
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: Candidate, b: Candidate) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 20000.0
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def contains(outer: Candidate, inner: Candidate) -> bool:
    """Whether ``outer`` (a country, division or town) contains or adjoins ``inner``."""
    if outer.rowid == inner.rowid:
        return False
    if outer.feature == "A.PCLI":
        return outer.country == inner.country
    if outer.feature == "A.ADM1":
        return outer.admin1_code is not None and outer.admin1_code == inner.admin1_code
    return distance_km(outer, inner) < 50


def prior_features(top: Toponym) -> list[dict[str, float]]:
    """The context-free features of each of ``top``'s candidates."""
    cands = top.candidates
    pops = [math.log10(c.population + 10) for c in cands]
    top_pop = max(pops, default=1.0)
    order = sorted(range(len(cands)), key=lambda i: -cands[i].population)
    rank_of = {i: r for r, i in enumerate(order)}
    words = top.text.split()
    typed = top.typed or (len(words) > 1 and words[-1].casefold() in TYPE_WORDS)
    short_upper = top.text.isupper() and len(top.text) <= 4
    shouted = top.text.isupper() and not short_upper
    n_log = math.log1p(len(cands))
    # Countries with a town and a division of this name ("Beirut" city and governorate).
    town_countries = {c.country for c in cands if c.feature_class == "P"}
    division_countries = {
        c.country for c in cands if c.feature_class == "A" and c.feature != "A.PCLI"
    }
    # A place of this very name exists: one reached only through an alternate or fuzzy
    # spelling is less likely ("Maryville" is a town's name, not Beeville's old one).
    has_own_name = any(c.kind == KIND_NAME and c.fuzzy == 1.0 for c in cands)
    capital = any(c.feature == "P.PPLC" for c in cands)
    rows = []
    for i, c in enumerate(cands):
        f = dict.fromkeys(PRIOR_FEATURES, 0.0)
        f["log_pop"] = pops[i]
        f["pop_gap"] = top_pop - pops[i]
        f["is_top_pop"] = float(rank_of[i] == 0)
        f["log_pop_rank"] = math.log1p(rank_of[i])
        f["log_n_cands"] = n_log
        group = _FEATURE_GROUP.get(c.feature or "") or (
            "f_ppl" if c.feature_class == "P" else "f_other"
        )
        f[group] = 1.0
        if c.kind != KIND_NAME:
            f[_KIND_GROUP.get(c.kind, "k_alternate")] = 1.0
        f["fuzzy_gap"] = 1.0 - c.fuzzy
        # An upper-case dateline ("GENEVA") is spelt like "Geneva", not like "Genève".
        f["same_case"] = float(c.name == top.text or (shouted and c.name.upper() == top.text))
        f["acronym"] = float(short_upper and c.kind == KIND_NAME and c.name != top.text)
        if typed:
            division = c.feature_class == "A" and c.feature != "A.PCLI"
            f["type_word_match" if division else "type_word_miss"] = 1.0
        f["multiword"] = float(len(words) > 1)
        if has_own_name and (c.kind in (KIND_ALTERNATE, KIND_STRIPPED) or c.fuzzy < 1.0):
            f["alternate_shadowed"] = 1.0
        if c.feature_class == "A" and c.feature != "A.PCLI":
            # Divisions and towns differ in how population says how often they are named.
            f["log_pop_division"] = pops[i]
            # "Washington": the national capital is meant far more often than the state.
            f["capital_namesake"] = float(capital)
            f["division_namesake_town"] = float(c.country in town_countries)
        elif c.feature_class == "P":
            f["town_namesake_division"] = float(c.country in division_countries)
        rows.append(f)
    return rows


def context_features(
    top: Toponym, ctx: Context, outer: Candidate | None
) -> list[dict[str, float]]:
    """The context features of ``top``'s candidates; its own name's picks are left out."""
    rows = []
    own = name_key(top.text)
    total = ctx.total(own)
    top_country = ctx.countries.top()
    anchors = [a for a, key in ctx.anchors if key != own]
    for c in top.candidates:
        f = dict.fromkeys(CONTEXT_FEATURES, 0.0)
        n_country = ctx.countries.get(c.country, own)
        n_admin = ctx.admin1s.get(c.admin1_code, own) if c.admin1_code else 0.0
        named = ctx.named_countries.get(c.country, own)
        named_admin = ctx.named_admin1s.get(c.admin1_code, own)
        f["ctx_empty"] = float(total < 0.5)
        if c.feature_class != "L":
            f["ctx_country"] = math.log1p(n_country)
            f["ctx_country_share"] = n_country / total if total > 0 else 0.0
            f["ctx_top_country"] = float(c.country is not None and c.country == top_country)
            f["ctx_country_named"] = float(named > 0.3 and c.feature != "A.PCLI")
            f["text_country"] = math.log1p(
                TextMentions.count(ctx.mentions.countries, c.country, own)
            )
        if c.feature != "A.PCLI" and c.admin1_code:
            f["ctx_admin1"] = math.log1p(n_admin)
            f["ctx_admin1_share"] = n_admin / total if total > 0 else 0.0
            f["ctx_admin1_named"] = float(named_admin > 0.3 and c.feature != "A.ADM1")
            f["text_admin1"] = math.log1p(
                TextMentions.count(ctx.mentions.admin1s, c.admin1_code, own)
            )
        if anchors and c.feature_class in {"P", "A", "S", "H", "T"} and c.feature != "A.PCLI":
            near = min(
                (distance_km(c, a) for a in anchors if a.rowid != c.rowid), default=20000.0
            )
            f["near50"] = float(near < 50)
            f["near200"] = float(near < 200)
            f["near_log_km"] = math.log10(near + 1.0) / 4.3
        else:
            f["near_log_km"] = 1.0
        if outer is not None:
            f["container_in" if contains(outer, c) else "container_out"] = 1.0
        others = max(ctx.texts - 1, 0)
        if others and c.admin1_code and c.feature != "A.PCLI":
            co = len(ctx.co_admin1.get(c.admin1_code, ())) - 1
            f["co_admin1"] = math.log1p(max(co, 0))
            f["co_admin1_share"] = max(co, 0) / others
        if others and c.country and c.feature_class != "L":
            co = len(ctx.co_country.get(c.country, ())) - 1
            f["co_country_share"] = max(co, 0) / others
        if others:
            near_texts = len(ctx.co_near.get(c.rowid, ()))
            f["co_near"] = math.log1p(near_texts)
            f["co_near_share"] = near_texts / others
        rows.append(f)
    return rows


@dataclass(frozen=True)
class LinearStage:
    """One logistic-regression stage: coefficients by feature name, and an intercept."""

    coef: dict[str, float]
    intercept: float = 0.0
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _weights: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_names", tuple(self.coef))
        object.__setattr__(self, "_weights", tuple(self.coef.values()))

    def score(self, features: dict[str, float]) -> float:
        # Same products summed in the same order as over coef.items(), without the pairs.
        values = map(features.get, self._names, repeat(0.0))
        total: float = sum(map(mul, self._weights, values))
        return self.intercept + total


@dataclass(frozen=True)
class RankerModel:
    """The shipped ranker: a prior stage, a context stage, and the decision thresholds."""

    prior: LinearStage
    context: LinearStage
    # Pointwise: how likely the best candidate is right at all (the ranking stages are
    # pairwise, so their scores compare candidates of one toponym only).
    accept: LinearStage
    # A first-pass pick this probable (softmax over the toponym's candidates) is "strong":
    # only strong picks form the context of the second pass.
    strong: float = 0.8
    # A best candidate whose accept-stage logit is below this is dropped.
    null: float = -6.0

    @classmethod
    def load(cls, path: Path | None = None) -> RankerModel:
        """The shipped model (``data/places/ranker.json``), or the one at ``path``."""
        path = path or Path(str(resources.files("eventwire"))) / "data/places/ranker.json"
        data = json.loads(path.read_text("utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> RankerModel:
        def stage(raw: object) -> LinearStage:
            assert isinstance(raw, dict)
            unknown = set(raw["coef"]) - set(FEATURES)
            if unknown:
                raise ValueError(f"ranker model has unknown features: {sorted(unknown)}")
            return LinearStage({k: float(v) for k, v in raw["coef"].items()},
                               float(raw["intercept"]))

        return cls(
            prior=stage(data["prior"]),
            context=stage(data["context"]),
            accept=stage(data["accept"]),
            strong=float(data.get("strong", 0.8)),  # type: ignore[arg-type]
            null=float(data.get("null", -6.0)),  # type: ignore[arg-type]
        )


def softmax(scores: Sequence[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


__all__ = [
    "CONTEXT_FEATURES",
    "FEATURES",
    "PRIOR_FEATURES",
    "Context",
    "LinearStage",
    "RankerModel",
    "TextMentions",
    "contains",
    "context_features",
    "distance_km",
    "haversine_km",
    "near_texts",
    "prior_features",
    "softmax",
]
