"""Event coding through the real pipeline on sentences written for these tests."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest
from spacy.language import Language

from eventwire.extract.entities import extract_entities
from eventwire.extract.events import extract_events
from eventwire.extract.events_lexicon import load_lexicon
from eventwire.extract.events_modality import load_modality_rules
from eventwire.model import Event, EventType, Quote, Speaker


def _events(nlp: Language, text: str, **context: object) -> list[Event]:
    doc = nlp(text)
    return extract_events(doc, extract_entities(doc), **context)  # type: ignore[arg-type]


def _only(events: list[Event], type_: str) -> Event:
    matching = [e for e in events if e.type == type_]
    assert len(matching) == 1, [
        (e.type, e.explanation.trigger.text if e.explanation else "") for e in events
    ]
    return matching[0]


def _quote_after_colon(text: str, speaker: str) -> Quote:
    """The direct quote of 'X said: "..."', spoken by ``speaker``."""
    start = text.index('"') + 1
    at = text.index(speaker)
    return Quote(
        id="Q1",
        kind="direct",
        text=text[start:-2],
        start=start,
        end=len(text) - 2,
        speaker=Speaker(name=speaker, entity=None, start=at, end=at + len(speaker)),
        cue="said",
    )


def test_events_lexicon_rows_are_well_formed() -> None:
    lexicon = load_lexicon()
    plover = set(get_args(EventType))
    for entries in lexicon.triggers.values():
        for entry in entries:
            assert entry.type in plover, entry
            assert entry.cameo.isdigit(), entry
    assert {m.applies_to for m in lexicon.modifiers.values()} <= plover


def test_modality_rules_cover_every_use() -> None:
    rules = load_modality_rules()
    assert rules.governors["deny"] == "denied"
    assert rules.clause_governors["reject"] == "denied"
    assert rules.markers["reportedly"] == "hedged"
    assert {"if", "unless"} <= rules.conditional_marks
    assert "report" in rules.hearsay and "insist" in rules.mandative
    assert rules.infinitive["to"] == "intended" and "manage" in rules.implicative


@pytest.mark.slow
def test_events_coordinated_nationalities_are_two_sources(nlp: Language) -> None:
    event = _only(
        _events(nlp, "Since Sunday, Russian and French raids have struck arms depots in Raqqa."),
        "ASSAULT",
    )
    assert [a.name for a in event.sources] == ["Russian", "French"]
    assert [a.name for a in event.targets] == ["arms depots"]
    assert event.mode == "aerial"
    assert event.acled is not None and event.acled.sub_event_type == "Air/drone strike"
    assert event.modality == "asserted"


@pytest.mark.slow
def test_events_denial_is_never_asserted(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov on Wednesday repeated Moscow's denial that it has "
        "deployed ground troops in Syria."
    )
    events = _events(nlp, text)
    mobilize = _only(events, "MOBILIZE")
    assert mobilize.modality == "denied"
    assert [a.name for a in mobilize.sources] == ["Moscow"]
    reject = _only(events, "REJECT")
    assert reject.modality == "asserted"
    assert [a.name for a in reject.sources] == ["Moscow"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "modality"),
    [
        ("Russian jets did not attack the hospital in Aleppo.", "ASSAULT", "negated"),
        ("Rebels may have shot down the helicopter near Aleppo.", "ASSAULT", "hedged"),
        ("France would step up its air campaign against Islamic State.", "ASSAULT", "intended"),
        (
            "If Iran breaks the deal, Washington will impose new sanctions on Tehran.",
            "SANCTION",
            "conditional",
        ),
        ("Moscow denied that its jets had bombed the market in Idlib.", "ASSAULT", "denied"),
        ("Russia has rejected claims that it attacked civilians in Homs.", "ASSAULT", "denied"),
        ("The report accused Moscow of bombing hospitals in Idlib.", "ASSAULT", "hedged"),
        ("Police arrested two suspects in Molenbeek on Friday.", "COERCE", "asserted"),
        ("Senator Cruz refused to endorse Donald Trump in July.", "SUPPORT", "negated"),
        ("It has been reported that rebels attacked the convoy near Goma.", "ASSAULT", "hedged"),
        ("There is a possibility of Boeing challenging the Pentagon in court.", "ACCUSE", "hedged"),
        (
            "Experts say the Pentagon had killed the deal, although Congress rejected the plan.",
            "REJECT",
            "asserted",
        ),
        # Impersonal hearsay above a reported clause still hedges it.
        ("It was reported that Turkey had attacked a convoy in Idlib.", "ASSAULT", "hedged"),
        # Rejecting or calling a request or a meeting does not deny or plan it.
        ("The court rejected a request from Democrats in Ohio.", "REQUEST", "asserted"),
        ("The U.N. called an emergency meeting of the council.", "CONSULT", "asserted"),
        ("Senators called for talks with Iran.", "CONSULT", "intended"),
        # A demand in the bare verb form; a hope (lemmatized "hop"); a headline's plan.
        ("Leaders insisted that the union negotiate with Ford.", "CONSULT", "intended"),
        ("Clement is hoping that the union will negotiate with GM.", "CONSULT", "hedged"),
        ("Singapore Airlines to be compensated by Airbus", "CONCEDE", "intended"),
        ("Experts noted the regime's determination to deploy troops.", "MOBILIZE", "intended"),
        ("Hamas managed to abduct two soldiers near Gaza.", "ASSAULT", "asserted"),
        # A negation inside a condition does not say it did not happen.
        ("Ford will sue if GM does not negotiate with the union.", "CONSULT", "conditional"),
        ("Witnesses described the alleged attack on the convoy.", "ASSAULT", "hedged"),
        # A hope adverb hedges; a negative subject or a negated light verb negates.
        ("Hopefully the two companies can work together on the engine.", "COOPERATE", "hedged"),
        ("Nobody attacked the convoy near Goma.", "ASSAULT", "negated"),
        ("No Egyptian troops will be sent to assist with the evacuation.", "AID", "negated"),
        ("The ministry has not come forward with requests for funding.", "REQUEST", "negated"),
        ("Siemens did not make a request to the bank.", "REQUEST", "negated"),
        # "whether (or not)" leaves the act an open question.
        ("The Treasury will decide whether or not to extend the loans.", "AID", "hedged"),
        ("No decision was made about whether to appeal the ruling.", "ACCUSE", "hedged"),
        # A negation on a verb that is no light verb does not reach the act it mentions.
        ("Siemens did not comment on the attacks by rebels.", "ASSAULT", "asserted"),
    ],
)
def test_events_modality(nlp: Language, text: str, type_: str, modality: str) -> None:
    assert _only(_events(nlp, text), type_).modality == modality


@pytest.mark.slow
def test_events_passive_agent_is_the_source(nlp: Language) -> None:
    event = _only(_events(nlp, "The schoolgirls were abducted by Boko Haram in April."), "ASSAULT")
    assert [a.name for a in event.sources] == ["Boko Haram"]
    assert event.mode == "abduct"
    assert any("schoolgirls" in a.name for a in event.targets)


@pytest.mark.slow
def test_events_nominal_trigger_with_target_preposition(nlp: Language) -> None:
    event = _only(
        _events(nlp, "The group counted 10 Russian attacks on medical facilities."), "ASSAULT"
    )
    assert [a.name for a in event.sources] == ["Russian"]
    assert [a.name for a in event.targets] == ["medical facilities"]


@pytest.mark.slow
def test_events_inside_a_quote_are_attributed_to_its_speaker(nlp: Language) -> None:
    text = 'Hollande said: "France will intensify its strikes on Raqqa."'
    quote = _quote_after_colon(text, "Hollande")
    event = _only(_events(nlp, text, quotes=[quote]), "ASSAULT")
    assert event.attributed_to is not None and event.attributed_to.name == "Hollande"
    assert event.modality == "intended"


@pytest.mark.slow
def test_events_according_to_keeps_the_monitor(nlp: Language) -> None:
    text = (
        "Government forces shelled the town of Douma on Monday, according to the Syrian "
        "Observatory for Human Rights."
    )
    event = _only(_events(nlp, text), "ASSAULT")
    assert event.attributed_to is not None
    assert "Observatory" in event.attributed_to.name


@pytest.mark.slow
def test_events_date_falls_back_to_the_article(nlp: Language) -> None:
    event = _only(
        _events(nlp, "Police arrested two suspects in Molenbeek.", published=date(2016, 3, 18)),
        "COERCE",
    )
    assert event.date == "2016-03-18"
    assert event.explanation is not None and event.explanation.date_from == "article"


@pytest.mark.slow
def test_events_explanation_points_at_the_trigger(nlp: Language) -> None:
    text = "Boko Haram militants abducted 276 schoolgirls from a school in Chibok."
    event = _only(_events(nlp, text), "ASSAULT")
    why = event.explanation
    assert why is not None
    assert text[why.trigger.start : why.trigger.end] == "abducted"
    assert why.lexicon.startswith("triggers.tsv:")
    assert {p.role for p in why.paths} == {"source", "target"}
    assert text[event.start : event.end] == event.text


@pytest.mark.slow
def test_events_without_a_named_actor(nlp: Language) -> None:
    # The guide codes an act whose actors the text leaves unnamed ...
    assert _only(_events(nlp, "The bill was rejected on Monday."), "REJECT")
    assert _only(_events(nlp, "Some demonstrations turned violent."), "PROTEST")
    # ... but not a subject that is no actor, nor a bare "the deal" taking up an earlier act.
    assert _events(nlp, "The shift in tone is striking.") == []
    assert _events(nlp, "The agreement allows users to make calls.") == []
    assert _events(nlp, "It was not disclosed whether the catalog was part of the deal.") == []
    assert _events(nlp, "There was a loud explosion.") == []


@pytest.mark.slow
def test_events_accidents_and_disasters_are_no_assault(nlp: Language) -> None:
    assert _events(nlp, "The earthquake killed 40 people in the north.") == []
    assert _events(nlp, "The jet crashed into the sea, killing all 228 people on board.") == []
    assert _only(_events(nlp, "Gunmen killed 40 people in the north."), "ASSAULT")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "trigger"),
    [
        ('Cruz called Trump a "pathological liar".', "ACCUSE", "called"),
        ('The union called Clinton a "champion" of workers.', "SUPPORT", "called"),
        ("The central banks will work together to calm the markets.", "COOPERATE", "work"),
        ("Chrysler asked the government for more money.", "REQUEST", "asked"),
        ("The government will provide Ford with a loan package.", "AID", "provide"),
        ("A federal court ruled against the state's procedure.", "ACCUSE", "ruled"),
        ("The Supreme Court declined to hear the case.", "REJECT", "declined"),
        ("Thousands demonstrated in the capital on Sunday.", "PROTEST", "demonstrated"),
        ("Rebels released two British journalists on Friday.", "RETREAT", "released"),
        ("The senator agreed with the governor.", "SUPPORT", "agreed"),
        ("The two sides agreed to exchange prisoners.", "AGREE", "agreed"),
        ("Negotiators from both countries will hold talks in Geneva.", "CONSULT", "talks"),
    ],
)
def test_events_general_readings(nlp: Language, text: str, type_: str, trigger: str) -> None:
    event = _only(_events(nlp, text), type_)
    assert event.explanation is not None and event.explanation.trigger.text == trigger


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The company demonstrated that it can build a cheaper car.",
        "The ministry released a statement on Monday.",
        "I agree.",
        "Talk of a merger has been mounting for weeks.",
        "The program, called EB-5, lets investors gain visas.",
        "Climate change is the greatest threat facing the world.",
    ],
)
def test_events_sense_conditions_fail(nlp: Language, text: str) -> None:
    assert _events(nlp, text) == []


@pytest.mark.slow
def test_events_up_to_is_no_particle(nlp: Language) -> None:
    events = _events(nlp, "The government will give up to $150 million in aid to the region.")
    assert "CONCEDE" not in {e.type for e in events}
    assert _only(_events(nlp, "The rebels will give up their weapons."), "CONCEDE")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "sources", "targets"),
    [
        # A thing is no target; an unnamed body ("the city") is an actor.
        ("Late on Sunday the city lifted the curfew.", "RETREAT", ["city"], []),
        ("The Pentagon fired three missiles into the sea.", "ASSAULT", ["Pentagon"], []),
        # The actor behind a thing: "the purchase of Airbus shares".
        (
            "Lufthansa negotiated the purchase of Airbus shares.",
            "CONSULT",
            ["Lufthansa"],
            ["Airbus"],
        ),
        # A description stands for the name in apposition.
        (
            "Seoul accused the North's leader, Kim Jong Un, of recklessness.",
            "ACCUSE",
            ["Seoul"],
            ["Kim Jong Un"],
        ),
        # A relative pronoun stands for the noun it follows.
        (
            "Brazil, which imposed sanctions on Venezuela in May, condemned Caracas.",
            "ACCUSE",
            ["Brazil"],
            ["Caracas"],
        ),
        # The subject of "receive" receives; the "from" phrase gives.
        (
            "General Motors received loans from the government of Canada.",
            "AID",
            ["government"],
            ["General Motors"],
        ),
        # The verb that carries a nominal event names its actor, across "and" too.
        ("Cisco has filed a lawsuit against Apple.", "ACCUSE", ["Cisco"], ["Apple"]),
        (
            "Boeing held talks in Moscow and entered into an agreement with Sukhoi.",
            "AGREE",
            ["Boeing"],
            ["Sukhoi"],
        ),
        # A statement and the act joined to it share the subject.
        (
            "China spoke to reporters on Friday and condemned Pyongyang.",
            "ACCUSE",
            ["China"],
            ["Pyongyang"],
        ),
        # The one allowed, parsed as the subject of a clause; the one given asylum, parsed
        # on what is given.
        (
            "The Supreme Court decided to allow candidate Alassane Ouattara to run.",
            "CONCEDE",
            ["Supreme Court"],
            ["Alassane Ouattara"],
        ),
        (
            "Peru granted asylum to five Panamanian army officers.",
            "AID",
            ["Peru"],
            ["Panamanian army officers"],
        ),
        # Named members of an unnamed group act for it.
        (
            "Other unions, including Unite and the GMB, have endorsed Corbyn.",
            "SUPPORT",
            ["Unite", "GMB"],
            ["Corbyn"],
        ),
    ],
)
def test_events_actor_phrases(
    nlp: Language, text: str, type_: str, sources: list[str], targets: list[str]
) -> None:
    event = _only(_events(nlp, text), type_)
    assert [a.name for a in event.sources] == sources
    assert [a.name for a in event.targets] == targets


@pytest.mark.slow
def test_events_a_rejected_request_names_who_was_asked(nlp: Language) -> None:
    events = _events(nlp, "Judge Smith rejected the New York Times request to unseal the file.")
    request = _only(events, "REQUEST")
    reject = _only(events, "REJECT")
    assert [a.name for a in request.targets] == ["Smith"]
    assert request.modality == "asserted"
    assert [a.name for a in reject.targets] == ["The New York Times"]


@pytest.mark.slow
def test_events_a_speech_act_noun_names_its_author(nlp: Language) -> None:
    events = _events(nlp, "A New York judge has rejected a media request to unseal the file.")
    assert [a.name for a in _only(events, "REQUEST").sources] == ["media"]
    assert [a.name for a in _only(events, "REJECT").targets] == ["media"]


@pytest.mark.slow
def test_events_a_free_relative_names_no_target(nlp: Language) -> None:
    text = "Leaders in Tokyo denounced what Malcolm Turnbull called reckless actions."
    assert _only(_events(nlp, text), "ACCUSE").targets == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "source"),
    [
        ("Thales won a contract with the Indian navy.", "AGREE", "Thales"),
        ("The senators expressed outrage at the Kremlin.", "ACCUSE", "senators"),
        ("The ministry has not come forward with requests for funding.", "REQUEST", "ministry"),
        # A noun counting the acts stands between the verb and them.
        ("Syrian jets launched a series of airstrikes on Idlib.", "ASSAULT", "Syrian jets"),
        ("The police began a wave of arrests in the port.", "COERCE", "police"),
    ],
)
def test_events_light_verb_subject_acts(nlp: Language, text: str, type_: str, source: str) -> None:
    assert [a.name for a in _only(_events(nlp, text), type_).sources] == [source]


@pytest.mark.slow
def test_events_with_after_a_plain_verb_carries_no_act(nlp: Language) -> None:
    event = _only(_events(nlp, "The war began with protests against the regime."), "PROTEST")
    assert event.sources == []


@pytest.mark.slow
def test_events_first_person_in_a_quote_is_its_speaker(nlp: Language) -> None:
    text = 'Mayor Lopez said: "We will negotiate with the strikers next week."'
    quote = _quote_after_colon(text, "Lopez")
    event = _only(_events(nlp, text, quotes=[quote]), "CONSULT")
    assert [a.name for a in event.sources] == ["Lopez"]
    # Outside a quote "we" names no one the article has introduced.
    assert _only(_events(nlp, text), "CONSULT").sources == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "source"),
    [
        # A passive controller, an object of "on", a subject beyond an adjective.
        ("The navy was ordered by Congress to work with Boeing.", "COOPERATE", "navy"),
        ("Axelrod called on Dean to apologize to the senator.", "SUPPORT", "Dean"),
        ("Lopez will be willing to negotiate with the strikers.", "CONSULT", "Lopez"),
        # A gerund after a preposition: the main clause's subject, or after "for" its object.
        ("Obama spoke after meeting with Putin in Paris.", "CONSULT", "Obama"),
        ("The senators thanked Merkel for backing the bill.", "SUPPORT", "Merkel"),
        # A participle after a time conjunction.
        ("Protesters gathered in the park while marching to the capitol.", "PROTEST", "Protesters"),
        # An infinitive on a decision: its owner, or whoever made it.
        ("The EU made the decision to ban the airline.", "COERCE", "European Union"),
        ("Germany's decision to deploy troops surprised Paris.", "MOBILIZE", "Germany"),
        # A participle on a people noun: the people; on a document: whoever issued it.
        ("Witnesses saw gunmen attacking the convoy.", "ASSAULT", "gunmen"),
        ("Lawyers for Smith filed papers opposing the merger.", "REJECT", "Lawyers"),
        # Putting off an act still says whose act it is; "a visit from X".
        ("Merkel postponed a visit to Moscow.", "CONSULT", "Merkel"),
        ("Obama welcomed a visit from Hillary Clinton.", "CONSULT", "Hillary Clinton"),
    ],
)
def test_events_infinitives_and_participles_inherit_their_controller(
    nlp: Language, text: str, type_: str, source: str
) -> None:
    events = [e for e in _events(nlp, text) if e.type == type_]
    assert any(source in [a.name for a in e.sources] for e in events), events


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "sources", "targets"),
    [
        # "between": the first party acts, the others are acted with.
        ("The deal between Siemens and Alstom was revived.", "AGREE", ["Siemens"], ["Alstom"]),
        # With the victim after "of", a people noun before the act did it.
        ("The army shooting of a student sparked anger.", "ASSAULT", ["army"], ["student"]),
        # The subject of "face" undergoes the act; "from" names who does it.
        (
            "Merkel has faced sharp criticism from rights groups.",
            "ACCUSE",
            ["rights groups"],
            ["Merkel"],
        ),
        # The possessor of an arrest undergoes it, unless "of" names who did.
        (
            "Navalny's arrest by Russian police angered Berlin.",
            "COERCE",
            ["Russian police"],
            ["Navalny"],
        ),
        (
            "The junta's release of 300 prisoners surprised diplomats.",
            "RETREAT",
            ["junta"],
            ["prisoners"],
        ),
        # What a contract is for names its named beneficiary.
        (
            "Airbus won a contract to supply the Royal Air Force with tankers.",
            "AGREE",
            ["Airbus"],
            ["Royal Air Force"],
        ),
        # A country one travels to is the place of a visit, not its target.
        ("Merkel paid a visit to Washington.", "CONSULT", ["Merkel"], []),
    ],
)
def test_events_nominal_event_roles(
    nlp: Language, text: str, type_: str, sources: list[str], targets: list[str]
) -> None:
    event = _only(_events(nlp, text), type_)
    assert [a.name for a in event.sources] == sources
    assert [a.name for a in event.targets] == targets


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "targets"),
    [
        # Who is asked for aid is who is to give it.
        ("Toyota and Nissan seek more government aid.", "REQUEST", ["government"]),
        ("Toyota seeks $16 billion in loans from the government.", "REQUEST", ["government"]),
        # "hold X in contempt": the light verb's object undergoes the act.
        ("The committee voted to hold Smith in contempt of Congress.", "COERCE", ["Smith"]),
        # "call upon X for"; a noun's "that"-clause subject is the one asked.
        (
            "Senators are calling upon the Secretary of Defense for a briefing.",
            "REQUEST",
            ["Secretary"],
        ),
        ("The panel issued a recommendation that the Navy reopen the bids.", "REQUEST", ["Navy"]),
        # An object pronoun is not the subject of its own verb.
        (
            "Angela Merkel praised Macron. Macron met with her in Paris.",
            "CONSULT",
            ["Angela Merkel"],
        ),
    ],
)
def test_events_targets_of_requests_light_verbs_and_object_pronouns(
    nlp: Language, text: str, type_: str, targets: list[str]
) -> None:
    events = [e for e in _events(nlp, text) if e.type == type_]
    assert any([a.name for a in e.targets] == targets for e in events), events
