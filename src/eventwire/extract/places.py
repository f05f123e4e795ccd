"""Places: every toponym of an article, found and geocoded offline.

Detection takes the parser's GPE, LOC and FAC entities, country demonyms tagged NORP, and a
gazetteer pass for what the model misses: places nested in organisation names ("the Paris
prosecutor's office"), names it mislabels (a village tagged PERSON, an upper-case dateline
"BEIRUT, Aug 5" tagged ORG), names it leaves untagged, and lists closed by a plural type
word ("Clay, Grant and Wilkin counties"). Words of a person's full name are never places.
Resolution is :mod:`eventwire.extract.places_rank`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from eventwire.extract.places_rank import Toponym, candidates_for, rank
from eventwire.model import Entity, Place
from eventwire.resolve.gazetteer import KIND_ALIAS, Candidate, Gazetteer, name_key, open_gazetteer
from eventwire.resolve.gazetteer_build import TYPE_WORDS

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LEADING = frozenset({"the"})
# Organisations and armed groups whose names look like places to a gazetteer.
_NOT_PLACES = frozenset(
    name_key(n)
    for n in (
        "Daesh", "Islamic State", "ISIS", "ISIL", "IS", "Hamas", "Hezbollah", "Hizbollah",
        "Taliban", "al-Qaeda", "al-Qaida", "Boko Haram", "al-Shabaab", "al-Shabab", "NATO",
        "UN", "EU", "European Union", "United Nations", "Nusra", "Nusra Front", "Kremlin",
        "Pentagon", "White House", "Reuters", "AP", "AFP",
    )
)
# Words after a name that make it an organisation, not a place ("Islamic State group",
# "McGill University").
_ORG_HEADS = frozenset({"group", "militants", "fighters", "militia", "jihadists"})
_NAMED_HEADS = frozenset({"University", "College"})
# Prepositions before a name that make it a place ("in Barpak").
_LOCATIVE = frozenset(
    {"in", "near", "at", "from", "outside", "to", "into", "across", "toward", "towards",
     "around", "of", "through", "via", "between", "within"}
)
# The prepositions of place that a person's name does not follow ("generation in Sidney
# Crosby" is rare; "according to Henry Akpan", "the deaths of Fatima ..." are not).
_AT = frozenset({"in", "at", "near"})
_CONNECTORS = frozenset({"of", "de", "al", "el", "upon", "on", "la", "le", "du", "-"})
_MAX_RUN = 5
# Words joining the parts of one place's name: "Trinidad and Tobago", "Gilgit-Baltistan".
# Not a comma: "Washington, D.C." is one place in GeoWebNews but two in LGL and GeoVirus.
_JOINERS = frozenset({"and", "&", "-"})
_MAX_JOINED = 8
# "Barrow, Jackson and Madison counties": list separators, and the plural type word after.
_LIST_GAP = re.compile(r"\s*,\s*|\s+(?:and|or)\s+|\s*,\s*(?:and|or)\s+")
_PLURAL_TYPE = re.compile(r"\s+([a-z]+)\b")
# Not "states", "republics", "regions", "territories": "the Gulf states", "Baltic republics"
# name groups of countries, not divisions.
_PLURAL_TYPE_WORDS = frozenset(
    w[:-1] + "ies" if w.endswith("y") else w + ("es" if w.endswith("sh") else "s")
    for w in TYPE_WORDS - {"state", "republic", "region", "territory", "division"}
)
# Type words that, capitalised and followed by more of a name, make an office's name.
_OFFICE_WORDS = frozenset({"department", "state", "division", "region", "district"})
# "D-Pa.", "R-Ocilla": a US legislator's party and home state or town, after a comma.
_PARTIES = frozenset({"D", "R", "I"})
# Dashes and colons that end an upper-case dateline ("BYESVILLE -- Firefighters").
_DATELINE_ENDS = frozenset({",", "(", "-", "—", "–", "--", "---", ":"})
# "U.S.", "W.Va.", "Calif.": abbreviations written with full stops.
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,5}\.){1,3}")
# Labels of dates and numbers: "SENDAI, Japan, March 13" lists no place "March".
_NUMERIC = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)
_MONTH = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Labels the parser gives place names it does not recognise as such.
_MISLABELS = frozenset({"PERSON", "ORG", "DATE", "WORK_OF_ART", "PRODUCT", "EVENT"})


@cache
def _word_list(name: str) -> frozenset[str]:
    """The words of the data file ``places/name`` (one a line, ``#`` comments)."""
    text = (resources.files("eventwire") / "data" / "places" / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def local_bodies() -> frozenset[str]:
    """Words after a town's name that make its public body or people ("Fargo police")."""
    return _word_list("local_bodies.txt")


def state_bodies() -> frozenset[str]:
    """Words after a country's demonym that make one of its state bodies ("Russian Army")."""
    return _word_list("state_bodies.txt")


def pathogen_words() -> frozenset[str]:
    """Words after a name that make it a disease's ("West Nile virus")."""
    return _word_list("pathogen_words.txt")


def local_people() -> frozenset[str]:
    """Lower-case nouns after a town's name that make its people ("Gainesville man")."""
    return _word_list("local_people.txt")


def street_words() -> frozenset[str]:
    """Words after a name that make it a street's ("DeKalb Ave.")."""
    return _word_list("street_words.txt")


def based_words() -> frozenset[str]:
    """Participles that, hyphenated after a place's name, say where ("Northbrook-based")."""
    return _word_list("based_words.txt")


def compass_words() -> frozenset[str]:
    """Compass words as written ("North", "W.")."""
    return _word_list("compass_words.txt")


@cache
def compass_words_lower() -> frozenset[str]:
    """The compass words in lower case ("north", "w.")."""
    return frozenset(w.lower() for w in compass_words())


@dataclass(frozen=True)
class _Span:
    start: int  # token indices
    end: int
    source: str  # "ner", "demonym", "gazetteer", "dateline"


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    # "north west London", "the eastern Pacific": lower-case compass words describe a part.
    lower_compass = compass_words_lower()
    while start + 1 < end and doc[start].is_lower and doc[start].text in lower_compass:
        start += 1
    # "ex-Russian", "anti-Russian": a lower-case prefix joined by a hyphen.
    if (
        start + 2 < end and doc[start].is_lower and doc[start + 1].text == "-"
        and not doc[start].whitespace_ and not doc[start + 1].whitespace_
    ):
        start += 2
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        if _abbreviation_stop(doc, end - 1):
            break
        end -= 1
    while end > start and doc[end - 1].lower_ in {"'s", "’s"}:
        end -= 1
    return start, end


def _mentions(doc: Doc, entities: list[Entity] | None) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of each entity mention, trimmed."""
    found = []
    if entities is None:
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    else:
        spans = [(m.start, m.end, e.type) for e in entities for m in e.mentions]
    for start_char, end_char, label in spans:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        start, end = _trim(doc, span.start, span.end)
        if end > start:
            found.append((start, end, label))
    return sorted(found)


def _abbreviation_stop(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the full stop closing a dotted abbreviation ("W.Va" + ".")."""
    return (
        doc[i].text == "." and i > 0 and not doc[i - 1].whitespace_
        and "." in doc[i - 1].text and doc[i - 1].text[0].isupper()
    )


def _list_gap(doc: Doc, i: int, *, backward: bool) -> int | None:
    """The token index across a list separator (",", "and", "or", ", and") from token ``i``
    (the first token of a name when ``backward``, else the one after its end); None when
    no separator lies there."""
    words = [",", "and", "or"]
    if backward:
        j = i - 1
        if j >= 0 and doc[j].lower_ in {"and", "or"} and j > 0 and doc[j - 1].text == ",":
            return j - 1
        return j if j > 0 and (doc[j].lower_ in words or _tight_joint(doc, j)) else None
    if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in {
        "and", "or"
    }:
        return i + 2
    return i + 1 if i < len(doc) and (doc[i].lower_ in words or _tight_joint(doc, i)) else None


def _tight_joint(doc: Doc, j: int) -> bool:
    """Whether token ``j`` is a hyphen or slash pairing two names, spaces neither side
    ("Nelson-Creston", "the Chartres/Franklin intersection")."""
    return (
        doc[j].text in {"-", "/"} and 0 < j < len(doc) - 1
        and not doc[j - 1].whitespace_ and not doc[j].whitespace_
    )


def _capitalised(token: Token) -> bool:
    if token.is_alpha:
        # "DeKalb", "McLean": a capital, then mixed case, is a name too.
        return (
            token.is_title or (token.is_upper and len(token) > 1)
            or (token.text[0].isupper() and len(token) > 4)  # not "MoD"
        )
    return _ABBREVIATION.fullmatch(token.text) is not None


def _runs(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with connectors inside) in tokens start..end."""
    runs, i = [], start
    while i < end:
        # A stop word starts no name, but "US" in an entity ("the US Justice Department")
        # is no pronoun.
        if not _capitalised(doc[i]) or (
            doc[i].is_stop and not (doc[i].is_upper and doc[i].ent_type_)
        ):
            i += 1
            continue
        j = i + 1
        while j < end and (
            _capitalised(doc[j])
            or (doc[j].lower_ in _CONNECTORS and j + 1 < end and _capitalised(doc[j + 1]))
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


class _Detector:
    def __init__(self, doc: Doc, gaz: Gazetteer, entities: list[Entity] | None) -> None:
        self.doc = doc
        self.gaz = gaz
        self.mentions = _mentions(doc, entities)
        # People's full names ("George Bush Jr"); not a "person" with a body word
        # ("Huntsville Fire Chief Tom Grisham": an office) nor one after "in", "at" or "near"
        # ("at Riverdale Luke Oil", "in Matias Romero": a place's name).
        bodies = local_bodies() | state_bodies()
        self.full_names = [
            (start, end)
            for start, end, label in self.mentions
            if label == "PERSON" and end - start > 1
            and not any(t.lower_ in bodies for t in doc[start:end])
            and not (start > 0 and doc[start - 1].lower_ in _AT)
        ]
        # Their words: elsewhere alone, still a name.
        self.surnames = {
            name_key(doc[i].text)
            for start, end in self.full_names
            for i in range(start, end)
            if _capitalised(doc[i])
        }
        # ... unless the parser calls the word a place elsewhere in the article more often
        # than it puts it in a full name ("Mohamed Salah" twice, "Salah" tagged GPE once).
        self.as_person: dict[str, int] = {}
        self.as_place: dict[str, int] = {}
        for start, end in self.full_names:
            for i in range(start, end):
                key = name_key(doc[i].text)
                self.as_person[key] = self.as_person.get(key, 0) + 1
        for start, end, label in self.mentions:
            if label in _PLACE_LABELS:
                key = name_key(doc[start:end].text)
                self.as_place[key] = self.as_place.get(key, 0) + 1
        self.surnames -= {
            key for key in self.as_place if self.as_place[key] > self.as_person.get(key, 0)
        }
        self.runs = _runs(doc, 0, len(doc))  # the capitalised runs, for each pass
        self.taken = [False] * len(doc)
        self.spans: list[_Span] = []

    def _free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def _take(self, start: int, end: int, source: str) -> None:
        if self._abbreviated(start, end):
            end += 1
        for i in range(start, end):
            self.taken[i] = True
        self.spans.append(_Span(start, end, source))

    def _abbreviated(self, start: int, end: int) -> bool:
        """Whether the full stop after the name is its own: "Barrie, Ont.", "Sask." (a short
        name that is an abbreviation of a division or country, the stop attached)."""
        doc = self.doc
        if end >= len(doc) or doc[end].text != "." or doc[end - 1].whitespace_:
            return False
        last = doc[end - 1]
        if end - start != 1 or not last.is_title or len(last) > 5:
            return False
        cands = candidates_for(self.gaz, last.text)
        if any(c.kind < KIND_ALIAS and c.name == last.text for c in cands):
            return False  # a name in full ("Dubai."), the stop ending the sentence
        return any(c.kind == KIND_ALIAS and c.feature in {"A.ADM1", "A.PCLI"} for c in cands)

    def _org_like(self, start: int, end: int) -> bool:
        """Whether the name is an organisation's, a university's, a disease's ("West Nile
        virus") or a street's ("DeKalb Ave.")."""
        key = name_key(self.doc[start:end].text)
        if key in _NOT_PLACES:
            return True
        if end >= len(self.doc):
            return False
        after = self.doc[end].lower_
        return (
            after in _ORG_HEADS or self.doc[end].text in _NAMED_HEADS
            or after in pathogen_words() or after in street_words()
        )

    def _strong(self, start: int, end: int, mislabelled: bool) -> bool:
        """Whether a name the parser did not call a place should still be taken as one."""
        span = self.doc[start:end]
        key = name_key(span.text)
        short = len(key) < 3 and not span.text.isupper()  # "U.S." and "BC" may be places
        if key in _NOT_PLACES or key in self.surnames or short:
            return False
        if span.text in compass_words():
            return False  # "at Northeast 180th Avenue"
        if len(span) > 1 and self._office(end):
            return False  # its first words may still be a place, tried next
        cands = candidates_for(self.gaz, span.text)
        if len(span) > 1 and span[-1].lower_ == "city" and self._body_at(end):
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
        prev = self.doc[start - 1] if start > 0 else None
        locative = prev is not None and prev.lower_ in _LOCATIVE
        comma_place = (
            end + 1 < len(self.doc)
            and self.doc[end].text == ","
            and _capitalised(self.doc[end + 1])
        )
        top = max(c.population for c in exact)
        major = any(c.feature in {"A.PCLI", "A.ADM1", "L.CONT", "L.RGN", "H.SEA", "H.OCN"}
                    for c in exact)
        # ", Alexandria, was arrested": a name set off by commas is in apposition, not
        # at the start of a clause.
        appositive = (
            prev is not None and prev.text == "," and end < len(self.doc)
            and self.doc[end].text == ","
        )
        sentence_start = span[0].is_sent_start or (
            prev is not None and prev.is_punct and not appositive
        )
        if span.text.isupper() and len(span.text) <= 3:
            # An acronym: too often an organisation, unless it is the short name of a
            # country or first-level division standing alone ("BC", "NSW") or naming one of
            # its state bodies ("the US Justice Department").
            alone = mislabelled or not self._in_mention(start, end)
            state_body = end < len(self.doc) and self.doc[end].lower_ in state_bodies()
            return (alone or state_body) and any(
                c.kind == KIND_ALIAS and c.feature in {"A.PCLI", "A.ADM1"} for c in exact
            )
        if self._body_at(end) and (top >= 1_000 or (typed and any(
            c.feature_class == "A" for c in exact
        ))):
            return True  # "Roselle police", "Fargo residents", "Henry County Jail"
        if major or top >= 100_000:
            return not sentence_start or len(span) > 1 or locative or self._capital_says(
                exact, end
            )
        if typed and any(
            c.kind == 0 and c.feature_class == "A" and c.name == span.text for c in exact
        ):
            return True  # a division's own full name: "McLean County"
        if mislabelled:
            return locative or (comma_place and top >= 1_000)
        return locative and top >= 1_000 and not sentence_start

    def _body_at(self, i: int) -> bool:
        """Whether token ``i`` starts the name of a place's public body or people: "police",
        "Fire Department", "City Council", "State Police" (a place's name, then these)."""
        doc = self.doc
        if i >= len(doc):
            return False
        if doc[i].lower_ in local_bodies() or (doc[i].is_lower and doc[i].text in local_people()):
            return True
        if i + 1 >= len(doc) or doc[i].text not in {"City", "State"}:
            return False
        # "Dublin City Hall", "Maryland State Police"; not "Florida State University".
        return doc[i + 1].lower_ in local_bodies() or (
            doc[i].text == "City" and _capitalised(doc[i + 1])
        )

    def _before_body(self, start: int, end: int) -> int:
        """The end of a place entity cut before a body it names ("Titus County| Jail",
        "Paris| City Hall"), when the gazetteer knows the name before it."""
        # "Kansas City| man" is no "Kansas| City Hall" nor "Fargo| City Commissioner": cut
        # before "City" only when the body's word lies in the entity too or the entity is
        # not a place's name as it stands.
        whole = self._known(self.doc[start:end].text)
        for i in range(start + 1, end):
            inside = self.doc[i].lower_ in local_bodies() or i + 1 < end or not whole
            if inside and self._body_at(i) and self._known(self.doc[start:i].text):
                return i
        return end

    def _uncompassed(self, start: int, end: int) -> int:
        """The start of a place entity after a compass word, when the gazetteer knows the
        name after it but not the whole ("North| Georgia"; not "South Carolina")."""
        if end - start < 2 or self.doc[start].text not in compass_words():
            return start
        if self._known(self.doc[start:end].text):
            return start
        return start + 1 if self._known(self.doc[start + 1 : end].text) else start

    def _known(self, text: str) -> bool:
        """Whether the gazetteer has ``text`` as a place's name or alias, spelled exactly."""
        return any(c.fuzzy == 1.0 and c.kind <= KIND_ALIAS for c in candidates_for(self.gaz, text))

    def _capital_says(self, exact: list[Candidate], end: int) -> bool:
        """A country or capital opening a clause as the subject of its verb: "Tbilisi says
        ...", "Tbilisi has denied ..." (its government, named by its seat)."""
        doc = self.doc
        return (
            end < len(doc) and doc[end].pos_ in {"VERB", "AUX"}
            and any(c.feature in {"P.PPLC", "A.PCLI"} for c in exact)
        )

    def _office(self, end: int) -> bool:
        """Whether the type word ending at ``end`` starts an office's name ("Illinois
        Department of Transportation", "Minnesota State Patrol"), not a division's."""
        doc = self.doc
        if doc[end - 1].lower_ not in _OFFICE_WORDS or end >= len(doc):
            return False
        return _capitalised(doc[end]) or (
            doc[end].lower_ == "of" and end + 1 < len(doc) and _capitalised(doc[end + 1])
        )

    def _listed_divisions(self) -> None:
        """The names of a list closed by a plural type word: "Becker, Clay and Otter Tail
        counties". Each is taken when the gazetteer knows a division of that name."""
        doc = self.doc
        for n, token in enumerate(doc):
            if token.lower_ not in _PLURAL_TYPE_WORDS or n == 0:
                continue
            end = n
            while end > 0:
                start = end
                while start > 0 and _capitalised(doc[start - 1]):
                    start -= 1
                if start == end or end - start > _MAX_RUN:
                    break
                if self._free(start, end) and any(
                    c.feature_class == "A" and c.feature != "A.PCLI"
                    for c in candidates_for(self.gaz, doc[start:end].text)
                ):
                    self._take(start, end, "gazetteer")
                gap = start
                while gap > 0 and doc[gap - 1].lower_ in {",", "and", "or"}:
                    gap -= 1
                if gap == start:
                    break
                end = gap

    def _dateline(self) -> None:
        """An upper-case first line name, "BEIRUT, Aug 5" or "KATHMANDU (Reuters) -", also
        hyphenated ("PORT-AU-PRINCE, Jan 15"), or two joined by "&" or "AND" ("TIJUANA &
        SAN DIEGO, March 29")."""
        doc, parts, start, end = self.doc, [], 0, 0
        while True:
            while end < min(len(doc), 8) and (
                (doc[end].is_alpha and doc[end].is_upper and doc[end].text != "AND")
                or self._inner_hyphen(end)
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
                if candidates_for(self.gaz, text) and name_key(text) not in _NOT_PLACES:
                    self._take(a, b, "dateline")
                    found = True
            if found:
                return
        self._titled_dateline()

    def _titled_dateline(self) -> None:
        """A title-case first word naming a town, then a colon: "Muscat: The festival ..."
        (a proper noun; a town of 1,000 or a division, spelled exactly)."""
        doc = self.doc
        if len(doc) < 3 or doc[1].text != ":" or not doc[0].is_title or not doc[0].is_alpha:
            return
        if doc[0].pos_ != "PROPN":
            return  # "Police: gunman's wife worked there": a common noun heading the line
        key = name_key(doc[0].text)
        if key in _NOT_PLACES or key in self.surnames:
            return
        exact = [c for c in candidates_for(self.gaz, doc[0].text)
                 if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS]
        if any(c.population >= 1_000 or c.feature_class == "A" for c in exact):
            self._take(0, 1, "dateline")

    def _datelines(self) -> None:
        """Upper-case datelines after a headline: "... hurt. BYESVILLE -- Firefighters",
        "CHATTANOOGA (AP) —", "TBILISI, Georgia --": a gazetteer name at a sentence start."""
        doc = self.doc
        for start in range(1, len(doc)):
            prev = doc[start - 1]
            if not (doc[start].is_sent_start or prev.text in {".", "!", "?"} or prev.is_space):
                continue
            end = start
            while end < min(len(doc), start + _MAX_RUN) and (
                (doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1)
                or self._inner_hyphen(end)
            ):
                end += 1
            if end == start or end >= len(doc) or doc[end].text not in _DATELINE_ENDS:
                continue
            if doc[end].text == "," and not (end + 1 < len(doc) and _capitalised(doc[end + 1])):
                continue
            text = doc[start:end].text
            if (
                self._free(start, end) and name_key(text) not in _NOT_PLACES
                and self._known(text)
            ):
                self._take(start, end, "dateline")

    def _party_homes(self) -> None:
        """"Sen. Bob Casey, D-Pa.", "(R-Ocilla)": the legislator's home state or town."""
        doc = self.doc
        for i in range(1, len(doc) - 2):
            if not (doc[i].text in _PARTIES and doc[i - 1].text in {",", "("}
                    and doc[i + 1].text == "-" and not doc[i].whitespace_):
                continue
            start = end = i + 2
            while end < min(len(doc), start + 3) and _capitalised(doc[end]):
                end += 1
            if end < len(doc) and _abbreviation_stop(doc, end):
                end += 1
            if end > start and self._free(start, end) and self._known(doc[start:end].text):
                self._take(start, end, "gazetteer")

    def _state_bodies(self) -> None:
        """A demonym naming one of its country's state bodies: "the Russian Foreign
        Ministry", "the Lebanese Army" (the parser tags the whole an organisation)."""
        doc, bodies = self.doc, state_bodies()
        for i in range(len(doc) - 1):
            if (
                doc[i + 1].lower_ in bodies and _capitalised(doc[i])
                and self._free(i, i + 1) and self._demonym(i, i + 1)
            ):
                self._take(i, i + 1, "demonym")

    def _based(self) -> None:
        """A name hyphenated to a participle of place: "a Northbrook-based retailer", "the
        US-led coalition" (the parser tags such names PERSON or ORG, or not at all)."""
        doc, words = self.doc, based_words()
        for start, end in self.runs:
            if not (
                end + 1 < len(doc) and _tight_joint(doc, end) and doc[end + 1].lower_ in words
                and doc[end + 1].is_lower and self._free(start, end)
            ):
                continue
            span = doc[start:end]
            key = name_key(span.text)
            if key in _NOT_PLACES or key in self.surnames or self._in_full_name(start, end):
                continue
            exact = [c for c in candidates_for(self.gaz, span.text)
                     if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS]
            if any(c.population >= 1_000 or c.feature_class == "A" for c in exact):
                self._take(start, end, "gazetteer")

    def _inner_hyphen(self, i: int) -> bool:
        """Whether token ``i`` is a hyphen joining two upper-case words, spaces neither side."""
        doc = self.doc
        return (
            doc[i].text == "-" and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i - 1].is_upper and doc[i + 1].is_upper
        )

    def _with_type_word(self, start: int, end: int) -> int:
        """The end of the span with a following lower-case type word ("... district"), unless
        the type word modifies a noun after it ("Georgia| state line")."""
        doc = self.doc
        if end < len(doc) and doc[end].lower_ in TYPE_WORDS and doc[end].is_lower:
            if doc[end].dep_ in {"compound", "amod"} and doc[end].head.i > end:
                return end
            if any(c.feature == "A.PCLI" and c.kind <= KIND_ALIAS
                   for c in candidates_for(self.gaz, doc[start:end].text)):
                return end  # "a US| state": a state of the country, not a country's name
            if self._known(doc[start:end].text) and not candidates_for(
                self.gaz, doc[start : end + 1].text
            ):
                # "the Nenagh| district": a town's surroundings, no division of its name
                return end
            return end + 1
        return end

    def _joined_names(self) -> None:
        """Names whose parts "and" or a hyphen joins ("Trinidad and Tobago", "Guinea-Bissau"),
        taken whole when the gazetteer has the whole as a place's name or alias, spelled
        exactly; longest first. Not compass words alone ("North-Western Sydney")."""
        doc = self.doc
        i = 0
        while i < len(doc):
            taken = False
            if _capitalised(doc[i]) and not doc[i].is_stop:
                stop = min(len(doc), i + _MAX_JOINED)
                j = i + 1
                while j < stop and (
                    _capitalised(doc[j]) or doc[j].lower_ in _JOINERS or self._short_stop(j)
                ):
                    j += 1
                for k in range(j, i + 1, -1):
                    span = doc[i:k]
                    if (
                        _capitalised(doc[k - 1])
                        and (
                            any(t.lower_ in _JOINERS for t in span)
                            # not "Dublin City| Manager": a type word closing a split
                            # name makes an office's name too often
                            or (
                                self._straddles(i, k)
                                and doc[k - 1].lower_ not in TYPE_WORDS | {"city"}
                            )
                        )
                        and self._free(i, k)
                        and name_key(span.text) not in _NOT_PLACES
                        and not self._org_like(i, k)
                        and not all(t.text in compass_words() or t.lower_ in _JOINERS
                                    for t in span)
                        and any(  # as written: "Vernon, District" is no "Vernon district"
                            c.kind <= KIND_ALIAS for c in self.gaz.lookup(name_key(span.text))
                        )
                    ):
                        self._take(i, k, "ner")
                        i, taken = k, True
                        break
            if not taken:
                i += 1

    def _two_countries(self, start: int, end: int) -> bool:
        """Whether a two-word place mention the gazetteer does not know is two countries or
        first-level divisions with their comma left out ("Greece Italy")."""
        if end - start != 2 or self._known(self.doc[start:end].text):
            return False
        return all(
            any(c.feature in {"A.PCLI", "A.ADM1"} and c.fuzzy == 1.0 and c.kind <= KIND_ALIAS
                for c in candidates_for(self.gaz, self.doc[i].text))
            for i in (start, start + 1)
        )

    def _short_stop(self, i: int) -> bool:
        """Whether token ``i`` is the full stop of a short abbreviation inside a name, the
        parser having split it off: "ST| .| LOUIS"."""
        doc = self.doc
        return (
            doc[i].text == "." and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and len(doc[i - 1]) <= 3 and doc[i - 1].is_alpha and _capitalised(doc[i + 1])
        )

    def _straddles(self, start: int, end: int) -> bool:
        """Whether an entity mention starts or ends inside tokens start..end: the parser
        split the name ("Baja| California", "U.S.| Virgin Islands")."""
        return any(
            start < s < end or start < e < end for s, e, _label in self.mentions
        )

    def detect(self) -> list[_Span]:
        self._dateline()
        self._datelines()
        self._party_homes()
        self._joined_names()
        for start0, end0, label in self.mentions:
            if label == "NORP" and self._demonym(start0, end0):
                start, end = start0, end0  # "Russian| state TV"
            elif label in _PLACE_LABELS:
                start = self._uncompassed(start0, end0)
                end = self._with_type_word(start, self._before_body(start, end0))
            else:
                start, end = start0, self._with_type_word(start0, end0)
            if not self._free(start, end):
                continue
            if label in _PLACE_LABELS:
                if self._two_countries(start, end):
                    self._take(start, start + 1, "ner")  # "Cyprus, Greece Italy or Spain"
                    self._take(start + 1, end, "ner")
                elif not self._org_like(start, end):
                    self._take(start, end, "ner")
            elif label == "NORP" or (label in _MISLABELS and end - start == 1):
                if self._demonym(start, end) and not self._org_like(start, end):
                    self._take(start, end, "demonym")
                elif self._strong(start, end, mislabelled=True):
                    self._take(start, end, "gazetteer")
            elif label in _MISLABELS and self._strong(start, end, mislabelled=True):
                self._take(start, end, "gazetteer")
        self._listed_divisions()
        self._state_bodies()
        self._based()
        self._gazetteer_pass()
        self._discourse_pass()
        self._conjuncts()
        return sorted(self.spans, key=lambda s: s.start)

    def _conjuncts(self) -> None:
        """Names listed with a place: "Hilversum and Almelo", "Cleveland, Columbus, Dayton and
        Cincinnati". A capitalised name next to a place across ",", "and", "or" (or ", and")
        is taken when the gazetteer has it exactly as a town of 1,000 or a division; so is
        a name paired with a place by a hyphen or slash ("Nelson-Creston")."""
        doc = self.doc
        # The parts of a run that a tight hyphen or slash splits, besides the whole.
        pieces = list(self.runs)
        for run_start, run_end in self.runs:
            cuts = [i for i in range(run_start + 1, run_end - 1) if _tight_joint(doc, i)]
            bounds = [run_start - 1, *cuts, run_end]
            if cuts:
                pieces += [(a + 1, b) for a, b in pairwise(bounds)]
        changed = True
        while changed:
            changed = False
            ends = {s.end for s in self.spans}
            starts = {s.start for s in self.spans}
            # "the Arab-Israeli conflict": a demonym pairs with demonyms, not places.
            place_ends = {s.end for s in self.spans if s.source != "demonym"}
            place_starts = {s.start for s in self.spans if s.source != "demonym"}
            for run_start, run_end in pieces:
                if not self._free(run_start, run_end) or run_end - run_start > _MAX_RUN:
                    continue
                before = _list_gap(doc, run_start, backward=True)
                after = _list_gap(doc, run_end, backward=False)
                if before is not None and _tight_joint(doc, before):
                    before = before if before in place_ends else None
                if after is not None and _tight_joint(doc, after - 1):
                    after = after if after in place_starts else None
                if not (
                    (before is not None and before in ends)
                    or (after is not None and after in starts)
                ):
                    continue
                if self._listed_place(run_start, run_end):
                    self._take(run_start, run_end, "gazetteer")
                    changed = True

    def _month_day(self, end: int) -> bool:
        """Whether the name ending at ``end`` is a month before a day ("MOSCOW, Nov 19")."""
        doc = self.doc
        return (
            _MONTH.fullmatch(doc[end - 1].lower_) is not None
            and end < len(doc) and doc[end].like_num
        )

    def _listed_place(self, start: int, end: int) -> bool:
        span = self.doc[start:end]
        key = name_key(span.text)
        if (
            key in _NOT_PLACES or key in self.surnames or len(key) < 3
            or span.text in compass_words() or self._in_full_name(start, end)
            or self._org_like(start, end) or self._in_mention(start, end, _NUMERIC)
            or any(t.ent_type_ in _NUMERIC for t in span)  # the parser's own dates
            or self._month_day(end)
        ):
            return False
        exact = [
            c for c in candidates_for(self.gaz, span.text)
            if c.fuzzy == 1.0 and c.kind <= KIND_ALIAS
        ]
        return any(c.population >= 1_000 or c.feature_class == "A" for c in exact)

    def _demonym(self, start: int, end: int) -> bool:
        """A country's demonym, also in the plural ("Russians")."""
        text = self.doc[start:end].text
        if candidates_for(self.gaz, text, demonym=True):
            return True
        return (
            text.endswith("s")
            and len(text) > 4
            and bool(candidates_for(self.gaz, text[:-1], demonym=True))
        )

    def _discourse_pass(self) -> None:
        """One sense per article: a name taken as a place is a place at its other mentions.

        The parser often labels a town it has tagged GPE once as ORG or PERSON elsewhere, or
        leaves it untagged ("Fargo" ... "Fargo police said").
        """
        keys = {
            name_key(self.doc[s.start : s.end].text)
            for s in self.spans
            if s.source in {"ner", "dateline"}
        }
        keys -= self.surnames | _NOT_PLACES
        if not keys:
            return
        for run_start, run_end in self.runs:
            i = run_start
            while i < run_end:
                if not _capitalised(self.doc[i]) or self.doc[i].lower_ in _LEADING:
                    i += 1  # a connector ("-", "of") or "The" never starts a name
                    continue
                for j in range(min(run_end, i + _MAX_RUN), i, -1):
                    if (
                        self._free(i, j)
                        and name_key(self.doc[i:j].text) in keys
                        and not self._org_like(i, j)
                        and not self._in_full_name(i, j)
                    ):
                        self._take(i, self._unjoined(i, j), "gazetteer")
                        i = j - 1
                        break
                i += 1

    def _gazetteer_pass(self) -> None:
        """Untagged names and names nested in longer entities, longest match first."""
        for run_start, run_end in self.runs:
            i = run_start
            while i < run_end:
                if not _capitalised(self.doc[i]) or self.doc[i].lower_ in _LEADING:
                    i += 1  # a connector ("-", "of") or "The" never starts a name
                    continue
                for j in range(min(run_end, i + _MAX_RUN), i, -1):
                    if self._free(i, j) and self._strong_nested(i, j):
                        name_end = self._unjoined(i, j)
                        k = self._with_type_word(i, j) if j == run_end else name_end
                        self._take(i, k if self._free(i, k) else name_end, "gazetteer")
                        i = j - 1
                        break
                i += 1

    def _unjoined(self, start: int, end: int) -> int:
        """The end of a name without a connector it ends in: "Fargo-|Moorhead", "Egypt-|US
        relations" (the gazetteer reads the name without it; the text is the name's)."""
        while end - start > 1 and self.doc[end - 1].lower_ in _CONNECTORS:
            end -= 1
        return end

    def _in_mention(self, start: int, end: int, labels: frozenset[str] | None = None) -> bool:
        """Whether tokens start..end lie in an entity mention (with one of ``labels``)."""
        return any(
            s <= start and end <= e and (labels is None or label in labels)
            for s, e, label in self.mentions
        )

    def _in_full_name(self, start: int, end: int) -> bool:
        """Whether tokens start..end lie in a person's full name ("George Bush Jr")."""
        return any(s <= start and end <= e for s, e in self.full_names)

    def _strong_nested(self, start: int, end: int) -> bool:
        inside = [m for m in self.mentions if m[0] <= start and end <= m[1]]
        if inside and (inside[0][0], inside[0][1]) == (start, end):
            return False  # a whole mention: decided in detect()
        if any(name_key(self.doc[s:e].text) in _NOT_PLACES for s, e, _label in inside):
            return False  # "the European| Union": a word of an organisation's name
        if self._in_full_name(start, end):
            return False
        if self._org_like(start, end):
            return False
        return self._strong(start, end, mislabelled=False)


def extract_places(
    doc: Doc, entities: list[Entity] | None = None, *, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """The toponyms of ``doc``, each geocoded when the gazetteer knows it, in text order."""
    gaz = gazetteer or open_gazetteer()
    spans = _Detector(doc, gaz, entities).detect()
    toponyms = [_toponym(doc, s) for s in spans]
    link_containers(doc.text, toponyms)
    return places_from(toponyms, gaz, doc.text)


def _toponym(doc: Doc, span: _Span) -> Toponym:
    s: Span = doc[span.start : span.end]
    return Toponym(s.start_char, s.end_char, s.text, demonym=span.source == "demonym")


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
        if following is not None and _LIST_GAP.fullmatch(text[top.end : following.start]):
            continue
        after = _PLURAL_TYPE.match(text, top.end)
        if after and after.group(1).casefold() in _PLURAL_TYPE_WORDS:
            for item in listed:
                item.typed = True
        listed = []


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
