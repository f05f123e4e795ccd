"""Actors of an event: from a token of the parse to the article's entities.

An argument of a trigger is a token (the head of a noun phrase). Its actor is the entity
whose mention covers the head or sits in its left-hand modifiers ("French Foreign Minister
Laurent Fabius", "Russian and French raids"); a pronoun takes the nearest earlier entity of
a compatible kind; a phrase with no entity ("rescuers", "a Syrian military source") keeps
its own words as the actor's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.extract.events_lexicon import word_list, words_for
from eventwire.model import Actor, Entity, Quote
from eventwire.nlp.lookups import char_span, doc_text, sentence_of
from eventwire.resolve.actors import role_sector

# Parts of a noun phrase to the left of its head that may name the actor.
_LEFT_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "det"})
# "PARIS/MOSCOW, Nov 19 (Meridian News Service) -": places and outlet of the dateline.
_DATELINE = re.compile(r"[A-Z][A-Z .'/-]{1,60},[^\n()]{0,40}\([^)\n]{1,60}\)\s*[-\u2013\u2014]+\s")
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
# "I", "we" inside a quote: the speaker, or the body the speaker speaks for.
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
# How many sentences back "he" or "she" may find the person it stands for.
_PERSON_REACH = 3
# Adverbs making a phrasal verb that carries an act: "came forward with", "went ahead with".
_PHRASAL_ADVERBS = frozenset({"forward", "ahead", "on", "along", "through", "up"})
_ACTOR_PREPS = frozenset({"of", "by", "with", "against", "from", "to", "for", "between"})
_GROUP_TYPES = frozenset({"GPE", "ORG", "NORP"})
# Relative pronouns: "the U.N., which imposed sanctions" -> the U.N.
_RELATIVE_TAGS = frozenset({"WDT", "WP"})
# "Other unions, including the AFT and the AFL-CIO": the named members act.
_MEMBER_PREPS = frozenset({"including", "like"})
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _not_actors() -> frozenset[str]:
    return word_list("not_actors.txt")


def _actor_nouns() -> frozenset[str]:
    return word_list("actor_nouns.txt")


def patient_nouns() -> frozenset[str]:
    """Nouns of acts whose possessor undergoes them (patient_nouns.txt)."""
    return word_list("patient_nouns.txt")


def is_actor_noun(head: Token) -> bool:
    """Whether a common noun names people, a body or a place acted on as their stand-in
    ("protesters", "the city", "creditors"), not a thing or an act ("the award")."""
    forms = {head.lemma_.lower(), head.lower_}
    return bool(forms & _actor_nouns() or any(role_sector(w)[0] for w in forms))


@dataclass(frozen=True)
class EntityIndex:
    """Which entity each token belongs to, and where each entity is mentioned."""

    by_token: dict[int, Entity]
    mention_tokens: list[tuple[int, Entity]]
    dateline_end: int = 0
    # (start, end, speaker) of each quote whose speaker is known.
    speakers: tuple[tuple[int, int, Actor], ...] = ()

    @classmethod
    def build(cls, doc: Doc, entities: list[Entity], quotes: Sequence[Quote] = ()) -> EntityIndex:
        """Index the mentions, leaving out the dateline: its outlet and city act in no event;
        and the speakers of quotes, for "I" and "we" inside them."""
        by_token: dict[int, Entity] = {}
        mention_tokens: list[tuple[int, Entity]] = []
        dateline = _DATELINE.match(doc_text(doc))
        dateline_end = dateline.end() if dateline else 0
        for entity in entities:
            for mention in entity.mentions:
                if mention.start < dateline_end:
                    continue
                span = char_span(doc, mention.start, mention.end)
                if span is None:
                    continue
                for token in span:
                    by_token[token.i] = entity
                mention_tokens.append((span.start, entity))
        mention_tokens.sort(key=lambda item: item[0])
        by_id = {e.id: e for e in entities}
        speakers = tuple(
            (
                quote.start,
                quote.end,
                actor_of(by_id[quote.speaker.entity])
                if quote.speaker.entity in by_id
                else Actor(name=quote.speaker.name),
            )
            for quote in quotes
            if quote.speaker is not None
        )
        return cls(by_token, mention_tokens, dateline_end, speakers)

    def speaker_at(self, offset: int) -> Actor | None:
        """The speaker of the quote around a character offset, if any."""
        return next((a for start, end, a in self.speakers if start <= offset < end), None)


def actor_of(entity: Entity) -> Actor:
    """The record's Actor for an entity."""
    return Actor(name=entity.name, entity=entity.id, country=entity.country, sector=entity.sector)


def phrase(token: Token) -> Span:
    """The noun phrase headed by ``token``, up to the head (left modifiers only)."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in _LEFT_MODIFIERS:
            start = min(start, child.left_edge.i)
    doc = token.doc
    while start < token.i and doc[start].dep_ == "det":
        start += 1
    return doc[start : token.i + 1]


def _pronoun_antecedent(token: Token, index: EntityIndex) -> Entity | None:
    lower = token.lower_
    wanted = {"PERSON"} if lower in _PERSON_PRONOUNS else _GROUP_TYPES
    # Nearest earlier mention in this sentence, else the previous one; "he" and "she" may
    # reach further back, to the person the story is about, as news copy names a person
    # once and then goes on with "he" for several sentences.
    reach = _PERSON_REACH if wanted == {"PERSON"} else 1
    earliest = sentence_of(token).start
    for _ in range(reach):
        if earliest == 0:
            break
        earliest = sentence_of(token.doc[earliest - 1]).start
    subject = _clause_subject(token, index)
    for start, entity in reversed(index.mention_tokens):
        if start >= token.i:
            continue
        if start < earliest:
            break
        if entity.type in wanted and entity is not subject:
            return entity
    return None


def _clause_subject(pronoun: Token, index: EntityIndex) -> Entity | None:
    """The named subject of the verb a pronoun is the object of: "McConnell met with her"
    cannot mean himself (that would be "himself"), so "her" is someone else."""
    if pronoun.dep_ not in {"dobj", "obj", "pobj", "dative", "conj"}:
        return None
    node = pronoun
    for _ in range(4):
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            break
        node = node.head
    if node.pos_ not in {"VERB", "AUX"}:
        return None
    for subject in (c for c in node.children if c.dep_ == "nsubj"):
        if subject.i in index.by_token:
            return index.by_token[subject.i]
        if subject.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
            return _pronoun_antecedent(subject, index)
    return None


def actors_at(token: Token, index: EntityIndex) -> list[tuple[Actor, Token]]:
    """The actors named by the noun phrase headed by ``token`` (coordination expanded)."""
    found = _actors_of_head(token, index)
    for conjunct in (c for c in token.conjuncts if c.i > token.i):
        # A conjunct counts when it names an actor itself: in "an agreement with Sukhoi for
        # marketing and support for their aircraft" the parse may join "support" to Sukhoi.
        found.extend(_actors_of_head(conjunct, index, look_further=False))
    return found


def _actors_of_head(
    head: Token, index: EntityIndex, look_further: bool = True
) -> list[tuple[Actor, Token]]:
    if head.idx < index.dateline_end:
        return []
    if head.lemma_.lower() in words_for("counts") or head.ent_type_ == "CARDINAL":
        # "Thousands of Iraqi Kurds", "a group of protesters": the actor is what is counted.
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return actors_at(pobj, index)
    relative = _relative_antecedent(head)
    if relative is not None:
        return actors_at(relative, index)
    if head.pos_ == "PRON":
        speaker = index.speaker_at(head.idx) if head.lower_ in _FIRST_PERSON else None
        if speaker is not None:
            return [(speaker, head)]
        if head.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
            antecedent = _pronoun_antecedent(head, index)
            if antecedent is not None:
                return [(actor_of(antecedent), head)]
        return []
    entity = index.by_token.get(head.i)
    if entity is not None and entity.type in _ACTOR_TYPES:
        return [(actor_of(entity), head)]
    if head.pos_ == "NOUN" and entity is None:
        apposed = _apposed(head, index)
        if apposed:
            return apposed
    span = phrase(head)
    named: list[tuple[Actor, Token]] = []
    seen: set[str] = set()
    for tok in span:
        candidate = index.by_token.get(tok.i)
        if candidate is None or candidate.type not in _ACTOR_TYPES or candidate.id in seen:
            continue
        seen.add(candidate.id)
        named.append((actor_of(candidate), tok))
        # "Russian and French raids": the coordinated modifier names a second actor.
        for conj in tok.conjuncts:
            other = index.by_token.get(conj.i)
            if other is not None and other.id not in seen and other.type in _ACTOR_TYPES:
                seen.add(other.id)
                named.append((actor_of(other), conj))
    if named and head.pos_ == "NOUN" and len(named) == 1 and is_actor_noun(head):
        # "Russian officials", "Boko Haram militants": the group, attributed to the entity.
        actor = named[0][0]
        words = " ".join(t.text for t in span if t.pos_ not in {"NUM", "DET"} and t.dep_ != "poss")
        return [(actor.model_copy(update={"name": words}), head)]
    if named:
        return named
    members = _members(head, index)
    if members:
        return members
    owner = _possessive_owner(head, index)
    if owner is not None:
        words = " ".join(t.text for t in span if t.pos_ not in {"NUM", "DET"})
        if head.pos_ == "NOUN" and is_actor_noun(head):
            # "GM ... negotiate with their unions": the unions are others than GM, of its
            # country.
            return [(Actor(name=words, country=owner.country), head)]
        return [(owner.model_copy(update={"name": f"{owner.name} ({words})"}), head)]
    if head.ent_type_ in {"DATE", "TIME", "CARDINAL"}:
        return []
    if head.pos_ == "PROPN" or (
        head.pos_ == "NOUN" and head.lemma_.lower() not in _not_actors() and is_actor_noun(head)
    ):
        words = " ".join(
            t.text for t in span if t.pos_ not in {"NUM", "DET"} and not _is_trigger_word(t)
        )
        return [(Actor(name=words or head.text), head)]
    if not look_further:
        return []
    # "the rights of Palestinians", "ties with Tehran", "the purchase of Boeing jets": a
    # thing or an act is no actor; the actor, if any, is further on.
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in _ACTOR_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = actors_at(pobj, index)
                    if found:
                        return found
    return []


def light_verb(noun: Token) -> Token | None:
    """The verb a nominal event is the object of, which may say who acts: "filed a lawsuit",
    "entered into an agreement", "came forward with requests", "imposed some of the harshest
    sanctions"."""
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in words_for("counts")
    ):
        noun, head = head.head, head.head.head
    if noun.dep_ in {"dobj", "obj"} and head.pos_ == "VERB":
        return head
    if noun.dep_ == "pobj" and head.head.pos_ == "VERB":
        verb = head.head
        # "with" carries the act after a phrasal verb only ("came forward with requests",
        # "went ahead with strikes"): "the war began with protests" is told, not done.
        phrasal = any(
            c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PHRASAL_ADVERBS)
            for c in verb.children
        )
        if head.lower_ in {"into", "in"} or (head.lower_ == "with" and phrasal):
            return verb
    return None


def receiving_roles(
    verb: Token, subjects: list[Token], index: EntityIndex
) -> tuple[list[tuple[Actor, Token]], list[tuple[Actor, Token]]]:
    """(givers, receivers) of a verb of receiving: "GM and Chrysler receive loans from the
    government of Canada" / "receive Canadian loans". The givers are the "from" phrase, else
    whoever the received thing is said to come from (a nationality, an owner); the receivers
    are the subject."""
    givers: list[tuple[Actor, Token]] = []
    received = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    # "from" may hang on the verb or on what is received ("loans from the government").
    for holder in [verb, *received]:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    givers.extend(actors_at(pobj, index))
    if not givers:
        for obj in received:
            for modifier in obj.children:
                if modifier.dep_ in {"amod", "compound", "poss"} and index.by_token.get(modifier.i):
                    givers.extend(actors_at(modifier, index))
    receivers = [found for subject in subjects for found in actors_at(subject, index)]
    return givers, receivers


def _relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for: "the U.N., which imposed sanctions".

    The clause must run from the pronoun to its verb with no other verb or comma between
    ("Raqqa, the city that IS treats as its capital, have killed" is a misparse, not a
    relative clause of "killed"); "who" passes over a place to the person it is attached to
    ("a source in Maiduguri, who asked").
    """
    clause = pronoun.head
    if pronoun.tag_ not in _RELATIVE_TAGS or clause.dep_ != "relcl":
        return None
    between = pronoun.doc[min(pronoun.i, clause.i) + 1 : max(pronoun.i, clause.i)]
    if any(t.pos_ == "VERB" or t.text == "," for t in between):
        return None
    antecedent = clause.head
    if (
        pronoun.lower_ in {"who", "whom"}
        and antecedent.ent_type_ in {"GPE", "LOC", "FAC"}
        and antecedent.dep_ == "pobj"
    ):
        antecedent = antecedent.head.head
    return antecedent


def _apposed(head: Token, index: EntityIndex) -> list[tuple[Actor, Token]]:
    """The named actor a description stands for: "the North's leader, Kim Jong Un"."""
    for child in head.children:
        if child.dep_ == "appos":
            entity = index.by_token.get(child.i)
            if entity is not None and entity.type in _ACTOR_TYPES:
                return actors_at(child, index)
    return []


def _members(head: Token, index: EntityIndex) -> list[tuple[Actor, Token]]:
    """Named members of an unnamed group: "other unions, including the AFT and the AFL-CIO"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _MEMBER_PREPS:
            members = [
                found
                for pobj in child.children
                if pobj.dep_ == "pobj"
                for found in actors_at(pobj, index)
                if found[0].entity
            ]
            if members:
                return members
    return []


def _possessive_owner(head: Token, index: EntityIndex) -> Actor | None:
    """'its jets' after Moscow: the jets are Moscow's."""
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ in _GROUP_PRONOUNS | _PERSON_PRONOUNS:
            antecedent = _pronoun_antecedent(child, index)
            if antecedent is not None:
                return actor_of(antecedent)
    return None


def _is_trigger_word(token: Token) -> bool:
    # A parse that glues the act to its object ("bombing hospitals") must not name the actor.
    return token.dep_ == "compound" and (token.tag_ == "VBG" or token.lower_.endswith("ing"))


def dependency_path(trigger: Token, target: Token) -> str:
    """The parse path from the trigger to an argument, e.g. ``struck -nsubj-> raids``."""
    up: list[Token] = []
    node = target
    ancestors_of_trigger = {trigger.i, *(a.i for a in trigger.ancestors)}
    while node.i not in ancestors_of_trigger and node.head.i != node.i:
        up.append(node)
        node = node.head
    pivot = node
    steps_up: list[str] = []
    climb = trigger
    while climb.i != pivot.i and climb.head.i != climb.i:
        steps_up.append(f"<-{climb.dep_}- {climb.head.text}")
        climb = climb.head
    steps_down = [f"-{tok.dep_}-> {tok.text}" for tok in reversed(up)]
    return " ".join([trigger.text, *steps_up, *steps_down])
