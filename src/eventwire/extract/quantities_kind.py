"""What a number phrase counts: the counted noun and the kind, read from the dependency parse.

The kind comes, in this order, from the counted noun itself ("932 deaths", "dozens of raids"),
from a word attached to that noun ("missing people", "people killed"), from the predicate the
figure fills ("killed 129 people", "1,000 people died", "were left homeless", "were among the
dead") or from a toll it measures ("the death toll could exceed 10,000", "bringing the toll to
more than 900"). The words are in ``data/quantities/kinds.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.extract.quantities_lexicon import KindLexicon, kind_lexicon, number_lexicon
from eventwire.extract.quantities_numbers import NumberPhrase, phrase_root
from eventwire.model import QuantityKind

_PEOPLE_KINDS = frozenset({"killed", "wounded", "missing", "arrested", "displaced", "people"})
# Dependency labels by which a number attaches to the noun it counts.
_COUNTING_DEPS = frozenset({"nummod", "quantmod", "nmod", "amod", "compound", "det"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# Argument roles through which a figure is the patient or theme of its predicate.
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "oprd"})
_STATE_DEPS = frozenset({"acomp", "oprd", "attr", "xcomp", "advmod", "dobj"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Words between figure and noun that say nothing about what is counted ("eight more girls").
_NOT_OBJECT = frozenset({"more", "other", "additional", "further", "extra", "another", "some"})
_OBJECT_DEPS = frozenset({"compound", "amod", "nmod"})
# Prepositions by which a toll reaches a figure: "rose to 50", "put the turnout at 1.03 million".
_TOLL_PREPS = frozenset({"to", "at", "of", "over", "above", "past", "near", "around", "beyond"})


@dataclass(frozen=True)
class Reading:
    """What a phrase counts: ``kind`` None means it is not worth reporting."""

    kind: QuantityKind | None
    noun: Token | None
    predicate: Token | None
    skip: bool = False


def _key(token: Token) -> str:
    return token.lemma_.lower() or token.lower_


def _lookup(token: Token, table: dict[str, QuantityKind]) -> QuantityKind | None:
    return table.get(_key(token)) or table.get(token.lower_)


def _counted_noun(root: Token, phrase: NumberPhrase) -> tuple[Token | None, Token]:
    """The noun the figure counts and the token that carries it in the clause.

    "33 [people]" (the noun carries it), "33 of the [fighters]" (the number does),
    "[cases], nearly 700" (the noun does).
    """
    while root.dep_ == "conj" and root.head.pos_ == "NUM" and root.head != root:
        root = root.head  # "killed 102 and 21 people": 21 counts people too
    head = root.head
    counts_head = head.pos_ in _NOUN_POS or _key(head) in kind_lexicon().nouns
    if root.dep_ in _COUNTING_DEPS and head.i >= phrase.end and counts_head:
        return head, head  # also "the 100 dead", where the noun is tagged an adjective
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in _NOUN_POS:
                return objects[0], root
    if root.dep_ == "appos" and head.pos_ in _NOUN_POS and head.i < phrase.start:
        return head, head
    return None, root


def _modifier_kind(noun: Token, lex: KindLexicon) -> QuantityKind | None:
    """A kind from a word attached to the noun: "missing people", "people killed in ..."."""
    for child in noun.children:
        if child.dep_ in ("amod", "acl") and (kind := _lookup(child, lex.states)):
            return kind
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
            passive = child.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in child.children)
            if passive and (kind := _lookup(child, lex.transitive)):
                return kind
            if child.dep_ == "relcl" and (kind := _lookup(child, lex.intransitive)):
                return kind
            if kind := _state_kind(child, lex):  # "people listed as missing"
                return kind
    return None


def _toll_kind(noun: Token, lex: KindLexicon) -> tuple[QuantityKind | None, Token | None]:
    """The kind a toll or count noun stands for: "death toll", "the number of [dead]"."""
    key = _key(noun)
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and f"{_key(child)} {key}" in lex.tolls:
            return lex.tolls[f"{_key(child)} {key}"], None
    if key in lex.count_nouns:
        for prep in noun.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for counted in prep.children:
                    if counted.dep_ == "pobj":
                        kind = _lookup(counted, lex.nouns) or _modifier_kind(counted, lex)
                        return kind, counted
    return lex.tolls.get(key), None


def _state_kind(verb: Token, lex: KindLexicon) -> QuantityKind | None:
    """A kind from what the predicate says of its argument: "left homeless", "among the dead"."""
    objects = lex.verb_objects.get(_key(verb), {})
    for child in verb.children:
        if child.dep_ in _STATE_DEPS and (kind := _lookup(child, lex.states)):
            return kind
        if child.dep_ in ("dobj", "oprd", "acomp") and (kind := _lookup(child, objects)):
            return kind  # "lost their homes"
        places = lex.places.get(child.lower_, {}) if child.dep_ == "prep" else {}
        for target in child.children if places else ():
            if target.dep_ in ("pobj", "pcomp", "amod") and (kind := _lookup(target, places)):
                return kind
    return None


def _passive_like(verb: Token) -> bool:
    """A bare participle ("two people detained in raids") reads as a passive."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def _argument(token: Token) -> tuple[str, Token]:
    """The role and predicate of the clause argument ``token`` heads, through conjunctions."""
    role, head = token.dep_, token.head
    for _ in range(3):
        if role == "conj" and head.pos_ in ("VERB", "AUX"):
            return "dobj", head  # "killed 259 people ..., and at least 56 in Malawi"
        if role in ("conj", "appos") and head != token:
            token, role, head = head, head.dep_, head.head
            continue
        break
    return role, head


def _predicate_kind(
    token: Token, lex: KindLexicon
) -> tuple[QuantityKind | None, Token | None, Token]:
    """Kind, counted-noun override and predicate from the clause the figure sits in."""
    role, verb = _argument(token)
    counted = None
    if token.dep_ == "conj" and role == "dobj":
        # "killed 259 people ..., and at least 56 in Malawi": 56 counts people too.
        counted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    patient = role in _PATIENT_DEPS or (role == "nsubj" and _passive_like(verb))
    if patient and (kind := _lookup(verb, lex.transitive)):
        return kind, counted, verb
    if role in _SUBJECT_DEPS and (kind := _lookup(verb, lex.intransitive)):
        return kind, counted, verb
    if role in _SUBJECT_DEPS and verb.lower_ in lex.states:
        return lex.states[verb.lower_], counted, verb  # "150 migrants are missing"
    if role in _SUBJECT_DEPS | _PATIENT_DEPS and (kind := _state_kind(verb, lex)):
        return kind, counted, verb
    if kind := _state_kind(token, lex):  # "leaving 223 in captivity"
        return kind, counted, verb
    # A figure a toll reaches: "the toll could exceed 10,000", "brought the toll to 900".
    holder = verb.head if role == "pobj" else verb
    if role == "pobj" and verb.lower_ not in _TOLL_PREPS:
        return None, counted, verb
    if role == "pobj" and _key(holder) in lex.tolls:
        kind, noun = _toll_kind(holder, lex)
        return kind, noun, holder
    if role in ("dobj", "attr", "pobj", "npadvmod", "appos", "advmod", "conj"):
        for child in holder.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.i != token.i:
                kind, noun = _toll_kind(child, lex)
                if kind is not None or noun is not None:
                    return kind, noun, holder
    return None, counted, verb


def _is_population(noun: Token | None, token: Token, lex: KindLexicon) -> bool:
    """ "a city of 1.5 million", "a workforce of 122,000 people": a size, not a toll."""
    if noun is not None and _key(noun) in lex.population:
        return True
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "of" and _key(prep.head) in lex.wholes


def read(doc: Doc, phrase: NumberPhrase) -> Reading:
    """What ``phrase`` counts and of which kind, or a reading with ``kind`` None."""
    lex = kind_lexicon()
    root = phrase_root(doc, phrase)
    noun, anchor = _counted_noun(root, phrase)
    if noun is not None and _key(noun) in number_lexicon().units:
        return Reading(None, noun, None, skip=True)
    if _is_population(noun, anchor, lex):
        return Reading(None, noun, None, skip=True)
    if noun is not None:
        kind = _lookup(noun, lex.nouns) or _modifier_kind(noun, lex)
    else:
        kind = _modifier_kind(root, lex)  # "thousands more trapped"
    clause_kind, counted, predicate = _predicate_kind(anchor, lex)
    if kind is None and clause_kind is None:
        clause_kind = _following_state(doc, noun if noun is not None else root, lex)
    if noun is None:
        noun = counted
    if kind is None and clause_kind is not None:
        # The clause names the kind; the noun must still fit it: people are killed or
        # arrested, things destroyed. "Police captured three towns" arrests no one.
        fits = "people" if clause_kind in _PEOPLE_KINDS else "other"
        worth = noun is None or _fallback_kind(noun, lex) == fits or _lookup(noun, lex.nouns)
        kind = clause_kind if worth else None
    if kind is None and noun is not None:
        kind = _fallback_kind(noun, lex)
    return Reading(kind, noun, predicate)


def _following_state(doc: Doc, token: Token, lex: KindLexicon) -> QuantityKind | None:
    """ "about 9,500 people, more than half of its population, were unaccounted for".

    The parser often loses the subject behind an apposition; the copula that follows it
    still says what happened to the people counted.
    """
    i = token.right_edge.i + 1
    end = token.sent.end if doc.has_annotation("SENT_START") else len(doc)
    if i < end and doc[i].text == ",":
        closing = next((t.i for t in doc[i + 1 : end] if t.text == ","), None)
        if closing is None:
            return None
        i = closing + 1
    if i >= end or doc[i].lemma_ not in ("be", "remain"):
        return None
    verb = doc[i] if doc[i].dep_ not in ("aux", "auxpass") else doc[i].head
    if _passive_like(verb) and (kind := _lookup(verb, lex.transitive)):
        return kind
    return _state_kind(verb, lex)


def _fallback_kind(noun: Token, lex: KindLexicon) -> QuantityKind | None:
    """ "people" for counts of people, "other" for things of interest, else None."""
    key = _key(noun)
    if key in lex.people or noun.lower_ in lex.people:
        return "people"
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNPS", "NNS"):
        return "people"  # "four Ukrainians"
    if key in lex.objects or noun.lower_ in lex.objects:
        return "other"
    return None


def object_text(doc: Doc, phrase: NumberPhrase, noun: Token | None) -> str | None:
    """The counted noun with its compounds and adjectives: "Islamic State fighters"."""
    if noun is None or noun.pos_ == "PRON":
        return None
    states = kind_lexicon().states
    start = noun.i
    floor = max(phrase.end, noun.left_edge.i)
    while start - 1 >= floor:
        left = doc[start - 1]
        if left.dep_ not in _OBJECT_DEPS and left.text != "-":
            break
        if left.lower_ in _NOT_OBJECT or _key(left) in states or left.pos_ in ("NUM", "DET"):
            break
        start -= 1
    while doc[start].text == "-" and start < noun.i:
        start += 1
    return doc[start : noun.i + 1].text
