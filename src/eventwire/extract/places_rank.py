"""Choosing the gazetteer place a toponym refers to.

Each toponym gets candidates by exact, alternate and fuzzy name, else by a place named
inside it ("Bank of Japan", "Dubai World Cup"). A learned linear model (see
:mod:`eventwire.extract.places_features`) ranks them in two passes: first on prominence
(population, feature class) and how well the name matched, alone; then the picks that are
already strong (the toponym is unambiguous, or one candidate dominates) form the article's
context (its countries, first-level divisions and towns, with the states and countries its
text names anywhere, even inside an agency's name), and every toponym is re-ranked with it
and the "X, Y" / "X in Y" pattern; a last pass repeats this with all the picks, each
counted by its confidence. A best candidate scoring below the model's ``null`` is dropped: no
place is better than a wrong one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from eventwire.extract.places_features import (
    Context,
    RankerModel,
    TextMentions,
    context_features,
    haversine_km,
    near_texts,
    prior_features,
    softmax,
)
from eventwire.extract.places_words import word_list
from eventwire.resolve.gazetteer import (
    KIND_ALTERNATE,
    KIND_DEMONYM,
    Candidate,
    Gazetteer,
    name_key,
)
from eventwire.resolve.gazetteer_build import TYPE_WORDS

_ADMIN_WORDS = TYPE_WORDS
# Words after which a name inside a longer name is the place it is of.
_OF_WORDS = frozenset({"of", "de", "du", "des", "di", "da", "del"})

# Abbreviated words of place names, spelt out: "Mt. Pleasant", "Ft. Myers", "W. Columbia".
_ABBREVIATIONS = {
    "mt": "mount", "ft": "fort", "st": "saint", "ste": "sainte", "pt": "point",
    "n": "north", "s": "south", "e": "east", "w": "west", "twp": "township", "co": "county",
}
_SPELT_OUT = 0.95
# A place named inside a longer name no place has ("Dubai World Cup", "Bank of Japan",
# "Walker County Sheriff's Office"): less sure than a name of its own.
_INNER = 0.9


@dataclass
class Toponym:
    """A detected toponym and what resolution knows of it."""

    start: int
    end: int
    text: str
    demonym: bool = False
    # "X, Y" / "X in Y": the index of the toponym Y that qualifies this one.
    container: int | None = None
    # Named with a type word after it, as in a list: "Jackson and Barrow counties".
    typed: bool = False
    candidates: tuple[Candidate, ...] = ()
    best: Candidate | None = None
    score: float = 0.0
    scores: list[float] = field(default_factory=list)


def candidates_for(
    gaz: Gazetteer, text: str, demonym: bool = False, inner: bool = False
) -> tuple[Candidate, ...]:
    """Gazetteer candidates for a toponym: exact name, then without type word, then fuzzy,
    then, with ``inner``, a place named inside it ("Walker County Sheriff's Office").

    Detection asks without ``inner``: whether the gazetteer knows a span as a name decides
    how it is cut ("Beirut Syria" is two places); resolution of the final spans asks with it.
    """
    key = name_key(text)
    if key.startswith("the "):
        key = key[4:]
    found = gaz.lookup(key)
    spelt = _spelt_out(key)
    if spelt != key:
        # Places elsewhere that only the spelt-out name gives, a little less sure than the
        # literal spelling; not a namesake division of a place already found ("St
        # Petersburg" is the city, not the federal subject "Saint Petersburg" also names).
        known = {(c.country, c.admin1_code) for c in found}
        found += tuple(
            replace(c, fuzzy=min(c.fuzzy, _SPELT_OUT))
            for c in gaz.lookup(spelt) if (c.country, c.admin1_code) not in known
        )
    if not found and key.endswith("s") and len(key) > 4:
        # A demonym in the plural: "Syrians", "Minnesotans".
        found = tuple(c for c in gaz.lookup(key[:-1]) if c.kind == KIND_DEMONYM)
    if demonym:
        return tuple(c for c in found if c.kind == KIND_DEMONYM)
    words = key.split()
    if len(words) > 1 and words[-1] in _ADMIN_WORDS:
        # "Sindhupalchok district": the division under its bare name, else fuzzily.
        bare = " ".join(words[:-1])
        more = gaz.lookup(bare) or gaz.fuzzy(bare)
        # A country is never "X County" ("Guernsey County", Ohio, is not Guernsey); a
        # division found by its full name already is not counted twice.
        known_rows = {c.rowid for c in found}
        found += tuple(
            c for c in more
            if c.feature_class == "A" and c.feature != "A.PCLI" and c.rowid not in known_rows
        )
    if not found:
        found = gaz.fuzzy(key)
    if not found and inner:
        found = tuple(replace(c, fuzzy=min(c.fuzzy, _INNER)) for c in _inner_name(gaz, text))
    return found


def _inner_name(gaz: Gazetteer, text: str) -> tuple[Candidate, ...]:
    """Candidates of the longest run of capitalised words inside ``text`` that the gazetteer
    names; among equally long runs, the one naming the most populous place ("Japan", not
    the village "Bank", in "Bank of Japan")."""
    words = text.split()
    if len(words) < 2:
        return ()
    compass = word_list("compass_words_lower")
    for size in range(len(words) - 1, 0, -1):
        best: tuple[Candidate, ...] = ()
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if not (run[0][:1].isupper() and run[-1][:1].isupper()):
                continue
            # The place opens the name ("Dubai World Cup", "Walker County Sheriff's Office")
            # or follows "of" ("Bank of Japan"); a run after another name word is that
            # name's part or its head noun ("Scott West", "City Hall", "Main Street").
            if start > 0 and words[start - 1].lower() not in _OF_WORDS:
                continue
            key = name_key(" ".join(run))
            if key in _ADMIN_WORDS or key in compass or len(key) < 3:
                continue
            # Only a place's own name or official alias: a common word inside a longer name
            # ("Road", "Cup") is some place's transliteration, not a mention of it.
            found = tuple(
                c for c in gaz.lookup(key)
                if c.kind < KIND_ALTERNATE or (c.kind == KIND_DEMONYM and size == 1)
            )
            if found and (not best or _largest(found) > _largest(best)):
                best = found
        if best:
            return best
    return ()


def _largest(found: tuple[Candidate, ...]) -> int:
    return max(c.population for c in found)


def _spelt_out(key: str) -> str:
    """``key`` with its abbreviated words spelt out ("mt pleasant" -> "mount pleasant")."""
    words = key.split()
    if len(words) < 2:
        return key
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


_MODEL: list[RankerModel] = []


def default_model() -> RankerModel:
    """The shipped ranker model, loaded once."""
    if not _MODEL:
        _MODEL.append(RankerModel.load())
    return _MODEL[0]


def pick(top: Toponym, scores: list[float]) -> float:
    """Set ``top.best`` to the best-scoring candidate; return its softmax probability."""
    top.scores = scores
    if not scores:
        top.best, top.score = None, 0.0
        return 0.0
    index = max(range(len(scores)), key=scores.__getitem__)
    top.best, top.score = top.candidates[index], scores[index]
    return softmax(scores)[index]


def build_context(
    toponyms: Sequence[Toponym], weights: Sequence[float], mentions: TextMentions | None = None,
    near: dict[int, set[str]] | None = None,
) -> Context:
    """The context of the picks of ``toponyms``, each counted with its weight (0: left out),
    and of the divisions the text names (``mentions``); ``near`` is :func:`near_texts` of
    the toponyms, if already worked out (their candidates do not change between passes)."""
    ctx = Context(mentions=mentions or TextMentions())
    ctx.add_candidates(toponyms, near)
    ctx.add_picks(
        [
            (top.text, top.best, weight)
            for top, weight in zip(toponyms, weights, strict=True)
            if top.best is not None and weight > 0
        ]
    )
    return ctx


def context_rows(
    toponyms: Sequence[Toponym], ctx: Context, priors: Sequence[list[dict[str, float]]]
) -> list[list[dict[str, float]]]:
    """Prior and context features of every candidate of every toponym."""
    rows = []
    for top, prior in zip(toponyms, priors, strict=True):
        outer = toponyms[top.container].best if top.container is not None else None
        extra = context_features(top, ctx, outer)
        rows.append([{**p, **e} for p, e in zip(prior, extra, strict=True)])
    return rows


def strong_weights(model: RankerModel, probs: Sequence[float]) -> list[float]:
    """First-pass confidences kept only where they are strong."""
    return [p if p >= model.strong else 0.0 for p in probs]


def rank(
    toponyms: Sequence[Toponym], gaz: Gazetteer, model: RankerModel | None = None,
    passes: int = 2, text: str = "",
) -> None:
    """Fill in ``best`` and ``score`` of every toponym, using the others and the article
    ``text`` they come from as context."""
    model = model or default_model()
    mentions = TextMentions.scan(text, gaz) if text else TextMentions()
    for top in toponyms:
        if not top.candidates:
            top.candidates = candidates_for(gaz, top.text, top.demonym, inner=True)
    priors = [prior_features(top) for top in toponyms]
    probs = [
        pick(top, [model.prior.score(f) for f in rows])
        for top, rows in zip(toponyms, priors, strict=True)
    ]
    weights = strong_weights(model, probs)
    near = near_texts(toponyms)
    rows: list[list[dict[str, float]]] = []
    for _ in range(passes):
        ctx = build_context(toponyms, weights, mentions, near)
        rows = context_rows(toponyms, ctx, priors)
        weights = [
            pick(top, [model.context.score(f) for f in cand_rows])
            for top, cand_rows in zip(toponyms, rows, strict=True)
        ]
    for top, cand_rows in zip(toponyms, rows, strict=True):
        if top.best is not None:
            chosen = cand_rows[top.scores.index(top.score)]
            if model.accept.score(chosen) < model.null:
                top.best = None


__all__ = [
    "Toponym",
    "build_context",
    "candidates_for",
    "context_rows",
    "default_model",
    "haversine_km",
    "pick",
    "rank",
    "strong_weights",
]
