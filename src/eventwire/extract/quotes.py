"""Quotes: who said what, as direct quotes (between quotation marks) and reported speech.

Each item is the content span, its cue ("said", "told", "according to"), the venue where it
was said ("in a televised address", "France Inter radio") and the speaker, resolved to an
entity where possible (see ``quotes_speaker``).

Split quotes ("…," he said, "…") are two items with the same speaker and cue, so that every
item's offsets cover quoted words only; the speaker's ``start``/``end`` are the same mention
for both, which is how a reader (and ``eventwire eval quotes``) groups them back into one
attribution. A quote with no cue of its own that follows a quote of the same or the
previous paragraph continues it and takes its speaker. A pronoun speaker keeps the pronoun's
offsets; its ``name`` and ``entity`` are those of the person it was resolved to.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from eventwire.extract.quotes_content import (
    according_to,
    asks_for_a_statement,
    content_of,
    cue_words,
    noun_content,
    noun_source,
    speaker_head,
    venue_of,
)
from eventwire.extract.quotes_lexicon import Cue, lexicon
from eventwire.extract.quotes_marks import Quoted, quoted_passages
from eventwire.extract.quotes_speaker import SpeakerResolver
from eventwire.model import Entity, Quote, Speaker
from eventwire.nlp.lookups import doc_text, sentence_of, sentences, tokens_where

# Farthest a cue may stand from its quote, in tokens.
_FRAME_REACH = 60
# Shorter unattributed passages are names, titles or scare quotes, not quotes.
_MIN_FREE_WORDS = 4


@dataclass
class _Draft:
    kind: str
    start: int
    end: int
    cue: Token | None = None
    cue_text: str | None = None
    head: Token | None = None
    venue: str | None = None
    follows: bool = False


def _paragraph_breaks(text: str) -> list[int]:
    """Offsets of the blank lines that separate paragraphs."""
    breaks = []
    i = text.find("\n\n")
    while i >= 0:
        breaks.append(i)
        i = text.find("\n\n", i + 2)
    return breaks


class _Extractor:
    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.lex = lexicon()
        self.resolver = SpeakerResolver(doc, entities, self.lex)
        self.text = doc_text(doc)
        self.passages = quoted_passages(self.text)
        self.inside = self._quote_mask()
        self.breaks = _paragraph_breaks(self.text)
        cues, nouns = self.lex.cues, self.lex.nouns
        # The few words that may be cues, found once from the lemmas without a walk over
        # every token: a cue verb's lemma is in the cue list, a cue noun's in the nouns.
        cue_words = tokens_where(doc, LEMMA, lambda lemma: lemma.casefold() in cues)
        self.speech_cues = [
            i for i in cue_words if self._is_cue(doc[i], speech_only=True) is not None
        ]
        self.reporting_words = sorted(
            {
                *tokens_where(
                    doc, LEMMA, lambda lemma: lemma.casefold() in cues or lemma.casefold() in nouns
                ),
                *tokens_where(doc, LOWER, lambda word: word == "according"),
            }
        )

    def _sent(self, token: Token) -> Span:
        return sentence_of(token)

    def _clip(self, start: int, end: int, anchor: int) -> tuple[int, int] | None:
        """``start``-``end`` cut to the paragraph holding ``anchor``, trimmed of spaces."""
        i = bisect_left(self.breaks, anchor)
        low = self.breaks[i - 1] + 2 if i > 0 else 0
        high = self.breaks[i] if i < len(self.breaks) else len(self.text)
        start, end = max(start, low), min(end, high)
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _quote_mask(self) -> list[bool]:
        """Per token: inside a quoted passage (two-pointer pass, linear)."""
        mask = [False] * len(self.doc)
        k = 0
        for i, idx in enumerate(self.doc.to_array(IDX).tolist()):
            while k < len(self.passages) and self.passages[k].end <= idx:
                k += 1
            if k < len(self.passages) and self.passages[k].start <= idx:
                mask[i] = True
        return mask

    def _is_cue(self, token: Token, speech_only: bool) -> Cue | None:
        if token.pos_ != "VERB" or token.dep_ in ("amod", "compound") or self.inside[token.i]:
            return None
        entry = self.lex.cues.get(token.lemma_.casefold())
        if entry is None or (speech_only and not entry.speech):
            return None
        # "He was accused of fraud": reported by no one named. Only an object-frame cue
        # keeps its content (who was accused, of what), and never as the speech cue of a
        # direct quote, which needs a speaker.
        passive = _agentless_passive(token) and token.lemma_ not in ("quote", "cite")
        if passive and (speech_only or entry.frame != "object"):
            return None
        return entry

    def _reported(self, token: Token) -> bool:
        """Whether a cue stands inside what another cue reports: "The toll is expected to
        rise, officials said" is the officials' statement, not a second, anonymous one."""
        cues = self.lex.cues
        if any(c.dep_ == "parataxis" and c.lemma_.casefold() in cues for c in token.children):
            return True
        return any(a.lemma_.casefold() in cues and a.pos_ == "VERB" for a in token.ancestors)

    def _frame(self, quoted: Quoted) -> Span | None:
        """The sentences around a quoted passage where its cue may stand."""
        doc = self.doc
        span = doc.char_span(quoted.start, quoted.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        first, last = self._sent(span[0]), self._sent(span[-1])
        start, end = first.start, last.end
        # A paragraph break bounds the frame, whatever the sentence splitter did...
        text = self.text
        para_start = text.rfind("\n\n", 0, quoted.open_mark)
        para_start = 0 if para_start < 0 else para_start + 2
        para_end = text.find("\n\n", quoted.end)
        para_end = len(text) if para_end < 0 else para_end
        while start < span[0].i and doc[start].idx < para_start:
            start += 1
        lead = text[: quoted.open_mark].rstrip()
        if lead.endswith(":"):
            # ...except after a colon: 'Peskov said:' then the quote, even a paragraph on.
            colon = doc.char_span(len(lead) - 1, len(lead), alignment_mode="expand")
            if colon is not None and len(colon) > 0:
                start = min(start, self._sent(colon[0]).start)
        if end < len(doc) and end - span[-1].i <= 2:
            # "“…!” he said." parsed as two sentences: a short tail is part of the frame.
            tail = self._sent(doc[end])
            if len(tail) <= 8:
                end = tail.end
        while end > span[-1].i + 1 and doc[end - 1].idx >= para_end:
            end -= 1
        # A run-on "sentence" (lists, markup) must not make the search quadratic.
        start = max(start, span[0].i - _FRAME_REACH)
        end = min(end, span[-1].i + 1 + _FRAME_REACH)
        return doc[start:end]

    def direct(self, quoted: Quoted, previous: _Draft | None) -> _Draft | None:
        frame = self._frame(quoted)
        if frame is None:
            return None
        best: tuple[tuple[bool, int], Token] | None = None
        # Speech cues were listed once per document; a frame only looks up its own.
        low = bisect_left(self.speech_cues, frame.start)
        high = bisect_left(self.speech_cues, frame.end)
        for i in self.speech_cues[low:high]:
            token = self.doc[i]
            if token.idx < quoted.start:
                distance = quoted.start - token.idx
            else:
                distance = token.idx - quoted.end
            rank = (speaker_head(token) is None, distance)
            if best is None or rank < best[0]:
                best = (rank, token)
        draft = _Draft("direct", quoted.start, quoted.end)
        if best is not None:
            cue = best[1]
            draft.cue, draft.cue_text = cue, cue_words(cue)
            draft.head = speaker_head(cue)
            draft.venue = venue_of(cue, self.lex, self.resolver.by_token)
            return draft
        text = self.text
        if previous is not None and previous.kind == "direct":
            gap = text[previous.end : quoted.start]
            if gap.count("\n\n") <= 1 and len(gap) < 400:
                draft.follows = True
                return draft
        if len(text[quoted.start : quoted.end].split()) < _MIN_FREE_WORDS:
            return None
        return draft

    def indirect(self, token: Token) -> _Draft | None:
        key = token.lemma_.casefold()
        if key not in self.lex.cues and key not in self.lex.nouns and token.lower_ != "according":
            return None
        according = None
        if token.lower_ == "according":
            according = according_to(token, self._sent(token))
        if according is not None:
            source, content = according
            content = content and self._clip(*content, token.idx)
            if content is None:
                return None
            return _Draft(
                "indirect", *content, cue=token, cue_text="according to", head=source
            )
        if (
            token.pos_ == "NOUN"
            and not self.inside[token.i]
            and token.lemma_.casefold() in self.lex.nouns
        ):
            if token.dep_ == "pobj" and asks_for_a_statement(token.head, self.lex):
                return None  # "requests for comment on the plan": no comment was made

            content = noun_content(token, self.lex)
            content = content and self._clip(*content, token.idx)
            if content is None:
                return None
            return _Draft(
                "indirect", *content, cue=token, cue_text=token.text, head=noun_source(token)
            )
        entry = self._is_cue(token, speech_only=False)
        if entry is None:
            return None
        content = content_of(token, entry, self.lex, self._sent(token))
        passive = _agentless_passive(token) and token.lemma_ not in ("quote", "cite")
        if passive and content is not None:
            # The content takes in the passive subject: "[peacekeepers] were accused of
            # [hurting civilians]".
            subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if subject is not None:
                content = min(content[0], subject.left_edge.idx), content[1]
        elif passive:
            return None
        if passive and self._reported(token):
            return None
        content = content and self._clip(*content, token.idx)
        if content is None:
            return None
        return _Draft(
            "indirect",
            *content,
            cue=token,
            cue_text=cue_words(token),
            head=None if passive else speaker_head(token),
            venue=venue_of(token, self.lex, self.resolver.by_token),
        )

    def transcript(self, sent: Span) -> _Draft | None:
        """ "Peskov: We will not send troops" (headlines, interview transcripts): a short
        name before a colon at the start of a sentence speaks the rest of its paragraph."""
        colon = next((t for t in sent[:7] if t.text == ":"), None)
        if colon is None or colon.i == sent.start or self.inside[colon.i]:
            return None
        prefix = self.doc[sent.start : colon.i]
        named = any(t.pos_ == "PROPN" for t in prefix) or prefix.text in ("Q", "A")
        if not named or any(ch.isdigit() for ch in prefix.text) or colon.i + 4 > sent.end:
            return None
        content = self._clip(colon.idx + 1, len(self.text), colon.idx)
        if content is None or self._quoted_share(*content) > 0.5:
            return None
        return _Draft("direct", *content, head=prefix.root)

    def _quoted_share(self, start: int, end: int) -> float:
        covered = sum(
            max(0, min(end, q.end) - max(start, q.start)) for q in self.passages
        )
        return covered / max(1, end - start)

    def run(self) -> list[Quote]:
        drafts: list[_Draft] = []
        previous: _Draft | None = None
        for quoted in self.passages:
            draft = self.direct(quoted, previous)
            if draft is not None:
                drafts.append(draft)
                previous = draft
        direct_cues = {d.cue.i for d in drafts if d.cue is not None}
        for i in self.reporting_words:  # indirect() finds nothing on any other word
            token = self.doc[i]
            draft = self.indirect(token)
            if draft is None:
                continue
            if token.i in direct_cues and self._quoted_share(draft.start, draft.end) >= 0.8:
                continue  # the direct quote already carries it
            drafts.append(draft)
        for sent in sentences(self.doc):
            draft = self.transcript(sent)
            if draft is not None:
                drafts.append(draft)
        drafts.sort(key=lambda d: (d.start, d.end))
        return self._resolved(drafts)

    def _resolved(self, drafts: list[_Draft]) -> list[Quote]:
        quotes: list[Quote] = []
        last_direct: Quote | None = None
        heads: dict[int, Speaker] = {}
        for n, draft in enumerate(drafts, start=1):
            speaker: Speaker | None = None
            cue_text, venue = draft.cue_text, draft.venue
            if draft.follows and last_direct is not None:
                speaker, cue_text, venue = last_direct.speaker, last_direct.cue, last_direct.venue
            elif draft.head is not None:
                # The same phrase speaking twice (split quotes) resolves once.
                speaker = heads.get(draft.head.i) or self.resolver.resolve(draft.head)
                heads[draft.head.i] = speaker
            quote = Quote(
                id=f"Q{n}",
                kind="direct" if draft.kind == "direct" else "indirect",
                text=self.text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                speaker=_copy(speaker),
                cue=cue_text,
                venue=venue,
            )
            self.resolver.note_content(draft.start, draft.end)
            quotes.append(quote)
            if draft.kind == "direct":
                last_direct = quote
        return quotes


def _agentless_passive(token: Token) -> bool:
    """A passive verb with no "by" agent ("was accused", "is expected")."""
    children = list(token.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    return passive and not any(c.dep_ == "agent" for c in children)


def _copy(speaker: Speaker | None) -> Speaker | None:
    """A copy, so that items sharing a speaker never share a mutable model."""
    return speaker.model_copy() if speaker is not None else None


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Direct and reported quotes of ``doc`` in text order, ids ``Q1``, ``Q2``…"""
    if not any(not t.is_space for t in doc):
        return []
    return _Extractor(doc, entities).run()


__all__ = ["extract_quotes"]
