"""The state of one article's place detection: its entity mentions, people's names,
capitalised runs, the tokens taken so far and the spans found, with the tests every rule
family shares."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire.extract.places_rank import candidates_for
from eventwire.extract.places_tokens import capitalised, mentions, runs
from eventwire.extract.places_words import (
    AT,
    CONNECTORS,
    NAMED_HEADS,
    ORG_HEADS,
    PLACE_LABELS,
    word_list,
)
from eventwire.extract.quotes_lexicon import lexicon
from eventwire.model import Entity
from eventwire.resolve.gazetteer import KIND_ALIAS, Gazetteer, name_key

# Places whose name stands for a government that speaks: "Russia said", "Tbilisi says".
_SEATS = frozenset({"A.PCLI", "A.ADM1", "P.PPLC"})


@dataclass(frozen=True)
class PlaceSpan:
    """A place found: its tokens and the rule family that found it."""

    start: int  # token indices
    end: int
    source: str  # "ner", "demonym", "gazetteer", "dateline"


class PlaceScan:
    """One article's detection state, passed to each rule family in turn."""

    def __init__(self, doc: Doc, gaz: Gazetteer, entities: list[Entity] | None) -> None:
        self.doc = doc
        self.gaz = gaz
        self.mentions = mentions(doc, entities)
        # People's full names ("George Bush Jr"); not a "person" with a body word
        # ("Huntsville Fire Chief Tom Grisham": an office) nor one after "in", "at" or "near"
        # ("at Riverdale Luke Oil", "in Matias Romero": a place's name), unless it opens
        # with a common given name and no place has the whole name ("in Michael Marshall's
        # car").
        bodies = word_list("local_bodies") | word_list("state_bodies")
        self.full_names = [
            (start, end)
            for start, end, label in self.mentions
            if label == "PERSON" and end - start > 1
            and not any(t.lower_ in bodies for t in doc[start:end])
            and not (start > 0 and doc[start - 1].lower_ in AT and not self.given_name_first(
                start, end
            ))
        ]
        # Their words: elsewhere alone, still a name.
        self.surnames = {
            name_key(doc[i].text)
            for start, end in self.full_names
            for i in range(start, end)
            if capitalised(doc[i])
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
            if label in PLACE_LABELS:
                key = name_key(doc[start:end].text)
                self.as_place[key] = self.as_place.get(key, 0) + 1
        self.surnames -= {
            key for key in self.as_place if self.as_place[key] > self.as_person.get(key, 0)
        }
        # A name that speaks is a person's wherever the article names it, however often
        # the parser tags it a place.
        self.speakers = self._speakers()
        self.surnames |= self.speakers
        self.runs = runs(doc, 0, len(doc))  # the capitalised runs, for each pass
        self.taken = [False] * len(doc)
        self.spans: list[PlaceSpan] = []

    def given_name_first(self, start: int, end: int) -> bool:
        """Whether tokens start..end open with a common given name and no place has the
        whole name ("Michael Marshall"; not "Matias Romero", a town)."""
        return name_key(self.doc[start].text) in word_list("given_names") and not self.known(
            self.doc[start:end].text
        )

    def _speakers(self) -> set[str]:
        """Name keys of one-word names that are the subject of a speech cue (cues.tsv) in an
        attribution ("..." said Noma, "..." Noma said): people, not a country, capital or
        state speaking for its government. The subject of a verb that no quotation precedes
        may be a town for its council ("Gainesville says no"), and is not counted."""
        found = set()
        doc, cues = self.doc, lexicon().cues
        for token in doc:
            cue = cues.get(token.head.lemma_)
            if not (
                token.dep_ == "nsubj" and cue is not None and cue.speech
                and (token.head.i < token.i or (
                    token.i > 0 and token.head.i == token.i + 1
                    and doc[token.i - 1].is_quote
                ))
                and token.is_title and capitalised(token)
                and not any(  # a word of a full name ("Muffet McGraw"), not "coach Ripley"
                    child.dep_ == "compound" and capitalised(child) for child in token.children
                )
            ):
                continue
            key = name_key(token.text)
            if key in found or any(
                c.feature in _SEATS and c.kind <= KIND_ALIAS
                for c in candidates_for(self.gaz, token.text)
            ):
                continue
            found.add(key)
        return found

    def speaks(self, start: int, end: int) -> bool:
        """Whether tokens start..end are one word that speaks elsewhere: a person's name
        the parser tagged a place ("said Noma")."""
        return end - start == 1 and name_key(self.doc[start].text) in self.speakers

    def free(self, start: int, end: int) -> bool:
        """Whether no rule has taken any of tokens start..end yet."""
        return not any(self.taken[start:end])

    def take(self, start: int, end: int, source: str) -> None:
        """Record tokens start..end (with an abbreviation's own full stop) as a place."""
        if self.abbreviated(start, end):
            end += 1
        for i in range(start, end):
            self.taken[i] = True
        self.spans.append(PlaceSpan(start, end, source))

    def abbreviated(self, start: int, end: int) -> bool:
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

    def known(self, text: str) -> bool:
        """Whether the gazetteer has ``text`` as a place's name or alias, spelled exactly."""
        return any(c.fuzzy == 1.0 and c.kind <= KIND_ALIAS for c in candidates_for(self.gaz, text))

    def org_like(self, start: int, end: int) -> bool:
        """Whether the name is an organisation's, a university's, a disease's ("West Nile
        virus", "Reston ebolavirus"), a street's ("DeKalb Ave."), a person's after a title
        ("President Buhari") or an office's field ("Ministry of Justice")."""
        key = name_key(self.doc[start:end].text)
        if key in word_list("not_places") or self.titled(start) or self.portfolio(start, end):
            return True
        if end >= len(self.doc):
            return False
        after = self.doc[end].lower_
        return (
            after in ORG_HEADS or self.doc[end].text in NAMED_HEADS
            or after in word_list("pathogen_words") or after in word_list("street_words")
            # a virus's species named after where it was found: "Reston ebolavirus"
            or after.endswith(("virus", "viruses"))
        )

    def titled(self, start: int) -> bool:
        """Whether a person's title comes right before token ``start`` ("President| Buhari",
        "Sen.| Casey", "coach| Ripley"): the name is a person's."""
        doc = self.doc
        i = start - 1
        if i > 0 and doc[i].text == "." and not doc[i - 1].whitespace_:
            i -= 1
        if i < 0:
            return False
        # A title in lower case as a noun ("coach Ripley", "sheriff Bell"); not an
        # adjective ("a major Texas city", "the premier Paris hotel").
        word, titles = doc[i].text.rstrip("."), word_list("person_titles")
        return word in titles or (
            doc[i].is_lower and doc[i].pos_ == "NOUN" and word.capitalize() in titles
        )

    def portfolio(self, start: int, end: int) -> bool:
        """Whether the name is an office's field after "of" ("Ministry of| Justice", "Chamber
        of| Commerce"), not a country or first-level division."""
        doc = self.doc
        if start < 2 or doc[start - 1].lower_ != "of":
            return False
        if doc[start - 2].text not in word_list("portfolio_heads"):
            return False
        return not any(
            c.feature in {"A.PCLI", "A.ADM1"} and c.kind <= KIND_ALIAS
            for c in candidates_for(self.gaz, doc[start:end].text)
        )

    def demonym(self, start: int, end: int) -> bool:
        """A country's demonym, also in the plural ("Russians")."""
        text = self.doc[start:end].text
        if candidates_for(self.gaz, text, demonym=True):
            return True
        return (
            text.endswith("s")
            and len(text) > 4
            and bool(candidates_for(self.gaz, text[:-1], demonym=True))
        )

    def in_mention(self, start: int, end: int, labels: frozenset[str] | None = None) -> bool:
        """Whether tokens start..end lie in an entity mention (with one of ``labels``)."""
        return any(
            s <= start and end <= e and (labels is None or label in labels)
            for s, e, label in self.mentions
        )

    def in_full_name(self, start: int, end: int) -> bool:
        """Whether tokens start..end lie in a person's full name ("George Bush Jr")."""
        return any(s <= start and end <= e for s, e in self.full_names)

    def straddles(self, start: int, end: int) -> bool:
        """Whether an entity mention starts or ends inside tokens start..end: the parser
        split the name ("Baja| California", "U.S.| Virgin Islands")."""
        return any(
            start < s < end or start < e < end for s, e, _label in self.mentions
        )

    def unjoined(self, start: int, end: int) -> int:
        """The end of a name without a connector it ends in: "Fargo-|Moorhead", "Egypt-|US
        relations" (the gazetteer reads the name without it; the text is the name's)."""
        while end - start > 1 and self.doc[end - 1].lower_ in CONNECTORS:
            end -= 1
        return end
