"""Quantities: casualty, damage and attack figures, each with its bounds and who reported it.

Which figures become a :class:`~eventwire.model.Quantity` (the convention):

- a count whose kind the sentence states — ``killed``, ``wounded``, ``missing`` (also
  abducted, kidnapped, trapped, in captivity: record/1 has no kind of its own for them),
  ``arrested`` (also detained, charged), ``displaced`` (also homeless, evacuated, fled, lost
  their homes), ``destroyed``, ``damaged``, ``attacks`` (attacks, strikes, raids, bombings);
- otherwise a count of people (``people``: "240,000 people", "seven Russian officials",
  "four Ukrainians") or of things of interest to a conflict or disaster record (``other``:
  aircraft, bombs, homes, vehicles, disease cases; the list is ``objects`` in
  ``data/quantities/kinds.json``);
- nothing else. Money, percentages, measures ("200 km", "2,750 tonnes", "72 hours"), ages
  ("aged 17", "Abrini, 31,"), years, dates and times, ordinals, numbers in names ("Flight
  9268", "No. 1 reactor", "magnitude 7.8"), populations ("a city of 1.5 million") and bare
  numbers whose kind is unknown are skipped, so none of them can ever be ``killed``.

Bounds: ``exact`` has ``value``; ``about`` ("some", "about", "around", "roughly", "an
estimated") has ``value``; ``at_least`` ("at least", "more than", "over") has ``value`` and
``low``; ``at_most`` ("nearly", "almost", "up to", "fewer than") has ``value`` and ``high``;
a range ("between 3 and 5", "2,000 to 3,000") is ``about`` with ``low`` and ``high`` and no
``value``; ``vague`` words have no ``value`` and conventional bounds from twice the unit to
just under the next power of ten: "dozens" 24-99, "scores" 40-99, "hundreds" 200-999,
"thousands" 2,000-9,999, "tens of thousands" 20,000-99,999, "hundreds of thousands"
200,000-999,999, "millions" 2-9.99 million; "several" 3-9, "a few" and "a handful" 2-5.
"all but eight" is ``vague`` with no bounds (the figure is the unknown complement).

``reported_by`` is the speaker of the quote whose span holds the figure, else the source of
an "according to X" in the same sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from eventwire.extract.quantities_kind import Reading, object_text, read
from eventwire.extract.quantities_numbers import NumberPhrase, number_phrases
from eventwire.model import Actor, Quantity, Quote

_LEADING = frozenset({"the", "a", "an"})


def _quote_speaker(start: int, end: int, quotes: Sequence[Quote]) -> Actor | None:
    """The speaker of the innermost quote whose span holds ``start:end``."""
    holding = [q for q in quotes if q.speaker is not None and q.start <= start and end <= q.end]
    if not holding:
        return None
    quote = min(holding, key=lambda q: q.end - q.start)
    assert quote.speaker is not None
    return Actor(name=quote.speaker.name, entity=quote.speaker.entity)


def _according_to(sentence: Span) -> Actor | None:
    """The source X of "according to X" in ``sentence``."""
    for token in sentence:
        if token.lower_ != "according" or token.i + 1 >= sentence.end:
            continue
        to = token.doc[token.i + 1]
        if to.lower_ != "to":
            continue
        sources = [c for c in to.children if c.dep_ == "pobj"]
        if sources:
            edge = sources[0]
            start, end = edge.left_edge.i, edge.right_edge.i + 1
        else:
            # The parser sometimes leaves the source unattached: take the next noun phrase.
            start = end = to.i + 1
            while end < sentence.end and token.doc[end].pos_ in ("DET", "PROPN", "NOUN", "ADJ"):
                end += 1
        while start < end and token.doc[start].lower_ in _LEADING:
            start += 1
        if start < end:
            name = token.doc[start:end].text.strip(" ,")
            return Actor(name=name) if name else None
    return None


def _inherit(
    phrase: NumberPhrase, reading: Reading, earlier: list[tuple[Reading, NumberPhrase]]
) -> Reading:
    """A bare figure shares the kind of an earlier one with the same predicate.

    "Sierra Leone has recorded the most cases, nearly 700, while Guinea has recorded
    some 500": the second figure counts cases too.
    """
    if reading.kind is not None or reading.noun is not None or reading.predicate is None:
        return reading
    for previous, before in reversed(earlier):
        same = previous.predicate is not None and previous.predicate.lemma_ == (
            reading.predicate.lemma_
        )
        if same and previous.kind is not None and before.end <= phrase.start:
            return Reading(previous.kind, previous.noun, reading.predicate)
    return reading


def extract_quantities(doc: Doc, quotes: Sequence[Quote]) -> list[Quantity]:
    """Casualty, damage and attack figures of ``doc`` in text order, ids ``N1``, ``N2`` …"""
    quantities: list[Quantity] = []
    sentence_readings: dict[int, list[tuple[Reading, NumberPhrase]]] = {}
    for phrase in number_phrases(doc):
        if phrase.category != "count":
            continue
        reading = read(doc, phrase)
        if reading.skip:
            continue
        span = doc[phrase.start : phrase.end]
        sentence = span.sent if doc.has_annotation("SENT_START") else doc[:]
        earlier = sentence_readings.setdefault(sentence.start, [])
        reading = _inherit(phrase, reading, earlier)
        earlier.append((reading, phrase))
        if reading.kind is None:
            continue
        reporter = _quote_speaker(span.start_char, span.end_char, quotes)
        quantities.append(
            Quantity(
                id=f"N{len(quantities) + 1}",
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                value=phrase.value,
                low=phrase.low,
                high=phrase.high,
                approx=phrase.approx,
                kind=reading.kind,
                object=object_text(doc, phrase, reading.noun),
                reported_by=reporter if reporter is not None else _according_to(sentence),
            )
        )
    return quantities
