"""Per-document lookups give what spaCy's own properties give, computed once."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.nlp.lookups import char_span, doc_text, sentence_of


def test_sentence_of_matches_token_sent(nlp: Language) -> None:
    doc = nlp(
        "Rebels shelled the town on Monday. The army said it would respond.\n"
        "Aid agencies asked for a ceasefire, and the talks resumed in Geneva."
    )
    assert len(list(doc.sents)) >= 3
    for token in doc:
        assert sentence_of(token) == token.sent


def test_doc_text_is_the_text_and_is_kept(nlp: Language) -> None:
    doc = nlp("Talks resumed in Geneva.")
    assert doc_text(doc) == doc.text
    assert doc.user_data["eventwire.text"] == "Talks resumed in Geneva."


def test_a_doc_without_sentence_boundaries_is_one_sentence(nlp: Language) -> None:
    doc = Doc(nlp.vocab, words=["Talks", "resumed", "in", "Geneva"])
    assert not doc.has_annotation("SENT_START")
    assert sentence_of(doc[2]).start == 0 and sentence_of(doc[2]).end == 4


def test_char_span_expands_like_spacy_and_is_kept(nlp: Language) -> None:
    doc = nlp("Talks resumed in Geneva on Monday.")
    for start, end in [(0, 5), (2, 9), (17, 23), (30, 31), (40, 45)]:
        assert char_span(doc, start, end) == doc.char_span(start, end, alignment_mode="expand")
    span = char_span(doc, 17, 23)
    assert span is not None and span.text == "Geneva"
    assert char_span(doc, 17, 23) is span
