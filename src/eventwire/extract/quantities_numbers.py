"""Number phrases: where a text states a number, its value and bounds, and what sort it is.

A phrase is a number core ("5,000", "1.2 million", "twenty-one", "a dozen", "dozens") with the
modifier in front of it ("at least", "nearly", "some") or a range ("between 3 and 5",
"2,000 to 3,000"). Each phrase gets a ``category``: ``count`` for what may count people or
things, or the reason it does not (``money``, ``percent``, ``measure``, ``age``, ``time``,
``ordinal``, ``label``, ``pronoun``). The cores and modifiers are found with spaCy matchers
compiled once per vocabulary from ``data/quantities/numbers.json``; values are computed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

import numpy
from spacy.attrs import IS_ALPHA, LIKE_NUM, LOWER
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from eventwire.extract.quantities_lexicon import NumberLexicon, number_lexicon
from eventwire.model import Approx

Category = Literal[
    "count", "money", "percent", "measure", "age", "time", "ordinal", "label", "pronoun"
]

# A plain figure: "5,000", "1.2", "300000"; not "1/2", "10-15" or "5,00".
_DIGITS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_NOUNS = ("PROPN", "NOUN")
# Word forms remembered as core words or not; past this many the memory starts afresh.
_KINDS_LIMIT = 100_000
# Entities whose numbers are part of a name ("Flight 9268", "A321", "G20").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"}
)


@dataclass(frozen=True)
class NumberPhrase:
    """A number phrase: token span ``start:end`` (modifier included) and its reading."""

    start: int
    end: int
    core_start: int
    core_end: int
    value: float | None
    low: float | None
    high: float | None
    approx: Approx
    category: Category


@dataclass(frozen=True)
class _Core:
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    vague: bool


@dataclass(frozen=True)
class _Matchers:
    cores: Matcher
    modifiers: PhraseMatcher
    # Lower-case words some core pattern accepts; those every core holds one of (besides
    # plain figures): a core's first word, or the scale after "a".
    core_words: frozenset[str]
    core_anchors: frozenset[str]
    # Lower-case form (hash) -> 0 no core word, 1 core word, 2 anchor; kept across docs.
    kinds: dict[int, int] = field(default_factory=dict)

    def kind(self, form: int, doc: Doc) -> int:
        """What the lower-case form ``form`` (a hash of ``doc``'s strings) is to the cores."""
        known = self.kinds.get(form)
        if known is None:
            if len(self.kinds) >= _KINDS_LIMIT:
                self.kinds.clear()
            word = doc.vocab.strings[form]
            anchor = word in self.core_anchors
            known = self.kinds[form] = 2 if anchor else 1 if word in self.core_words else 0
        return known


@lru_cache(maxsize=8)
def _matchers(vocab: Vocab) -> _Matchers:
    """Matchers for one vocabulary; compiled on first use, then reused for every doc."""
    lex = number_lexicon()
    scales = sorted(lex.scales) + sorted(lex.groups)
    words = sorted(lex.words)
    # LIKE_NUM is a cached lexeme flag, far cheaper than a regex per token; _core then
    # rejects what is not a plain figure ("1/2", "10-15").
    digits = {"LIKE_NUM": True, "IS_ALPHA": False}
    cores = Matcher(vocab)
    cores.add(
        "CORE",
        [
            [digits, {"LOWER": {"IN": scales}, "OP": "*"}],
            [
                {"LOWER": {"IN": words}},
                {"LOWER": {"IN": [*words, *scales, "-", "and"]}, "OP": "*"},
            ],
            [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": scales}, "OP": "+"}],
            [{"LOWER": "half"}, {"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": scales}}],
        ],
    )
    cores.add(
        "VAGUE",
        [
            [*({"LOWER": w} for w in phrase), {"LOWER": {"IN": scales}, "OP": "*"}]
            for phrase in lex.vague
        ],
    )
    modifiers = PhraseMatcher(vocab, attr="LOWER")
    modifiers.add("MOD", [Doc(vocab, words=list(phrase)) for phrase in lex.modifiers])
    vague_words = {word for phrase in lex.vague for word in phrase}
    anchors = frozenset({*words, *scales, "half", *(phrase[0] for phrase in lex.vague)})
    return _Matchers(
        cores=cores,
        modifiers=modifiers,
        core_words=frozenset({*anchors, *vague_words, "-", "and", "a", "an"}),
        core_anchors=anchors,
    )


def _core_stretches(doc: Doc, matchers: _Matchers) -> list[Span]:
    """Where cores may be: maximal runs of tokens some core pattern accepts, holding a plain
    figure or an anchor word. A core is such a run of tokens, so matching each stretch finds
    every core of the doc, in the same order; the matcher skips the rest of the article."""
    if not len(doc):
        return []
    rows = doc.to_array([LOWER, LIKE_NUM, IS_ALPHA])
    forms, where = numpy.unique(rows[:, 0], return_inverse=True)
    kinds = numpy.array([matchers.kind(form, doc) for form in forms.tolist()], dtype=numpy.int8)
    kind = kinds[where.reshape(-1)]
    kind[(rows[:, 1] != 0) & (rows[:, 2] == 0)] = 2  # a figure: LIKE_NUM and not IS_ALPHA
    edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], kind > 0, [0])).astype(int)))
    starts, ends = edges[0::2], edges[1::2]
    anchors = numpy.concatenate(([0], numpy.cumsum(kind == 2)))
    held = anchors[ends] - anchors[starts] > 0
    return [doc[a:b] for a, b in zip(starts[held].tolist(), ends[held].tolist(), strict=True)]


def _digits_value(text: str) -> float:
    return float(text.replace(",", ""))


def _words_value(tokens: Sequence[str], lex: NumberLexicon) -> float | None:
    """The value of a core's lower-case words, or None where they do not form one number."""
    total = 0.0
    current = 0.0
    seen = False
    previous = ""
    for i, word in enumerate(tokens):
        if word in ("-", "and"):
            # "twenty-one", "one hundred and five": a joiner needs a number on each side.
            if i == 0 or i == len(tokens) - 1:
                return None
            if word == "-" and not (previous in lex.words and lex.words[previous] >= 20):
                return None
            if word == "and" and previous != "hundred":
                return None
        elif _DIGITS_RE.match(word):
            if seen:
                return None
            current = _digits_value(word)
        elif word in ("a", "an"):
            if seen:
                return None
            if previous != "half":  # "half a million" keeps the half
                current = 1.0
        elif word == "half":
            if seen:
                return None
            current = 0.5
        elif word in lex.words:
            value = lex.words[word]
            # "twenty one" adds; "five six" or "one twenty" is two numbers, not one.
            if seen and previous in lex.words and not (lex.words[previous] >= 20 > value):
                return None
            current += value
        elif word in lex.groups:
            current = (current or 1.0) * lex.groups[word]
        elif word in lex.scales:
            scale = lex.scales[word]
            if not seen and previous not in ("a", "an", "half") and current == 0:
                return None
            if scale == 100:
                current = (current or 1.0) * 100
            else:
                total += (current or 1.0) * scale
                current = 0.0
        else:
            return None
        seen = seen or word not in ("a", "an", "half")
        previous = word
    return total + current if seen else None


def _core(span: Span, label: str, lex: NumberLexicon) -> _Core | None:
    words = [t.lower_ for t in span]
    if label == "VAGUE":
        for size in range(len(words), 0, -1):
            bounds = lex.vague.get(tuple(words[:size]))
            if bounds is None:
                continue
            factor = _words_value(["a", *words[size:]], lex) if size < len(words) else 1.0
            if factor is None:
                return None
            return _Core(span.start, span.end, None, bounds[0] * factor, bounds[1] * factor, True)
        return None
    value = _words_value(words, lex)
    if value is None:
        return None
    return _Core(span.start, span.end, value, None, None, False)


def _cores(doc: Doc, lex: NumberLexicon) -> list[_Core]:
    """Longest non-overlapping cores whose words form a number."""
    matchers = _matchers(doc.vocab)
    candidates: list[tuple[Span, _Core]] = []
    for stretch in _core_stretches(doc, matchers):
        for match_id, start, end in matchers.cores(stretch):
            span = doc[stretch.start + start : stretch.start + end]
            core = _core(span, doc.vocab.strings[match_id], lex)
            if core is not None:
                candidates.append((span, core))
    by_span = {(span.start, span.end): core for span, core in candidates}
    kept = filter_spans([span for span, _ in candidates])
    return [by_span[(s.start, s.end)] for s in sorted(kept, key=lambda s: s.start)]


def _modifier_ends(doc: Doc) -> dict[int, tuple[int, Approx]]:
    """For each token index, the longest modifier ending just before it: (start, approx)."""
    lex = number_lexicon()
    ends: dict[int, tuple[int, Approx]] = {}
    for _, start, end in _matchers(doc.vocab).modifiers(doc):
        approx = lex.modifiers[tuple(t.lower_ for t in doc[start:end])]
        if end not in ends or start < ends[end][0]:
            ends[end] = (start, approx)
    return ends


def _phrase(doc: Doc, core: _Core, mods: dict[int, tuple[int, Approx]]) -> NumberPhrase:
    start, approx = mods.get(core.start, (core.start, "exact"))
    value, low, high = core.value, core.low, core.high
    if core.vague or approx == "vague":
        approx = "vague"
        value = None
        if not core.vague:  # "all but eight": the figure is the complement, unknown here.
            low = high = None
    elif approx == "at_least":
        low = value
    elif approx == "at_most":
        high = value
    return NumberPhrase(
        start, core.end, core.start, core.end, value, low, high, approx, _category(doc, core)
    )


def _ranged(doc: Doc, first: NumberPhrase, second: _Core) -> NumberPhrase | None:
    """ "3 to 5", "200-250", "between 3 and 5" as one phrase, else None."""
    if first.value is None or second.value is None or first.approx == "vague":
        return None
    gap = doc[first.end : second.start]
    before = doc[first.start - 1].lower_ if first.start > 0 else ""
    link = gap.text.lower()
    if not (link in number_lexicon().range_links or (link == "and" and before == "between")):
        return None
    low, high = first.value, second.value
    # "3 to 5 million": the first number borrows the scale of the second.
    if doc[first.core_end - 1].lower_ not in number_lexicon().scales and second.end - 1 > 0:
        scale = number_lexicon().scales.get(doc[second.end - 1].lower_)
        if scale and low * scale <= high:
            low *= scale
    if low >= high:  # "52-35" is a score, "4-3" a vote: not a range of one figure.
        return None
    start = first.start - 1 if link == "and" else first.start
    span = _Core(first.core_start, second.end, None, low, high, False)
    category = _category(doc, span)
    return NumberPhrase(
        start, second.end, first.core_start, second.end, None, low, high, "about", category
    )


def _next_word(doc: Doc, end: int) -> Token | None:
    if end < len(doc) and doc[end].text in ("-", "\u2013") and end + 1 < len(doc):
        return doc[end + 1]
    return doc[end] if end < len(doc) else None


def _category(doc: Doc, core: _Core) -> Category:
    lex = number_lexicon()
    tokens = doc[core.start : core.end]
    root = _root(tokens)
    prev = doc[core.start - 1] if core.start > 0 else None
    nxt = _next_word(doc, core.end)
    prev_text = prev.lower_ if prev is not None else ""
    next_text = nxt.lower_ if nxt is not None else ""
    next_lemma = nxt.lemma_.lower() if nxt is not None else ""
    # A plural common noun the figure counts outweighs the recognizer's MONEY or DATE label
    # ("more than 4 billion songs", "between 3 and 5 people").
    counts_noun = root.dep_ == "nummod" and root.head.tag_ == "NNS"
    labels = set() if counts_noun else {t.ent_type_ for t in tokens}
    if prev_text in lex.currency_symbols or prev_text.endswith("$"):
        return "money"
    if "MONEY" in labels or next_text in lex.currency_words:
        return "money"
    if "PERCENT" in labels or next_text in lex.percent_words:
        return "percent"
    if "ORDINAL" in labels:
        return "ordinal"
    if _is_age(doc, core, prev, nxt):
        return "age"
    if next_text in lex.time_units or next_lemma in lex.time_units:
        return "time"  # a duration: "72 hours", "a 27-year contract"
    if next_text in lex.units or next_lemma in lex.units or "QUANTITY" in labels:
        return "measure"
    if labels & {"DATE", "TIME"} or _is_year(doc, core, prev_text):
        return "time"
    if root.lower_ == "one" and root.dep_ != "nummod":
        return "pronoun"  # "one of the largest", "one that had been"
    return "label" if _is_label(doc, core, root, prev, labels) else "count"


def _is_label(doc: Doc, core: _Core, root: Token, prev: Token | None, labels: set[str]) -> bool:
    """A number that names rather than counts: "Flight 9268", "No. 1", "iPhone 4", "737"."""
    lex = number_lexicon()
    prev_text = prev.lower_ if prev is not None else ""
    if prev_text == "." and core.start > 1:
        prev_text = doc[core.start - 2].lower_ + "."  # "No. 1" is tokenized "No", "."
    if prev_text in lex.labels or labels & _NAME_LABELS:
        return True
    if root.dep_ == "nummod" and root.head.i == core.start - 1 and root.head.pos_ in _NOUNS:
        return True  # "reactor 3", "iPhone 4": the noun comes first
    if prev is not None and root.dep_ != "nummod" and (prev.pos_ == "PROPN" or prev.tag_ == "POS"):
        return True  # "FTSE 100", "Standard & Poor's 500", "Boeing's 787"
    head = root.head
    if root.dep_ not in ("nummod", "compound") or head.i < core.end:
        return False
    # A second figure on the same noun, or one after an adjective, names a model:
    # "five new 737 aircraft", "Boeing's larger 777 planes" (counts come first).
    for left in head.lefts:
        if left.i < core.start and left.dep_ == "nummod":
            return True
        adjective = left.dep_ == "amod" and left.pos_ == "ADJ"
        if adjective and left.i == core.start - 1 and left.lower_ not in lex.count_adjectives:
            return True
    value = _words_value([t.lower_ for t in doc[core.start : core.end]], lex) or 0
    # More than one of something takes a plural: "five new 737 aircraft" counts aircraft,
    # "the 737 replacement" names a model. Invariant plurals are listed in numbers.json.
    # The tagger gives plural names ("six A350s") NNP, so there only a bare model number
    # ("the 787 Dreamliner") is taken for a name.
    if head.tag_ == "NN":
        return value > 1 and head.lemma_.lower() not in lex.invariant_plurals
    text = doc[core.start].text
    return head.tag_ == "NNP" and core.end - core.start == 1 and text.isdigit() and len(text) >= 3


def _is_age(doc: Doc, core: _Core, prev: Token | None, nxt: Token | None) -> bool:
    lex = number_lexicon()
    if prev is not None and prev.lower_ in lex.age_cues:
        return True
    if prev is not None and prev.lower_ == "of" and core.start > 1:
        return doc[core.start - 2].lower_ in lex.age_cues  # "at the age of 56"
    if nxt is not None and nxt.lower_ in ("year", "years") and nxt.i + 1 < len(doc):
        after = doc[nxt.i + 1]
        if after.lower_ in ("old", "-") or after.lower_.startswith("old"):
            return True
    # "Abrini, 31, was arrested": a bare number set off by commas after a name.
    if prev is not None and prev.text == "," and core.start > 1 and nxt is not None:
        before = doc[core.start - 2]
        return before.pos_ == "PROPN" and nxt.text == "," and doc[core.start].text.isdigit()
    return False


def _is_year(doc: Doc, core: _Core, prev_text: str) -> bool:
    token = doc[core.start]
    if core.end - core.start != 1 or not token.text.isdigit() or len(token.text) != 4:
        return False
    if not 1800 <= int(token.text) <= 2100:
        return False
    if prev_text in number_lexicon().year_prepositions:
        return True
    if prev_text == "," and core.start > 1 and doc[core.start - 2].text.isdigit():
        return True  # "March 05, 2009", where the recognizer missed the date
    # "2000 people" counts; "2009 H1N1" and a bare "2014" are years.
    return not (token.dep_ == "nummod" and token.head.tag_ == "NNS")


def _root(span: Span) -> Token:
    """The token of ``span`` whose head lies outside it (the last such one)."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    return outside[-1] if outside else span[-1]


def phrase_root(doc: Doc, phrase: NumberPhrase) -> Token:
    """The syntactic head of a phrase's core (the token that attaches to the sentence)."""
    return _root(doc[phrase.core_start : phrase.core_end])


def _verb_bound(doc: Doc, phrase: NumberPhrase) -> NumberPhrase:
    """An exact figure a verb bounds: "the toll would exceed 10,000" is at least 10,000."""
    if phrase.approx != "exact" or phrase.value is None:
        return phrase
    root = phrase_root(doc, phrase)
    approx = number_lexicon().bound_verbs.get(root.head.lemma_.lower())
    if root.dep_ != "dobj" or approx is None:
        return phrase
    low = phrase.value if approx == "at_least" else None
    high = phrase.value if approx == "at_most" else None
    return replace(phrase, approx=approx, low=low, high=high)


def number_phrases(doc: Doc) -> list[NumberPhrase]:
    """Every number phrase of ``doc`` in text order, each with its category."""
    lex = number_lexicon()
    mods = _modifier_ends(doc)
    phrases: list[NumberPhrase] = []
    for core in _cores(doc, lex):
        if phrases:
            merged = _ranged(doc, phrases[-1], core)
            if merged is not None:
                phrases[-1] = merged
                continue
        phrases.append(_phrase(doc, core, mods))
    return [_verb_bound(doc, phrase) for phrase in phrases]
