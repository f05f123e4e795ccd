"""Speakers: the noun phrase of who said it, resolved to an entity where the text allows.

A name resolves to the entity whose mention covers it; a definite description ("the Kremlin
spokesman") to the entity introduced earlier with that title or apposition; a pronoun to the
nearest compatible earlier speaker or subject. Anonymous sources keep their own words as the
name and no entity.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.extract.quotes_lexicon import Lexicon
from eventwire.model import Entity, Speaker
from eventwire.nlp.lookups import char_span

_PERSONAL = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GROUP = frozenset({"they", "them"})
_THING = frozenset({"it"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_INDEFINITE = frozenset({"a", "an", "some", "one", "another", "several", "many", "two", "three"})
_NP_RIGHT_DEPS = frozenset({"compound", "flat", "nummod", "amod", "prep", "nmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How far back (characters) a pronoun looks for a subject before taking any mention.
_SUBJECT_WINDOW = 600


@dataclass(frozen=True)
class _Seen:
    """An earlier mention a pronoun may point to."""

    start: int
    entity: Entity
    subject: bool


def noun_phrase(head: Token) -> Span:
    """The speaker phrase headed by ``head``: its pre-modifiers, and post-modifiers such as
    "for the ministry", without appositions or relative clauses."""
    doc = head.doc
    start, end = head.left_edge.i, head.i + 1
    for child in head.rights:
        if child.dep_ in _NP_RIGHT_DEPS and not (child.dep_ == "prep" and head.ent_type_):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


class SpeakerResolver:
    """Resolves speaker phrases of one document; built once per document, used in text order."""

    def __init__(self, doc: Doc, entities: list[Entity], lexicon: Lexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.by_token: list[Entity | None] = [None] * len(doc)
        self.seen: list[_Seen] = []
        self.roles: dict[str, list[tuple[int, Entity, frozenset[str]]]] = {}
        self.gender: dict[str, str] = {}
        self.speakers: list[tuple[int, Entity | None, Speaker]] = []
        self.contents: list[tuple[int, int]] = []
        for entity in entities:
            for mention in entity.mentions:
                span = char_span(doc, mention.start, mention.end)
                if span is None or len(span) == 0:
                    continue
                for token in span:
                    self.by_token[token.i] = entity
                head = span.root
                self.seen.append(_Seen(mention.start, entity, head.dep_ in _SUBJECT_DEPS))
                if entity.type in ("PERSON", "ORG"):
                    self._learn_roles(span, entity)
        self.seen.sort(key=lambda s: s.start)
        self.seen_starts = [s.start for s in self.seen]
        for entity in entities:
            if entity.type == "PERSON" and entity.id not in self.gender:
                given = entity.name.split()[0].casefold().rstrip(".")
                if given in lexicon.genders:
                    self.gender[entity.id] = lexicon.genders[given]

    def _words(self, tokens: list[Token]) -> frozenset[str]:
        return frozenset(t.lower_ for t in tokens if t.is_alpha and t.pos_ != "DET")

    def _is_role(self, token: Token) -> bool:
        return token.pos_ == "NOUN" or token.lower_ in self.lexicon.descriptions

    def _learn_roles(self, span: Span, entity: Entity) -> None:
        """Titles before a name ("Kremlin spokesman Dmitry Peskov") and appositions
        ("Le Monde, the influential French daily") become role words for the entity."""
        doc = span.doc
        head = span.root
        titles = [t for t in doc[head.left_edge.i : span.start] if t.is_alpha]
        describers: list[tuple[Token, list[Token]]] = []
        if titles:
            describers += [(t, titles) for t in titles if self._is_role(t)]
        for child in head.children:
            if child.dep_ == "appos" and self._is_role(child):
                describers.append((child, list(doc[child.left_edge.i : child.i + 1])))
        if head.dep_ == "appos" and self._is_role(head.head):
            noun = head.head
            describers.append((noun, list(doc[noun.left_edge.i : noun.i + 1])))
        for noun, words in describers:
            key = noun.lemma_.casefold()
            entry = (span.start_char, entity, self._words(words))
            self.roles.setdefault(key, []).append(entry)
            gender = self.lexicon.genders.get(noun.lower_)
            if gender and entity.type == "PERSON":
                self.gender.setdefault(entity.id, gender)
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and entity.type == "PERSON":
            gender = self.lexicon.genders.get(before.lower_.rstrip("."))
            if gender:
                self.gender.setdefault(entity.id, gender)

    def note_content(self, start: int, end: int) -> None:
        """Mentions inside reported content are not candidates for later pronouns."""
        self.contents.append((start, end))

    def _in_content(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.contents[-8:])

    def _entity_in(self, span: Span) -> Entity | None:
        head_entity = self.by_token[span.root.i]
        if head_entity is not None:
            return head_entity
        found = [e for e in (self.by_token[t.i] for t in span) if e is not None]
        for wanted in ("PERSON", "ORG"):
            for entity in reversed(found):
                if entity.type == wanted:
                    return entity
        return found[-1] if found else None

    def _description(self, span: Span) -> Entity | None:
        head = span.root
        candidates = self.roles.get(head.lemma_.casefold())
        if not candidates:
            return None
        first = span[0].lower_
        if first in _INDEFINITE or (head.tag_ in ("NNS", "NNPS") and first != "the"):
            return None
        words = self._words(list(span))
        earlier = [c for c in candidates if c[0] < span.start_char] or candidates
        best = max(earlier, key=lambda c: (len(c[2] & words), c[0]))
        return best[1]

    def _compatible(self, entity: Entity, pronoun: str) -> bool:
        if pronoun in _PERSONAL:
            gender = self.gender.get(entity.id)
            return entity.type == "PERSON" and gender in (None, _PERSONAL[pronoun])
        if pronoun in _GROUP:
            return entity.type in ("ORG", "NORP", "GPE")
        return entity.type in ("ORG", "GPE")

    def _pronoun(self, token: Token) -> Entity | None:
        pronoun = token.lower_
        if pronoun not in _PERSONAL and pronoun not in _GROUP and pronoun not in _THING:
            return None
        offset = token.idx
        for start, entity, _speaker in reversed(self.speakers):
            if offset - start > _SUBJECT_WINDOW:
                break
            if entity is not None and self._compatible(entity, pronoun):
                # The most recent speaker wins unless another compatible subject has
                # taken the floor since.
                rival = self._nearest(offset, pronoun, subject_only=True, after=start)
                return rival or entity
            break
        return self._nearest(offset, pronoun, subject_only=True) or self._nearest(
            offset, pronoun, subject_only=False
        )

    def _nearest(
        self, offset: int, pronoun: str, subject_only: bool, after: int = -1
    ) -> Entity | None:
        i = bisect_left(self.seen_starts, offset)
        for seen in reversed(self.seen[max(0, i - 40) : i]):
            if seen.start <= after:
                return None
            if subject_only and (not seen.subject or offset - seen.start > _SUBJECT_WINDOW):
                continue
            if self._in_content(seen.start):
                continue
            if self._compatible(seen.entity, pronoun):
                return seen.entity
        return None

    def resolve(self, head: Token) -> Speaker:
        """The speaker whose phrase is headed by ``head``; remembered for later pronouns."""
        span = noun_phrase(head)
        name = " ".join(span.text.split())
        entity: Entity | None = None
        if head.pos_ == "PRON":
            entity = self._pronoun(head)
        else:
            entity = self.by_token[head.i]
            if entity is None and self._is_role(head):
                # "a Syrian military source", "the Kremlin spokesman": the phrase is a
                # description, never the entity named in its modifiers.
                entity = self._description(span)
            elif entity is None:
                entity = self._entity_in(span)
        speaker = Speaker(
            name=entity.name if entity is not None else name,
            entity=entity.id if entity is not None else None,
            start=span.start_char,
            end=span.end_char,
        )
        self.speakers.append((span.start_char, entity, speaker))
        return speaker
