"""Per-document lookups that spaCy recomputes on every call, computed once per parsed doc.

``Doc.text`` rebuilds the string from every token and ``Token.sent`` walks the document's
sentences on each access, so an extractor that asks once per event or per mention pays
the length of the article each time. Both are kept in ``Doc.user_data`` instead, with the
token spans of character offsets that several layers look up for the same mentions.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

_TEXT = "eventwire.text"
_SENTS = "eventwire.sents"
_SPANS = "eventwire.spans"


def remember_text(doc: Doc, text: str) -> None:
    """Keep ``text``, the string ``doc`` was parsed from, as its text.

    spaCy's tokenizer loses no character, so a parsed Doc's ``doc.text`` is that string: the
    parser's caller has it already and spares the rebuild from every token.
    """
    doc.user_data[_TEXT] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once (or as given to :func:`remember_text`)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def _sentences(doc: Doc) -> tuple[list[Span], list[int]]:
    cached = doc.user_data.get(_SENTS)
    if cached is None:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        sent_of = [0] * len(doc)
        for n, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = n
        cached = doc.user_data[_SENTS] = (sents, sent_of)
    sents_list: list[Span] = cached[0]
    index: list[int] = cached[1]
    return sents_list, index


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences in order (the whole doc when it has no sentence boundaries)."""
    return _sentences(doc)[0]


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token`` (the whole doc when it has no sentence boundaries)."""
    sents, sent_of = _sentences(token.doc)
    return sents[sent_of[token.i]]


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    """``doc.char_span(start, end, alignment_mode="expand")``, looked up once per offsets."""
    spans: dict[tuple[int, int], Span | None] | None = doc.user_data.get(_SPANS)
    if spans is None:
        spans = doc.user_data[_SPANS] = {}
    key = (start, end)
    if key in spans:
        return spans[key]
    span = spans[key] = doc.char_span(start, end, alignment_mode="expand")
    return span


def tokens_where(doc: Doc, attr: int, test: Callable[[str], bool]) -> list[int]:
    """Indices of the tokens whose ``attr`` (a string attribute id such as ``spacy.attrs.LEMMA``
    or ``LOWER``) passes ``test``, each distinct value tested once.

    Read from one ``Doc.to_array`` column, with no Token made: for a layer that looks at a
    few words of the article, the walk over every token costs more than the words.
    """
    strings = doc.vocab.strings
    verdicts: dict[int, bool] = {}
    found = []
    for i, value in enumerate(doc.to_array(attr).tolist()):
        verdict = verdicts.get(value)
        if verdict is None:
            verdict = verdicts[value] = test(strings[value])
        if verdict:
            found.append(i)
    return found
