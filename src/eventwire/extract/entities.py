"""Entities: the people, organizations, places and groups an article mentions.

Mentions come from the parser's named entities; mentions of the same thing merge into one
entity (exact name, or a person's surname after the full name has appeared).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from eventwire.model import Entity, Mention

# spaCy labels kept as entities: people, organizations, places, and groups (NORP).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_LEADING_WORDS = frozenset({"the", "The"})
_SURNAME_LABELS = frozenset({"PERSON", "ORG"})


@dataclass
class _Cluster:
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)


def _trimmed(span: Span) -> Span | None:
    """The span without a leading article or a trailing possessive; None if nothing remains."""
    start, end = span.start, span.end
    while start < end and span.doc[start].text in _LEADING_WORDS:
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end] if end > start else None


def _name_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _display_name(cluster: _Cluster) -> str:
    """The longest, most frequent spelling, preferring one not in datelines' capitals."""
    spellings = Counter(" ".join(m.text.split()) for m in cluster.mentions)
    best = max(
        spellings,
        key=lambda s: (not s.isupper() or len(s) <= 3, len(s.split()), spellings[s]),
    )
    return best if len(best.split()) >= len(cluster.name.split()) else cluster.name


def extract_entities(doc: Doc) -> list[Entity]:
    """Entities of ``doc`` in order of first mention, each with all its mention offsets."""
    clusters: dict[tuple[str, str], _Cluster] = {}
    surnames: dict[str, tuple[str, str]] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _trimmed(ent)
        if span is None or not any(ch.isalpha() for ch in span.text):
            continue
        name = " ".join(span.text.split())
        key = (ent.label_, _name_key(name))
        if key not in clusters and ent.label_ in _SURNAME_LABELS and len(span) == 1:
            # "Peskov" after "Dmitry Peskov" is the same person, even where the model
            # labels the lone surname an organization.
            key = surnames.get(key[1], key)
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = _Cluster(name=name, type=ent.label_)
            if ent.label_ == "PERSON" and len(span) > 1:
                surnames.setdefault(_name_key(span[-1].text), key)
        cluster.mentions.append(
            Mention(start=span.start_char, end=span.end_char, text=span.text)
        )
    return [
        Entity(id=f"E{n}", name=_display_name(c), type=c.type, mentions=c.mentions)
        for n, c in enumerate(clusters.values(), start=1)
    ]
