"""Fit the place ranker on geoparsing dev corpora; write data/places/ranker.json.

Usage: .venv/bin/python scripts/train_geo_ranker.py ../shared/data/geo/*.dev.xml

The ranker (``places_rank``) is two logistic regressions over candidate features
(``places_features``): a prior stage on the candidate alone, and a context stage that adds
what the article's strong first-pass picks say. Each corpus is split by document with a
fixed seed: one half trains, the other is scored, so the printed held-out figures are honest
about overfitting; "cross-fitted" also scores the first half with a model fitted on the
second, so every document counts once, unseen. ``--all`` then refits on every document for
the shipped model. A candidate is positive when it has the gold GeoNames id, else
(coordinates only) when it is the candidate nearest the gold point within 161 km. Only
coefficients are written, never corpus text. scikit-learn is needed here only, not at run time.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from eventwire.evaluate.geo import MAX_ERROR_KM, WITHIN_KM, GoldToponym, read_gold
from eventwire.extract.places import link_containers
from eventwire.extract.places_features import (
    FEATURES,
    PRIOR_FEATURES,
    LinearStage,
    RankerModel,
    TextMentions,
    prior_features,
)
from eventwire.extract.places_rank import (
    Toponym,
    build_context,
    candidates_for,
    context_rows,
    haversine_km,
    pick,
    rank,
    strong_weights,
)
from eventwire.resolve.gazetteer import open_gazetteer

OUTPUT = Path(__file__).parents[1] / "src/eventwire/data/places/ranker.json"
SEED = 13


@dataclass
class _Doc:
    corpus: str
    tops: list[Toponym]
    gold: list[GoldToponym]
    labels: list[int | None]  # index of the positive candidate per toponym
    text: str
    mentions: TextMentions


def _positive(top: Toponym, gold: GoldToponym) -> int | None:
    for i, c in enumerate(top.candidates):
        if gold.geonames_id is not None and c.geonames_id == gold.geonames_id:
            return i
    best, best_km = None, WITHIN_KM
    for i, c in enumerate(top.candidates):
        if c.lat is None or c.lon is None or gold.lat is None or gold.lon is None:
            continue
        km = haversine_km(gold.lat, gold.lon, c.lat, c.lon)
        if km <= best_km:
            best, best_km = i, km
    return best


def _load(paths: list[Path]) -> list[_Doc]:
    gaz = open_gazetteer()
    docs = []
    for path in paths:
        for article in read_gold(path):
            gold = sorted((t for t in article.toponyms if t.located), key=lambda t: t.start)
            if not gold:
                continue
            tops = [Toponym(t.start, t.end, article.text[t.start : t.end]) for t in gold]
            link_containers(article.text, tops)
            for top in tops:
                top.candidates = candidates_for(gaz, top.text, inner=True)
            labels = [_positive(t, g) for t, g in zip(tops, gold, strict=True)]
            mentions = TextMentions.scan(article.text, gaz)
            docs.append(
                _Doc(path.name.split(".")[0], tops, gold, labels, article.text, mentions)
            )
    return docs


def _split(docs: list[_Doc]) -> tuple[list[_Doc], list[_Doc]]:
    rng = random.Random(SEED)
    train, test = [], []
    for corpus in sorted({d.corpus for d in docs}):
        mine = [d for d in docs if d.corpus == corpus]
        rng.shuffle(mine)
        half = len(mine) // 2
        train += mine[:half]
        test += mine[half:]
    return train, test


def _fit(rows: list[list[dict[str, float]]], labels: list[int | None],
         names: tuple[str, ...], c_value: float, pairwise: bool = True) -> LinearStage:
    """Pairwise (the positive against each negative of a toponym) or pointwise fit."""
    x: list[list[float]] = []
    y: list[int] = []
    w: list[float] = []
    rng = random.Random(SEED)
    for cand_rows, label in zip(rows, labels, strict=True):
        if label is None:
            continue
        vecs = [[f[n] for n in names] for f in cand_rows]
        if not pairwise:
            x += vecs
            y += [int(i == label) for i in range(len(vecs))]
            w += [1.0] * len(vecs)
            continue
        negatives = [v for i, v in enumerate(vecs) if i != label]
        for v in negatives:
            diff = [a - b for a, b in zip(vecs[label], v, strict=True)]
            sign = rng.random() < 0.5
            x.append(diff if sign else [-d for d in diff])
            y.append(int(sign))
            w.append(1.0 / len(negatives) ** 0.5)
    model = LogisticRegression(
        C=c_value, max_iter=5000, random_state=SEED, fit_intercept=not pairwise
    )
    model.fit(x, y, sample_weight=w)
    coef = {n: round(float(v), 5) for n, v in zip(names, model.coef_[0], strict=True)}
    intercept = 0.0 if pairwise else round(float(model.intercept_[0]), 5)
    return LinearStage(coef, intercept)


def train(docs: list[_Doc], c_value: float, strong: float, null: float) -> RankerModel:
    prior_rows, prior_labels = [], []
    for doc in docs:
        for top, label in zip(doc.tops, doc.labels, strict=True):
            prior_rows.append(prior_features(top))
            prior_labels.append(label)
    prior = _fit(prior_rows, prior_labels, PRIOR_FEATURES, c_value)
    model = RankerModel(prior, LinearStage({}), LinearStage({}), strong=strong)
    ctx_rows, ctx_labels = [], []
    for doc in docs:
        priors = [prior_features(top) for top in doc.tops]
        probs = [
            pick(top, [prior.score(f) for f in rows])
            for top, rows in zip(doc.tops, priors, strict=True)
        ]
        weights = strong_weights(model, probs)
        ctx = build_context(doc.tops, weights, doc.mentions)
        ctx_rows += context_rows(doc.tops, ctx, priors)
        ctx_labels += doc.labels
    context = _fit(ctx_rows, ctx_labels, FEATURES, c_value)
    accept = _fit(ctx_rows, ctx_labels, FEATURES, c_value, pairwise=False)
    return RankerModel(prior, context, accept, strong=strong, null=null)


def tally(docs: list[_Doc], model: RankerModel, passes: int = 2) -> dict[str, list[int]]:
    """Per corpus: [toponyms, with an id, within 161 km, exact id, gold among candidates]."""
    gaz = open_gazetteer()
    counts: dict[str, list[int]] = {}
    for doc in docs:
        rank(doc.tops, gaz, model, passes=passes, text=doc.text)
        t = counts.setdefault(doc.corpus, [0, 0, 0, 0, 0])
        for top, gold, label in zip(doc.tops, doc.gold, doc.labels, strict=True):
            best = top.best
            t[0] += 1
            error = MAX_ERROR_KM
            if best is not None and best.lat is not None and best.lon is not None:
                assert gold.lat is not None and gold.lon is not None
                error = haversine_km(gold.lat, gold.lon, best.lat, best.lon)
            t[2] += error <= WITHIN_KM
            if gold.geonames_id is not None:
                t[1] += 1
                t[3] += best is not None and best.geonames_id == gold.geonames_id
            t[4] += label is not None
    return counts


def figures(counts: dict[str, list[int]]) -> dict[str, dict[str, float]]:
    """Exact-id accuracy, within-161-km accuracy and the candidates' oracle, per corpus,
    and exact-id accuracy pooled over the corpora with ids."""
    found: dict[str, dict[str, float]] = {}
    for corpus, t in sorted(counts.items()):
        found[corpus] = {"exact": round(t[3] / t[1], 3)} if t[1] else {}
        found[corpus]["within161"] = round(t[2] / max(t[0], 1), 3)
        found[corpus]["oracle"] = round(t[4] / max(t[0], 1), 3)
    with_ids = sum(t[1] for t in counts.values())
    if with_ids:
        found["pooled"] = {"exact": round(sum(t[3] for t in counts.values()) / with_ids, 3)}
    return found


def _merge(*parts: dict[str, list[int]]) -> dict[str, list[int]]:
    merged: dict[str, list[int]] = {}
    for part in parts:
        for corpus, t in part.items():
            merged[corpus] = [a + b for a, b in zip(merged.get(corpus, [0] * 5), t, strict=True)]
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--C", dest="c_value", type=float, default=10.0)
    parser.add_argument("--strong", type=float, default=0.7)
    parser.add_argument("--null", type=float, default=-4.5)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--all", action="store_true", help="refit on all documents and write")
    args = parser.parse_args()
    docs = _load(args.paths)
    train_docs, test_docs = _split(docs)
    model = train(train_docs, args.c_value, args.strong, args.null)
    print("train half", json.dumps(figures(tally(train_docs, model, args.passes))))
    first = tally(test_docs, model, args.passes)
    held_out = figures(first)
    print("held-out half", json.dumps(held_out))
    # The other way round too: every document scored by a model that never saw it, a
    # steadier figure than one half alone.
    other = train(test_docs, args.c_value, args.strong, args.null)
    cross = figures(_merge(first, tally(train_docs, other, args.passes)))
    print("cross-fitted", json.dumps(cross))
    if args.all:
        model = train(docs, args.c_value, args.strong, args.null)
        data = {
            "about": "eventwire place ranker: logistic regression, scripts/train_geo_ranker.py",
            "features": list(FEATURES),
            "seed": SEED,
            "C": args.c_value,
            "strong": model.strong,
            "null": model.null,
            "held_out_half": held_out,
            "cross_fitted": cross,
            "prior": {"coef": model.prior.coef, "intercept": model.prior.intercept},
            "context": {"coef": model.context.coef, "intercept": model.context.intercept},
            "accept": {"coef": model.accept.coef, "intercept": model.accept.intercept},
        }
        OUTPUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
