"""Datelines: "BEIRUT, Aug 5", "Muscat: The festival", "... hurt. BYESVILLE --", and a
legislator's home after the party ("D-Pa.")."""

from __future__ import annotations

from eventwire.extract.places_rank import candidates_for
from eventwire.extract.places_scan import PlaceScan
from eventwire.extract.places_tokens import MAX_RUN, abbreviation_stop, capitalised
from eventwire.extract.places_words import DATELINE_ENDS, PARTIES, word_list
from eventwire.resolve.gazetteer import KIND_ALIAS, name_key


def opening_dateline(scan: PlaceScan) -> None:
    """An upper-case first line name, "BEIRUT, Aug 5" or "KATHMANDU (Reuters) -", also
    hyphenated ("PORT-AU-PRINCE, Jan 15"), or two joined by "&" or "AND" ("TIJUANA &
    SAN DIEGO, March 29")."""
    doc, parts, start, end = scan.doc, [], 0, 0
    while True:
        while end < min(len(doc), 8) and (
            (doc[end].is_alpha and doc[end].is_upper and doc[end].text != "AND")
            or inner_hyphen(scan, end)
        ):
            end += 1
        if end == start:
            break
        parts.append((start, end))
        if len(parts) < 2 and end + 1 < len(doc) and doc[end].text in {"&", "AND"}:
            start = end = end + 1
            continue
        break
    if parts and parts[-1][1] == end and 0 < end < len(doc) and doc[end].text in {
        ",", "(", "-", "—", "–"
    }:
        found = False
        for a, b in parts:
            text = doc[a:b].text
            if candidates_for(scan.gaz, text) and name_key(text) not in word_list("not_places"):
                scan.take(a, b, "dateline")
                found = True
        if found:
            return
    titled_dateline(scan)


def titled_dateline(scan: PlaceScan) -> None:
    """A title-case first word naming a town, then a colon: "Muscat: The festival ..."
    (a proper noun; a town of 1,000 or a division, spelled exactly)."""
    doc = scan.doc
    if len(doc) < 3 or doc[1].text != ":" or not doc[0].is_title or not doc[0].is_alpha:
        return
    if doc[0].pos_ != "PROPN":
        return  # "Police: gunman's wife worked there": a common noun heading the line
    key = name_key(doc[0].text)
    if key in word_list("not_places") or key in scan.surnames:
        return
    exact = [c for c in candidates_for(scan.gaz, doc[0].text)
             if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS]
    if any(c.population >= 1_000 or c.feature_class == "A" for c in exact):
        scan.take(0, 1, "dateline")


def later_datelines(scan: PlaceScan) -> None:
    """Upper-case datelines after a headline: "... hurt. BYESVILLE -- Firefighters",
    "CHATTANOOGA (AP) —", "TBILISI, Georgia --": a gazetteer name at a sentence start."""
    doc = scan.doc
    for start in range(1, len(doc)):
        prev = doc[start - 1]
        if not (doc[start].is_sent_start or prev.text in {".", "!", "?"} or prev.is_space):
            continue
        end = start
        while end < min(len(doc), start + MAX_RUN) and (
            (doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1)
            or inner_hyphen(scan, end)
        ):
            end += 1
        if end == start or end >= len(doc) or doc[end].text not in DATELINE_ENDS:
            continue
        if doc[end].text == "," and not (end + 1 < len(doc) and capitalised(doc[end + 1])):
            continue
        text = doc[start:end].text
        if (
            scan.free(start, end) and name_key(text) not in word_list("not_places")
            and scan.known(text)
        ):
            scan.take(start, end, "dateline")


def party_homes(scan: PlaceScan) -> None:
    """"Sen. Bob Casey, D-Pa.", "(R-Ocilla)": the legislator's home state or town."""
    doc = scan.doc
    for i in range(1, len(doc) - 2):
        if not (doc[i].text in PARTIES and doc[i - 1].text in {",", "("}
                and doc[i + 1].text == "-" and not doc[i].whitespace_):
            continue
        start = end = i + 2
        while end < min(len(doc), start + 3) and capitalised(doc[end]):
            end += 1
        if end < len(doc) and abbreviation_stop(doc, end):
            end += 1
        if end > start and scan.free(start, end) and scan.known(doc[start:end].text):
            scan.take(start, end, "gazetteer")


def inner_hyphen(scan: PlaceScan, i: int) -> bool:
    """Whether token ``i`` is a hyphen joining two upper-case words, spaces neither side."""
    doc = scan.doc
    return (
        doc[i].text == "-" and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
        and not doc[i].whitespace_ and doc[i - 1].is_upper and doc[i + 1].is_upper
    )
