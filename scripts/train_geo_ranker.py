"""Fit the place ranker's weights on geoparsing dev corpora; write data/places/ranker.json.

Usage: .venv/bin/python scripts/train_geo_ranker.py ../shared/data/geo/*.dev.xml

The ranker is linear in a few interpretable features (see ``places_rank.Weights``), so a
coordinate search over each weight, resolving the gold spans with the others as context, fits
it in a couple of minutes without a learning library. The objective is the mean of exact
GeoNames-id accuracy and accuracy within 161 km over all gold toponyms; each article's
candidates are looked up once and reused. Only the weights are written, never corpus text.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, fields, replace
from pathlib import Path

from eventwire.evaluate.geo import MAX_ERROR_KM, WITHIN_KM, read_gold
from eventwire.extract.places import link_containers
from eventwire.extract.places_rank import Toponym, Weights, haversine_km, rank
from eventwire.resolve.gazetteer import open_gazetteer

OUTPUT = Path(__file__).parents[1] / "src/eventwire/data/places/ranker.json"
STEPS = (-1.0, -0.5, -0.25, 0.25, 0.5, 1.0)


def _load(paths: list[Path]) -> list[tuple[list[Toponym], list[tuple[int | None, float, float]]]]:
    gaz = open_gazetteer()
    docs = []
    for path in paths:
        for article in read_gold(path):
            gold = sorted((t for t in article.toponyms if t.located), key=lambda t: t.start)
            tops = [Toponym(t.start, t.end, article.text[t.start : t.end]) for t in gold]
            link_containers(article.text, tops)
            rank(tops, gaz)  # fills the candidates once
            docs.append((tops, [(t.geonames_id, t.lat or 0.0, t.lon or 0.0) for t in gold]))
    return docs


def _objective(docs: list[tuple[list[Toponym], list[tuple[int | None, float, float]]]],
               weights: Weights) -> float:
    gaz = open_gazetteer()
    exact = with_id = within = total = 0
    for tops, gold in docs:
        for top in tops:
            top.best = None
        rank(tops, gaz, weights)
        for top, (gid, lat, lon) in zip(tops, gold, strict=True):
            best = top.best
            total += 1
            error = MAX_ERROR_KM
            if best is not None and best.lat is not None and best.lon is not None:
                error = haversine_km(lat, lon, best.lat, best.lon)
            within += error <= WITHIN_KM
            if gid is not None:
                with_id += 1
                exact += best is not None and best.geonames_id == gid
    return (exact / max(with_id, 1) + within / max(total, 1)) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = _load(args.paths)
    weights = Weights()
    best = _objective(docs, weights)
    print(f"start {best:.4f}")
    for round_no in range(args.rounds):
        improved = False
        for f in fields(Weights):
            for step in STEPS:
                trial = replace(weights, **{f.name: getattr(weights, f.name) + step})
                value = _objective(docs, trial)
                if value > best + 1e-4:
                    best, weights, improved = value, trial, True
                    print(f"round {round_no} {f.name}={getattr(weights, f.name):.2f} {best:.4f}")
        if not improved:
            break
    OUTPUT.write_text(json.dumps(asdict(weights), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({best:.4f})")


if __name__ == "__main__":
    main()
