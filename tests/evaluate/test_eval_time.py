from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.evaluate.time import (
    GoldDocument,
    GoldTimex,
    canonical_value,
    evaluate,
    match,
    read_timeml,
    score_documents,
    scores,
    timeml_files,
)
from eventwire.model import Time, TimeType

FIXTURES = Path(__file__).parent / "fixtures" / "time"
HARBOUR = FIXTURES / "harbour.tml"


def _time(text: str, start: int, type_: TimeType, value: str | None) -> Time:
    return Time(id="T1", text=text, start=start, end=start + len(text), type=type_, value=value)


def test_eval_time_reads_plain_text_offsets_and_creation_date() -> None:
    document = read_timeml(HARBOUR)
    assert document.created == date(2021, 3, 3)
    assert [t.text for t in document.timexes] == ["Monday", "two weeks", "last year"]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text
    assert "&amp;" not in document.text and " & " in document.text


def test_eval_time_excludes_the_creation_time_from_gold() -> None:
    document = read_timeml(HARBOUR)
    assert all(t.value != "2021-03-03" for t in document.timexes)
    assert len(document.timexes) == 3


def test_eval_time_reads_each_distinct_file_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "copy.tml").write_bytes(HARBOUR.read_bytes())
    files = list(timeml_files([FIXTURES, tmp_path]))
    assert files == [HARBOUR]


def _harbour_run() -> tuple[GoldDocument, list[Time]]:
    document = read_timeml(HARBOUR)
    text = document.text
    monday = text.index("Monday")
    weeks = text.index("weeks")
    resumed = text.index("resumed")
    system = [
        _time("resumed", resumed, "DATE", "2021-03-03"),  # spurious
        _time("Monday", monday, "DATE", "2021-03-01"),  # strict match, right value
        _time("weeks", weeks, "DURATION", "PXW"),  # overlap only, wrong value
    ]
    return document, system


def test_eval_time_scores_match_hand_computed_figures() -> None:
    # Gold 3, system 3; strict matches 1 (Monday), relaxed 2 (Monday, weeks/two weeks);
    # "last year" is missed and "resumed" spurious. Types right on both relaxed matches,
    # the value on one.
    document, system = _harbour_run()
    counts = score_documents([document], [system])
    figures = scores(counts)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (3, 3, 1, 2)
    assert figures["strict precision"] == pytest.approx(1 / 3)
    assert figures["strict recall"] == pytest.approx(1 / 3)
    assert figures["relaxed precision"] == pytest.approx(2 / 3)
    assert figures["relaxed recall"] == pytest.approx(2 / 3)
    assert figures["relaxed F1"] == pytest.approx(2 / 3)
    assert figures["type accuracy"] == pytest.approx(1.0)
    assert figures["value accuracy"] == pytest.approx(0.5)
    # Attribute F1 = accuracy x relaxed F1 = (1/3 precision, 1/3 recall) -> 1/3.
    assert figures["value F1"] == pytest.approx(1 / 3)
    assert figures["type F1"] == pytest.approx(2 / 3)
    assert counts.missed == {"DATE": 1}
    assert counts.spurious == {"DATE": 1}
    assert counts.wrong_value == {"DURATION": 1}


def test_eval_time_match_is_one_to_one() -> None:
    gold = [
        GoldTimex(0, 6, "DATE", "2021-03-01", "Monday"),
        GoldTimex(7, 14, "TIME", "2021-03-01TMO", "morning"),
    ]
    system = [_time("Monday morning", 0, "TIME", "2021-03-01TMO")]
    # The system span overlaps "morning" most: that pair counts, "Monday" is missed.
    assert match(gold, system) == [(1, 0)]


def test_eval_time_match_prefers_identical_spans() -> None:
    gold = [GoldTimex(4, 10, "DATE", "2021-03-01", "Monday")]
    system = [
        _time("on Monday", 1, "DATE", "2021-03-01"),
        _time("Monday", 4, "DATE", "2021-03-01"),
    ]
    assert match(gold, system) == [(0, 1)]


@pytest.mark.slow
def test_eval_time_evaluate_runs_the_pipeline_on_a_folder(settings: Settings) -> None:
    card = evaluate([FIXTURES], settings)
    rows = dict(card.rows)
    assert rows["gold expressions"] == "3"
    assert float(rows["relaxed recall"]) == pytest.approx(1.0)
    assert float(rows["value F1"]) > 0.6
    assert any(note.startswith("missed") for note in card.notes)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("2000-W7", "2000-W07"),
        ("2000-W7-WE", "2000-W07-WE"),
        ("2000-W07", "2000-W07"),
        ("2000-W12", "2000-W12"),
        ("2000-07", "2000-07"),
        ("PT7H", "PT7H"),
    ],
)
def test_eval_time_canonical_value_pads_week_numbers(value: str, canonical: str) -> None:
    assert canonical_value(value) == canonical


def test_eval_time_counts_equal_week_spellings_as_the_same_value() -> None:
    gold = [GoldTimex(0, 9, "DATE", "2000-W7", "this week")]
    system = [_time("this week", 0, "DATE", "2000-W07")]
    counts = score_documents([GoldDocument("week", "this week", date(2000, 2, 16), gold)], [system])
    assert counts.value_correct == 1 and not counts.wrong_value
