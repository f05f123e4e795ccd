"""``eventwire eval events``: event coding scored on gold sentences.

Two kinds of gold are read:

- eventwire's own gold set (JSON Lines, ``docs/events-annotation-guide.md``): sentences of the
  MEANTIME and PolNeAR development texts, given by offsets; the texts are read from the data
  folder (a directory among the paths, else ``../shared/data``).
- PLOVER's gold-standard records (``PLOVER_GSR_CAMEO.json``): one sentence and one event each.
  Their older category names are mapped to PLOVER 2021 as the CAMEO-to-PLOVER table beside
  them does (DEMAND is REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT),
  and an event eventwire records as ``intended`` is compared as PLOVER codes it: the AGREE or
  THREATEN of announcing it (see :func:`as_plover_coding`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.evaluate import Scorecard
from eventwire.evaluate.corpora import corpus_published, corpus_text
from eventwire.ingest.base import RawArticle
from eventwire.model import Actor, Event, Record
from eventwire.pipeline import run

OLD_PLOVER_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
UNSAFE = frozenset({"denied", "hedged", "negated"})
DEFAULT_DATA = Path("../shared/data")

Span = tuple[int, int]


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class _Tally:
    gold: int = 0
    system: int = 0
    matched: int = 0

    def add(self, gold: int, system: int, matched: int) -> None:
        self.gold += gold
        self.system += system
        self.matched += matched

    def prf(self) -> tuple[float, float, float]:
        p = self.matched / self.system if self.system else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class _Scores:
    detection: _Tally = field(default_factory=_Tally)
    sources: _Tally = field(default_factory=_Tally)
    targets: _Tally = field(default_factory=_Tally)
    type_right: int = 0
    mode_right: int = 0
    mode_total: int = 0
    modality_right: int = 0
    unsafe_asserted: int = 0
    date_right: int = 0
    date_total: int = 0
    place_right: int = 0
    place_total: int = 0
    confusions: Counter[str] = field(default_factory=Counter)

    @property
    def matched(self) -> int:
        return self.detection.matched


# ---- eventwire gold set ---------------------------------------------------------------


def _actor_spans(event: Event, role: str) -> list[tuple[Actor, Span | None]]:
    paths = [p for p in (event.explanation.paths if event.explanation else []) if p.role == role]
    actors = event.sources if role == "source" else event.targets
    spans: list[tuple[Actor, Span | None]] = []
    for n, actor in enumerate(actors):
        path = paths[n] if n < len(paths) else None
        if path is not None and path.start is not None and path.end is not None:
            spans.append((actor, (path.start, path.end)))
        else:
            spans.append((actor, None))
    return spans


def _gold_actor_matches(gold: dict[str, Any], actor: Actor, span: Span | None) -> bool:
    spans = [tuple(gold["span"])]
    if gold.get("refers_to"):
        spans.append(tuple(gold["refers_to"]))
    if span is not None and any(_overlap(span, s) for s in spans):
        return True
    country, sector = gold.get("country"), gold.get("sector")
    return bool(country and sector and actor.country == country and actor.sector == sector)


def _score_actors(
    tally: _Tally, gold: list[dict[str, Any]], system: list[tuple[Actor, Span | None]]
) -> None:
    used: set[int] = set()
    for g in gold:
        for n, (actor, span) in enumerate(system):
            if n not in used and _gold_actor_matches(g, actor, span):
                used.add(n)
                break
    tally.add(len(gold), len(system), len(used))


def _match_events(
    gold: list[dict[str, Any]], system: list[Event]
) -> list[tuple[dict[str, Any], Event]]:
    pairs: list[tuple[dict[str, Any], Event]] = []
    free = list(system)
    for g in gold:
        trigger = tuple(g["trigger"])
        hit = next(
            (
                e
                for e in free
                if e.explanation
                and _overlap((e.explanation.trigger.start, e.explanation.trigger.end), trigger)
            ),
            None,
        )
        if hit is None:
            hit = next(
                (
                    e
                    for e in free
                    if e.type == g["type"]
                    and any(
                        _gold_actor_matches(ga, a, s)
                        for ga in g["sources"] + g["targets"]
                        for a, s in _actor_spans(e, "source") + _actor_spans(e, "target")
                    )
                ),
                None,
            )
        if hit is not None:
            free.remove(hit)
            pairs.append((g, hit))
    return pairs


def _score_sentence(
    scores: _Scores, gold: list[dict[str, Any]], system: list[Event], record: Record
) -> None:
    pairs = _match_events(gold, system)
    scores.detection.add(len(gold), len(system), len(pairs))
    places = {p.id: (p.start, p.end) for p in record.places}
    for g, e in pairs:
        if e.type == g["type"]:
            scores.type_right += 1
        else:
            scores.confusions[f"{g['type']}->{e.type}"] += 1
        if g.get("mode"):
            scores.mode_total += 1
            scores.mode_right += int(e.mode == g["mode"])
        scores.modality_right += int(e.modality == g["modality"])
        if g["modality"] in UNSAFE and e.modality == "asserted":
            scores.unsafe_asserted += 1
        _score_actors(scores.sources, g["sources"], _actor_spans(e, "source"))
        _score_actors(scores.targets, g["targets"], _actor_spans(e, "target"))
        if g.get("date"):
            scores.date_total += 1
            scores.date_right += int(e.date == g["date"])
        if g.get("place"):
            scores.place_total += 1
            span = places.get(e.place.place) if e.place and e.place.place else None
            gold_place = g["place"]["span"] if isinstance(g["place"], dict) else g["place"]
            scores.place_right += int(
                span is not None and _overlap(span, (gold_place[0], gold_place[1]))
            )
    # System events in gold sentences with no match are false alarms, counted above.


def _records_for(
    docs: Iterable[tuple[str, str]], data: Path, settings: Settings
) -> dict[tuple[str, str], Record]:
    keys = sorted(set(docs))
    # The publication date comes with the article, as a feed's metadata gives it: relative
    # dates ("on Thursday") are annotated against it.
    raws = [
        RawArticle(
            origin=f"{c}:{d}", text=corpus_text(c, data, d), published=corpus_published(c, data, d)
        )
        for c, d in keys
    ]
    records: dict[tuple[str, str], Record] = {}
    for key, outcome in zip(keys, run(raws, settings), strict=True):
        if isinstance(outcome, Record):
            records[key] = outcome
    return records


def score_gold_set(gold_path: Path, data: Path, settings: Settings) -> _Scores:
    """Scores of the pipeline on an eventwire gold file (JSON Lines)."""
    lines = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
    records = _records_for(((g["corpus"], g["doc"]) for g in lines), data, settings)
    scores = _Scores()
    for gold in lines:
        record = records.get((gold["corpus"], gold["doc"]))
        if record is None:
            continue
        # The text is normalized by the pipeline (NFC, trailing blanks): offsets of the raw
        # corpus text still hold because the corpora are NFC and have no trailing blanks.
        start, end = gold["sentence"]
        system = [
            e for e in record.events if e.explanation and start <= e.explanation.trigger.start < end
        ]
        _score_sentence(scores, gold["events"], system, record)
    return scores


# ---- PLOVER gold-standard records ---------------------------------------------------------


def _plover_type(name: str) -> str:
    return OLD_PLOVER_NAMES.get(name, name)


def as_plover_coding(event: Event) -> str:
    """The type PLOVER's coders give an event eventwire records as intended.

    eventwire keeps "France will send troops" as a MOBILIZE with modality ``intended``;
    PLOVER codes a stated intention as the act of promising it: AGREE for cooperative acts,
    THREATEN for hostile ones.
    """
    if event.modality != "intended":
        return event.type
    return (
        "AGREE"
        if event.type in COOPERATIVE
        else "THREATEN"
        if event.type in HOSTILE
        else event.type
    )


def _plover_actors(value: Any) -> list[dict[str, Any]]:
    """The records give actors as a list of objects, one object, or plain strings."""
    items = value if isinstance(value, list) else [value] if value else []
    return [i if isinstance(i, dict) else {"actorText": str(i)} for i in items]


def _plover_actor_hit(gold: dict[str, Any], actors: list[Actor]) -> bool:
    text = str(gold.get("actorText", "")).lower()
    code = gold.get("code")
    for actor in actors:
        if text and (text in actor.name.lower() or actor.name.lower() in text):
            return True
        if code and (actor.country == code or actor.sector == code):
            return True
    return False


def score_plover(path: Path, settings: Settings) -> tuple[_Scores, int]:
    """Scores on PLOVER's gold-standard records; also returns how many were read."""
    records = [
        r for r in json.loads(path.read_text()) if r.get("text") and r["event"] != "DOCUMENT"
    ]
    raws = [RawArticle(origin=r["id"], text=r["text"]) for r in records]
    scores = _Scores()
    for gold, outcome in zip(records, run(raws, settings), strict=True):
        system = outcome.events if isinstance(outcome, Record) else []
        gold_type = _plover_type(gold["event"])
        scores.detection.add(1, len(system), 0)
        if not system:
            continue
        best = next((e for e in system if as_plover_coding(e) == gold_type), system[0])
        scores.detection.matched += 1
        if as_plover_coding(best) == gold_type:
            scores.type_right += 1
        else:
            scores.confusions[f"{gold_type}->{as_plover_coding(best)}"] += 1
        for role, tally, actors in (
            ("source", scores.sources, best.sources),
            ("target", scores.targets, best.targets),
        ):
            wanted = _plover_actors(gold.get(role))
            hits = sum(_plover_actor_hit(g, actors) for g in wanted)
            tally.add(len(wanted), len(actors), min(hits, len(actors)))
            del role
        if gold.get("mode"):
            scores.mode_total += 1
            scores.mode_right += int(best.mode == gold["mode"])
    return scores, len(records)


# ---- the scorecard ------------------------------------------------------------------------


def _card(scores: _Scores, title: str, corpus: str, plover: bool) -> Scorecard:
    card = Scorecard(title=title, corpus=corpus)
    p, r, f = scores.detection.prf()
    matched = scores.matched or 1
    if plover:
        card.add("records coded (at least one event)", f"{scores.matched}/{scores.detection.gold}")
        card.add("type accuracy over all records", scores.type_right / (scores.detection.gold or 1))
        card.add("type accuracy over coded records", scores.type_right / matched)
    else:
        card.add("gold events", scores.detection.gold)
        card.add("event detection precision", p)
        card.add("event detection recall", r)
        card.add("event detection F1", f)
        card.add("type accuracy on detected events", scores.type_right / matched)
        card.add("modality accuracy on detected events", scores.modality_right / matched)
        card.add("denied/hedged/negated emitted as asserted", scores.unsafe_asserted)
    for name, tally in (("source", scores.sources), ("target", scores.targets)):
        tp, tr, tf = tally.prf()
        card.add(f"{name} actor precision / recall / F1", f"{tp:.3f} / {tr:.3f} / {tf:.3f}")
    if scores.mode_total:
        card.add("mode accuracy (gold mode given)", scores.mode_right / scores.mode_total)
    if scores.date_total:
        card.add("date accuracy (gold date given)", scores.date_right / scores.date_total)
    if scores.place_total:
        card.add("place accuracy (gold place given)", scores.place_right / scores.place_total)
    common = ", ".join(f"{k} {v}" for k, v in scores.confusions.most_common(6))
    if common:
        card.notes.append(f"most frequent type confusions: {common}")
    return card


def _data_folder(paths: Sequence[Path]) -> Path:
    return next((p for p in paths if p.is_dir()), DEFAULT_DATA)


def missing_data(paths: Sequence[Path]) -> list[str]:
    """The data folder, when a gold set among ``paths`` needs its texts and it is absent."""
    data = _data_folder(paths)
    needs_texts = any(p.suffix == ".jsonl" for p in paths)
    return [str(data)] if needs_texts and not data.is_dir() else []


def evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard:
    """Score every gold file among ``paths``; a directory among them is the data folder."""
    data = _data_folder(paths)
    cards: list[Scorecard] = []
    for path in paths:
        if path.suffix == ".jsonl":
            cards.append(
                _card(
                    score_gold_set(path, data, settings),
                    "Events (eventwire gold set)",
                    f"{path.name}, texts from {data}",
                    plover=False,
                )
            )
        elif path.suffix == ".json":
            scores, n = score_plover(path, settings)
            cards.append(
                _card(
                    scores,
                    "Events (PLOVER gold-standard records)",
                    f"{path.name}, {n} records",
                    plover=True,
                )
            )
    if not cards:
        return Scorecard(title="Events", corpus="no gold file (.jsonl or .json) given")
    merged = cards[0]
    for card in cards[1:]:
        merged.rows.append(("", ""))
        merged.rows.append((card.title, card.corpus))
        merged.rows.extend(card.rows)
        merged.notes.extend(card.notes)
    return merged
