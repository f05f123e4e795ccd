"""Scoring the quotes extractor on attribution corpora in brat standoff (PolNeAR's layout).

Gold: ``T`` lines give ``Source``, ``Cue`` and ``Content`` spans (possibly discontinuous,
fragments joined by ``;``); ``E`` lines tie them into one attribution. System: the quotes of
one attribution share a speaker mention and a cue (a split quote is two items), so items
are grouped on (speaker start, speaker end, cue) before matching.

A gold content is found when one system attribution covers at least half of its characters;
a system attribution is correct when one gold content covers at least half of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.config import Settings
from eventwire.evaluate import Scorecard
from eventwire.model import Entity, Quote

Spans = tuple[tuple[int, int], ...]
_WORD = re.compile(r"[^\W\d_]+")
_RELATIVES = frozenset({"who", "which", "that", "whom"})


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: its content, source and cue spans (source may be empty)."""

    content: Spans
    source: Spans
    cue: Spans


@dataclass
class Counts:
    """Tallies over documents; the figures are ratios of these."""

    documents: int = 0
    gold: int = 0
    gold_quoted: int = 0
    found: int = 0
    found_quoted: int = 0
    system: int = 0
    correct: int = 0
    with_source: int = 0
    speaker_ok: int = 0
    with_cue: int = 0
    cue_ok: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def _spans(field_text: str) -> Spans:
    pieces = []
    for fragment in field_text.split(";"):
        start, end = fragment.split()
        pieces.append((int(start), int(end)))
    return tuple(pieces)


def read_ann(ann: str) -> list[GoldAttribution]:
    """Attributions of one brat ``.ann`` text; attributions without content are skipped."""
    spans: dict[str, Spans] = {}
    events: list[list[str]] = []
    for line in ann.splitlines():
        columns = line.split("\t")
        if line.startswith("T") and len(columns) >= 2:
            _label, _, offsets = columns[1].partition(" ")
            spans[columns[0]] = _spans(offsets)
        elif line.startswith("E") and len(columns) >= 2:
            events.append(columns[1].split())
    found = []
    for arguments in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Source": [], "Cue": []}
        for argument in arguments:
            role, _, ref = argument.partition(":")
            role = role.rstrip("0123456789")
            if role in roles and ref in spans:
                roles[role].extend(spans[ref])
        if roles["Content"]:
            found.append(
                GoldAttribution(
                    tuple(sorted(roles["Content"])),
                    tuple(sorted(roles["Source"])),
                    tuple(sorted(roles["Cue"])),
                )
            )
    return found


def _text_for(ann: Path) -> Path | None:
    """The article text of ``ann``: same stem, or the stem less its annotator suffix,
    beside it or in a sibling ``text`` folder."""
    stems = [ann.stem, ann.stem.rsplit("_", 1)[0]]
    folders = [ann.parent, ann.parent.parent / "text"]
    for folder in folders:
        for stem in stems:
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def find_documents(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(text, ann) pairs under ``paths``: ``.ann`` files, or folders holding them
    (directly, in ``attributions/``, or in split folders below)."""
    for path in paths:
        anns = [path] if path.is_file() else sorted(path.rglob("*.ann"))
        for ann in anns:
            text = _text_for(ann)
            if text is not None:
                yield text, ann


def _merged(spans: Iterable[tuple[int, int]]) -> Spans:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _size(spans: Spans) -> int:
    return sum(end - start for start, end in spans)


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _groups(quotes: Sequence[Quote]) -> list[tuple[Spans, list[Quote]]]:
    """System attributions: quotes sharing a speaker mention and a cue form one."""
    grouped: dict[tuple[object, ...], list[Quote]] = {}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is not None and speaker.start is not None:
            key: tuple[object, ...] = (speaker.start, speaker.end, quote.cue)
        else:
            key = (quote.id,)
        grouped.setdefault(key, []).append(quote)
    return [(_merged((q.start, q.end) for q in group), group) for group in grouped.values()]


def _speaker_ok(
    gold: GoldAttribution, quotes: list[Quote], text: str, entities: list[Entity]
) -> bool:
    gold_entities = {
        e.id
        for e in entities
        for m in e.mentions
        if _overlap(gold.source, ((m.start, m.end),))
    }
    gold_text = " ".join(text[s:e] for s, e in gold.source)
    gold_words = _words(gold_text)
    # A relative pronoun ("Beck, who said …") is its antecedent: the phrase just before it.
    relative = gold_text.strip().casefold() in _RELATIVES
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None:
            continue
        if speaker.start is not None and speaker.end is not None:
            if _overlap(gold.source, ((speaker.start, speaker.end),)):
                return True
            gap = text[speaker.end : gold.source[0][0]]
            if relative and len(gap) <= 3 and not gap.strip(" ,"):
                return True
        if speaker.entity is not None and speaker.entity in gold_entities:
            return True
        head = _WORD.findall(speaker.name)
        if head and head[-1].casefold() in gold_words:
            return True
    return False


def score_document(
    text: str, gold: list[GoldAttribution], quotes: list[Quote], entities: list[Entity]
) -> Counts:
    """Counts of one document (see the module docstring for the matching rules)."""
    counts = Counts(documents=1, gold=len(gold))
    groups = _groups(quotes)
    counts.system = len(groups)
    for quote in quotes:
        counts.kinds[quote.kind] = counts.kinds.get(quote.kind, 0) + 1
    contents = [_merged(g.content) for g in gold]
    for spans, _group in groups:
        if any(_overlap(spans, c) * 2 >= _size(spans) for c in contents):
            counts.correct += 1
    for attribution, content in zip(gold, contents, strict=True):
        quoted = any(ch in "\"“”«»" for s, e in content for ch in text[s:e])
        counts.gold_quoted += quoted
        gold_cue = _words(" ".join(text[s:e] for s, e in attribution.cue))
        matches = [g for g in groups if _overlap(content, g[0]) * 2 >= _size(content)]
        if not matches:
            continue
        # Nested attributions can all cover one content; pair it with the one of its cue.
        best = max(
            matches,
            key=lambda g: (
                any(_words(q.cue or "") & gold_cue for q in g[1]),
                _overlap(content, g[0]),
            ),
        )
        counts.found += 1
        counts.found_quoted += quoted
        if attribution.source:
            counts.with_source += 1
            counts.speaker_ok += _speaker_ok(attribution, best[1], text, entities)
        if attribution.cue:
            counts.with_cue += 1
            counts.cue_ok += any(_words(q.cue or "") & gold_cue for q in best[1])
    return counts


def _add(total: Counts, part: Counts) -> None:
    for name in (
        "documents", "gold", "gold_quoted", "found", "found_quoted", "system", "correct",
        "with_source", "speaker_ok", "with_cue", "cue_ok",
    ):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    for kind, n in part.kinds.items():
        total.kinds[kind] = total.kinds.get(kind, 0) + n


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def scorecard(counts: Counts, corpus: str) -> Scorecard:
    """The figures of ``counts`` as a table."""
    card = Scorecard("Quotes: attribution content, speaker and cue", corpus)
    recall = _ratio(counts.found, counts.gold)
    precision = _ratio(counts.correct, counts.system)
    card.add("content recall (>=50% overlap)", recall)
    card.add("content precision (>=50% overlap)", precision)
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    card.add("content F1", f1)
    card.add("recall, quoted contents", _ratio(counts.found_quoted, counts.gold_quoted))
    card.add("speaker accuracy on found", _ratio(counts.speaker_ok, counts.with_source))
    card.add("cue accuracy on found", _ratio(counts.cue_ok, counts.with_cue))
    card.add("documents", counts.documents)
    card.add("gold attributions", counts.gold)
    card.add("system attributions", counts.system)
    card.add("system quotes (direct/indirect)",
             f"{counts.kinds.get('direct', 0)}/{counts.kinds.get('indirect', 0)}")
    card.notes.append(
        "split quotes count once: items sharing a speaker mention and cue form one attribution"
    )
    return card


def evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard:
    """Run the pipeline, entities and quotes over brat-annotated articles under ``paths``."""
    from eventwire.extract.entities import extract_entities
    from eventwire.extract.quotes import extract_quotes
    from eventwire.nlp.pipeline import load_pipeline

    documents = list(find_documents(paths))
    texts = [text.read_text(encoding="utf-8") for text, _ann in documents]
    total = Counts()
    nlp = load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
    for (_text, ann), doc in zip(
        documents, nlp.pipe(texts, batch_size=settings.batch_size), strict=True
    ):
        entities = extract_entities(doc)
        quotes = extract_quotes(doc, entities)
        gold = read_ann(ann.read_text(encoding="utf-8"))
        _add(total, score_document(doc.text, gold, quotes, entities))
    corpus = ", ".join(str(p) for p in paths)
    return scorecard(total, corpus)
