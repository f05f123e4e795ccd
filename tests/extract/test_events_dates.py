"""Event dates through the real parser and time extractor, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from eventwire.extract.entities import extract_entities
from eventwire.extract.events import extract_events
from eventwire.extract.events_dates import shift, time_relations
from eventwire.extract.times import extract_times
from eventwire.model import Event

PUBLISHED = date(2016, 9, 16)


def _event(nlp: Language, text: str, trigger: str, published: date | None = PUBLISHED) -> Event:
    doc = nlp(text)
    times = extract_times(doc, published)
    events = extract_events(doc, extract_entities(doc), times=times, published=published)
    found = [e for e in events if e.explanation and e.explanation.trigger.text == trigger]
    assert len(found) == 1, [(e.type, e.explanation and e.explanation.trigger.text) for e in events]
    return found[0]


def _dated(event: Event) -> tuple[str | None, str | None]:
    return event.date, event.explanation.date_from if event.explanation else None


def test_time_relations_are_lower_case_words_with_a_direction() -> None:
    relations = time_relations()
    assert relations["after"] == "before" and relations["before"] == "after"
    assert relations["since"] == "start"
    assert all(w == w.lower() and " " not in w for w in relations)


def test_shift_keeps_the_granularity_of_the_duration() -> None:
    assert shift("2016-09-14", "P6Y", forward=False) == "2010"
    assert shift("2016-01", "P2M", forward=False) == "2015-11"
    assert shift("2016-03-18", "P4D", forward=True) == "2016-03-22"
    assert shift("2016-11-08", "P2W", forward=False) == "2016-W43"
    # A year cannot be moved by days, nor a vague duration counted.
    assert shift("2016", "P3D", forward=True) is None
    assert shift("2016-09-14", "PXY", forward=True) is None


@pytest.mark.slow
def test_a_time_modifying_a_noun_does_not_date_the_clause(nlp: Language) -> None:
    text = "Police arrested the leader of the 2011 uprising on 5 March 2015."
    event = _event(nlp, text, "arrested")
    assert _dated(event) == ("2015-03-05", "clause")


@pytest.mark.slow
def test_a_time_of_the_events_object_is_no_date_at_all(nlp: Language) -> None:
    event = _event(nlp, "Officials criticized the 2014 agreement.", "criticized")
    assert _dated(event) == (PUBLISHED.isoformat(), "article")


@pytest.mark.slow
def test_a_time_of_the_subject_dates_the_event(nlp: Language) -> None:
    event = _event(nlp, "The 7 August 1998 bombings killed more than 200 people.", "killed")
    assert _dated(event) == ("1998-08-07", "clause")


@pytest.mark.slow
def test_a_nominal_event_takes_the_time_of_its_verb(nlp: Language) -> None:
    text = (
        "After a dispute that began in 2005, the union filed a lawsuit against the ministry "
        "in March 2009."
    )
    assert _dated(_event(nlp, text, "lawsuit")) == ("2009-03", "clause")


@pytest.mark.slow
def test_a_participle_shares_the_time_of_its_clause(nlp: Language) -> None:
    text = "A car bomb exploded in the market on 2 June 2012, killing 14 people."
    assert _dated(_event(nlp, text, "killing")) == ("2012-06-02", "clause")


@pytest.mark.slow
def test_the_time_of_the_saying_does_not_date_what_is_reported(nlp: Language) -> None:
    text = (
        "The army said on 2 April 2014 that rebels shot down a helicopter which crashed near "
        "the border in March."
    )
    event = _event(nlp, text, "shot")
    assert event.date is not None and event.date.endswith("-03")
    assert event.date != "2014-04-02"


@pytest.mark.slow
def test_a_clause_opened_by_since_dates_another_event(nlp: Language) -> None:
    text = "The march on Sunday was the largest protest since the army seized power in 2014."
    assert _dated(_event(nlp, text, "protest")) == ("2016-09-11", "sentence")


@pytest.mark.slow
def test_a_part_of_the_day_gives_its_day(nlp: Language) -> None:
    event = _event(nlp, "Gunmen attacked a checkpoint tonight.", "attacked")
    assert _dated(event) == ("2016-09-16", "clause")


@pytest.mark.slow
def test_a_date_line_above_the_sentence_does_not_date_it(nlp: Language) -> None:
    text = "Rebels attack convoy\nMay 3, 2010\nRebels attacked a convoy near the border."
    event = _event(nlp, text, "attacked", published=None)
    assert _dated(event) == (None, None)


@pytest.mark.slow
def test_a_duration_after_a_dated_clause_counts_back(nlp: Language) -> None:
    text = "The rebels attacked the town on 3 May 2015, two days after the army withdrew."
    assert _dated(_event(nlp, text, "withdrew")) == ("2015-05-01", "clause")
    assert _dated(_event(nlp, text, "attacked")) == ("2015-05-03", "clause")


@pytest.mark.slow
def test_a_duration_before_a_dated_event_counts_back_from_it(nlp: Language) -> None:
    text = "Two weeks before the election on 8 November 2016, the group protested in the capital."
    assert _dated(_event(nlp, text, "protested")) == ("2016-W43", "clause")
