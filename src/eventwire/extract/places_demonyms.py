"""Demonyms the parser does not tag alone: the parts of a compound ("Turkish-Russian
relations", "a Bosnian Serb") and adjectives it leaves untagged or mislabels ("Danish wave
energy", "Salvadoran migrant", "8,000 Egyptian pounds")."""

from __future__ import annotations

from eventwire.extract.places_scan import PlaceScan
from eventwire.extract.places_tokens import capitalised
from eventwire.extract.places_words import LEADING, ORG_HEADS
from eventwire.resolve.gazetteer import KIND_ALIAS, name_key

# Parts of speech of the word a demonym modifies ("Danish| wave energy", "Syrian| militia").
_MODIFIED = frozenset({"NOUN", "ADJ", "PROPN"})
_PERSON = frozenset({"PERSON"})
# Features of the places whose adjective is their name and "n": "(North) American".
_REGIONS = frozenset({"L.CONT", "L.RGN"})


def opens_name(scan: PlaceScan, i: int) -> bool:
    """Whether token ``i`` starts a name: no capitalised word but a stop word ("The",
    "A") precedes it ("North| American" is one adjective, "American" no demonym of its
    own)."""
    prev = scan.doc[i - 1] if i > 0 else None
    return prev is None or not capitalised(prev) or prev.is_stop


def region_adjectives(scan: PlaceScan) -> None:
    """The adjective of a continent or region named in two words, its name and "n":
    "North American trade", "Central American migrants", "the North American Free Trade
    Agreement" (its last word alone is another country's demonym)."""
    doc = scan.doc
    for i in range(len(doc) - 1):
        second = doc[i + 1].text
        if not (
            capitalised(doc[i]) and doc[i + 1].is_title and doc[i + 1].is_alpha
            and second.endswith(("an", "ans")) and scan.free(i, i + 2) and opens_name(scan, i)
        ):
            continue
        region = f"{doc[i].text} {second[:-2] if second.endswith('s') else second[:-1]}"
        if any(
            c.feature in _REGIONS and c.kind <= KIND_ALIAS
            for c in scan.gaz.lookup(name_key(region))
        ):
            scan.take(i, i + 2, "gazetteer")


def compound_demonyms(scan: PlaceScan) -> None:
    """The demonyms in a NORP mention that is no demonym as a whole: "Russian-European",
    "Austro-Hungarian", "Bosnian Serb" (each word that a capitalised word does not
    precede; not "North| American"). Not a people named by a compound ending in a plural
    ("African-Americans"): that is one group, not two places."""
    doc = scan.doc
    for start, end, label in scan.mentions:
        if label != "NORP" or scan.demonym(start, end):
            continue  # a demonym as a whole is decided with the other mentions
        if end - start > 1 and doc[end - 1].text.endswith("s"):
            continue
        for i in range(start, end):
            if (
                capitalised(doc[i]) and scan.free(i, i + 1)
                and not (i > start and capitalised(doc[i - 1]))
                and scan.demonym(i, i + 1) and not _names_other(scan, i)
            ):
                scan.take(i, i + 1, "demonym")


def attributive_demonyms(scan: PlaceScan) -> None:
    """A capitalised demonym modifying the noun after it, whatever the parser's label:
    "Danish wave energy developer", "allied Syrian militia" (not a word of a longer name,
    nor of a person's, nor a disease's: "Spanish flu")."""
    doc = scan.doc
    for i in range(len(doc) - 1):
        after = doc[i + 1]
        if (
            doc[i].is_title and after.is_lower and after.is_alpha and after.pos_ in _MODIFIED
            and doc[i].head.i > i
            and (i == 0 or not capitalised(doc[i - 1]) or doc[i - 1].lower_ in LEADING)
            and scan.free(i, i + 1) and not scan.in_mention(i, i + 1, _PERSON)
            and scan.demonym(i, i + 1) and not _names_other(scan, i)
        ):
            scan.take(i, i + 1, "demonym")


def _names_other(scan: PlaceScan, i: int) -> bool:
    """Whether the words after demonym ``i`` make it part of a disease's, a street's or an
    institution's name ("Spanish flu"); an armed group's word does not ("Syrian militia":
    the militia is Syrian)."""
    after = scan.doc[i + 1].lower_ if i + 1 < len(scan.doc) else ""
    return scan.org_like(i, i + 1) and after not in ORG_HEADS
