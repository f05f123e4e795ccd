"""Fixtures of the export tests: hand-written records (no spaCy) and a store holding them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.model import (
    AcledType,
    Actor,
    Article,
    Entity,
    Event,
    EventPlace,
    Explanation,
    Mention,
    Note,
    Place,
    Quantity,
    Quote,
    Record,
    Speaker,
    Time,
)
from eventwire.store import Store, open_store

BLAST_TEXT = (
    "BEIRUT, Aug 5 (Harbour Wire) - A blast at the port killed at least 135 people, "
    'injured about 5,000 and wounded "dozens" of rescuers, officials said.\n\n'
    "Lebanon's army denied that it had shelled the port district, where police had "
    "arrested 16 port workers; 2 guards were killed there last week.\n\n"
    'The minister, Hassan Diab, said: "This is a catastrophe, in every sense."\n\n'
    "Aid agencies pledged help\tfor the city."
)
PROTEST_TEXT = (
    "Thousands of opposition supporters protested in Springfield on Monday against "
    "the state government's budget, chanting «no cuts» outside the capitol.\n\n"
    "Police detained 12 people, the Springfield mayor said."
)
QUIET_TEXT = "Le conseil municipal s'est réuni mardi."


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    """Offsets of the first ``words`` in ``text`` at or after ``after``."""
    start = text.index(words, after)
    return start, start + len(words)


def sentence(text: str, first_words: str) -> tuple[int, int, str]:
    """Offsets and text of the paragraph that starts with ``first_words``."""
    start = text.index(first_words)
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end + 2
    return start, end, text[start:end]


def _trigger(text: str, words: str, after: int = 0) -> Explanation:
    start, end = span(text, words, after)
    return Explanation(lexicon="test", trigger=Mention(start=start, end=end, text=text[start:end]))


def blast_record() -> Record:
    """Beirut: two events in one sentence with casualty figures, a denial, an unplaced event."""
    text = BLAST_TEXT
    first = sentence(text, "BEIRUT")
    second = sentence(text, "Lebanon's army")
    third = sentence(text, "Aid agencies")
    beirut = EventPlace(place="P1", name="Beirut", country="LB", lat=33.89332, lon=35.50157)
    port = EventPlace(place="P2", name="Beirut port", country="LB", lat=33.9, lon=35.52)
    army = Actor(name="Lebanon's army", entity="E2", country="LBN", sector="MIL")
    people = Actor(name="people", country=None, sector=None)
    officials = Actor(name="officials", sector="GOV", country="LBN")
    return Record(
        pipeline="test-1",
        article=Article(
            id="a-blast",
            title='Beirut counts its dead, "some 300,000" homeless',
            url="https://news.example/beirut?id=1&lang=en",
            source="Harbour Wire",
            language="en",
            published="2020-08-05",
            published_from="given",
            text=text,
        ),
        entities=[
            Entity(
                id="E1",
                name="Beirut",
                type="GPE",
                country="LBN",
                mentions=[Mention(start=0, end=6, text="BEIRUT")],
            ),
            Entity(
                id="E2",
                name="Lebanese Armed Forces",
                type="ORG",
                country="LBN",
                sector="MIL",
                roles=["army", "military"],
                mentions=[Mention(start=second[0], end=second[0] + 14, text="Lebanon's army")],
            ),
            Entity(id="E3", name="Hassan Diab", type="PERSON", country="LBN", sector="GOV"),
        ],
        quotes=[
            Quote(
                id="Q1",
                kind="direct",
                text="This is a catastrophe, in every sense.",
                start=text.index("This is"),
                end=text.index("sense.") + 6,
                speaker=Speaker(name="Hassan Diab", entity="E3", start=None, end=None),
                cue="said",
            )
        ],
        times=[
            Time(id="T1", text="Aug 5", start=8, end=13, type="DATE", value="2020-08-05"),
            Time(
                id="T2",
                text="last week",
                start=span(text, "last week")[0],
                end=span(text, "last week")[1],
                type="DATE",
                value="2020-W31",
            ),
        ],
        places=[
            Place(
                id="P1",
                text="BEIRUT",
                start=0,
                end=6,
                name="Beirut",
                country="LB",
                admin1="Beyrouth",
                lat=33.89332,
                lon=35.50157,
                geonames_id=276781,
                feature="P.PPLC",
            ),
            Place(
                id="P2",
                text="port district",
                start=span(text, "port district")[0],
                end=span(text, "port district")[1],
                name="Beirut port",
                country="LB",
                admin1="Beyrouth",
                lat=33.9,
                lon=35.52,
                geonames_id=None,
                feature="S.PRT",
            ),
        ],
        quantities=[
            Quantity(
                id="N1",
                text="at least 135",
                start=span(text, "at least 135")[0],
                end=span(text, "at least 135")[1],
                value=135,
                low=135,
                approx="at_least",
                kind="killed",
                object="people",
            ),
            Quantity(
                id="N2",
                text="about 5,000",
                start=span(text, "about 5,000")[0],
                end=span(text, "about 5,000")[1],
                value=5000,
                approx="about",
                kind="wounded",
            ),
            Quantity(
                id="N3",
                text="16",
                start=span(text, "16")[0],
                end=span(text, "16")[1],
                value=16,
                kind="arrested",
                object="port workers",
                reported_by=officials,
            ),
            Quantity(
                id="N4",
                text="2",
                start=span(text, "2 guards")[0],
                end=span(text, "2 guards")[0] + 1,
                value=None,
                low=2,
                high=3,
                approx="vague",
                kind="killed",
                object="guards",
            ),
        ],
        events=[
            Event(
                id="V1",
                type="ASSAULT",
                cameo="1823",
                sources=[Actor(name="blast")],
                targets=[people],
                place=beirut,
                date="2020-08-05",
                text=first[2],
                start=first[0],
                end=first[1],
                confidence=0.9,
                attributed_to=officials,
                acled=AcledType(event_type="Violence against civilians", sub_event_type="Attack"),
                explanation=_trigger(text, "killed"),
            ),
            Event(
                id="V2",
                type="ASSAULT",
                cameo="190",
                sources=[Actor(name="blast")],
                targets=[people],
                place=beirut,
                date="2020-08-05",
                text=first[2],
                start=first[0],
                end=first[1],
                confidence=0.75,
                acled=AcledType(event_type="Violence against civilians", sub_event_type="Attack"),
                explanation=_trigger(text, "injured"),
            ),
            Event(
                id="V3",
                type="ASSAULT",
                mode="heavy-weapons",
                cameo="194",
                sources=[army],
                targets=[],
                place=port,
                date="2020-08-05",
                modality="denied",
                attributed_to=army,
                text=second[2],
                start=second[0],
                end=second[1],
                confidence=0.8,
                acled=AcledType(
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack",
                ),
            ),
            Event(
                id="V4",
                type="COERCE",
                mode="arrest",
                cameo="173",
                sources=[Actor(name="police", sector="COP", country="LBN")],
                targets=[Actor(name="port workers", sector="CVL")],
                place=port,
                date="2020-W31",
                text=second[2],
                start=second[0],
                end=second[1],
                confidence=0.8,
                acled=AcledType(event_type="Strategic developments", sub_event_type="Arrests"),
                explanation=_trigger(text, "arrested"),
            ),
            Event(
                id="V5",
                type="AID",
                cameo="073",
                sources=[Actor(name="Aid\tagencies", sector="NGO")],
                targets=[],
                place=None,
                date=None,
                modality="intended",
                text=third[2],
                start=third[0],
                end=third[1],
                confidence=0.6,
            ),
        ],
    )


def protest_record() -> Record:
    """Springfield (US): a protest by an opposition party, and an arrest with no ACLED type."""
    text = PROTEST_TEXT
    first = sentence(text, "Thousands")
    second = sentence(text, "Police")
    springfield = EventPlace(
        place="P1", name="Springfield", country="US", lat=39.80172, lon=-89.64371
    )
    return Record(
        pipeline="test-1",
        article=Article(
            id="b-protest",
            title="Springfield protest, budget cuts",
            source="Prairie Post",
            language="en",
            published="2024-03-11",
            published_from="metadata",
            text=text,
        ),
        places=[
            Place(
                id="P1",
                text="Springfield",
                start=span(text, "Springfield")[0],
                end=span(text, "Springfield")[1],
                name="Springfield",
                country="US",
                admin1="Illinois",
                lat=39.80172,
                lon=-89.64371,
                geonames_id=4250542,
                feature="P.PPLA",
            )
        ],
        events=[
            Event(
                id="V1",
                type="PROTEST",
                mode="demonstrate",
                cameo="141",
                sources=[
                    Actor(name="supporters"),
                    Actor(name="opposition", sector="OPP", country="USA"),
                ],
                targets=[Actor(name="state government", sector="GOV", country="USA")],
                place=springfield,
                date="2024-03",
                text=first[2],
                start=first[0],
                end=first[1],
                confidence=0.85,
                acled=AcledType(event_type="Protests", sub_event_type="Peaceful protest"),
            ),
            Event(
                id="V2",
                type="COERCE",
                cameo="173",
                sources=[Actor(name="Police", sector="COP", country="USA")],
                targets=[Actor(name="people")],
                place=springfield,
                date="2024-03-11",
                attributed_to=Actor(name="Springfield mayor", sector="GOV", country="USA"),
                text=second[2],
                start=second[0],
                end=second[1],
                confidence=0.7,
            ),
        ],
    )


def quiet_record() -> Record:
    """A French article: no events, no publication date, a language note."""
    return Record(
        pipeline="test-1",
        article=Article(id="c-quiet", language="fr", text=QUIET_TEXT),
        notes=[Note(code="W201", message="language 'fr' is not English")],
    )


@pytest.fixture
def records() -> list[Record]:
    return [blast_record(), protest_record(), quiet_record()]


@pytest.fixture
def store(tmp_path: Path, records: list[Record]) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path}/t.db") as opened:
        opened.put(records)
        yield opened
