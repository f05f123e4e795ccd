"""The quotes scorer on a two-article brat fixture written for these tests.

harbour: three gold attributions (said / said / fear). The hand-made system output finds the
first two (the second with a wrong speaker and cue), misses "fear", and adds one quote over
no gold content: recall 2/3, precision 2/3, speaker 1/2, cue 1/2.
rebuild: one split quote, gold as one discontinuous content; the two system items share a
speaker mention and cue, so they count as one attribution that covers it: 1/1 everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.evaluate.quotes import (
    Counts,
    GoldAttribution,
    evaluate,
    find_documents,
    read_ann,
    score_document,
    scorecard,
)
from eventwire.model import Quote, Speaker

FIXTURES = Path(__file__).parent / "fixtures" / "quotes"


def _doc(name: str) -> tuple[str, list[GoldAttribution]]:
    text = (FIXTURES / "text" / f"{name}.txt").read_text(encoding="utf-8")
    ann = (FIXTURES / "attributions" / f"{name}_a1.ann").read_text(encoding="utf-8")
    return text, read_ann(ann)


def _quote(text: str, n: int, words: str, speaker: Speaker | None, cue: str) -> Quote:
    start = text.index(words)
    return Quote(
        id=f"Q{n}",
        kind="direct" if text[start - 1] == '"' else "indirect",
        text=words,
        start=start,
        end=start + len(words),
        speaker=speaker,
        cue=cue,
    )


def test_eval_quotes_read_ann_joins_spans_and_fragments() -> None:
    _text, gold = _doc("rebuild")
    assert gold == [
        GoldAttribution(content=((0, 18), (38, 58)), source=((19, 31),), cue=((32, 36),))
    ]
    _text, gold = _doc("harbour")
    assert [g.source for g in gold] == [((0, 14),), ((79, 97),), ((104, 113),)]


def test_eval_quotes_find_documents_pairs_text_by_stem() -> None:
    pairs = list(find_documents([FIXTURES]))
    assert [(t.name, a.name) for t, a in pairs] == [
        ("harbour.txt", "harbour_a1.ann"),
        ("rebuild.txt", "rebuild_a1.ann"),
    ]


def _harbour() -> Counts:
    text, gold = _doc("harbour")
    officials = Speaker(name="Port officials", start=0, end=14)
    quotes = [
        _quote(text, 1, "the harbour would reopen on Monday", officials, "said"),
        _quote(text, 2, "The cranes are back,", Speaker(name="Mayor"), "added"),
        _quote(text, 3, "Port officials", Speaker(name="Fishermen"), "fear"),
    ]
    return score_document(text, gold, quotes, [])


def _rebuild(both: bool) -> Counts:
    text, gold = _doc("rebuild")
    minister = Speaker(name="the minister", start=19, end=31)
    quotes = [_quote(text, 1, "We will rebuild,", minister, "said")]
    if both:
        quotes.append(_quote(text, 2, "starting tomorrow.", minister.model_copy(), "said"))
    return score_document(text, gold, quotes, [])


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (
            _harbour(),
            {"gold": 3, "found": 2, "system": 3, "correct": 2, "with_source": 2,
             "speaker_ok": 1, "with_cue": 2, "cue_ok": 1},
        ),
        (
            _rebuild(both=True),
            {"gold": 1, "found": 1, "system": 1, "correct": 1, "with_source": 1,
             "speaker_ok": 1, "with_cue": 1, "cue_ok": 1},
        ),
        # One half of a split quote covers less than half of the gold content.
        (
            _rebuild(both=False),
            {"gold": 1, "found": 0, "system": 1, "correct": 1, "with_source": 0,
             "speaker_ok": 0, "with_cue": 0, "cue_ok": 0},
        ),
    ],
)
def test_eval_quotes_score_document_counts(counts: Counts, expected: dict[str, int]) -> None:
    assert {name: getattr(counts, name) for name in expected} == expected


def test_eval_quotes_scorecard_figures() -> None:
    total = Counts()
    for part in (_harbour(), _rebuild(both=True)):
        for name in ("gold", "found", "system", "correct", "with_source", "speaker_ok",
                     "with_cue", "cue_ok", "documents"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    rows = dict(scorecard(total, "fixture").rows)
    assert rows["content recall (>=50% overlap)"] == "0.750"
    assert rows["content precision (>=50% overlap)"] == "0.750"
    assert rows["speaker accuracy on found"] == "0.667"
    assert rows["cue accuracy on found"] == "0.667"
    assert rows["documents"] == "2"


def test_eval_quotes_speaker_relative_pronoun_is_its_antecedent() -> None:
    text = "Ms. Lane, who chairs the board, said costs rose."
    gold = [GoldAttribution(content=((36, 47),), source=((10, 13),), cue=((32, 36),))]
    speaker = Speaker(name="Lane", start=0, end=8)
    quote = Quote(id="Q1", kind="indirect", text="costs rose.", start=36, end=47,
                  speaker=speaker, cue="said")
    assert score_document(text, gold, [quote], []).speaker_ok == 1


@pytest.mark.slow
def test_eval_quotes_end_to_end_on_the_fixture(settings: Settings) -> None:
    card = evaluate([FIXTURES], settings)
    rows = dict(card.rows)
    assert rows["documents"] == "2"
    assert rows["gold attributions"] == "4"
    assert float(rows["content recall (>=50% overlap)"]) >= 0.75
    assert "Quotes" in card.text()
