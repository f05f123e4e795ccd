"""An event's modality: asserted, or denied, negated, conditional, hedged or intended.

The words that qualify an event are data (``data/events/modality.tsv``); this module reads
the parse around the trigger for them. Qualifiers are looked for on the trigger and up the
clauses that embed it, stopping at the nearest other event (it is the one "refused to
endorse" qualifies), at an adverbial, relative or loosely attached clause, and above a
reported clause ("X said ..."): the speaker's own words do not qualify what is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import get_args

from spacy.tokens import Token

from eventwire.model import Modality

MODALITY_FILE = "modality.tsv"
# When several qualifiers apply, the first of these wins (the annotation guide's order).
MODALITY_ORDER: tuple[Modality, ...] = ("denied", "negated", "conditional", "hedged", "intended")
# How a row of modality.tsv applies; see data/events/README.md.
HOW = frozenset(
    {"governs", "clause", "aux", "mark", "neg", "hearsay", "mandative", "infinitive", "implicative"}
)
# A modal on the governing verb qualifies the event reached through these links
# ("would step up its campaign", "could be operating").
_MODAL_LINKS = frozenset({"xcomp", "dobj", "obj", "attr"})
# Links across which a nearer event shares its qualifiers: "the bailout deal fails",
# "hoping the union will support … and re-negotiate".
_SHARED_LINKS = frozenset({"compound", "amod", "nmod", "poss", "conj"})
# Clauses whose qualifiers do not reach into them: "although experts say the deal had been
# killed" is not denied by the "rejected" of the main clause.
_CLAUSE_BOUNDARIES = frozenset({"advcl", "parataxis", "relcl"})
_OBJECT_DEPS = frozenset({"dobj", "obj"})
# Words attached to the trigger that qualify it: auxiliaries, adverbs, and the adjectives of
# a nominal event ("the alleged attack", "planned talks").
_MARKER_DEPS = frozenset({"aux", "advmod", "amod"})


@dataclass(frozen=True)
class ModalityRules:
    """The rows of modality.tsv, by how they apply."""

    governors: dict[str, Modality]  # any ancestor of the trigger
    clause_governors: dict[str, Modality]  # an ancestor, unless the event is its object
    markers: dict[str, Modality]  # an auxiliary, adverb or adjective on the trigger
    conditional_marks: frozenset[str]
    open_marks: frozenset[str]  # "whether": the event is an open question
    negations: frozenset[str]
    hearsay: frozenset[str]  # hedges when impersonal or passive
    mandative: frozenset[str]  # its "that"-clause in the bare verb form is a demand
    infinitive: dict[str, Modality]  # "to" of an infinitive event: not done yet
    implicative: frozenset[str]  # a verb whose infinitive did happen ("managed to")

    def governing(self, token: Token, event: Token | None) -> Modality | None:
        """The modality ``token`` gives an event below it; ``event`` is the trigger when it
        hangs on ``token`` directly."""
        for form in _forms(token):
            if form in self.governors:
                return self.governors[form]
            if form in self.clause_governors and not (
                event is not None and event.dep_ in _OBJECT_DEPS and event.head.i == token.i
            ):
                return self.clause_governors[form]
        return None

    def marker(self, token: Token) -> Modality | None:
        """The modality an auxiliary, adverb or adjective ``token`` gives its head."""
        return next((self.markers[f] for f in _forms(token) if f in self.markers), None)


def _forms(token: Token) -> Iterator[str]:
    """The lemma (with its particle first: "rule out") and, for a verb the lemmatizer got
    wrong ("hoping" -> "hop"), the usual base forms of its inflection."""
    lemma = token.lemma_.lower()
    for particle in (c for c in token.children if c.dep_ == "prt"):
        yield f"{lemma} {particle.lower_}"
    yield lemma
    lower = token.lower_
    yield lower
    for ending in ("ing", "ed", "s"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            stem = lower[: -len(ending)]
            yield stem
            yield stem + "e"


@cache
def load_modality_rules() -> ModalityRules:
    """modality.tsv, read from the package data on first use."""
    text = (resources.files("eventwire") / "data" / "events" / MODALITY_FILE).read_text()
    allowed = set(get_args(Modality))
    tables: dict[str, dict[str, Modality]] = {how: {} for how in HOW}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        lemma, modality, how = line.split("\t")
        if modality not in allowed or how not in HOW:
            raise ValueError(f"{MODALITY_FILE}:{number}: unknown modality or use {line!r}")
        tables[how][lemma] = modality  # type: ignore[assignment]
    return ModalityRules(
        governors=tables["governs"],
        clause_governors=tables["clause"],
        markers=tables["aux"],
        conditional_marks=frozenset(k for k, v in tables["mark"].items() if v == "conditional"),
        open_marks=frozenset(k for k, v in tables["mark"].items() if v == "hedged"),
        negations=frozenset(tables["neg"]),
        hearsay=frozenset(tables["hearsay"]),
        mandative=frozenset(tables["mandative"]),
        infinitive=tables["infinitive"],
        implicative=frozenset(tables["implicative"]),
    )


def _impersonal_hearsay(node: Token, rules: ModalityRules) -> bool:
    # "It has been reported that …", "… is said to have": nobody vouches for it.
    return any(f in rules.hearsay for f in _forms(node)) and any(
        c.dep_ in {"nsubjpass", "expl", "auxpass"} for c in node.children
    )


def _is_mandative(token: Token, rules: ModalityRules) -> bool:
    """'insisted that the union agree': a bare verb with its own subject and no auxiliary
    in the clause of a verb of demanding is demanded, not done."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    # "the union agree" (not "agrees"): a singular subject shows the bare form even where
    # the tagger reads a plural present.
    bare = token.tag_ == "VB" or (
        token.tag_ == "VBP"
        and any(s.tag_ in {"NN", "NNP"} or s.lower_ in {"he", "she", "it"} for s in subjects)
    )
    return (
        token.dep_ == "ccomp"
        and bare
        and bool(subjects)
        and not any(c.dep_ in {"aux", "auxpass"} for c in token.children)
        and any(f in rules.mandative for f in _forms(token.head))
    )


def _clause_negation(verb: Token, rules: ModalityRules) -> Token | None:
    """The word that negates a verb's clause: "not", or a negative subject ("no troops will
    be sent", "nobody attacked", "neither side signed")."""
    for child in verb.children:
        if child.dep_ == "neg" and not _alternative(child, rules):
            return child
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.lower_ in rules.negations:
                return child
            for det in child.children:
                if det.dep_ == "det" and det.lower_ in rules.negations:
                    return det
    return None


def _alternative(negation: Token, rules: ModalityRules) -> bool:
    """'whether or not to extend': "not" offers the alternative, it negates nothing."""
    doc = negation.doc
    return (
        negation.i > 0
        and doc[negation.i - 1].lower_ == "or"
        and any(m.dep_ == "mark" and m.lower_ in rules.open_marks for m in negation.head.children)
    )


def _negated_above(token: Token, triggers: frozenset[int], rules: ModalityRules) -> Token | None:
    """A negation on the clause that an infinitive complements or serves: "no officers will
    be sent to assist", "did not try to intervene". A governing event keeps the negation of
    its complement ("did not agree to meet" negates the agreeing); an act done for a purpose
    that did not happen did not serve it."""
    if token.dep_ not in {"xcomp", "advcl"} or not any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in token.children
    ):
        return None
    head = token.head
    if head.i == token.i or (token.dep_ == "xcomp" and head.i in triggers):
        return None
    return _clause_negation(head, rules)


def modality_of(
    token: Token, triggers: frozenset[int] = frozenset(), carrier: Token | None = None
) -> tuple[Modality, str | None]:
    """The modality of the event at ``token`` and the word that sets it.

    ``triggers`` are the token indices of the article's other events: climbing stops at the
    nearest one that embeds this event. ``carrier`` is the light verb of a nominal event
    ("made a request", "came forward with requests"): its negation negates the event.
    """
    rules = load_modality_rules()
    found: dict[Modality, str] = {}
    negation = _negated_above(token, triggers, rules)
    if token.pos_ == "VERB":
        negation = _clause_negation(token, rules) or negation
    elif carrier is not None and carrier.i not in triggers:
        negation = _clause_negation(carrier, rules)
    if negation is not None:
        found["negated"] = negation.text
    in_condition = False
    infinitive: Token | None = None
    chain = [token, *token.ancestors]
    for depth, node in enumerate(chain):
        below = chain[depth - 1] if depth > 0 else None
        for child in node.children:
            dep = child.dep_
            # Only a marker's lemma is ever looked at.
            lemma = child.lemma_.lower() if dep == "mark" else ""
            if depth == 0 and (
                (dep == "neg" and not _alternative(child, rules))
                or (dep == "det" and child.lower_ in rules.negations)
            ):
                found.setdefault("negated", child.text)
            if depth == 0 and dep == "mark" and lemma in rules.open_marks:
                # "a decision on whether to appeal": the act is an open question.
                found.setdefault("hedged", child.text)
            if depth == 0 and dep == "aux" and child.tag_ == "TO":
                infinitive = child
            # A modal on a governing verb reaches down its complement; an adjective only
            # qualifies the noun it modifies.
            reaches = depth == 0 or (
                below is not None and below.dep_ in _MODAL_LINKS and dep != "amod"
            )
            if dep in _MARKER_DEPS and reaches:
                marked = rules.marker(child)
                if marked is not None:
                    found.setdefault(marked, child.text)
            if dep == "mark" and lemma in rules.conditional_marks:
                found.setdefault("conditional", child.text)
                in_condition = True
            if dep == "advcl":
                # "If Iran violates the deal, Washington will impose sanctions."
                for mark in child.children:
                    if mark.dep_ == "mark" and mark.lemma_.lower() in rules.conditional_marks:
                        found.setdefault("conditional", mark.text)
        if depth == 1 and token.dep_ == "pobj" and node.lower_ in rules.negations:
            # "can make it through the year without any government aid"
            found.setdefault("negated", node.text)
        if below is not None and below.dep_ == "ccomp":
            # "repeated Moscow's denial that it has deployed troops", parsed with the clause
            # on the verb: the denial noun before the clause still governs it.
            for noun in node.children:
                governing = rules.governing(noun, None)
                if noun.dep_ in _OBJECT_DEPS and noun.i < below.i and governing is not None:
                    found.setdefault(governing, noun.text)
        if depth > 0 and _impersonal_hearsay(node, rules):
            found.setdefault("hedged", node.text)
        if depth > 0 and node.pos_ in {"VERB", "NOUN", "ADJ"}:
            governing = rules.governing(node, token if depth == 1 else None)
            if governing is not None:
                found.setdefault(governing, node.text)
                if governing == "denied":
                    break
        if _is_mandative(node, rules):
            found.setdefault("intended", node.head.text)
        if (
            depth > 0
            and node.i in triggers
            and below is not None
            and below.dep_ not in _SHARED_LINKS
        ):
            break
        if node.dep_ in _CLAUSE_BOUNDARIES:
            break
        if node.dep_ in {"ccomp", "parataxis"} and depth > 0 and node.head.pos_ == "VERB":
            # Above a reported clause the speaker's own words no longer qualify the event,
            # unless the reporting is impersonal ("it was reported that ...").
            head = node.head
            if _impersonal_hearsay(head, rules):
                found.setdefault("hedged", head.text)
            if rules.governing(head, None) is None:
                break
    if infinitive is not None:
        # An infinitive is not (yet) done: "determination ... to deploy them", a headline's
        # "Airline to be compensated"; unless its verb or a superlative implies it was
        # ("managed to reach", "the first to strike"). A governing word names it better.
        modality = rules.infinitive.get(infinitive.lower_)
        head = token.head
        done = head.i != token.i and (
            head.tag_ == "JJS" or any(f in rules.implicative for f in _forms(head))
        )
        if modality is not None and not done:
            found.setdefault(modality, infinitive.text)
    if in_condition and "negated" in found:
        # "if GM can not negotiate": the text does not say it did not happen.
        del found["negated"]
    for modality in MODALITY_ORDER:
        if modality in found:
            return modality, found[modality]
    return "asserted", None
