"""Names the parser did not call places: mislabelled ones, untagged ones, ones nested in
longer entities, and later mentions of a name already taken (one sense per article)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from eventwire.extract.places_bodies import body_at, office
from eventwire.extract.places_rank import candidates_for
from eventwire.extract.places_scan import PlaceScan
from eventwire.extract.places_tokens import MAX_RUN, MONTH, capitalised
from eventwire.extract.places_trim import with_type_word
from eventwire.extract.places_words import LEADING, LOCATIVE, word_list
from eventwire.resolve.gazetteer import KIND_ALIAS, Candidate, name_key
from eventwire.resolve.gazetteer_build import TYPE_WORDS

_DATE = frozenset({"DATE"})
_PROMINENT = frozenset({"A.PCLI", "A.ADM1", "L.CONT", "L.RGN", "H.SEA", "H.OCN"})


def strong(scan: PlaceScan, start: int, end: int, mislabelled: bool) -> bool:
    """Whether a name the parser did not call a place should still be taken as one."""
    span = scan.doc[start:end]
    key = name_key(span.text)
    short = len(key) < 3 and not span.text.isupper()  # "U.S." and "BC" may be places
    if key in word_list("not_places") or key in scan.surnames or short:
        return False
    if scan.titled(start) or scan.portfolio(start, end):
        return False  # "President Buhari", "Ministry of Justice"
    if MONTH.fullmatch(span.text.lower()) and scan.in_mention(start, end, _DATE):
        return False  # "in March 2014": a month the parser reads in a date, not the town
    if span.text in word_list("compass_words"):
        return False  # "at Northeast 180th Avenue"
    if len(span) > 1 and office(scan, end):
        return False  # its first words may still be a place, tried next
    cands = candidates_for(scan.gaz, span.text)
    if len(span) > 1 and span[-1].lower_ == "city" and body_at(scan, end):
        # "Dublin City Council": the city's council, unless "X City" is the town's name.
        cands = tuple(c for c in cands if c.feature_class == "P")
    typed = span[-1].lower_ in TYPE_WORDS and len(span) > 1
    # A name with its type word ("Sindhupalchok district") may be spelled loosely.
    exact = [c for c in cands if (c.fuzzy == 1.0 and c.kind <= 1) or typed]
    if len(key) <= 3 and not span.text.isupper():
        # "Act" is not "ACT" (an abbreviation); "Ely" is Ely.
        exact = [c for c in exact if c.name == span.text]
    if not exact:
        return False
    prev = scan.doc[start - 1] if start > 0 else None
    # "of" before a longer name is the name's own ("part of| Ford Motor Company", "chief
    # of| Ford Motor"), and says nothing of a place "Ford"; "at Princeton Community
    # Hospital" and "east of Canaan Valley" still say where.
    opens_longer = any(s == start and end < e for s, e, _label in scan.mentions)
    locative = prev is not None and prev.lower_ in LOCATIVE and not (
        opens_longer and prev.lower_ == "of"
        and not (start > 1 and scan.doc[start - 2].lower_ in word_list("compass_words_lower"))
    )
    comma_place = (
        end + 1 < len(scan.doc)
        and scan.doc[end].text == ","
        and capitalised(scan.doc[end + 1])
    )
    if len(span) == 1 and key in word_list("given_names") and not (
        locative or comma_place or body_at(scan, end)
    ):
        return False  # "and Michael left": a person, not the Isle of Man's sheading
    top = max(c.population for c in exact)
    major = any(c.feature in _PROMINENT for c in exact)
    # ", Alexandria, was arrested": a name set off by commas is in apposition, not
    # at the start of a clause.
    appositive = (
        prev is not None and prev.text == "," and end < len(scan.doc)
        and scan.doc[end].text == ","
    )
    sentence_start = span[0].is_sent_start or (
        prev is not None and prev.is_punct and not appositive
    )
    if span.text.isupper() and len(span.text) <= 3:
        # An acronym: too often an organisation, unless it is the short name of a
        # country or first-level division standing alone ("BC", "NSW") or naming one of
        # its state bodies ("the US Justice Department").
        alone = mislabelled or not scan.in_mention(start, end)
        state_body = end < len(scan.doc) and scan.doc[end].lower_ in word_list("state_bodies")
        return (alone or state_body) and any(
            c.kind == KIND_ALIAS and c.feature in {"A.PCLI", "A.ADM1"} for c in exact
        )
    if body_at(scan, end) and (top >= 1_000 or (typed and any(
        c.feature_class == "A" for c in exact
    ))):
        return True  # "Roselle police", "Fargo residents", "Henry County Jail"
    if major or top >= 100_000:
        return not sentence_start or len(span) > 1 or locative or capital_says(
            scan, exact, end
        )
    if typed and any(
        c.kind == 0 and c.feature_class == "A" and c.name == span.text for c in exact
    ):
        return True  # a division's own full name: "McLean County"
    if mislabelled:
        return locative or (comma_place and top >= 1_000)
    return locative and top >= 1_000 and not sentence_start


def capital_says(scan: PlaceScan, exact: list[Candidate], end: int) -> bool:
    """A country or capital opening a clause as the subject of its verb: "Tbilisi says
    ...", "Tbilisi has denied ..." (its government, named by its seat)."""
    doc = scan.doc
    return (
        end < len(doc) and doc[end].pos_ in {"VERB", "AUX"}
        and any(c.feature in {"P.PPLC", "A.PCLI"} for c in exact)
    )


def _longest_names(
    scan: PlaceScan, accept: Callable[[int, int], bool]
) -> Iterator[tuple[int, int, int]]:
    """(start, end, run end) of each free name in a capitalised run that ``accept`` takes,
    longest first, left to right; the caller takes it before the next one is sought."""
    for run_start, run_end in scan.runs:
        i = run_start
        while i < run_end:
            if not capitalised(scan.doc[i]) or scan.doc[i].lower_ in LEADING:
                i += 1  # a connector ("-", "of") or "The" never starts a name
                continue
            for j in range(min(run_end, i + MAX_RUN), i, -1):
                if scan.free(i, j) and accept(i, j):
                    yield i, j, run_end
                    i = j - 1
                    break
            i += 1


def gazetteer_pass(scan: PlaceScan) -> None:
    """Untagged names and names nested in longer entities, longest match first."""
    for i, j, run_end in _longest_names(scan, lambda i, j: strong_nested(scan, i, j)):
        name_end = scan.unjoined(i, j)
        k = with_type_word(scan, i, j) if j == run_end else name_end
        scan.take(i, k if scan.free(i, k) else name_end, "gazetteer")


def discourse_pass(scan: PlaceScan) -> None:
    """One sense per article: a name taken as a place is a place at its other mentions.

    The parser often labels a town it has tagged GPE once as ORG or PERSON elsewhere, or
    leaves it untagged ("Fargo" ... "Fargo police said").
    """
    keys = {
        name_key(scan.doc[s.start : s.end].text)
        for s in scan.spans
        if s.source in {"ner", "dateline"}
    }
    keys -= scan.surnames | word_list("not_places")
    if not keys:
        return

    def taken_before(i: int, j: int) -> bool:
        return (
            name_key(scan.doc[i:j].text) in keys
            and not scan.org_like(i, j)
            and not scan.in_full_name(i, j)
        )

    for i, j, _run_end in _longest_names(scan, taken_before):
        scan.take(i, scan.unjoined(i, j), "gazetteer")


def strong_nested(scan: PlaceScan, start: int, end: int) -> bool:
    """Whether a run of capitalised words, untagged or nested in a longer mention, is a place
    by itself: not a whole mention, nor part of an organisation's or a person's name."""
    inside = [m for m in scan.mentions if m[0] <= start and end <= m[1]]
    if inside and (inside[0][0], inside[0][1]) == (start, end):
        return False  # a whole mention: decided in detect()
    if any(name_key(scan.doc[s:e].text) in word_list("not_places") for s, e, _label in inside):
        return False  # "the European| Union": a word of an organisation's name
    if scan.in_full_name(start, end):
        return False
    if scan.org_like(start, end):
        return False
    if any(s < start for s, _e, _label in inside) and capitalised(scan.doc[start - 1]):
        # After another word of the name ("Taco| Bell", "Air| Canada"): the name's own
        # word, unless a country, first-level division or large city is named.
        return _prominent(scan, start, end) and strong(scan, start, end, mislabelled=False)
    return strong(scan, start, end, mislabelled=False)


def _prominent(scan: PlaceScan, start: int, end: int) -> bool:
    """Whether the gazetteer has tokens start..end as the exact name of a country,
    first-level division, region or city of 100,000 people or more."""
    return any(
        c.fuzzy == 1.0 and c.kind <= KIND_ALIAS
        and (c.feature in _PROMINENT or c.population >= 100_000)
        for c in candidates_for(scan.gaz, scan.doc[start:end].text)
    )


def parenthesised(scan: PlaceScan) -> None:
    """A town's or division's name alone in parentheses after a name: "Fig Leaf Boutique
    (Maywood)", "Smith (Fargo)" (spelled exactly; not an acronym: "(PSC)")."""
    doc = scan.doc
    for start, end in scan.runs:
        if not (
            start > 0 and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")"
            and end - start <= 3 and scan.free(start, end)
            and start > 1 and capitalised(doc[start - 2])
        ):
            continue
        span = doc[start:end]
        key = name_key(span.text)
        if span.text.isupper() or key in word_list("not_places") or key in scan.surnames:
            continue
        if scan.in_full_name(start, end) or scan.org_like(start, end):
            continue
        exact = [c for c in candidates_for(scan.gaz, span.text)
                 if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS]
        if any(c.population >= 1_000 or c.feature_class == "A" for c in exact):
            scan.take(start, end, "gazetteer")
