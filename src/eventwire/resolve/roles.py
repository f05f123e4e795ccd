"""A person's roles and affiliation, read from the parse around the name.

Two constructions carry them in news copy: a title before the name ("French Foreign Minister
Laurent Fabius", "Kremlin spokesman Dmitry Peskov") and an apposition ("Marwan Abboud,
Beirut's governor," / "Beirut's governor, Marwan Abboud," / "Abu Bakr al-Baghdadi, the
leader of Islamic State,"). The role phrase is the longest ``roles.tsv`` phrase ending at the
role's head noun; the words left of it and an "of/for/at" phrase after it are the
affiliation: another mention (an organization, country or nationality) or an affiliation word
("army", "rebel"). An affiliation's sector overrides the role's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.resolve.actors import known_actor, qualifier_sector, role_sector

_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "punct", "nummod"})
_PREPOSITIONS = frozenset({"of", "for", "at", "with"})


@dataclass(frozen=True)
class Affiliation:
    """A mention other than the person's: its token range and what it resolves to."""

    start: int
    end: int
    country: str | None
    sector: str | None
    person: bool = False


@dataclass
class RoleReading:
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    role_tokens: set[int] = field(default_factory=set)  # tokens of the role phrases


def _modifiers_start(
    doc: Doc, first: int, last: int, floor: int, mentions: Mapping[int, Affiliation]
) -> int:
    """Start of the run of modifiers that ends just before token ``first`` and hangs on
    tokens up to ``last`` (the person's or the role noun's head)."""
    i = first - 1
    start = first
    while i >= floor:
        token = doc[i]
        mention = mentions.get(i)
        if token.tag_ == "POS":
            i -= 1
            continue
        if mention is not None:
            # A whole mention ("Red Cross", "Hong Kong") joins if any of its tokens hangs
            # on the run; its inner structure does not matter.
            if mention.person:
                break
            if not any(start <= doc[j].head.i <= last for j in range(mention.start, i + 1)):
                break
            start = i = mention.start
            i -= 1
            continue
        if token.dep_ not in _MODIFIER_DEPS or not start <= token.head.i <= last:
            break
        if token.dep_ == "punct" and token.tag_ != "HYPH":
            break
        start = i
        i -= 1
    return start


def _phrase(doc: Doc, start: int, end: int) -> str:
    """The text of doc[start:end], its last word singular ("Kremlin aides" -> "Kremlin aide")."""
    last = doc[end - 1]
    if last.tag_ in ("NNS", "NNPS") and last.lemma_:
        return doc[start : end - 1].text_with_ws + last.lemma_
    return doc[start:end].text


def _role_start(doc: Doc, start: int, end: int) -> int | None:
    """Start of the longest role phrase that is doc[k:end] for k in [start, end)."""
    for k in range(start, end):
        if doc[k].tag_ == "POS":
            continue
        if role_sector(_phrase(doc, k, end))[0]:
            return k
    return None


def _affiliations(
    doc: Doc, start: int, end: int, mentions: Mapping[int, Affiliation]
) -> list[tuple[str | None, str | None]]:
    """(country, sector) of each affiliation in doc[start:end], nearest to the role first."""
    found: list[tuple[str | None, str | None]] = []
    i = end - 1
    while i >= start:
        token = doc[i]
        mention = mentions.get(i)
        if mention is not None:
            if not mention.person:
                found.append((mention.country, mention.sector))
            i = min(i, mention.start) - 1
            continue
        if token.tag_ == "POS" or not any(ch.isalnum() for ch in token.text):
            i -= 1
            continue
        pair = doc[i - 1 : i + 1] if i - 1 >= start else None
        if pair is not None and qualifier_sector(pair.text)[0]:
            found.append((None, qualifier_sector(pair.text)[1]))
            i -= 2
            continue
        is_qualifier, sector = qualifier_sector(token.text)
        if is_qualifier:
            found.append((None, sector))
        else:
            known = known_actor(token.text, "ORG")
            if known is not None:
                found.append((known.country, known.sector))
        i -= 1
    return found


def _prepositional(
    doc: Doc, noun: Token, floor: int, mentions: Mapping[int, Affiliation]
) -> list[tuple[str | None, str | None]]:
    """Affiliations in "the leader of Islamic State", "a spokesman for the army"."""
    found = []
    for prep in noun.rights:
        if prep.dep_ != "prep" or prep.text.lower() not in _PREPOSITIONS:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                start = _modifiers_start(doc, obj.i, obj.i, prep.i + 1, mentions)
                found += _affiliations(doc, start, obj.i + 1, mentions)
    return found


def _title_case(token: Token) -> bool:
    return token.text[:1].isupper() and not token.text.isupper()


def _extend_title(doc: Doc, start: int, k: int, mentions: Mapping[int, Affiliation]) -> int:
    """Widen a capitalized title over capitalized words the lexicon lacks ("Tourism Minister")."""
    if not _title_case(doc[k]):
        return k
    while k - 1 >= start:
        token = doc[k - 1]
        if token.dep_ != "compound" or not _title_case(token) or (k - 1) in mentions:
            break
        if qualifier_sector(token.text)[0] or known_actor(token.text, "ORG") is not None:
            break
        k -= 1
    return k


def _read(
    doc: Doc,
    reading: RoleReading,
    role: tuple[int, int, int],
    affiliations: list[tuple[str | None, str | None]],
) -> None:
    """Record the role doc[role[0]:role[2]] (the lexicon matched from role[1])."""
    start, matched, end = role
    text = " ".join(_phrase(doc, start, end).split())
    if text.casefold() not in {r.casefold() for r in reading.roles}:
        reading.roles.append(text)
    reading.role_tokens.update(range(start, end))
    country = next((c for c, _ in affiliations if c), None)
    sector = next((s for _, s in affiliations if s), None)
    reading.country = reading.country or country
    reading.sector = reading.sector or sector or role_sector(_phrase(doc, matched, end))[1]


def title_start(span: Span) -> int:
    """Where the name starts in a PERSON span that swallowed its title ("President Barack
    Obama" -> the index of "Barack"); ``span.start`` when it did not."""
    doc = span.doc
    for s in range(span.start + 1, span.end):
        if not _title_case(doc[s]) or not any(
            role_sector(doc[k:s].text)[0] for k in range(span.start, s)
        ):
            continue
        if not any(role_sector(t.text)[0] for t in doc[s : span.end]):
            return s
    return span.start


def _titles_before(
    doc: Doc, span: Span, floor: int, mentions: Mapping[int, Affiliation]
) -> list[tuple[int, int, int]]:
    """Role phrases in the run of titles before the name, nearest first ("defence spokesman
    Major General Chris Olukolade" -> Major General, spokesman), and where the run starts."""
    first = span.start
    # "Secretary of State Hillary Clinton": the parser hangs "of State" off the title, out
    # of the modifier run, so an "X of Y" title is matched on its words.
    for n in (4, 3):
        words = doc[first - n : first].text if first - n >= floor else ""
        if " of " in words and role_sector(words)[0]:
            first -= n
            break
    start = _modifiers_start(doc, first, span.end - 1, floor, mentions)
    titles = []
    end = span.start
    if first < span.start:
        titles.append((first, first, span.start))
        end = first
    while end > start:
        k = _role_start(doc, start, end)
        if k is None:
            break
        titles.append((_extend_title(doc, start, k, mentions), k, end))
        end = titles[-1][0]
    titles.append((start, start, start))  # where the affiliation words start
    return titles


def _owned_elsewhere(noun: Token, span: Span, mentions: Mapping[int, Affiliation]) -> bool:
    # "Aksyonov, the speaker of the Crimean parliament, Vladimir Konstantinov": the
    # parser hangs "speaker" on Aksyonov, but the next name is the speaker.
    for child in noun.rights:
        info = mentions.get(child.i)
        if child.dep_ in ("appos", "conj") and info is not None and info.person:
            return child.i not in range(span.start, span.end)
    return False


def _listed_role(span: Span) -> Token | None:
    """The role noun of "the speaker of the upper house, Valentina Matviyenko", which the
    parser reads as a list (conj) rather than an apposition: a singular noun, then a comma."""
    root = span.root
    head = root.head
    if root.dep_ != "conj" or head.i >= span.start or head.tag_ != "NN":
        return None
    before = span.doc[span.start - 1]
    if before.text != "," or any(t.dep_ == "conj" for t in head.rights if t.i < root.i):
        return None
    return head


def read_roles(span: Span, mentions: Mapping[int, Affiliation]) -> RoleReading:
    """Roles, country and sector of the person named by ``span``.

    ``mentions`` maps the token indices of the article's mentions to what they resolve
    to; the person's own mention may be among them (it is never read as an affiliation).
    """
    doc = span.doc
    reading = RoleReading()
    floor = span.sent.start
    root = span.root
    # Titles before the name; affiliation words left of the farthest one apply to all.
    *titles, (start, _, _) = _titles_before(doc, span, floor, mentions)
    if titles:
        affiliations = _affiliations(doc, start, titles[-1][0], mentions)
        for title in reversed(titles):
            _read(doc, reading, title, affiliations)
    # An apposition, either way round.
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    listed = _listed_role(span)
    if listed is not None:
        nouns.append(listed)
    for noun in nouns:
        if (
            noun.i in mentions
            or noun.pos_ not in ("NOUN", "PROPN")
            or span.start <= noun.i < span.end
        ):
            continue
        if noun is not listed and _owned_elsewhere(noun, span, mentions):
            continue
        end = noun.i + 1
        for length in (3, 2):
            if noun.i + length <= len(doc) and role_sector(doc[noun.i : noun.i + length].text)[0]:
                end = noun.i + length
                break
        first = _modifiers_start(doc, noun.i, noun.i, floor, mentions)
        k = _role_start(doc, first, end)
        if k is None or k > noun.i:
            continue
        affiliations = _affiliations(doc, first, k, mentions)
        affiliations += _prepositional(doc, doc[end - 1], floor, mentions)
        if end - 1 != noun.i:
            affiliations += _prepositional(doc, noun, floor, mentions)
        _read(doc, reading, (k, k, end), affiliations)
    return reading
