"""A faster lemmatizer for spaCy pipelines, giving the same lemmas as spaCy's own.

spaCy's lemmatizer runs token by token in Python, and in rule mode remembers only part of its
answers: a base form ("said" aside, most nouns and adjectives) is worked out afresh on every
token. A lemma depends on nothing but the word, its part of speech and its morphology (lookup
mode: the word alone), so these are read for all the tokens of a Doc as one array, each
distinct combination is looked up in a table kept across Docs, and spaCy's lemmatizer is asked
only about combinations not seen before; the lemmas go back in one ``Doc.from_array``. As in
spaCy, a token that already has a lemma (given by the attribute ruler) keeps it unless the
lemmatizer overwrites. The lemmatizer it asks holds its lists of known words (``lemma_index``)
as sets: spaCy only asks whether a form is in them, which a list of 57,000 nouns answers by
reading it through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# What a lemma depends on, read per token; the current lemma is read after them.
_KEY = [ORTH, POS, MORPH]
_KEY_BYTES = 8 * len(_KEY)
# Lemmatizers whose lemmas depend on the word, part of speech and morphology only.
_PLAIN = (Lemmatizer, EnglishLemmatizer)
_MODES = ("rule", "lookup")
# Remembered combinations; past this many the memory starts afresh.
_CACHE_LIMIT = 200_000


class FastLemmatizer:
    """The pipeline component; holds the spaCy lemmatizer it replaced."""

    def __init__(self) -> None:
        self.lemmatizer: Lemmatizer | None = None
        self._lemmas: dict[bytes, int] = {}  # (word, POS, morphology) bytes -> lemma hash

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of every token of ``doc`` that needs one, in place."""
        lemmatizer = self.lemmatizer
        if lemmatizer is None or not len(doc):
            return doc
        values = doc.to_array([*_KEY, LEMMA])
        keys = numpy.ascontiguousarray(values[:, : len(_KEY)]).tobytes()
        lemmas = values[:, len(_KEY)].tolist()
        memory = self._lemmas
        strings = doc.vocab.strings
        overwrite = lemmatizer.overwrite
        for i in range(len(lemmas)):
            if lemmas[i] and not overwrite:
                continue
            key = keys[i * _KEY_BYTES : (i + 1) * _KEY_BYTES]
            lemma = memory.get(key)
            if lemma is None:
                if len(memory) >= _CACHE_LIMIT:
                    memory.clear()
                lemma = memory[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Lemmatize each Doc of a stream."""
        for doc in docs:
            yield self(doc)


def _indexed(lookups: Lookups) -> Lookups:
    """A copy of ``lookups`` whose ``lemma_index`` word lists are sets (same membership)."""
    copy = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            sets = Table(name=name)
            for key, words in table.items():
                sets[key] = frozenset(words) if isinstance(words, list) else words
            table = sets
        copy.set_table(name, table)
    return copy


@Language.factory("eventwire_lemmatizer")
def _factory(nlp: Language, name: str) -> FastLemmatizer:
    # Made empty by spaCy's machinery; speed_up_lemmatizer gives it spaCy's lemmatizer.
    return FastLemmatizer()


def speed_up_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Replace ``nlp``'s lemmatizer by the fast one; False when its kind doesn't allow it."""
    if name not in nlp.pipe_names or nlp.get_pipe_meta(name).factory != "lemmatizer":
        return False
    lemmatizer = nlp.get_pipe(name)
    if type(lemmatizer) not in _PLAIN:
        return False
    assert isinstance(lemmatizer, Lemmatizer)
    if lemmatizer.mode not in _MODES:
        return False
    required, _optional = lemmatizer.get_lookups_config(lemmatizer.mode)
    if any(table not in lemmatizer.lookups for table in required):
        return False  # spaCy's own lemmatizer reports the missing tables
    fast = nlp.replace_pipe(name, "eventwire_lemmatizer")
    assert isinstance(fast, FastLemmatizer)
    # Out of the pipeline now, spaCy's lemmatizer is the fast one's alone to change.
    lemmatizer.lookups = _indexed(lemmatizer.lookups)
    fast.lemmatizer = lemmatizer
    return True
