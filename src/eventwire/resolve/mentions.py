"""Mentions the parser's NER misses or mislabels, found from the text itself.

- Curated organization aliases ("Daesh", "ISIL", "Kremlin", "Boko Haram"), on token
  boundaries, case-sensitively.
- The dateline: "BEIRUT, Aug 5, 2020 (Meridian News Service) -" opens with places in
  capitals (which the model tends to tag ORG or PERSON) and credits an outlet.
- Acronyms introduced in brackets after a name: "the Syrian Observatory for Human Rights
  (SOHR)", and the acronym's later uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire.nlp.lookups import doc_text
from eventwire.resolve.lexicon import Organization, alias_index

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_CAPS_WORD = r"[A-Z][A-Z'.\-]*[A-Z.]"
_DATELINE = re.compile(
    rf"[ \t]*(?P<places>{_CAPS_WORD}(?:[ /]{_CAPS_WORD})*)"
    rf"(?:,[ \t]+(?!{_MONTH}[ \t]+\d)(?P<region>[A-Z][\w'.\-]*(?:[ \t][A-Z][\w'.\-]*){{0,2}}))?"
    rf"(?P<date>,[ \t]+{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]+\d{{4}})?)?"
    r"[ \t]*(?:\((?P<source>[^()\n]{2,60})\))?[ \t]*[-\u2013\u2014]"
)
_WORD = re.compile(r"\w+")
_ACRONYM = re.compile(r"[ \t]*\((?P<acronym>[A-Z][A-Za-z0-9&.\-]{0,8}[A-Z0-9])\)")


@dataclass(frozen=True)
class TextMention:
    """A mention found in the text: character offsets and what it is."""

    start: int
    end: int
    label: str
    organization: Organization | None = None


def _in_capitals(doc: Doc, i: int) -> bool:
    # A short all-capital alias ("IS", "UN", "AP") inside a run of capitals is a headline
    # word ("WHAT IS NEXT"), not the organization.
    neighbours = [t for t in doc[max(0, i - 2) : i + 3] if t.i != i and t.text.isalpha()]
    return bool(neighbours) and all(t.text.isupper() for t in neighbours)


def organization_mentions(doc: Doc, text: str | None = None) -> Iterator[TextMention]:
    """Curated organization aliases in ``doc`` (whose text is ``text``), longest first."""
    index = alias_index()
    text = doc_text(doc) if text is None else text
    end_of_last = -1
    # Words found by a regex rather than by walking the tokens: an order of magnitude
    # cheaper; token alignment is checked only where an alias matches.
    for word in _WORD.finditer(text):
        start = word.start()
        if start < end_of_last:
            continue
        for alias, org in index.get(word.group(), ()):
            end = start + len(alias)
            if not text.startswith(alias, start):
                continue
            span = doc.char_span(start, end)
            if span is None:
                continue
            if len(alias) <= 3 and alias.isupper() and _in_capitals(doc, span.start):
                continue
            end_of_last = end
            yield TextMention(start, end, "ORG", org)
            break


def dateline_mentions(text: str) -> list[TextMention]:
    """The places (GPE) and the credited outlet (ORG) of the dateline opening ``text``."""
    found = _DATELINE.match(text)
    if found is None or not (found.group("date") or found.group("source")):
        return []
    mentions = []
    offset = found.start("places")
    for name in found.group("places").split("/"):
        mentions.append(TextMention(offset, offset + len(name), "GPE"))
        offset += len(name) + 1
    if found.group("region"):
        mentions.append(TextMention(found.start("region"), found.end("region"), "GPE"))
    if found.group("source"):
        mentions.append(TextMention(found.start("source"), found.end("source"), "ORG"))
    return mentions


def acronym_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of "(ACRONYM)" right after the name text[start:end], if it abbreviates it."""
    found = _ACRONYM.match(text, end)
    if found is None:
        return None
    acronym = found.group("acronym")
    name = text[start:end]
    if sum(ch.isupper() for ch in acronym) < 2 or acronym[0] != name[:1].upper():
        return None
    return found.start("acronym"), found.end("acronym")


def token_occurrences(doc: Doc, word: str, after: int) -> Iterator[tuple[int, int]]:
    """Offsets of whole tokens equal to ``word`` starting at or after character ``after``."""
    for token in doc:
        if token.idx >= after and token.text == word:
            yield token.idx, token.idx + len(word)
