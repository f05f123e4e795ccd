"""Where a place's span starts and ends: compass words before it, type words after it
("Sindhupalchok district"), bodies cut off ("Titus County| Jail")."""

from __future__ import annotations

from eventwire.extract.places_bodies import body_at
from eventwire.extract.places_rank import candidates_for
from eventwire.extract.places_scan import PlaceScan
from eventwire.extract.places_words import word_list
from eventwire.resolve.gazetteer import KIND_ALIAS
from eventwire.resolve.gazetteer_build import TYPE_WORDS


def uncompassed(scan: PlaceScan, start: int, end: int) -> int:
    """The start of a place entity after a compass word, when the gazetteer knows the
    name after it but not the whole ("North| Georgia"; not "South Carolina")."""
    if end - start < 2 or scan.doc[start].text not in word_list("compass_words"):
        return start
    if scan.known(scan.doc[start:end].text):
        return start
    return start + 1 if scan.known(scan.doc[start + 1 : end].text) else start


def with_type_word(scan: PlaceScan, start: int, end: int) -> int:
    """The end of the span with a following lower-case type word ("... district"), unless
    the type word modifies a noun after it ("Georgia| state line")."""
    doc = scan.doc
    if end < len(doc) and doc[end].lower_ in TYPE_WORDS and doc[end].is_lower:
        if doc[end].dep_ in {"compound", "amod"} and doc[end].head.i > end:
            return end
        if any(c.feature == "A.PCLI" and c.kind <= KIND_ALIAS
               for c in candidates_for(scan.gaz, doc[start:end].text)):
            return end  # "a US| state": a state of the country, not a country's name
        if scan.known(doc[start:end].text) and not candidates_for(
            scan.gaz, doc[start : end + 1].text
        ):
            # "the Nenagh| district": a town's surroundings, no division of its name
            return end
        return end + 1
    return end


def before_body(scan: PlaceScan, start: int, end: int) -> int:
    """The end of a place entity cut before a body it names ("Titus County| Jail",
    "Paris| City Hall"), when the gazetteer knows the name before it."""
    # "Kansas City| man" is no "Kansas| City Hall" nor "Fargo| City Commissioner": cut
    # before "City" only when the body's word lies in the entity too or the entity is
    # not a place's name as it stands.
    whole = scan.known(scan.doc[start:end].text)
    for i in range(start + 1, end):
        inside = scan.doc[i].lower_ in word_list("local_bodies") or i + 1 < end or not whole
        if inside and body_at(scan, i) and scan.known(scan.doc[start:i].text):
            return i
    return end
