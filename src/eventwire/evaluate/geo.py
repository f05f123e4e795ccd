"""Scoring the places extractor on geoparsing gold (``eventwire eval geo PATH...``).

Reads the XML of the LGL, TR-News, GeoWebNews and GeoVirus corpora as published with
Gritta et al.'s "Pragmatic Guide to Geoparsing Evaluation". A gold toponym counts when it
has coordinates (GeoWebNews also marks non-toponyms and expressions without them; a system
span on one of those is neither right nor wrong). Figures, as in the literature:

- *gold spans given*: the gold spans are resolved with each other as context; exact GeoNames
  id match (over toponyms with an id), accuracy within 161 km (100 miles), mean and median
  error in km, an unresolved toponym counting the largest error, 20,039 km;
- *end to end*: the system finds the names itself; detection precision and recall (exact
  offsets, and any overlap), then the same geocoding figures over all gold toponyms, a missed
  one counting as wrong.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from eventwire.config import Settings
from eventwire.evaluate import Scorecard
from eventwire.extract.places import extract_places, link_containers
from eventwire.extract.places_rank import Toponym, haversine_km, rank
from eventwire.model import Place
from eventwire.resolve.gazetteer import Candidate, Gazetteer, open_gazetteer

MAX_ERROR_KM = 20039.0
WITHIN_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    geonames_id: int | None
    lat: float | None
    lon: float | None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GoldArticle:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text and text.strip() else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def _toponym(elem: ET.Element) -> GoldToponym:
    gaz = elem.find("gaztag")
    if gaz is not None:  # LGL, TR-News
        gid, lat, lon = _int(gaz.get("geonameid")), gaz.findtext("lat"), gaz.findtext("lon")
    else:  # GeoWebNews, GeoVirus
        gid = _int(elem.findtext("geonamesID"))
        lat = elem.findtext("latitude") or elem.findtext("lat")
        lon = elem.findtext("longitude") or elem.findtext("lon")
    text = elem.findtext("phrase") or elem.findtext("extractedName") or elem.findtext("name")
    return GoldToponym(
        start=int(elem.findtext("start") or 0),
        end=int(elem.findtext("end") or 0),
        text=text or "",
        geonames_id=gid,
        lat=_float(lat),
        lon=_float(lon),
    )


def read_gold(path: Path) -> Iterator[GoldArticle]:
    """The articles of one corpus file, each with its gold toponyms."""
    root = ET.parse(path).getroot()
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        items = [*article.iter("toponym"), *article.iter("location")]
        yield GoldArticle(text, [_aligned(text, _toponym(e)) for e in items])


def _aligned(text: str, gold: GoldToponym) -> GoldToponym:
    """The toponym with offsets that point at its phrase.

    GeoVirus counts from 1 and some TR-News offsets drift by a few characters; the nearest
    occurrence of the phrase within 50 characters is taken, else the offsets as given.
    """
    if not gold.text or text[gold.start : gold.end] == gold.text:
        return gold
    for shift in sorted(range(-50, 51), key=abs):
        start = gold.start + shift
        if start >= 0 and text.startswith(gold.text, start):
            return replace(gold, start=start, end=start + len(gold.text))
    return gold


@dataclass
class _Geo:
    """Geocoding tallies over a set of gold toponyms."""

    total: int = 0
    with_id: int = 0
    exact: int = 0
    within: int = 0
    errors: list[float] = field(default_factory=list)

    def add(self, gold: GoldToponym, place: Place | Candidate | None) -> None:
        self.total += 1
        if gold.geonames_id is not None:
            self.with_id += 1
            if place is not None and place.geonames_id == gold.geonames_id:
                self.exact += 1
        error = MAX_ERROR_KM
        if place is not None and place.lat is not None and place.lon is not None:
            assert gold.lat is not None and gold.lon is not None
            error = haversine_km(gold.lat, gold.lon, place.lat, place.lon)
        self.errors.append(error)
        self.within += error <= WITHIN_KM

    def report(self, card: Scorecard, prefix: str) -> None:
        card.add(f"{prefix} toponyms", self.total)
        if self.with_id:  # GeoVirus gives coordinates only
            card.add(f"{prefix} exact GeoNames id", _ratio(self.exact, self.with_id))
        card.add(f"{prefix} accuracy within 161 km", _ratio(self.within, self.total))
        card.add(f"{prefix} mean error km", statistics.fmean(self.errors or [0.0]))
        card.add(f"{prefix} median error km", statistics.median(self.errors or [0.0]))


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _gold_spans(article: GoldArticle, gaz: Gazetteer, geo: _Geo) -> tuple[int, float]:
    gold = sorted((t for t in article.toponyms if t.located), key=lambda t: t.start)
    toponyms = [Toponym(t.start, t.end, article.text[t.start : t.end]) for t in gold]
    started = time.perf_counter()
    link_containers(article.text, toponyms)
    rank(toponyms, gaz, text=article.text)
    seconds = time.perf_counter() - started
    for g, top in zip(gold, toponyms, strict=True):
        geo.add(g, top.best)
    return len(toponyms), seconds


@dataclass
class _Detection:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap_gold: int = 0
    overlap_predicted: int = 0


def _end_to_end(
    article: GoldArticle, places: list[Place], geo: _Geo, det: _Detection
) -> None:
    located = [t for t in article.toponyms if t.located]
    unlocated = [t for t in article.toponyms if not t.located]
    det.gold += len(located)
    spans = {(t.start, t.end) for t in located}
    for place in places:
        if any(_overlaps(place, t) for t in unlocated) and not any(
            _overlaps(place, t) for t in located
        ):
            continue  # a span the gold marks as no located toponym: not scored
        det.predicted += 1
        det.exact += (place.start, place.end) in spans
        det.overlap_predicted += any(_overlaps(place, t) for t in located)
    for gold in located:
        match = next((p for p in places if _overlaps(p, gold)), None)
        det.overlap_gold += match is not None
        geo.add(gold, match)


def _overlaps(place: Place, gold: GoldToponym) -> bool:
    return place.start < gold.end and gold.start < place.end


def evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard:
    """Score gold-span resolution and end-to-end geoparsing on the corpus files ``paths``."""
    from eventwire.nlp.pipeline import parse

    gaz = open_gazetteer(settings)
    articles = [a for p in _files(paths) for a in read_gold(p)]
    card = Scorecard(
        title="Places (geoparsing)",
        corpus=", ".join(p.name for p in _files(paths)) + f" ({len(articles)} articles)",
    )
    given = _Geo()
    count, seconds = 0, 0.0
    for article in articles:
        n, s = _gold_spans(article, gaz, given)
        count, seconds = count + n, seconds + s
    given.report(card, "gold spans:")
    card.add("gold spans: ms per toponym", 1000 * seconds / max(count, 1))

    e2e, det = _Geo(), _Detection()
    extract_seconds, found = 0.0, 0
    docs = parse(
        (a.text for a in articles),
        settings.spacy_model,
        settings.batch_size,
        single_thread_blas=settings.single_thread_blas,
    )
    for article, doc in zip(articles, docs, strict=True):
        started = time.perf_counter()
        places = extract_places(doc, gazetteer=gaz)
        extract_seconds += time.perf_counter() - started
        found += len(places)
        _end_to_end(article, places, e2e, det)
    card.add("end to end: detection precision", _ratio(det.exact, det.predicted))
    card.add("end to end: detection recall", _ratio(det.exact, det.gold))
    card.add("end to end: detection precision (overlap)", _ratio(det.overlap_predicted,
                                                                   det.predicted))
    card.add("end to end: detection recall (overlap)", _ratio(det.overlap_gold, det.gold))
    e2e.report(card, "end to end:")
    card.add("end to end: ms per place (after parsing)", 1000 * extract_seconds / max(found, 1))
    card.notes.append(
        "gold toponyms are those with coordinates; unresolved or missed ones count 20,039 km"
    )
    return card


def _files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out += sorted(path.glob("*.xml")) if path.is_dir() else [path]
    return out
