"""Hand-annotated wire passages: direct-quote F1 and speaker accuracy over the whole set.

Each passage lists its direct quotes (the words between the marks) with the expected speaker
name; ``how`` says how the speaker is referred to at the quote ("name", "pronoun",
"description", "anonymous", "continued"). The passages were written for these tests.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from spacy.language import Language

from eventwire.extract.entities import extract_entities
from eventwire.extract.quotes import extract_quotes


class Gold(NamedTuple):
    text: str
    speaker: str
    how: str


PASSAGES: list[tuple[str, list[Gold]]] = [
    (
        "Kremlin spokesman Dmitry Peskov said on Wednesday that Moscow had no plans to send "
        'ground troops. "There will be no ground operation," the Kremlin spokesman told '
        "reporters.",
        [Gold("There will be no ground operation,", "Dmitry Peskov", "description")],
    ),
    (
        "Interior Minister Amina Farouk visited the flooded district on Monday. “The water "
        "is still rising,” she said. “We need more boats.”",
        [
            Gold("The water is still rising,", "Amina Farouk", "pronoun"),
            Gold("We need more boats.", "Amina Farouk", "continued"),
        ],
    ),
    (
        "“We will not negotiate under fire,” said Colonel Ahmed Saleh, commander of the "
        "northern brigade.",
        [Gold("We will not negotiate under fire,", "Ahmed Saleh", "name")],
    ),
    (
        "Rescue worker Tom Bryce described the scene. 'The whole street is gone,' he said. "
        "'Nobody could have survived that.'",
        [
            Gold("The whole street is gone,", "Tom Bryce", "pronoun"),
            Gold("Nobody could have survived that.", "Tom Bryce", "continued"),
        ],
    ),
    (
        "Le Soir, the Brussels daily, quoted a police officer on the arrest. «Il a tout "
        "avoué», the daily reported.",
        [Gold("Il a tout avoué", "Le Soir", "description")],
    ),
    (
        '"The ceasefire is holding," a senior UN official said, asking not to be named.',
        [Gold("The ceasefire is holding,", "a senior UN official", "anonymous")],
    ),
    (
        "Governor Maria Lopez toured the camp. “These families have lost everything,” she "
        "said, “and they deserve better than tents.”",
        [
            Gold("These families have lost everything,", "Maria Lopez", "pronoun"),
            Gold("and they deserve better than tents.", "Maria Lopez", "pronoun"),
        ],
    ),
    (
        "Finance Minister Robert Klein defended the budget. ‘We cannot spend money we do not "
        "have,’ the minister said in a televised address.",
        [Gold("We cannot spend money we do not have,", "Robert Klein", "description")],
    ),
    (
        'Witnesses described chaos at the station. "People were running everywhere," one '
        "witness said.",
        [Gold("People were running everywhere,", "one witness", "anonymous")],
    ),
    (
        "President John Mbeki spoke at a news conference in the capital. He said: "
        "“Our army will protect every village.”",
        [Gold("Our army will protect every village.", "John Mbeki", "pronoun")],
    ),
    (
        "The health ministry said 40 people had been admitted to hospital. “Most of them are "
        "children,” ministry spokeswoman Laila Haddad told AFP.",
        [Gold("Most of them are children,", "Laila Haddad", "name")],
    ),
    (
        "Opposition leader Samuel Okoro called the vote “a shameless fraud” and urged his "
        "supporters to stay calm.",
        [Gold("a shameless fraud", "Samuel Okoro", "name")],
    ),
    (
        "Mayor Helen Park said the city would rebuild.\n\n“This will take years. We will "
        "need help from everyone.\n\n“But we will not give up,” she added.",
        [Gold("This will take years. We will need help from everyone.\n\n“But we will not "
              "give up,", "Helen Park", "pronoun")],
    ),
    (
        "Police chief Daniel Moreau briefed journalists. “Two suspects are in custody,” the "
        "police chief said. “A third is still at large.”",
        [
            Gold("Two suspects are in custody,", "Daniel Moreau", "description"),
            Gold("A third is still at large.", "Daniel Moreau", "continued"),
        ],
    ),
    (
        "Foreign Minister Laurent Dubois met his counterpart in Rome. “We agree on the "
        "essentials,” Dubois said after the talks.",
        [Gold("We agree on the essentials,", "Laurent Dubois", "name")],
    ),
    (
        "Ana Silva, the head of the aid agency, said supplies were running low. “We have food "
        "for three more days,” Silva said. “After that, nothing.”",
        [
            Gold("We have food for three more days,", "Ana Silva", "name"),
            Gold("After that, nothing.", "Ana Silva", "continued"),
        ],
    ),
    (
        "General Victor Hale commands the coalition forces. Aid worker Sarah Dunn arrived "
        "in the city on Friday. “The hospital has no power,” she said.",
        [Gold("The hospital has no power,", "Sarah Dunn", "pronoun")],
    ),
    (
        "Prime Minister Yusuf Demir addressed parliament on Tuesday. Opposition deputies "
        "walked out. “Let them leave,” the prime minister said.",
        [Gold("Let them leave,", "Yusuf Demir", "description")],
    ),
    (
        "“The dam could fail within hours,” an engineer at the site said on Sunday.",
        [Gold("The dam could fail within hours,", "an engineer at the site", "anonymous")],
    ),
    (
        "Central bank governor Peter Lang spoke to the BBC. “Inflation has peaked,” he "
        "said in an interview with the BBC. “Rates will stay where they are.”",
        [
            Gold("Inflation has peaked,", "Peter Lang", "pronoun"),
            Gold("Rates will stay where they are.", "Peter Lang", "continued"),
        ],
    ),
    (
        "The storm flattened the village of Kanda. Nobody was hurt, local officials said.",
        [],
    ),
]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared * 2 >= min(a[1] - a[0], b[1] - b[0])


@pytest.fixture(scope="module")
def results(nlp: Language) -> list[tuple[str, list[Gold], list[tuple[int, int, str]]]]:
    out = []
    for text, golds in PASSAGES:
        doc = nlp(text)
        quotes = extract_quotes(doc, extract_entities(doc))
        found = [
            (q.start, q.end, q.speaker.name if q.speaker else "")
            for q in quotes
            if q.kind == "direct"
        ]
        out.append((text, golds, found))
    return out


@pytest.mark.slow
def test_quotes_fixtures_direct_f1(
    results: list[tuple[str, list[Gold], list[tuple[int, int, str]]]],
) -> None:
    tp = fp = fn = 0
    for text, golds, found in results:
        spans = [(text.index(g.text), text.index(g.text) + len(g.text)) for g in golds]
        matched = [any(_overlaps(s, f[:2]) for f in found) for s in spans]
        tp += sum(matched)
        fn += len(spans) - sum(matched)
        fp += sum(1 for f in found if not any(_overlaps(s, f[:2]) for s in spans))
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, (tp, fp, fn)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["pronoun", "description", "name", "anonymous", "continued"])
def test_quotes_fixtures_speaker_accuracy(
    results: list[tuple[str, list[Gold], list[tuple[int, int, str]]]], how: str
) -> None:
    right = total = 0
    for text, golds, found in results:
        for gold in golds:
            if gold.how != how:
                continue
            total += 1
            start = text.index(gold.text)
            span = (start, start + len(gold.text))
            names = [f[2] for f in found if _overlaps(span, f[:2])]
            right += gold.speaker in names
    assert total > 0
    assert right / total >= 0.85, (right, total)
