"""Events: who did what to whom, where and when, with modality and attribution.

A trigger word found in the event lexicon (``data/events/triggers.tsv``) starts an event;
its sources and targets come from the dependency parse (subjects, objects, passive agents,
possessives, nationality modifiers, coordination); modality from the words governing it
(a denial, a hedge, an intention, a condition, a negation); attribution from the quote it
sits in; date and place from its clause, else its sentence, else the article. Every event
carries its explanation: the lexicon entry, the trigger and the parse path to each actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from eventwire.extract.events_actors import (
    EntityIndex,
    actor_of,
    actors_at,
    dependency_path,
    is_actor_noun,
    light_verb,
    patient_nouns,
    phrase,
    receiving_roles,
)
from eventwire.extract.events_dates import event_date
from eventwire.extract.events_lexicon import Lexicon, TriggerEntry, load_lexicon, words_for
from eventwire.extract.events_modality import modality_of
from eventwire.extract.quotes_lexicon import lexicon as quote_lexicon
from eventwire.model import (
    AcledType,
    Actor,
    ArgumentPath,
    Entity,
    Event,
    EventPlace,
    Explanation,
    Mention,
    Place,
    Quote,
    Time,
)
from eventwire.nlp.lookups import char_span, sentence_of, tokens_where

# Conjunctions before a participle that shares the main clause's subject.
_TIME_MARKS = frozenset({"while", "when", "after", "before", "since", "until", "once"})
# Prepositions naming who makes a request or criticism: "a request from Democrats",
# "the demands of the IAEA", "criticism from rights groups".
_SOURCE_PREPS = {
    "REQUEST": frozenset({"from", "of"}),
    "ACCUSE": frozenset({"from"}),
    "REJECT": frozenset({"from"}),
    "SUPPORT": frozenset({"from"}),
    "THREATEN": frozenset({"from"}),
    # "a visit from the Secretary of State".
    "CONSULT": frozenset({"from"}),
}
# Entity kinds that name who owns a decision or a plan ("the FBI decision to").
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Types whose "that"-clause subject is the target ("demanded that the US cancel").
_CLAUSE_TARGET_TYPES = frozenset({"REQUEST", "ACCUSE", "THREATEN", "AGREE"})
# Responses to a request, and the acts they answer ("rejected a request").
_RESPONSES = frozenset({"REJECT", "AGREE", "CONCEDE"})
_ANSWERED = frozenset({"REQUEST"})
_SUBJECT_DEPS = frozenset({"nsubj"})
_PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "dative"})
# Modifiers that make a noun with a determiner referring back (words.tsv: refers_back) a
# new mention all the same ("the 1991 settlement", "the attack in").
_DESCRIBING_DEPS = frozenset({"amod", "compound", "nummod", "nmod", "prep", "acl", "relcl"})


@dataclass
class _Draft:
    trigger: Token
    entry: TriggerEntry
    mode: str | None
    acled: tuple[str, str] | None
    sources: list[tuple[Actor, Token]] = field(default_factory=list)
    targets: list[tuple[Actor, Token]] = field(default_factory=list)
    absorbed: bool = False


def _needs_hold(token: Token, needs: str | None) -> bool:
    if needs is None:
        return True
    kind, _, value = needs.partition(":")
    children = list(token.children)
    if kind == "prep":
        return any(c.dep_ in {"prep", "agent"} and c.lower_ == value for c in children)
    if kind == "xcomp":
        return any(c.dep_ == "xcomp" for c in children)
    if kind == "particle":
        return any(c.dep_ == "prt" and c.lower_ == value and not _up_to(c) for c in children)
    if kind == "intrans":
        # "demonstrated in Kirkuk", not "demonstrated that …" nor "demonstrated its power".
        return not any(c.dep_ in _OBJECT_DEPS | {"ccomp", "xcomp"} for c in children)
    if kind == "plural":
        # "talks" (negotiations), not "talk" (chatter).
        return token.tag_ in {"NNS", "NNPS"}
    if kind == "objent":
        # An object naming a person or a people: "released Suu Kyi", "freed two Britons".
        wanted = set(value.split("|"))
        objects = [c for c in children if c.dep_ in _OBJECT_DEPS | {"nsubjpass"}]
        return any(o.ent_type_ in wanted for o in objects)
    if kind in {"oprd", "adv"}:
        # "called Trump a liar" (an object predicate); "work together" (an adverb).
        dep = "oprd" if kind == "oprd" else "advmod"
        found = [c for c in children if c.dep_ == dep]
        if kind == "oprd" and not any(
            c.dep_ in _OBJECT_DEPS and c.tag_ not in {"WP", "WDT"} for c in children
        ):
            # "a program, called EB-5" names a thing; "called Trump a liar" calls someone;
            # "what Turnbull called reckless" quotes a label, its bearer is outside the clause.
            return False
        return bool(found) and (
            not value or any(c.lemma_.lower() in value.split("|") for c in found)
        )
    if kind == "mod":
        wanted = set(value.split("|"))
        return any(
            c.dep_ in {"amod", "compound", "nmod"} and c.lemma_.lower() in wanted for c in children
        )
    if kind == "obj":
        objects = [c for c in children if c.dep_ in _OBJECT_DEPS | {"nsubjpass"}]
        if not objects and _object_gap(token):
            # "the funds it has already received": the relative clause's object is its head.
            objects = [token.head]
        if not value:
            return bool(objects)
        wanted = set(value.split("|"))
        return any(o.lemma_.lower() in wanted for o in objects)
    return False


def _up_to(particle: Token) -> bool:
    """'give up to $150 million': "up to" bounds a quantity, it is no particle of the verb."""
    doc = particle.doc
    after = doc[particle.i + 1 : particle.i + 3]
    return (
        len(after) == 2 and after[0].lower_ == "to" and (after[1].like_num or after[1].is_currency)
    )


def _object_gap(token: Token) -> bool:
    """A relative clause with a subject of its own and no object: its head is the object."""
    if token.dep_ != "relcl":
        return False
    subjects = [c for c in token.children if c.dep_ in _SUBJECT_DEPS]
    return bool(subjects) and all(s.tag_ not in {"WDT", "WP"} for s in subjects)


def _match(token: Token, lexicon: Lexicon) -> TriggerEntry | None:
    if token.pos_ == "VERB":
        pos = "VERB"
    elif token.pos_ == "NOUN":
        pos = "NOUN"
    else:
        return None
    # A word inside a name ("Freedom March", "Strike Force X") is not a trigger, nor is an
    # adjectival participle ("the shift is striking").
    if token.ent_type_ and token.ent_type_ not in {"NORP"}:
        return None
    if token.dep_ in {"acomp", "amod"}:
        return None
    # The lexicon first: most words are no trigger, and the tests below are pure.
    entries = lexicon.triggers.get((token.lemma_.lower(), pos), ())
    if not entries:
        return None
    if token.lower_ in words_for("not_trigger") or (pos == "NOUN" and _names_a_role(token)):
        return None
    for entry in entries:
        if _needs_hold(token, entry.needs):
            return entry
    return None


def _names_a_role(token: Token) -> bool:
    """'rescue teams', 'search and rescue teams', 'aid workers', 'appeals court': the noun
    says who someone is, not what they did."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    head = token.head.lemma_.lower()
    return token.dep_ in {"compound", "nmod"} and head in words_for("role_head")


def _refine_mode(token: Token, entry: TriggerEntry, lexicon: Lexicon) -> _Draft:
    mode, acled = entry.mode, entry.acled
    modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod", "npadvmod"}]
    if token.pos_ == "VERB":
        for subject in (c for c in token.children if c.dep_ in _SUBJECT_DEPS):
            modifiers.extend(c for c in subject.children if c.dep_ in {"amod", "compound"})
    for modifier in modifiers:
        for candidate in [modifier, *modifier.conjuncts]:
            refinement = lexicon.modifiers.get((candidate.lemma_.lower(), entry.type))
            if refinement is not None:
                mode = refinement.mode
                acled = refinement.acled or acled
                break
    return _Draft(trigger=token, entry=entry, mode=mode, acled=acled)


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:  # "dative": "gave aid to"
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _inherited_subject(token: Token) -> list[Token]:
    """A subject taken from the governing clause ("ordered his navy to establish")."""
    head = token.head
    if token.dep_ == "xcomp":
        if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i != head.i:
            # "they will be willing to contribute": the subject of "be".
            head = head.head
        objects = [c for c in head.children if c.dep_ in _OBJECT_DEPS]
        if head.lemma_.lower() in words_for("control"):
            # "called on Dean to apologize", "urged upon the board to act".
            objects = objects or _prep_objects(head, frozenset({"on", "upon"}))
            if objects:
                return objects
        # "The navy was ordered to work", "was forced to step down": the passive subject.
        return [c for c in head.children if c.dep_ in _SUBJECT_DEPS | _PASSIVE_SUBJECT_DEPS]
    if token.dep_ == "pcomp" and token.tag_ == "VBG" and head.dep_ == "prep":
        # "spoke after meeting Putin": the gerund's doer is the subject of the verb the
        # preposition hangs on; "thanked Trump for backing the bill": after "for", its object.
        verb = head.head
        if verb.pos_ != "VERB":
            return []
        objects = [c for c in verb.children if c.dep_ in _OBJECT_DEPS]
        if head.lower_ == "for" and objects:
            return objects
        return [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    before = token.doc[token.left_edge.i - 1] if token.left_edge.i > 0 else None
    marks = [c for c in token.children if c.dep_ == "mark"]
    participle = token.tag_ in {"VBG", "VBN"} and (
        # "gathered while marching": a time conjunction keeps the subject of the main clause.
        (bool(marks) and all(m.lower_ in _TIME_MARKS for m in marks))
        or (not marks and (before is None or before.is_punct))
    )
    if (token.dep_ == "advcl" and participle) or (
        token.dep_ == "conj" and _shares_subject(token, head)
    ):
        # "... demonstrated in Kirkuk, calling for independence": the same subject. Across
        # "and", only from another act: in "rescuers dug …, [an explosion] killed" the parse
        # may join the verbs, but the diggers did not kill.
        return [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
    if token.dep_ == "relcl":
        return [head]
    if token.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
        return _acl_subject(token, head)
    return []


def _acl_subject(token: Token, noun: Token) -> list[Token]:
    """Who does the act of a clause on a noun.

    "the EU's decision to ban", "the decision of the EU to ban", "made the decision to ban":
    the owner of the decision, else whoever made it. "men attacking the convoy": the men;
    "issued a statement condemning the test": whoever issued it.
    """
    infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)
    if infinitive:
        owners = [
            c
            for c in noun.children
            if c.dep_ == "poss" or (c.dep_ in {"compound", "nmod"} and c.ent_type_ in _NAMED)
        ]
        owners += _prep_objects(noun, frozenset({"of", "by"}))
        if owners:
            return owners
    elif token.tag_ != "VBG":
        return []
    elif is_actor_noun(noun) or noun.ent_type_ in _NAMED:
        return [noun]
    governor = light_verb(noun)
    if governor is None:
        return []
    return [c for c in governor.children if c.dep_ in _SUBJECT_DEPS] or _inherited_subject(governor)


def _shares_subject(token: Token, head: Token) -> bool:
    """Whether a verb joined by "and" to ``head`` takes its subject: after another act, a
    statement ("said it was opposed and warned Pyongyang"), or as the verb that carries an
    act ("entered into an agreement ... and reached a deal")."""
    head_lemma = head.lemma_.lower()
    return (
        (head_lemma, "VERB") in load_lexicon().triggers
        or head_lemma in quote_lexicon().cues
        or token.lemma_.lower() in words_for("support")
    )


def _verb_arguments(draft: _Draft, index: EntityIndex) -> None:
    token = draft.trigger
    children = list(token.children)
    passive = any(c.dep_ in _PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in children)
    if passive:
        subjects = [
            pobj
            for agent in children
            if agent.dep_ == "agent"
            for pobj in agent.children
            if pobj.dep_ == "pobj"
        ]
        objects = [c for c in children if c.dep_ in _PASSIVE_SUBJECT_DEPS]
    else:
        subjects = [c for c in children if c.dep_ in _SUBJECT_DEPS]
        objects = [c for c in children if c.dep_ in _OBJECT_DEPS]
    if not subjects and not passive:
        subjects = _inherited_subject(token)
    if not passive and token.lemma_.lower() in words_for("receive"):
        givers, receivers = receiving_roles(token, subjects, index)
        draft.sources.extend(givers)
        draft.targets.extend(receivers)
        return
    if "-obj" in draft.entry.target_preps:
        # "deployed troops", "provided aid": the object is what moves, not a target.
        objects = [o for o in objects if o.dep_ not in _OBJECT_DEPS]
    objects += _prep_objects(token, draft.entry.target_preps)
    for thing in [o for o in objects if o.dep_ in _OBJECT_DEPS and not actors_at(o, index)]:
        # "granted asylum to five officers", parsed with "to" on what is given.
        objects += _prep_objects(thing, draft.entry.target_preps)
    for subject in subjects:
        draft.sources.extend(actors_at(subject, index))
    for obj in objects:
        draft.targets.extend(actors_at(obj, index))
    if not draft.targets:
        _targets_from_complement(draft, index)
    if not draft.targets and draft.entry.type == "REQUEST":
        _asked_giver(draft, objects, index)
    _accused_as_source(draft, index)


def _asked_giver(draft: _Draft, objects: list[Token], index: EntityIndex) -> None:
    """'seek more government aid', 'seeks $16 billion in loans from the government': who is
    asked is who is to give what is asked for — a "from" phrase within it, else a people
    noun modifying it."""
    for obj in (o for o in objects if o.dep_ in _OBJECT_DEPS):
        things = [obj, *(t for t in obj.subtree if t.dep_ == "pobj" and t.head.lower_ == "in")]
        for thing in things:
            for giver in _prep_objects(thing, frozenset({"from"})):
                draft.targets.extend(actors_at(giver, index))
        if draft.targets:
            return
        for thing in things:
            for modifier in thing.children:
                if modifier.dep_ in {"compound", "amod"} and is_actor_noun(modifier):
                    draft.targets.extend(actors_at(modifier, index))


def _targets_from_complement(draft: _Draft, index: EntityIndex) -> None:
    """'demanded that the US cancel …': the one asked; 'agreed to give aid to Romania': the
    one who receives."""
    for child in draft.trigger.children:
        if (
            child.dep_ == "ccomp"
            and (
                draft.entry.type in _CLAUSE_TARGET_TYPES
                # "allowed candidate Ouattara to run", parsed as a clause.
                or draft.trigger.lemma_.lower() in words_for("control")
            )
            # "denounce what Turnbull called reckless actions": a free relative, no one asked.
            and not any(c.tag_ in {"WP", "WDT"} for c in child.children)
        ):
            for subject in (c for c in child.children if c.dep_ in _SUBJECT_DEPS):
                draft.targets.extend(actors_at(subject, index))
        elif child.dep_ == "xcomp":
            heads = [c for c in child.children if c.dep_ in _OBJECT_DEPS]
            heads += _prep_objects(child, frozenset({"to", "for", "with", "on", "against"}))
            for head in heads:
                draft.targets.extend(
                    (actor, tok) for actor, tok in actors_at(head, index) if actor.entity
                )


def _noun_arguments(draft: _Draft, index: EntityIndex) -> None:
    token = draft.trigger
    # "the police shooting of a man": with the victim after "of", a people noun before the
    # act is who did it.
    of_target = "of" in draft.entry.target_preps and bool(_prep_objects(token, frozenset({"of"})))
    # Unless an "of" phrase names who it was done to: "the junta's release of prisoners".
    patient = token.lemma_.lower() in patient_nouns() and not _prep_objects(
        token, frozenset({"of"})
    )
    for child in token.children:
        if child.dep_ == "poss" and patient:
            # "Kennedy's assassination": the possessor is who it was done to.
            draft.targets.extend(actors_at(child, index))
        elif (
            child.dep_ == "poss"
            or (child.dep_ in {"amod", "compound"} and index.by_token.get(child.i))
            or (
                # "a media request", "union demands": a speech act's author.
                child.dep_ == "compound"
                and (draft.entry.type in _SOURCE_PREPS or of_target)
                and is_actor_noun(child)
            )
        ):
            draft.sources.extend(actors_at(child, index))
        elif child.dep_ == "prep" and (
            child.lower_ == "by" or (child.lower_ in _SOURCE_PREPS.get(draft.entry.type, ()))
        ):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                draft.sources.extend(actors_at(pobj, index))
    for obj in _prep_objects(token, draft.entry.target_preps - {"by", "between"}):
        if not _destination(draft, obj):
            draft.targets.extend(actors_at(obj, index))
    if "between" in draft.entry.target_preps:
        _between_parties(draft, index)
    if token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"}:
        owners = [c for c in token.head.children if c.dep_ == "poss"]
        if owners:
            # "its bombing campaign": the owner of the campaign carries out the bombing.
            for owner in owners:
                draft.sources.extend(actors_at(owner, index))
        else:
            draft.targets.extend(actors_at(token.head, index))
    governor = light_verb(token)
    carrier = governor.lemma_.lower() if governor is not None else ""
    if governor is not None and (
        carrier in words_for("undergo") or carrier in words_for("support")
    ):
        undergoing = carrier in words_for("undergo")
        # "Suu Kyi has faced sharp criticism from ...": the subject undergoes the act, the
        # "from" phrase does it; "filed a lawsuit against Apple": the subject does it, the
        # verb's preposition names the target.
        sides = (draft.targets, draft.sources), (draft.sources, draft.targets)
        subject_side, prep_side = sides[0] if undergoing else sides[1]
        if not subject_side:
            subjects = [c for c in governor.children if c.dep_ in _SUBJECT_DEPS]
            for subject in subjects or _inherited_subject(governor):
                subject_side.extend(actors_at(subject, index))
        if not prep_side and not undergoing and token.dep_ == "pobj":
            # "hold Pagliano in contempt", "took the men into custody": the verb's object.
            for obj in (c for c in governor.children if c.dep_ in _OBJECT_DEPS):
                prep_side.extend(actors_at(obj, index))
        if not prep_side:
            preps = frozenset({"from"}) if undergoing else draft.entry.target_preps - {"by"}
            for obj in _prep_objects(governor, preps):
                prep_side.extend(actors_at(obj, index))
    if not draft.targets:
        _purpose_targets(draft, index)
    if not draft.targets and draft.entry.type in _CLAUSE_TARGET_TYPES:
        # "a recommendation that the Navy reopen the bids": the one asked.
        for clause in (c for c in token.children if c.dep_ in {"acl", "ccomp"}):
            if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                for subject in (c for c in clause.children if c.dep_ in _SUBJECT_DEPS):
                    draft.targets.extend(actors_at(subject, index))
    _accused_as_source(draft, index)


def _destination(draft: _Draft, obj: Token) -> bool:
    """'a visit to Washington': a country or city one travels to is where the meeting is,
    not whom it is with."""
    return (
        draft.entry.type == "CONSULT"
        and obj.head.lower_ == "to"
        and obj.ent_type_ in {"GPE", "LOC"}
    )


def _between_parties(draft: _Draft, index: EntityIndex) -> None:
    """'a deal between Boeing and Aeroflot', 'the settlement reached between the two
    parties': the first party is the source, the others the targets; one plural phrase
    names them all as sources."""
    holders = [draft.trigger]
    holders += [c for c in draft.trigger.children if c.dep_ in {"acl", "relcl"}]
    parties = [
        found
        for holder in holders
        for obj in _prep_objects(holder, frozenset({"between"}))
        for found in actors_at(obj, index)
    ]
    if not parties:
        return
    if draft.sources:
        draft.targets.extend(parties)
        return
    draft.sources.append(parties[0])
    draft.targets.extend(parties[1:])


def _purpose_targets(draft: _Draft, index: EntityIndex) -> None:
    """'a contract to supply the Royal Air Force with tankers': the named one the act is
    for is its target."""
    for clause in draft.trigger.children:
        if clause.dep_ != "acl" or not any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children
        ):
            continue
        for obj in (c for c in clause.children if c.dep_ in _OBJECT_DEPS):
            # The object itself, not an owner of it: "a deal to limit Tehran's programme".
            named = {obj.i, *(c.i for c in obj.conjuncts)}
            draft.targets.extend(
                (a, t) for a, t in actors_at(obj, index) if a.entity and t.i in named
            )


def _accused_as_source(draft: _Draft, index: EntityIndex) -> None:
    """'accused Moscow of bombing hospitals': Moscow is the alleged bomber."""
    if draft.sources:
        return
    node = draft.trigger
    for _ in range(4):
        if node.head.i == node.i:
            return
        node = node.head
        if node.pos_ == "VERB" and node.lemma_.lower() in words_for("accuse"):
            for obj in (c for c in node.children if c.dep_ in _OBJECT_DEPS):
                draft.sources.extend(actors_at(obj, index))
            return


def _attribution(
    token: Token, quotes: Sequence[Quote], entities: dict[str, Entity], index: EntityIndex
) -> tuple[Actor | None, str | None]:
    offset = token.idx
    for quote in quotes:
        if quote.start <= offset < quote.end and quote.speaker is not None:
            speaker = quote.speaker
            entity = entities.get(speaker.entity) if speaker.entity else None
            actor = actor_of(entity) if entity else Actor(name=speaker.name)
            return actor, f"inside quote {quote.id} ({quote.cue or 'said'})"
    for candidate in sentence_of(token):
        if candidate.lower_ == "according":
            to = next((c for c in candidate.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if pobj is not None:
                actors = actors_at(pobj, index)
                if actors:
                    return actors[0][0], dependency_path(token, actors[0][1])
    return None, None


def _in_clause(token: Token, span: Span | None) -> bool:
    if span is None:
        return False
    head = span.root
    node = head
    while node.i != token.i:
        if node.head.i == node.i:
            return False
        if node.pos_ == "VERB" and node.i != head.i:
            return False
        node = node.head
    return True


@dataclass(frozen=True)
class _PlaceSite:
    """A place of the article with its tokens, read once for all the events."""

    place: Place
    span: Span | None
    # In the dateline (where the article was written) or a nationality adjective
    # ("French raids", who acted): never where an event happened.
    excluded: bool


def _place_sites(doc: Doc, places: Sequence[Place], dateline_end: int) -> tuple[_PlaceSite, ...]:
    sites = []
    for place in places:
        span = char_span(doc, place.start, place.end)
        demonym = span is not None and (span.root.pos_ == "ADJ" or span.root.ent_type_ == "NORP")
        sites.append(_PlaceSite(place, span, place.start < dateline_end or demonym))
    return tuple(sites)


def _event_place(
    token: Token, sites: Sequence[_PlaceSite], actor_tokens: set[int]
) -> tuple[Place | None, str | None]:
    """The place of the clause, else of the sentence, else the article's first place.

    A nationality adjective ("French raids") and a place acting as the source ("Moscow's
    denial") say who acted, not where; places in the dateline say where it was written.
    """

    def usable(site: _PlaceSite) -> bool:
        if site.excluded:
            return False
        span = site.span
        return span is None or not any(i in actor_tokens for i in range(span.start, span.end))

    sent = sentence_of(token)
    in_sentence = [
        s for s in sites if sent.start_char <= s.place.start < sent.end_char and usable(s)
    ]
    for site in in_sentence:
        if _in_clause(token, site.span):
            return site.place, "clause"
    if in_sentence:
        return in_sentence[0].place, "sentence"
    anywhere = next((s for s in sites if usable(s)), None)
    if anywhere is not None:
        return anywhere.place, "article"
    return None, None


def _unique(actors: list[tuple[Actor, Token]], exclude: set[str]) -> list[tuple[Actor, Token]]:
    kept: list[tuple[Actor, Token]] = []
    seen = set(exclude)
    for actor, token in actors:
        key = actor.entity or actor.name.lower()
        if key not in seen:
            seen.add(key)
            kept.append((actor, token))
    return kept


def _nominal_slots(verb: Token) -> list[Token]:
    """Where a verb may name its own act again as a noun: its subject and objects, and the
    object of its "with" and that object's compounds ("provided Ford with a loan package")."""
    slots: list[Token] = []
    for child in verb.children:
        slots.append(child)
        if child.dep_ == "prep" and child.lower_ == "with":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                slots.append(pobj)
                slots.extend(c for c in pobj.children if c.dep_ == "compound")
    return slots


def _absorb_nominal_arguments(drafts: dict[int, _Draft]) -> None:
    """One event where a verb and its subject or object name the same act.

    "Raids have struck depots": the raids' actors and the verb's targets. "Imposed sanctions
    on officials": the verb's sources and the sanctions' targets. The more specific lexicon
    reading (the one with a mode) is kept.
    """
    for draft in drafts.values():
        if draft.trigger.pos_ != "VERB":
            continue
        for child in _nominal_slots(draft.trigger):
            nominal = drafts.get(child.i)
            if nominal is None or nominal.entry.type != draft.entry.type or nominal.absorbed:
                continue
            if child.dep_ in _SUBJECT_DEPS:
                draft.sources = nominal.sources + [s for s in draft.sources if s[1].i != child.i]
                draft.targets = nominal.targets + draft.targets
            elif child.dep_ in _OBJECT_DEPS or child.head.i != draft.trigger.i:
                draft.targets = nominal.targets + [t for t in draft.targets if t[1].i != child.i]
                draft.sources = draft.sources + nominal.sources
            else:
                continue
            if draft.mode is None and nominal.mode is not None:
                draft.entry, draft.mode = nominal.entry, nominal.mode
            draft.acled = (
                nominal.acled
                if nominal.mode and draft.mode == nominal.mode
                else (draft.acled or nominal.acled)
            )
            nominal.absorbed = True


def _answer_roles(drafts: dict[int, _Draft]) -> None:
    """A response to a request names who was asked and who asked.

    "The judge rejected the newspaper's request": the judge is the one the request was
    made to, the newspaper the one the rejection answers.
    """
    for draft in drafts.values():
        if draft.trigger.pos_ != "VERB" or draft.entry.type not in _RESPONSES:
            continue
        for child in draft.trigger.children:
            act = drafts.get(child.i)
            if (
                act is None
                or act.absorbed
                or child.dep_ not in _OBJECT_DEPS
                or act.entry.type not in _ANSWERED
            ):
                continue
            if not act.targets:
                act.targets = list(draft.sources)
            if not draft.targets:
                draft.targets = list(act.sources)


def _stands_alone(draft: _Draft, drafts: dict[int, _Draft]) -> bool:
    """Whether an event with no actor named is still an act someone did.

    The guide codes an event whose actors the text leaves unnamed ("the bill was rejected",
    "bombings in New York", "talks stalled"), so the absence of actors alone drops nothing.
    Dropped are: a verb whose subject is a thing ("the agreement allows …"), a relative
    clause on a thing ("a device which allows …"), and a noun that is the subject or object
    of another event's verb: "the contract was signed" is the signing, "eased the sanctions"
    the easing, not a second event.
    """
    token = draft.trigger
    if token.pos_ == "VERB":
        if token.dep_ in {"amod", "acomp", "compound", "relcl"}:
            return False
        # A subject that names no actor says this is no act ("the shift is striking", "the
        # agreement allows …"), unless it counts people ("thousands demonstrated").
        return not any(
            c.dep_ == "nsubj"
            and c.pos_ in {"NOUN", "PROPN"}
            and c.lemma_.lower() not in words_for("counts")
            for c in token.children
        )
    children = list(token.children)
    if any(c.dep_ == "det" and c.lower_ in words_for("refers_back") for c in children) and not any(
        c.dep_ in _DESCRIBING_DEPS for c in children
    ):
        # A bare "the deal", "this agreement" takes up an act the article has told already.
        return False
    head = token.head
    return not (
        head.i != token.i
        and head.i in drafts
        and head.pos_ == "VERB"
        and token.dep_ in _OBJECT_DEPS | _SUBJECT_DEPS | _PASSIVE_SUBJECT_DEPS
    )


def _accidental(draft: _Draft, lexicon: Lexicon) -> bool:
    """An ASSAULT verb whose cause is an accident or a disaster, not an attacker: "the
    earthquake killed", "the jet crashed, killing all on board" (the guide codes none)."""
    token = draft.trigger
    if draft.entry.type != "ASSAULT" or token.pos_ != "VERB":
        return False
    causes = [c for c in token.children if c.dep_ in _SUBJECT_DEPS]
    causes += [
        pobj
        for agent in token.children
        if agent.dep_ == "agent"
        for pobj in agent.children
        if pobj.dep_ == "pobj"
    ]
    if token.dep_ == "advcl" and not causes:
        # A participle taking its cause from the main clause: "crashed …, killing".
        causes = [token.head]
    return any(c.lemma_.lower() in lexicon.accidents for c in causes)


def extract_events(
    doc: Doc,
    entities: Sequence[Entity],
    quotes: Sequence[Quote] = (),
    times: Sequence[Time] = (),
    places: Sequence[Place] = (),
    published: date | None = None,
) -> list[Event]:
    """Events of ``doc`` in text order, each explained and tied to its sentence."""
    lexicon = load_lexicon()
    index = EntityIndex.build(doc, list(entities), quotes)
    by_id = {e.id: e for e in entities}
    drafts: dict[int, _Draft] = {}
    # Only a word whose lemma some trigger has can be one: the others are not looked at.
    words = lexicon.trigger_lemmas
    for i in tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in words):
        token = doc[i]
        entry = _match(token, lexicon)
        if entry is None:
            continue
        draft = _refine_mode(token, entry, lexicon)
        if _accidental(draft, lexicon):
            continue
        if token.pos_ == "VERB":
            _verb_arguments(draft, index)
        else:
            _noun_arguments(draft, index)
        drafts[token.i] = draft
    _absorb_nominal_arguments(drafts)
    _answer_roles(drafts)
    context = _Context(
        quotes=quotes,
        entities=by_id,
        index=index,
        times=times,
        places=_place_sites(doc, places, index.dateline_end),
        published=published,
        triggers=frozenset(drafts),
    )
    events: list[Event] = []
    for draft in drafts.values():
        if draft.absorbed:
            continue
        sources = _unique(draft.sources, set())
        targets = _unique(draft.targets, {a.entity or a.name.lower() for a, _ in sources})
        if not sources and not targets and not _stands_alone(draft, drafts):
            continue
        events.append(_build(draft, sources, targets, context, len(events) + 1))
    return events


@dataclass(frozen=True)
class _Context:
    """What every event of one article is placed, dated and attributed with."""

    quotes: Sequence[Quote]
    entities: dict[str, Entity]
    index: EntityIndex
    times: Sequence[Time]
    places: tuple[_PlaceSite, ...]
    published: date | None
    triggers: frozenset[int]


def _build(
    draft: _Draft,
    sources: list[tuple[Actor, Token]],
    targets: list[tuple[Actor, Token]],
    context: _Context,
    number: int,
) -> Event:
    index = context.index
    token = draft.trigger
    carrier = light_verb(token) if token.pos_ == "NOUN" else None
    modality, cue = modality_of(
        token,
        context.triggers,
        carrier if carrier is not None and carrier.lemma_.lower() in words_for("support") else None,
    )
    attributed, attribution_path = _attribution(token, context.quotes, context.entities, index)
    day, date_from = event_date(
        token, context.times, context.published, index.dateline_end, carrier
    )
    # A place that is a target ("strikes on Raqqa") is where it happened; a source is not.
    actor_tokens = {t.i for _, arg in sources for t in phrase(arg)}
    place, place_from = _event_place(token, context.places, actor_tokens)
    paths = [
        ArgumentPath(
            role=role,
            actor=actor.name,
            path=dependency_path(token, arg),
            start=phrase(arg).start_char,
            end=arg.idx + len(arg.text),
        )
        for role, group in (("source", sources), ("target", targets))
        for actor, arg in group
    ]
    if attributed is not None and attribution_path is not None:
        paths.append(ArgumentPath(role="attribution", actor=attributed.name, path=attribution_path))
    confidence = 0.45 + (0.25 if sources else 0.0) + (0.15 if targets else 0.0)
    confidence += {"clause": 0.1, "sentence": 0.05}.get(date_from or "", 0.0)
    sent = sentence_of(token)
    return Event(
        id=f"V{number}",
        type=draft.entry.type,
        mode=draft.mode,
        cameo=draft.entry.cameo,
        sources=[a for a, _ in sources],
        targets=[a for a, _ in targets],
        place=EventPlace(
            place=place.id, name=place.name, country=place.country, lat=place.lat, lon=place.lon
        )
        if place
        else None,
        date=day,
        modality=modality,
        attributed_to=attributed,
        text=sent.text,
        start=sent.start_char,
        end=sent.end_char,
        confidence=round(min(confidence, 0.95), 2),
        acled=AcledType(event_type=draft.acled[0], sub_event_type=draft.acled[1])
        if draft.acled
        else None,
        explanation=Explanation(
            lexicon=draft.entry.describe(),
            trigger=Mention(start=token.idx, end=token.idx + len(token.text), text=token.text),
            paths=paths,
            modality_cue=cue,
            date_from=date_from,
            place_from=place_from,
        ),
    )
