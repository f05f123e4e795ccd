"""Places named with their bodies and offices: "Fargo police", "Dublin City Council",
"the Russian Foreign Ministry", "a Northbrook-based retailer"."""

from __future__ import annotations

from eventwire.extract.places_demonyms import opens_name
from eventwire.extract.places_rank import candidates_for
from eventwire.extract.places_scan import PlaceScan
from eventwire.extract.places_tokens import capitalised, tight_joint
from eventwire.extract.places_words import OFFICE_WORDS, word_list
from eventwire.resolve.gazetteer import KIND_ALIAS, name_key


def body_at(scan: PlaceScan, i: int) -> bool:
    """Whether token ``i`` starts the name of a place's public body or people: "police",
    "Fire Department", "City Council", "State Police" (a place's name, then these)."""
    doc = scan.doc
    if i >= len(doc):
        return False
    if doc[i].lower_ in word_list("local_bodies") or (
        doc[i].is_lower and doc[i].text in word_list("local_people")
    ):
        return True
    if i + 1 >= len(doc) or doc[i].text not in {"City", "State"}:
        return False
    # "Dublin City Hall", "Maryland State Police"; not "Florida State University".
    return doc[i + 1].lower_ in word_list("local_bodies") or (
        doc[i].text == "City" and capitalised(doc[i + 1])
    )


def office(scan: PlaceScan, end: int) -> bool:
    """Whether the type word ending at ``end`` starts an office's name ("Illinois
    Department of Transportation", "Minnesota State Patrol"), not a division's."""
    doc = scan.doc
    if doc[end - 1].lower_ not in OFFICE_WORDS or end >= len(doc):
        return False
    return capitalised(doc[end]) or (
        doc[end].lower_ == "of" and end + 1 < len(doc) and capitalised(doc[end + 1])
    )


def state_body_demonyms(scan: PlaceScan) -> None:
    """A demonym naming one of its country's state bodies: "the Russian Foreign
    Ministry", "the Lebanese Army" (the parser tags the whole an organisation); not the
    last word of a longer name ("North American| trade")."""
    doc, bodies = scan.doc, word_list("state_bodies")
    for i in range(len(doc) - 1):
        if (
            doc[i + 1].lower_ in bodies and capitalised(doc[i]) and opens_name(scan, i)
            and scan.free(i, i + 1) and scan.demonym(i, i + 1)
        ):
            scan.take(i, i + 1, "demonym")


def based(scan: PlaceScan) -> None:
    """A name hyphenated to a participle of place: "a Northbrook-based retailer", "the
    US-led coalition" (the parser tags such names PERSON or ORG, or not at all)."""
    doc, words = scan.doc, word_list("based_words")
    for start, end in scan.runs:
        if not (
            end + 1 < len(doc) and tight_joint(doc, end) and doc[end + 1].lower_ in words
            and doc[end + 1].is_lower and scan.free(start, end)
        ):
            continue
        span = doc[start:end]
        key = name_key(span.text)
        if key in word_list("not_places") or key in scan.surnames or scan.in_full_name(start, end):
            continue
        exact = [c for c in candidates_for(scan.gaz, span.text)
                 if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS]
        if any(c.population >= 1_000 or c.feature_class == "A" for c in exact):
            scan.take(start, end, "gazetteer")
