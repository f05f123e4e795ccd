from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.extract.entities import extract_entities
from eventwire.extract.quotes import extract_quotes
from eventwire.extract.quotes_lexicon import lexicon
from eventwire.extract.quotes_marks import quoted_passages
from eventwire.model import Quote


def _passages(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quoted_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will stay" and left.', ["we will stay"]),
        ("He said “we will stay” and left.", ["we will stay"]),
        ("He said 'we will stay' and left.", ["we will stay"]),
        ("He said ‘we will stay’ and left.", ["we will stay"]),
        ("Il a dit «nous restons» hier.", ["nous restons"]),
        ("Il a dit « nous restons » hier.", ["nous restons"]),
        ("He said ''we will stay'' and left.", ["we will stay"]),
        ("He said ``we will stay'' and left.", ["we will stay"]),
        ("He said ”we will stay” and left.", ["we will stay"]),
    ],
)
def test_quotes_marks_every_style(text: str, expected: list[str]) -> None:
    assert _passages(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The protesters’ demands were read out in the ’90s.",
        "Rock 'n' roll is the city's pride.",
        "It's the minister's view, isn't it?",
    ],
)
def test_quotes_marks_apostrophes_are_not_quotes(text: str) -> None:
    assert _passages(text) == []


def test_quotes_marks_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "“We will stay, he said.\n\nThe army left on Monday."
    assert _passages(text) == ["We will stay, he said."]


def test_quotes_marks_quote_runs_on_across_paragraphs() -> None:
    text = "She said: “The first part.\n\n“The second part,” she added."
    assert _passages(text) == ["The first part.\n\n“The second part,"]


def test_quotes_marks_single_quotes_inside_double_are_nested() -> None:
    text = "“They called it ‘a trap’ from the start,” he said."
    assert _passages(text) == ["They called it ‘a trap’ from the start,"]


def test_quotes_lexicon_loads_every_list() -> None:
    lex = lexicon()
    assert lex.cues["say"].speech and lex.cues["say"].frame == "clause"
    assert not lex.cues["believe"].speech
    assert {"conference", "interview", "radio"} <= lex.venues
    assert {"spokesman", "minister", "daily"} <= lex.descriptions
    assert (lex.genders["mrs"], lex.genders["mr"]) == ("f", "m")
    assert "denial" in lex.nouns


def _quotes(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    quotes = extract_quotes(doc, extract_entities(doc))
    for n, quote in enumerate(quotes, start=1):
        assert quote.id == f"Q{n}"
        assert quote.text == text[quote.start : quote.end]
        if quote.speaker is not None and quote.speaker.start is not None:
            assert quote.speaker.end is not None
    return quotes


def _one(quotes: list[Quote], fragment: str) -> Quote:
    found = [q for q in quotes if fragment in q.text]
    assert found, [q.text for q in quotes]
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "Health Minister Omar Nasser said that the toll would rise.",
            "the toll would rise",
            "Omar Nasser",
            "said",
        ),
        (
            "Health Minister Omar Nasser said the toll would rise.",
            "the toll would rise",
            "Omar Nasser",
            "said",
        ),
        (
            "Omar Nasser says the toll will rise.",
            "the toll will rise",
            "Omar Nasser",
            "says",
        ),
        (
            "According to the Red Crescent, 40 people were wounded in the attack.",
            "40 people were wounded in the attack",
            "Red Crescent",
            "according to",
        ),
        (
            "The toll is expected to rise, the Red Crescent said.",
            "The toll is expected to rise",
            "Red Crescent",
            "said",
        ),
        (
            "Army spokesman Karim Haddad told AFP that the convoy had been ambushed.",
            "the convoy had been ambushed",
            "Karim Haddad",
            "told",
        ),
        (
            "Army spokesman Karim Haddad told AFP the convoy had been ambushed.",
            "the convoy had been ambushed",
            "Karim Haddad",
            "told",
        ),
        (
            "Kremlin spokesman Dmitry Peskov reiterated Moscow's denial that it had sent "
            "troops.",
            "Moscow's denial that it had sent troops",
            "Dmitry Peskov",
            "reiterated",
        ),
        (
            "A report by Amnesty International accused the army of shelling a hospital.",
            "the army of shelling a hospital",
            "A report by Amnesty International",
            "accused",
        ),
        # The reported clause resumes after the cue clause: one content around it.
        (
            "The toll will rise, the Red Crescent said, as rescuers reach the remote villages.",
            "The toll will rise, the Red Crescent said, as rescuers reach the remote villages",
            "Red Crescent",
            "said",
        ),
        # A directive: the addressee and what they are to do.
        (
            "Police warned residents to stay indoors.",
            "residents to stay indoors",
            "Police",
            "warned",
        ),
        # What a speech cue answers or speaks of, in a prepositional phrase.
        (
            "The ministry did not respond to requests for comment.",
            "to requests for comment",
            "The ministry",
            "respond",
        ),
        (
            "The mayor complained about the noise in the camp.",
            "about the noise in the camp",
            "The mayor",
            "complained",
        ),
        # "say" with an object standing for what was said.
        (
            "Army spokesman Karim Haddad said as much on Sunday.",
            "as much",
            "Karim Haddad",
            "said",
        ),
        (
            "Health Minister Omar Nasser has said the same thing.",
            "the same thing",
            "Omar Nasser",
            "said",
        ),
    ],
)
def test_quotes_indirect_speech_patterns(
    nlp: Language, text: str, content: str, speaker: str, cue: str
) -> None:
    quote = _one(_quotes(nlp, text), content)
    assert quote.kind == "indirect"
    assert quote.text == content
    assert quote.speaker is not None and quote.speaker.name == speaker
    assert quote.cue == cue


@pytest.mark.slow
@pytest.mark.parametrize(
    "verb", ["warned", "added", "insisted", "denied", "claimed", "announced", "stressed"]
)
def test_quotes_indirect_cue_verbs(nlp: Language, verb: str) -> None:
    text = f"Interior Minister Omar Nasser {verb} that the border would stay closed."
    quote = _one(_quotes(nlp, text), "the border would stay closed")
    assert quote.cue == verb
    assert quote.speaker is not None and quote.speaker.name == "Omar Nasser"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "venue"),
    [
        (
            "Fabius told France Inter radio that Paris would act.",
            "France Inter radio",
        ),
        (
            "President Ali Bongo said in a televised address that the curfew would end.",
            "in a televised address",
        ),
        (
            "President Ali Bongo said at a news conference that the curfew would end.",
            "at a news conference",
        ),
        (
            "President Ali Bongo said in an interview with the BBC that the curfew would end.",
            "in an interview with the BBC",
        ),
    ],
)
def test_quotes_venue(nlp: Language, text: str, venue: str) -> None:
    quote = _one(_quotes(nlp, text), "would")
    assert quote.venue == venue


@pytest.mark.slow
def test_quotes_partial_quote_inside_reported_speech(nlp: Language) -> None:
    text = 'The Syrian Observatory said 72 hours of strikes "left 33 dead".'
    quotes = _quotes(nlp, text)
    [direct] = [q for q in quotes if q.kind == "direct"]
    assert direct.text == "left 33 dead"
    assert direct.speaker is not None and direct.speaker.name == "Syrian Observatory"
    indirect = [q for q in quotes if q.kind == "indirect"]
    assert indirect and "72 hours of strikes" in indirect[0].text


@pytest.mark.slow
def test_quotes_split_quote_is_two_items_with_one_speaker(nlp: Language) -> None:
    text = "Governor Maria Lopez toured the camp. “We are here,” she said, “to stay.”"
    first, second = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert (first.text, second.text) == ("We are here,", "to stay.")
    assert first.speaker == second.speaker
    assert first.speaker is not None and first.speaker.name == "Maria Lopez"
    assert text[first.speaker.start : first.speaker.end] == "she"


@pytest.mark.slow
def test_quotes_multi_sentence_quote_is_one_item(nlp: Language) -> None:
    text = "“The bridge is down. The road is flooded. Nobody can reach us,” the mayor said."
    [quote] = _quotes(nlp, text)
    assert quote.text.startswith("The bridge is down.") and quote.text.endswith("reach us,")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "fragment", "name"),
    [
        (
            "Kremlin spokesman Dmitry Peskov spoke to reporters. “Nothing has changed,” "
            "the Kremlin spokesman said.",
            "Nothing has changed",
            "Dmitry Peskov",
        ),
        (
            "Le Monde, the influential French daily, reported the talks. “The deal is close,” "
            "the daily said.",
            "The deal is close",
            "Le Monde",
        ),
        (
            "Health Minister Sarah Cole and army chief Paul Mensah visited the camp. “We need "
            "doctors,” she said.",
            "We need doctors",
            "Sarah Cole",
        ),
        (
            "Health Minister Sarah Cole and army chief Paul Mensah visited the camp. “We need "
            "trucks,” he said.",
            "We need trucks",
            "Paul Mensah",
        ),
    ],
)
def test_quotes_speaker_resolution(nlp: Language, text: str, fragment: str, name: str) -> None:
    quote = _one(_quotes(nlp, text), fragment)
    assert quote.speaker is not None and quote.speaker.name == name
    assert quote.speaker.entity is not None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "“The shelling went on all night,” a Syrian military source said.",
            "a Syrian military source",
        ),
        ("“The shelling went on all night,” witnesses said.", "witnesses"),
        ("Officials said the shelling went on all night.", "Officials"),
    ],
)
def test_quotes_anonymous_sources_have_no_entity(nlp: Language, text: str, name: str) -> None:
    quote = _one(_quotes(nlp, text), "shelling went on all night")
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.entity) == (name, None)


@pytest.mark.slow
def test_quotes_organization_speaker_resolves_to_its_entity(nlp: Language) -> None:
    text = "The Syrian Observatory for Human Rights said 12 civilians were killed."
    doc = nlp(text)
    entities = extract_entities(doc)
    [quote] = extract_quotes(doc, entities)
    ids = {e.id for e in entities if "Observatory" in e.name}
    assert quote.speaker is not None and quote.speaker.entity in ids


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["", "The river burst its banks on Monday.", "He starred in “Casablanca” in 1942."],
)
def test_quotes_none_where_nobody_speaks(nlp: Language, text: str) -> None:
    assert _quotes(nlp, text) == []


@pytest.mark.slow
def test_quotes_object_of_other_speech_verbs_is_not_content(nlp: Language) -> None:
    # "tell" takes its addressee as object, not what was told.
    assert _quotes(nlp, "Karim Haddad will tell the government.") == []


@pytest.mark.slow
def test_quotes_agentless_passive_keeps_its_subject_and_names_no_speaker(nlp: Language) -> None:
    text = "Peacekeepers were accused of abusing the villagers they guarded."
    quote = _one(_quotes(nlp, text), "Peacekeepers")
    assert quote.text == "Peacekeepers were accused of abusing the villagers they guarded"
    assert quote.kind == "indirect" and quote.speaker is None and quote.cue == "accused"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The envoy said the talks were expected to resume.",
        "The talks are expected to resume, the envoy said.",
    ],
)
def test_quotes_passive_inside_a_report_is_not_a_second_quote(nlp: Language, text: str) -> None:
    quotes = _quotes(nlp, text)
    assert quotes and all(q.speaker is not None for q in quotes)


@pytest.mark.slow
def test_quotes_passive_speech_verb_is_no_direct_quote_cue(nlp: Language) -> None:
    # A direct quote needs a speaker: "was told" alone does not cue one.
    quotes = _quotes(nlp, 'The crowd was told: "Go home now, all of you."')
    assert all(q.cue != "told" or q.kind == "indirect" for q in quotes)


@pytest.mark.slow
def test_quotes_infinitive_without_addressee_is_no_directive(nlp: Language) -> None:
    assert _quotes(nlp, "Protesters continued to march through the city.") == []


def test_quotes_lexicon_continue_cues_only_what_it_is_set_off_from() -> None:
    entry = lexicon().cues["continue"]
    assert entry.frame == "quote" and entry.speech


@pytest.mark.slow
def test_quotes_continue_cues_a_direct_quote(nlp: Language) -> None:
    quote = _one(_quotes(nlp, '"The bridge will reopen in May," the engineer continued.'), "bridge")
    assert quote.kind == "direct" and quote.cue == "continued"
    assert quote.speaker is not None and quote.speaker.name == "the engineer"


@pytest.mark.slow
def test_quotes_what_continues_is_no_content(nlp: Language) -> None:
    # "continued to" tells what the subject goes on doing; the call is the statement.
    quotes = _quotes(nlp, "The union continued to call for higher wages at the plant.")
    assert all(q.cue != "continued" for q in quotes)
    assert [q.cue for q in quotes] == ["call"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The airline did not respond to requests for comment.",
        "A spokeswoman did not immediately reply to a request for comment on the recall.",
        "The club ignored repeated calls for a response.",
    ],
)
def test_quotes_a_request_for_comment_is_no_quote(nlp: Language, text: str) -> None:
    # The writer asked; nothing was said: no speakerless quote of the request or comment.
    quotes = _quotes(nlp, text)
    assert all(q.cue not in ("requests", "request", "calls", "comment") for q in quotes)
    assert all(q.speaker is not None for q in quotes)


@pytest.mark.slow
def test_quotes_a_request_for_something_else_is_still_a_quote(nlp: Language) -> None:
    quotes = _quotes(nlp, "The council rejected requests for a new stadium.")
    assert [q.text for q in quotes if q.cue == "requests"] == ["for a new stadium"]


@pytest.mark.slow
def test_quotes_a_named_asker_keeps_the_request(nlp: Language) -> None:
    text = "The reporters' requests for an interview with the general were refused."
    quotes = _quotes(nlp, text)
    assert [q.text for q in quotes if q.cue == "requests"] == ["for an interview with the general"]


def test_quotes_lexicon_asked_statements() -> None:
    lex = lexicon()
    assert {"comment", "response", "interview"} <= lex.asked
    assert "stadium" not in lex.asked


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["In northern Syria, the fighting continued.", "After a long silence, the ministry replied."],
)
def test_quotes_a_phrase_before_a_comma_is_no_aside(nlp: Language, text: str) -> None:
    # An aside reports a clause; "In northern Syria," alone says nothing.
    assert _quotes(nlp, text) == []


@pytest.mark.slow
def test_quotes_a_clause_around_the_cue_is_an_aside(nlp: Language) -> None:
    quotes = _quotes(nlp, "Even then, the envoy continued, the ceasefire had held.")
    assert [(q.text, q.cue) for q in quotes] == [
        ("Even then, the envoy continued, the ceasefire had held", "continued")
    ]
