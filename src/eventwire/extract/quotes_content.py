"""Cues, contents, venues and speaker heads read off the dependency parse."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.extract.quotes_lexicon import Cue, Lexicon
from eventwire.extract.quotes_speaker import noun_phrase
from eventwire.model import Entity

# Complements that carry the content of an "object"-frame cue (accused X of Y, wants to Z).
_OBJECT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "obj", "oprd", "attr", "acomp"})
_CONTENT_PREPS = frozenset({"of", "for", "about", "against", "over"})
# Prepositions giving a speech cue's topic ("complained about"); "for" gives a duration
# or a beneficiary instead ("said for weeks", "spoke for the group").
_TOPIC_PREPS = _CONTENT_PREPS - {"for"}
# Cues whose content follows another preposition: "referred to …", "commented on …".
_CUE_PREPS = {
    "refer": "to",
    "respond": "to",
    "reply": "to",
    "object": "to",
    "comment": "on",
    "point": "to",
    "side": "with",
}
_VENUE_PREPS = frozenset({"in", "at", "on", "during", "to", "via", "through", "before"})
# Verbs whose object is the addressee, a venue when it is a medium: "told France Inter radio".
_ADDRESSEE_CUES = frozenset({"tell", "inform", "assure"})
_SAY = frozenset({"say"})
_ASIDE_MARKS = frozenset({",", "—", "–"})
_SUBJECT_CLIMB = frozenset({"xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "ccomp", "prep"})


def edges(span: Span, clause: bool = False) -> tuple[int, int] | None:
    """Character span of ``span`` without edge punctuation or spaces, and without the
    complementizer of a ``clause`` ("said that …"). Quotation marks stay: they belong to
    a partial quote inside the content."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_space or (doc[start].is_punct and not doc[start].is_quote)
    ):
        start += 1
    if clause and start < end and doc[start].lower_ == "that":
        start += 1
    while end > start and (
        doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote)
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def speaker_head(cue: Token) -> Token | None:
    """The subject of the cue, climbing through "went on to say", "saying", relatives."""
    current = cue
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.lower_ in ("who", "which", "that") and current.dep_ == "relcl":
                    return current.head
                return child
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
            if child.dep_ == "nsubjpass" and current.lemma_ in ("quote", "cite"):
                return child
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            return current.head
        if current.dep_ not in _SUBJECT_CLIMB or current.head is current:
            return None
        current = current.head
    return None


def cue_words(cue: Token) -> str:
    end = cue.i + 1
    for child in cue.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return cue.doc[cue.i : end].text


def venue_of(cue: Token, lex: Lexicon, entities: list[Entity | None]) -> str | None:
    doc = cue.doc
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in _VENUE_PREPS:
            heads = [c for c in child.children if c.dep_ == "pobj"]
            if heads and (
                heads[0].lemma_.casefold() in lex.venues or heads[0].lower_ in lex.venues
            ):
                return doc[child.i : child.right_edge.i + 1].text
        if child.dep_ in ("dobj", "dative") and cue.lemma_ in _ADDRESSEE_CUES:
            phrase = noun_phrase(child)
            medium = child.lower_ in lex.venues or any(
                (e := entities[t.i]) is not None and e.type == "ORG" for t in phrase
            )
            if medium:
                return phrase.text
    return None


def is_venue_prep(token: Token, lex: Lexicon) -> bool:
    heads = [c for c in token.children if c.dep_ == "pobj"]
    return bool(heads) and heads[0].lemma_.casefold() in lex.venues


def aside(cue: Token, head: Token | None, sent: Span) -> tuple[int, int] | None:
    """Content of a cue with no complement of its own, set off by commas: "Even then, he
    said, he had learned enough" or "The toll will rise, officials said": the rest of the
    sentence around the cue clause. What stands before the cue alone must be a clause: "In
    Syria, the war continued" reports nothing."""
    doc = cue.doc
    low = min(cue.i, head.left_edge.i) if head is not None else cue.i
    high = max(cue.i, head.right_edge.i) if head is not None else cue.i
    left, right = doc[sent.start : low], doc[high + 1 : sent.end]
    before = doc[low - 1] if low > sent.start else None
    after = doc[high + 1] if high + 1 < sent.end else None
    words_left = sum(1 for t in left if not t.is_punct)
    words_right = sum(1 for t in right if not t.is_punct)
    if before is None or before.text not in (",", "—", "–") or words_left < 2:
        return None
    if after is not None and after.text in (",", "—", "–") and words_right >= 2:
        return edges(doc[sent.start : sent.end])
    if words_right <= 3 and any(t.pos_ in ("VERB", "AUX") for t in left):
        return edges(left)
    return None


def said_what(cue: Token) -> tuple[int, int] | None:
    """The object standing for what was said: "has said the same thing", "said as much".

    Only "say" takes what was said as its object; other speech verbs take the addressee
    ("tell the government"), a topic ("answer the questions") or an act ("read the rest")."""
    doc = cue.doc
    for child in cue.rights:
        if child.dep_ in ("dobj", "obj") and child.ent_type_ not in ("PERSON", "NORP", "ORG"):
            span = doc[child.left_edge.i : child.right_edge.i + 1]
        elif child.lower_ == "much" and any(c.lower_ == "as" for c in child.lefts):
            span = doc[child.i - 1 : child.i + 1]  # "as much", without what follows it
        else:
            continue
        if sum(1 for t in span if not t.is_punct) >= 2:
            return edges(span)
    return None


def content_of(cue: Token, entry: Cue, lex: Lexicon, sent: Span) -> tuple[int, int] | None:
    """Character span of what the cue reports, from its complements."""
    doc = cue.doc
    parts: list[Token] = []
    venue_at = len(doc)
    # A quote-frame cue ("…," he continued) reports only what it is set off from: its own
    # complements are what it goes on doing ("continued to march"), never its content.
    complements = () if entry.frame == "quote" else cue.children
    for child in complements:
        if child.dep_ == "prep" and child.i > cue.i and is_venue_prep(child, lex):
            venue_at = min(venue_at, child.i)
        elif child.dep_ == "ccomp" or (entry.frame == "object" and child.i > cue.i and (
            child.dep_ in _OBJECT_DEPS
            or (
                child.dep_ == "prep"
                and (
                    child.lower_ in _CONTENT_PREPS
                    or _CUE_PREPS.get(cue.lemma_.casefold()) == child.lower_
                )
            )
        )):
            parts.append(child)
        elif (
            child.dep_ == "prep"
            and child.i > cue.i
            and (
                _CUE_PREPS.get(cue.lemma_.casefold()) == child.lower_
                or (entry.speech and child.lower_ in _TOPIC_PREPS)
            )
            and not any(c.dep_ == "ccomp" for c in cue.children)
            and speaker_head(cue) is not None
        ):
            # "did not respond to requests for comment", "complained about the noise":
            # what a speaker answers or speaks of, whatever the frame of the cue's
            # clauses, when no clause says it ("had said for weeks that ...").
            parts.append(child)
        elif child.dep_ == "xcomp" and child.i > cue.i and entry.speech:
            # "told his advisers to find a way", "warned residents to stay indoors": a
            # directive; its addressee is the one to act, so the object comes with it.
            objects = [c for c in cue.children if c.dep_ in ("dobj", "obj") and c.i < child.i]
            parts.extend([*objects, child])
    if not parts and cue.dep_ == "parataxis" and cue.head.i < cue.i:
        # "The strikes will go on, he said": the cue hangs off the clause it reports.
        head = cue.head
        span = doc[head.left_edge.i : cue.left_edge.i]
        if len(span) <= 1:
            return None
        # The comma closing the cue clause may be its own last token or the next one.
        close = cue.right_edge.i
        if close + 1 < len(doc) and doc[close].text not in _ASIDE_MARKS:
            close += 1
        rest = doc[close + 1 : head.right_edge.i + 1]
        if doc[close].text in _ASIDE_MARKS and sum(1 for t in rest if not t.is_punct) >= 2:
            # "Lenox was a juggernaut, he said, until it went bankrupt": the reported
            # clause resumes after the cue, as in an aside.
            return edges(doc[head.left_edge.i : head.right_edge.i + 1])
        return edges(span)
    if not parts:
        if not entry.speech:
            return None
        content = aside(cue, speaker_head(cue), sent)
        if content is None and cue.lemma_.casefold() in _SAY:
            content = said_what(cue)
        return content
    right = [p for p in parts if p.i > cue.i]
    side = right or [p for p in parts if p.i < cue.i]
    start = min(p.left_edge.i for p in side)
    end = max(p.right_edge.i for p in side) + 1
    if right and venue_at > end:
        # Reported content runs on to the end of the cue's clause ("…, just as they did"),
        # up to a venue ("in a televised address") if one follows.
        end = min(max(end, cue.right_edge.i + 1), venue_at)
    span = doc[start:end]
    if sum(1 for t in span if not t.is_punct) < 2:
        return None
    return edges(span, clause=side[0].dep_ == "ccomp")


def asks_for_a_statement(prep: Token, lex: Lexicon) -> bool:
    """Whether a "for" phrase asks, for no one named, for a statement ("did not respond to
    requests for comment"): the asker is the writer and what is asked is said by no one
    yet, so the phrase reports no position. A named asker makes it a demand ("the
    families' calls for a statement")."""
    if prep.lower_ != "for" or any(c.dep_ == "poss" for c in prep.head.children):
        return False
    return any(c.dep_ == "pobj" and c.lemma_.casefold() in lex.asked for c in prep.children)


def noun_content(noun: Token, lex: Lexicon) -> tuple[int, int] | None:
    """Content of a cue noun: "denial that …", "concerns about …", "call for …"."""
    parts = [
        c
        for c in noun.rights
        if (
            c.dep_ in ("acl", "ccomp")
            and any(t.lower_ == "that" and t.dep_ == "mark" for t in c.children)
        )
        or (
            c.dep_ == "prep"
            and c.lower_ in ("about", "over", "for", "against", "to", "on", "of")
            and not asks_for_a_statement(c, lex)
        )
    ]
    if not parts:
        return None
    doc = noun.doc
    span = doc[parts[0].i : max(p.right_edge.i for p in parts) + 1]
    if sum(1 for t in span if not t.is_punct) < 2:
        return None
    return edges(span, clause=parts[0].dep_ != "prep")


def noun_source(noun: Token) -> Token | None:
    """Whose statement a cue noun is: "Moscow's denial", "X voiced concern", "by X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ in ("dobj", "obj") and noun.head.pos_ == "VERB":
        return speaker_head(noun.head)
    return None


def according_to(token: Token, sent: Span) -> tuple[Token, tuple[int, int] | None] | None:
    """(source, content) of "according to X, …"."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None:
        return None
    doc = token.doc
    phrase_start, phrase_end = token.i, source.right_edge.i + 1
    if phrase_start - sent.start <= 1:
        return source, edges(doc[phrase_end : sent.end])
    if sent.end - phrase_end <= 1:
        return source, edges(doc[sent.start : phrase_start])
    return source, edges(doc[sent.start : sent.end])
