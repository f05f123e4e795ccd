"""Entities: the people, organizations, places and groups an article mentions, as actors.

Mentions come from the parser's named entities, corrected by the text itself: curated
organization aliases the model missed or mislabelled, the dateline's places and outlet, and
acronyms introduced in brackets. Mentions of the same thing merge into one entity: the same
name whatever the model's label, a curated alias ("Daesh", "ISIL" -> Islamic State; "U.S.",
"America" -> United States), an acronym with its long form, a person's surname after the full
name. Each entity then gets an ISO 3166 alpha-3 country and a sector (``eventwire.resolve``),
and a person the roles read from titles and appositions.

Sector of a country or a seat of government ("Moscow", "Paris"): GOV when *any* of its
mentions acts as the government ("Moscow said", "Washington's response"); a place that is
only ever a location ("strikes on Raqqa", "in Paris") keeps its country and no sector. Any
rather than majority, because one acting mention is enough for the entity to be an actor of
the article, and a record keeps one sector per entity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from eventwire.model import Entity, Mention
from eventwire.nlp.lookups import doc_text
from eventwire.resolve.actors import (
    Known,
    acts_as_government,
    known_actor,
    qualifier_sector,
    resolve_actor,
)
from eventwire.resolve.lexicon import fold
from eventwire.resolve.mentions import (
    acronym_after,
    dateline_mentions,
    organization_mentions,
    token_occurrences,
)
from eventwire.resolve.roles import Affiliation, RoleReading, read_roles, title_start

# spaCy labels kept as entities: people, organizations, places, and groups (NORP).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_LEADING_WORDS = frozenset({"the", "The"})
_PLACE_LABELS = ("GPE", "LOC")
# Where mentions overlap, the dateline beats a curated alias, which beats the model.
_NER, _ALIAS, _DATELINE, _ACRONYM = 0, 1, 2, 1


@dataclass
class _Candidate:
    start: int
    end: int
    label: str
    priority: int
    span: Span | None
    text: str
    known: Known | None = None
    alias_of: _Candidate | None = None
    outlet: bool = False
    reading: RoleReading | None = None


@dataclass
class _Cluster:
    key: str
    known: Known | None
    mentions: list[_Candidate] = field(default_factory=list)


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


def _candidate(doc: Doc, text: str, start: int, end: int, label: str, priority: int) -> _Candidate:
    span = doc.char_span(start, end)
    if span is None:
        # A dateline place glued to its neighbour ("RAQQA/PARIS" as one token): offsets only.
        return _Candidate(start, end, label, priority, None, text[start:end])
    return _Candidate(span.start_char, span.end_char, label, priority, span, span.text)


def _capitalized(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _completed_name(span: Span) -> Span:
    """A PERSON span the model cut short ("Jean-Yves Le" before "Drian"), completed by the
    capitalized words its last word hangs on."""
    doc = span.doc
    end = span.end
    while (
        end < len(doc)
        and doc[end].tag_ == "NNP"
        and _capitalized(doc[end].text)
        and doc[end].ent_type_ in ("", "PERSON")
        and doc[end - 1].dep_ == "compound"
        and doc[end - 1].head.i == end
    ):
        end += 1
    return doc[span.start : end]


def _split_places(span: Span) -> list[Span]:
    """Two places where the model tagged "Abuja and Lagos" as one."""
    cuts = [t.i for t in span if t.text.lower() == "and" and t.dep_ == "cc"]
    if len(cuts) != 1 or not span.start < cuts[0] < span.end - 1:
        return [span]
    return [span.doc[span.start : cuts[0]], span.doc[cuts[0] + 1 : span.end]]


def _model_candidates(doc: Doc) -> list[_Candidate]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _trimmed(ent)
        if span is not None and ent.label_ == "PERSON":
            # "President Barack Obama" tagged whole: the title is read as a role instead.
            span = _completed_name(span.doc[title_start(span) : span.end])
        pieces = _split_places(span) if span is not None and ent.label_ in _PLACE_LABELS else [span]
        for piece in pieces:
            if piece is not None and any(ch.isalpha() for ch in piece.text):
                start, end = piece.start_char, piece.end_char
                found.append(_Candidate(start, end, ent.label_, _NER, piece, piece.text))
    return found


def _text_candidates(doc: Doc, text: str) -> list[_Candidate]:
    found = []
    for mention in organization_mentions(doc, text):
        found.append(_candidate(doc, text, mention.start, mention.end, "ORG", _ALIAS))
    for mention in dateline_mentions(text):
        candidate = _candidate(doc, text, mention.start, mention.end, mention.label, _DATELINE)
        candidate.outlet = mention.label == "ORG"
        found.append(candidate)
    return found


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: higher priority first, then longer; an alias inside a
    longer model name ("Red Cross" in "Kenya Red Cross Society") gives way to it."""
    model = [c for c in candidates if c.priority == _NER]
    kept: list[_Candidate] = []
    order = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    for candidate in order:
        if candidate.priority == _ALIAS and any(
            m.start <= candidate.start
            and candidate.end <= m.end
            and m.end - m.start > candidate.end - candidate.start
            for m in model
        ):
            continue
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _link_acronyms(doc: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Tie "(SOHR)" after "Syrian Observatory for Human Rights" and later "SOHR"s to it."""
    long_forms: dict[str, _Candidate] = {}
    for candidate in list(candidates):
        if candidate.alias_of is not None or candidate.label == "PERSON":
            continue
        if candidate.text in long_forms:
            candidate.alias_of = long_forms[candidate.text]
            continue
        found = acronym_after(text, candidate.start, candidate.end)
        if found is None:
            continue
        acronym = text[found[0] : found[1]]
        long_forms[acronym] = candidate
        for start, end in token_occurrences(doc, acronym, found[0]):
            if any(c.start < end and start < c.end for c in candidates):
                continue
            extra = _candidate(doc, text, start, end, candidate.label, _ACRONYM)
            extra.alias_of = candidate
            candidates.append(extra)
    candidates.sort(key=lambda c: c.start)
    for candidate in candidates:
        if candidate.alias_of is None and candidate.text in long_forms:
            owner = long_forms[candidate.text]
            if owner is not candidate:
                candidate.alias_of = owner
    return candidates


def _affiliation(doc: Doc, candidate: _Candidate) -> tuple[str | None, str | None]:
    if candidate.known is not None:
        return candidate.known.country, candidate.known.sector
    return resolve_actor(candidate.text, candidate.label)


def _read_people(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Roles of every person mention; mentions that are only part of a title are dropped."""
    mentions: dict[int, Affiliation] = {}
    for candidate in candidates:
        if candidate.span is None:
            continue
        country, sector = _affiliation(doc, candidate)
        person = candidate.label == "PERSON" and candidate.known is None
        info = Affiliation(candidate.span.start, candidate.span.end, country, sector, person)
        for i in range(candidate.span.start, candidate.span.end):
            mentions[i] = info
    role_tokens: set[int] = set()
    parsed = doc.has_annotation("DEP")  # hand-built Docs may carry no parse
    for candidate in candidates:
        span = candidate.span
        if not parsed:
            break
        if span is None or candidate.known is not None or candidate.alias_of is not None:
            continue
        if candidate.label == "PERSON" or _looks_like_a_name(candidate):
            reading = read_roles(span, mentions)
            if reading.roles:
                candidate.reading = reading
                candidate.label = "PERSON"
                role_tokens |= reading.role_tokens
    return [
        c
        for c in candidates
        if c.span is None
        or (
            not all(i in role_tokens for i in range(c.span.start, c.span.end))
            and not _is_common_word(c)
        )
    ]


def _looks_like_a_name(candidate: _Candidate) -> bool:
    # "ORG: Valentina Matviyenko": two or three capitalized words after a title.
    span = candidate.span
    return (
        candidate.label == "ORG"
        and span is not None
        and 2 <= len(span) <= 3
        and all(_capitalized(t.text) and t.text.isalpha() for t in span)
    )


def _is_common_word(candidate: _Candidate) -> bool:
    # "army" or "police" tagged ORG: an affiliation word, not a name.
    text = candidate.text
    return text.islower() and qualifier_sector(text)[0]


def _cluster_key(doc: Doc, candidate: _Candidate, surnames: dict[str, str]) -> str:
    """Merge key: a person's surname or an organization's head word ("the Observatory"
    after "the Syrian Observatory for Human Rights") joins the full name seen before."""
    text = candidate.text
    single = candidate.span is not None and len(candidate.span) == 1
    # "Peskov" after "Dmitry Peskov" is the same person, even where the model labels the
    # lone surname an organization.
    if (
        single
        and candidate.label in ("PERSON", "ORG")
        and fold(text) in surnames
        and (candidate.label == "PERSON" or candidate.known is None)
    ):
        return surnames[fold(text)]
    if candidate.known is not None:
        return candidate.known.key
    return "NAME:" + fold(text)


def _display_name(spellings: Counter[str]) -> str:
    """The longest, most frequent spelling, preferring one not in datelines' capitals."""
    best = max(
        spellings,
        key=lambda s: (not s.isupper() or len(s) <= 3, len(s.split()), spellings[s]),
    )
    if best.isupper() and len(best) > 3:
        return best.title()
    return best


def _entity_type(cluster: _Cluster) -> str:
    labels = Counter(c.label for c in cluster.mentions)
    known = cluster.known
    if known is not None and known.type is not None:
        return known.type
    if known is not None:  # a place: GPE or LOC as the model mostly says
        places = Counter({label: labels[label] for label in _PLACE_LABELS})
        return "LOC" if places["LOC"] > places["GPE"] else "GPE"
    first = cluster.mentions[0].label
    return max(labels, key=lambda label: (labels[label], label == first))


def _acts(candidate: _Candidate) -> bool:
    # A dateline place is parsed as the subject of the lead sentence's verb; it never acts.
    span = candidate.span
    return span is not None and candidate.priority != _DATELINE and acts_as_government(span)


def _entity(doc: Doc, number: int, cluster: _Cluster) -> Entity:
    known = cluster.known
    kind = _entity_type(cluster)
    spellings = Counter(" ".join(c.text.split()) for c in cluster.mentions)
    name = known.name if known is not None and known.name else _display_name(spellings)
    country: str | None = None
    sector: str | None = None
    roles: list[str] = []
    if known is not None:
        country, sector = known.country, known.sector
        if known.seat and any(_acts(c) for c in cluster.mentions):
            sector = "GOV"
    elif kind == "PERSON":
        for candidate in cluster.mentions:
            reading = candidate.reading
            if reading is None:
                continue
            roles += [r for r in reading.roles if r.casefold() not in {x.casefold() for x in roles}]
            country = country or reading.country
            sector = sector or reading.sector
    else:
        country, sector = resolve_actor(name, kind)
        if any(c.outlet for c in cluster.mentions):
            sector = sector or "MED"
    mentions = [
        Mention(start=c.start, end=c.end, text=c.text)
        for c in sorted(cluster.mentions, key=lambda c: c.start)
    ]
    return Entity(
        id=f"E{number}", name=name, type=kind, country=country, sector=sector,
        roles=roles, mentions=mentions,
    )  # fmt: skip


def extract_entities(doc: Doc) -> list[Entity]:
    """Entities of ``doc`` in order of first mention, each with all its mention offsets,
    its country, sector and, for people, roles."""
    text = doc_text(doc)
    candidates = _resolve_overlaps(_model_candidates(doc) + _text_candidates(doc, text))
    candidates = _link_acronyms(doc, text, candidates)
    for candidate in candidates:
        if candidate.alias_of is None and not candidate.outlet:
            candidate.known = known_actor(candidate.text, candidate.label)
        elif candidate.outlet:
            candidate.known = known_actor(candidate.text, "ORG")
    candidates = _read_people(doc, candidates)
    clusters: dict[str, _Cluster] = {}
    surnames: dict[str, str] = {}
    keys: dict[int, str] = {}
    for candidate in candidates:
        if candidate.alias_of is not None and id(candidate.alias_of) in keys:
            key = keys[id(candidate.alias_of)]
        else:
            key = _cluster_key(doc, candidate, surnames)
        keys[id(candidate)] = key
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = _Cluster(key, candidate.known)
            span = candidate.span
            if span is not None and len(span) > 1 and candidate.label == "PERSON":
                surnames.setdefault(fold(span[-1].text), key)
            elif (
                span is not None
                and len(span) > 1
                and candidate.label == "ORG"
                and span.root.i != span.start
                and _capitalized(span.root.text)
            ):
                # Only a capitalized head word other than the first ("Observatory"), so a
                # plain "Red" or "United" never joins.
                surnames.setdefault(fold(span.root.text), key)
        cluster.mentions.append(candidate)
    return [_entity(doc, n, c) for n, c in enumerate(clusters.values(), start=1)]
