"""Places: every toponym of an article, found and geocoded offline.

Detection takes the parser's GPE, LOC and FAC entities, country demonyms tagged NORP, and a
gazetteer pass for what the model misses: places nested in organisation names ("the Paris
prosecutor's office"), names it mislabels (a village tagged PERSON, an upper-case dateline
"BEIRUT, Aug 5" tagged ORG), names it leaves untagged, and lists closed by a plural type
word ("Clay, Grant and Wilkin counties"). Words of a person's full name are never places, nor
is a name an attribution gives a quote to ("...," said Noma), nor a lone common given name
("and Michael left") unless the text uses it as a place.
The rule families live in ``places_*`` modules (datelines, bodies, lists and joins, names,
trimming; word lists in :mod:`eventwire.extract.places_words`); this module runs them in
order. Resolution is :mod:`eventwire.extract.places_rank`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.extract.places_bodies import based, state_body_demonyms
from eventwire.extract.places_datelines import later_datelines, opening_dateline, party_homes
from eventwire.extract.places_demonyms import (
    attributive_demonyms,
    compound_demonyms,
    region_adjectives,
)
from eventwire.extract.places_lists import (
    conjuncts,
    hyphen_pair,
    joined_names,
    link_containers,
    listed_divisions,
    two_countries,
)
from eventwire.extract.places_names import discourse_pass, gazetteer_pass, parenthesised, strong
from eventwire.extract.places_rank import Toponym, rank
from eventwire.extract.places_scan import PlaceScan, PlaceSpan
from eventwire.extract.places_trim import before_body, uncompassed, with_type_word
from eventwire.extract.places_words import MISLABELS, PLACE_LABELS
from eventwire.model import Entity, Place
from eventwire.nlp.lookups import doc_text
from eventwire.resolve.gazetteer import Gazetteer, name_key, open_gazetteer
from eventwire.resolve.gazetteer_build import TYPE_WORDS

__all__ = ["extract_places", "link_containers", "places_from"]


def detect(scan: PlaceScan) -> list[PlaceSpan]:
    """Run the rule families over the article, most specific first; the spans in text order."""
    opening_dateline(scan)
    later_datelines(scan)
    party_homes(scan)
    joined_names(scan)
    for start0, end0, label in scan.mentions:
        if label == "NORP" and scan.demonym(start0, end0):
            start, end = start0, end0  # "Russian| state TV"
        elif label in PLACE_LABELS:
            start = uncompassed(scan, start0, end0)
            end = with_type_word(scan, start, before_body(scan, start, end0))
        else:
            start, end = start0, with_type_word(scan, start0, end0)
        if not scan.free(start, end):
            continue
        if label in PLACE_LABELS:
            pair = hyphen_pair(scan, start, end)  # "Asia-Pacific"
            if pair:
                for a, b in pair:
                    scan.take(a, b, "ner")
            elif two_countries(scan, start, end):
                scan.take(start, start + 1, "ner")  # "Cyprus, Greece Italy or Spain"
                scan.take(start + 1, end, "ner")
            elif not scan.org_like(start, end) and not scan.speaks(start, end):
                scan.take(start, end, "ner")
        elif label == "NORP" or (label in MISLABELS and end - start == 1):
            if scan.demonym(start, end) and not scan.org_like(start, end):
                scan.take(start, end, "demonym")
            elif strong(scan, start, end, mislabelled=True):
                scan.take(start, end, "gazetteer")
        elif label in MISLABELS and strong(scan, start, end, mislabelled=True):
            scan.take(start, end, "gazetteer")
    listed_divisions(scan)
    region_adjectives(scan)
    compound_demonyms(scan)
    attributive_demonyms(scan)
    state_body_demonyms(scan)
    based(scan)
    parenthesised(scan)
    gazetteer_pass(scan)
    discourse_pass(scan)
    conjuncts(scan)
    # A type word alone ("Region 1 Board", "FEMA Region IV") names no place: it labels a
    # division the text does not name (the gazetteer has it as some region's alias).
    spans = [s for s in scan.spans if name_key(scan.doc[s.start : s.end].text) not in TYPE_WORDS]
    return sorted(spans, key=lambda s: s.start)


def extract_places(
    doc: Doc, entities: list[Entity] | None = None, *, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """The toponyms of ``doc``, each geocoded when the gazetteer knows it, in text order."""
    gaz = gazetteer or open_gazetteer()
    spans = detect(PlaceScan(doc, gaz, entities))
    toponyms = [_toponym(doc, s) for s in spans]
    text = doc_text(doc)
    link_containers(text, toponyms)
    return places_from(toponyms, gaz, text)


def _toponym(doc: Doc, span: PlaceSpan) -> Toponym:
    s: Span = doc[span.start : span.end]
    return Toponym(s.start_char, s.end_char, s.text, demonym=span.source == "demonym")


def places_from(toponyms: list[Toponym], gaz: Gazetteer, text: str = "") -> list[Place]:
    """Rank candidates (with the article ``text`` as context) and emit one :class:`Place` per
    toponym (unresolved ones keep no geo)."""
    rank(toponyms, gaz, text=text)
    places: list[Place] = []
    for top in toponyms:
        best = top.best
        if best is None:
            continue
        places.append(
            Place(
                id=f"P{len(places) + 1}",
                text=top.text,
                start=top.start,
                end=top.end,
                name=best.name,
                country=best.country,
                admin1=best.admin1 if best.feature != "A.PCLI" else None,
                lat=best.lat,
                lon=best.lon,
                geonames_id=best.geonames_id,
                feature=best.feature,
            )
        )
    return places
