"""Places in lists and joins: "Clay, Grant and Wilkin counties", "Trinidad and Tobago",
"Hilversum and Almelo", "Nelson-Creston"."""

from __future__ import annotations

from itertools import pairwise

from eventwire.extract.places_rank import Toponym, candidates_for
from eventwire.extract.places_scan import PlaceScan
from eventwire.extract.places_tokens import (
    LIST_GAP,
    MAX_RUN,
    MONTH,
    PLURAL_TYPE,
    capitalised,
    list_gap,
    tight_joint,
)
from eventwire.extract.places_words import JOINERS, NUMERIC, PLURAL_TYPE_WORDS, word_list
from eventwire.resolve.gazetteer import KIND_ALIAS, name_key
from eventwire.resolve.gazetteer_build import TYPE_WORDS

# The most tokens of a name whose parts "and" or a hyphen joins ("Bosnia and Herzegovina").
MAX_JOINED = 8


def listed_divisions(scan: PlaceScan) -> None:
    """The names of a list closed by a plural type word: "Becker, Clay and Otter Tail
    counties". Each is taken when the gazetteer knows a division of that name."""
    doc = scan.doc
    for n, token in enumerate(doc):
        if token.lower_ not in PLURAL_TYPE_WORDS or n == 0:
            continue
        end = n
        while end > 0:
            start = end
            while start > 0 and capitalised(doc[start - 1]):
                start -= 1
            if start == end or end - start > MAX_RUN:
                break
            if scan.free(start, end) and any(
                c.feature_class == "A" and c.feature != "A.PCLI"
                for c in candidates_for(scan.gaz, doc[start:end].text)
            ):
                scan.take(start, end, "gazetteer")
            gap = start
            while gap > 0 and doc[gap - 1].lower_ in {",", "and", "or"}:
                gap -= 1
            if gap == start:
                break
            end = gap


def joined_names(scan: PlaceScan) -> None:
    """Names whose parts "and" or a hyphen joins ("Trinidad and Tobago", "Guinea-Bissau"),
    taken whole when the gazetteer has the whole as a place's name or alias, spelled
    exactly; longest first. Not compass words alone ("North-Western Sydney")."""
    doc = scan.doc
    i = 0
    while i < len(doc):
        taken = False
        if capitalised(doc[i]) and not doc[i].is_stop:
            stop = min(len(doc), i + MAX_JOINED)
            j = i + 1
            while j < stop and (
                capitalised(doc[j]) or doc[j].lower_ in JOINERS or short_stop(scan, j)
            ):
                j += 1
            for k in range(j, i + 1, -1):
                span = doc[i:k]
                if (
                    capitalised(doc[k - 1])
                    and (
                        any(t.lower_ in JOINERS for t in span)
                        # not "Dublin City| Manager": a type word closing a split
                        # name makes an office's name too often
                        or (
                            scan.straddles(i, k)
                            and doc[k - 1].lower_ not in TYPE_WORDS | {"city"}
                        )
                    )
                    and scan.free(i, k)
                    and name_key(span.text) not in word_list("not_places")
                    and not scan.org_like(i, k)
                    and not all(t.text in word_list("compass_words") or t.lower_ in JOINERS
                                for t in span)
                    and any(  # as written: "Vernon, District" is no "Vernon district"
                        c.kind <= KIND_ALIAS for c in scan.gaz.lookup(name_key(span.text))
                    )
                ):
                    scan.take(i, k, "ner")
                    i, taken = k, True
                    break
        if not taken:
            i += 1


def two_countries(scan: PlaceScan, start: int, end: int) -> bool:
    """Whether a two-word place mention the gazetteer does not know is two countries or
    first-level divisions with their comma left out ("Greece Italy")."""
    if end - start != 2 or scan.known(scan.doc[start:end].text):
        return False
    return all(
        any(c.feature in {"A.PCLI", "A.ADM1"} and c.fuzzy == 1.0 and c.kind <= KIND_ALIAS
            for c in candidates_for(scan.gaz, scan.doc[i].text))
        for i in (start, start + 1)
    )


def hyphen_pair(scan: PlaceScan, start: int, end: int) -> list[tuple[int, int]]:
    """The two places of a mention that a tight hyphen joins and the gazetteer does not know
    whole ("Asia-Pacific", "Armenia-Italy"): each a country, first-level division,
    continent, region or sea; else nothing."""
    doc = scan.doc
    cuts = [i for i in range(start + 1, end - 1) if tight_joint(doc, i) and doc[i].text == "-"]
    if len(cuts) != 1 or scan.known(doc[start:end].text):
        return []
    parts = [(start, cuts[0]), (cuts[0] + 1, end)]
    major = {"A.PCLI", "A.ADM1", "L.CONT", "L.RGN", "H.SEA", "H.OCN"}
    for a, b in parts:
        if not any(
            c.feature in major and c.fuzzy == 1.0 and c.kind <= KIND_ALIAS
            for c in candidates_for(scan.gaz, doc[a:b].text)
        ):
            return []
    return parts


def short_stop(scan: PlaceScan, i: int) -> bool:
    """Whether token ``i`` is the full stop of a short abbreviation inside a name, the
    parser having split it off: "ST| .| LOUIS"."""
    doc = scan.doc
    return (
        doc[i].text == "." and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
        and len(doc[i - 1]) <= 3 and doc[i - 1].is_alpha and capitalised(doc[i + 1])
    )


def conjuncts(scan: PlaceScan) -> None:
    """Names listed with a place: "Hilversum and Almelo", "Cleveland, Columbus, Dayton and
    Cincinnati". A capitalised name next to a place across ",", "and", "or" (or ", and")
    is taken when the gazetteer has it exactly as a town of 1,000 or a division; so is
    a name paired with a place by a hyphen or slash ("Nelson-Creston")."""
    doc = scan.doc
    # The parts of a run that a tight hyphen or slash splits, besides the whole.
    pieces = list(scan.runs)
    for run_start, run_end in scan.runs:
        cuts = [i for i in range(run_start + 1, run_end - 1) if tight_joint(doc, i)]
        bounds = [run_start - 1, *cuts, run_end]
        if cuts:
            pieces += [(a + 1, b) for a, b in pairwise(bounds)]
    changed = True
    while changed:
        changed = False
        ends = {s.end for s in scan.spans}
        starts = {s.start for s in scan.spans}
        # "the Arab-Israeli conflict": a demonym pairs with demonyms, not places.
        place_ends = {s.end for s in scan.spans if s.source != "demonym"}
        place_starts = {s.start for s in scan.spans if s.source != "demonym"}
        for run_start, run_end in pieces:
            if not scan.free(run_start, run_end) or run_end - run_start > MAX_RUN:
                continue
            before = list_gap(doc, run_start, backward=True)
            after = list_gap(doc, run_end, backward=False)
            if before is not None and tight_joint(doc, before):
                before = before if before in place_ends else None
            if after is not None and tight_joint(doc, after - 1):
                after = after if after in place_starts else None
            if not (
                (before is not None and before in ends)
                or (after is not None and after in starts)
            ):
                continue
            if listed_place(scan, run_start, run_end):
                scan.take(run_start, run_end, "gazetteer")
                changed = True


def month_day(scan: PlaceScan, end: int) -> bool:
    """Whether the name ending at ``end`` is a month before a day ("MOSCOW, Nov 19")."""
    doc = scan.doc
    return (
        MONTH.fullmatch(doc[end - 1].lower_) is not None
        and end < len(doc) and doc[end].like_num
    )


def listed_place(scan: PlaceScan, start: int, end: int) -> bool:
    """Whether a name listed next to a place is one too: a town of 1,000 or a division,
    spelled exactly, and not a date, a person's name or an organisation's."""
    span = scan.doc[start:end]
    key = name_key(span.text)
    if (
        key in word_list("not_places") or key in scan.surnames or len(key) < 3
        or span.text in word_list("compass_words") or scan.in_full_name(start, end)
        or scan.org_like(start, end) or scan.in_mention(start, end, NUMERIC)
        or any(t.ent_type_ in NUMERIC for t in span)  # the parser's own dates
        or month_day(scan, end)
    ):
        return False
    exact = [
        c for c in candidates_for(scan.gaz, span.text)
        if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS
    ]
    return any(c.population >= 1_000 or c.feature_class == "A" for c in exact)


def link_containers(text: str, toponyms: list[Toponym]) -> None:
    """Mark "X, Y" and "X in Y" pairs: Y (a country or division) qualifies X; and the names
    of a list closed by a plural type word ("Barrow and Jackson counties"): divisions."""
    for n, top in enumerate(toponyms[:-1]):
        nxt = toponyms[n + 1]
        between = text[top.end : nxt.start]
        if between.strip() in {",", "in", ", in"} and not nxt.demonym:
            top.container = n + 1
    listed: list[Toponym] = []
    for n, top in enumerate(toponyms):
        listed.append(top)
        following = toponyms[n + 1] if n + 1 < len(toponyms) else None
        if following is not None and LIST_GAP.fullmatch(text[top.end : following.start]):
            continue
        after = PLURAL_TYPE.match(text, top.end)
        if after and after.group(1).casefold() in PLURAL_TYPE_WORDS:
            for item in listed:
                item.typed = True
        listed = []
