"""Scoring the quantities extractor on MEANTIME (``eventwire eval quantities PATH...``).

MEANTIME (NewsReader, CAT XML) marks numbers as ``<VALUE type="QUANTITY|MONEY|PERCENT">``
anchored to tokens; it gives no normalized value and no casualty kind. What can be scored
honestly:

- detection of number mentions: the extractor's number phrases that may count something
  (category ``count``, ``measure`` or ``age``) against gold ``QUANTITY``, strict (same
  offsets) and relaxed (overlap), one-to-one; money and percentages against gold ``MONEY``
  and ``PERCENT`` the same way;
- value accuracy on relaxed matches, where the gold span's own text yields a number (read
  by :func:`gold_value`, written apart from the extractor so that it does not share its
  mistakes);
- casualty figures: a gold ``QUANTITY`` inside the patient (``Arg1``) of an event mention
  whose ``pred`` is a casualty predicate (kill, die, injure ...) must come out of
  :func:`extract_quantities` with that kind; and the records must not give a casualty kind
  to any other gold number, nor report gold money, percentages or TIMEX3 at all.

The corpus has no running text: it is rebuilt from the tokens (title, then the date line,
then the body), and gold offsets refer to that text. An article annotated both in
``intra-doc_annotation`` and ``intra_cross-doc_annotation`` is read once (by ``doc_id``).
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.config import Settings
from eventwire.evaluate import Scorecard
from eventwire.model import Quantity

# MEANTIME's event ``pred`` attribute -> the kind a figure among its patients has.
CASUALTY_PREDS: dict[str, str] = {
    "kill": "killed",
    "die": "killed",
    "murder": "killed",
    "injure": "wounded",
    "wound": "wounded",
    "arrest": "arrested",
    "detain": "arrested",
    "evacuate": "displaced",
    "displace": "displaced",
    "destroy": "destroyed",
    "damage": "damaged",
}
CASUALTY_KINDS = frozenset(CASUALTY_PREDS.values()) | {"missing", "attacks"}
# MEANTIME annotates sentences 0-5 of each article (a few articles one more).
ANNOTATED_SENTENCES = 6
# The extractor's phrase categories that MEANTIME would annotate as QUANTITY.
_QUANTITY_CATEGORIES = frozenset({"count", "measure", "age"})

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "%", "''", "'s", "n't"})
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "``", "US$", "#"})
_QUOTES = {"``": '"', "''": '"'}


@dataclass(frozen=True)
class GoldNumber:
    """A gold VALUE: character span in the rebuilt text, type and covered text."""

    start: int
    end: int
    type: str
    text: str
    casualty: str | None = None


@dataclass
class GoldArticle:
    """One MEANTIME article: rebuilt text, gold numbers and TIMEX3 spans."""

    doc_id: str
    text: str
    scored_end: int = 0
    numbers: list[GoldNumber] = field(default_factory=list)
    timexes: list[tuple[int, int]] = field(default_factory=list)


def _rebuild(tokens: list[ET.Element]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Plain text from CAT tokens, and each token id's character span in it."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    offset = 0
    sentence = None
    glue = True
    for token in tokens:
        word = _QUOTES.get(token.text or "", token.text or "")
        if sentence is not None and token.get("sentence") != sentence:
            # Title and date line become paragraphs of their own, as on a news page.
            sep = "\n\n" if int(token.get("sentence", "0")) <= 2 else " "
        elif glue or (token.text or "") in _NO_SPACE_BEFORE:
            sep = ""
        else:
            sep = " "
        sentence = token.get("sentence")
        parts.append(sep)
        offset += len(sep)
        spans[token.get("t_id", "")] = (offset, offset + len(word))
        parts.append(word)
        offset += len(word)
        glue = (token.text or "") in _NO_SPACE_AFTER
    return "".join(parts), spans


def _anchored(element: ET.Element, spans: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    ids = [a.get("t_id", "") for a in element.iter("token_anchor")]
    found = [spans[i] for i in ids if i in spans]
    if not found:
        return None
    return min(s for s, _ in found), max(e for _, e in found)


def read_cat(path: Path) -> GoldArticle:
    """A MEANTIME CAT XML article; raises ``ValueError`` for a file that is not one."""
    root = ET.parse(path).getroot()
    if root.tag != "Document":
        raise ValueError(f"{path}: not a CAT document (root <{root.tag}>)")
    tokens = list(root.iter("token"))
    text, spans = _rebuild(tokens)
    article = GoldArticle(doc_id=root.get("doc_id", path.stem), text=text)
    markables = root.find("Markables")
    if markables is None:
        return article
    # Annotators covered the title, the date line and the first four sentences only.
    sentence_of = {t.get("t_id", ""): int(t.get("sentence", "0")) for t in tokens}
    anchored = [sentence_of.get(a.get("t_id", ""), 0) for a in markables.iter("token_anchor")]
    last = max([ANNOTATED_SENTENCES - 1, *anchored])
    article.scored_end = max(
        (spans[t.get("t_id", "")][1] for t in tokens if int(t.get("sentence", "0")) <= last),
        default=0,
    )
    by_id = {m.get("m_id", ""): m for m in markables}
    patients = _casualty_patients(root, by_id, spans)
    for element in markables:
        span = _anchored(element, spans)
        if span is None:
            continue
        if element.tag == "VALUE":
            kind = next((k for s, e, k in patients if s <= span[0] and span[1] <= e), None)
            number = GoldNumber(span[0], span[1], element.get("type", ""), text[span[0] : span[1]])
            article.numbers.append(
                number if kind is None or number.type != "QUANTITY" else _with_kind(number, kind)
            )
        elif element.tag == "TIMEX3":
            article.timexes.append(span)
    return article


def _with_kind(number: GoldNumber, kind: str) -> GoldNumber:
    return GoldNumber(number.start, number.end, number.type, number.text, kind)


def _casualty_patients(
    root: ET.Element, by_id: dict[str, ET.Element], spans: dict[str, tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Spans of entity mentions that are Arg1 of a casualty event, with the kind."""
    out: list[tuple[int, int, str]] = []
    relations = root.find("Relations")
    for link in relations.iter("HAS_PARTICIPANT") if relations is not None else ():
        source, target = link.find("source"), link.find("target")
        if source is None or target is None or link.get("sem_role") != "Arg1":
            continue
        event = by_id.get(source.get("m_id", ""))
        patient = by_id.get(target.get("m_id", ""))
        if event is None or patient is None or event.tag != "EVENT_MENTION":
            continue
        kind = CASUALTY_PREDS.get(event.get("pred", "").lower())
        span = _anchored(patient, spans)
        if kind is not None and span is not None:
            out.append((span[0], span[1], kind))
    return out


_FIRST_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)")
_UNITS_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
)
_GOLD_WORDS = {word: i + 1 for i, word in enumerate(_UNITS_WORDS.split(" "))}
_GOLD_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_GOLD_WORDS |= {"eighty": 80, "ninety": 90, "dozen": 12}
_GOLD_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9}


def gold_value(text: str) -> float | None:
    """The first figure a gold span states ("over 2,400" 2400, "three thousand" 3000).

    None where the span states none plainly ("many", "a near-normal number of", "5th").
    """
    words = text.lower().replace("-", " ").split()
    for i, word in enumerate(words):
        match = _FIRST_NUMBER.match(word)
        if match and not re.search(r"\d(st|nd|rd|th)$", word):
            value = float(match.group(1).replace(",", ""))
            following = words[i + 1] if i + 1 < len(words) else ""
            return value * _GOLD_SCALES.get(following, 1)
        if word in _GOLD_WORDS:
            value = float(_GOLD_WORDS[word])
            for nxt in words[i + 1 :]:
                if nxt in _GOLD_WORDS and _GOLD_WORDS[nxt] < 10 <= value:
                    value += _GOLD_WORDS[nxt]
                elif nxt in _GOLD_SCALES:
                    value *= _GOLD_SCALES[nxt]
                else:
                    break
            return value
    return None


def find_articles(paths: Iterable[Path]) -> Iterator[Path]:
    """CAT XML files under ``paths`` (files or folders), in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.xml") if not p.name.startswith("."))
        elif path.suffix == ".xml":
            yield path


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(
    gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]], strict: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index), exact spans first then overlaps."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        candidates = [si for si, s in enumerate(system) if si not in used and s == g]
        if not candidates and not strict:
            candidates = [si for si, s in enumerate(system) if si not in used and _overlaps(g, s)]
        if candidates:
            used.add(candidates[0])
            pairs.append((gi, candidates[0]))
    return pairs


@dataclass
class Counts:
    """Totals over a corpus; figures of the scorecard are computed from these."""

    articles: int = 0
    unreadable: int = 0
    gold: dict[str, int] = field(default_factory=dict)
    system: dict[str, int] = field(default_factory=dict)
    strict: dict[str, int] = field(default_factory=dict)
    relaxed: dict[str, int] = field(default_factory=dict)
    valued: int = 0
    value_right: int = 0
    casualty_gold: int = 0
    casualty_found: int = 0
    casualty_wrong: int = 0
    records: int = 0
    records_leaked: int = 0
    records_on_quantity: int = 0
    seconds_extract: float = 0.0
    misses: list[str] = field(default_factory=list)


def _bump(table: dict[str, int], key: str, by: int = 1) -> None:
    table[key] = table.get(key, 0) + by


def score_article(
    article: GoldArticle,
    phrases: Sequence[tuple[int, int, str, float | None, float | None]],
    records: Sequence[Quantity],
    counts: Counts,
) -> None:
    """Add one article to ``counts``; ``phrases`` are (start, end, category, value, low).

    Only what starts inside the annotated part of the article is scored.
    """
    phrases = [p for p in phrases if p[0] < article.scored_end]
    records = [q for q in records if q.start < article.scored_end]
    groups = {
        "QUANTITY": _QUANTITY_CATEGORIES,
        "MONEY": frozenset({"money"}),
        "PERCENT": frozenset({"percent"}),
    }
    for gold_type, wanted in groups.items():
        gold = [n for n in article.numbers if n.type == gold_type]
        system = [p for p in phrases if p[2] in wanted]
        gold_spans = [(n.start, n.end) for n in gold]
        system_spans = [(p[0], p[1]) for p in system]
        _bump(counts.gold, gold_type, len(gold))
        _bump(counts.system, gold_type, len(system))
        _bump(counts.strict, gold_type, len(_match(gold_spans, system_spans, strict=True)))
        pairs = _match(gold_spans, system_spans, strict=False)
        _bump(counts.relaxed, gold_type, len(pairs))
        if gold_type != "QUANTITY":
            continue
        for gi, si in pairs:
            expected = gold_value(gold[gi].text)
            if expected is None:
                continue
            counts.valued += 1
            found = system[si][3] if system[si][3] is not None else system[si][4]
            counts.value_right += found is not None and abs(found - expected) < 1e-6
    _score_records(article, records, counts)


def _score_records(article: GoldArticle, records: Sequence[Quantity], counts: Counts) -> None:
    spans = [(q.start, q.end) for q in records]
    counts.records += len(records)
    for number in article.numbers:
        hits = [
            q
            for q, s in zip(records, spans, strict=True)
            if _overlaps(s, (number.start, number.end))
        ]
        if number.casualty is not None:
            counts.casualty_gold += 1
            if any(q.kind == number.casualty for q in hits):
                counts.casualty_found += 1
            else:
                counts.misses.append(
                    f"{article.doc_id}: missed {number.text!r} ({number.casualty})"
                )
        else:
            wrong = [q for q in hits if q.kind in CASUALTY_KINDS]
            counts.casualty_wrong += len(wrong)
            counts.misses.extend(
                f"{article.doc_id}: {q.text!r} is no {q.kind} figure" for q in wrong
            )
        if number.type == "QUANTITY":
            counts.records_on_quantity += len(hits)
        else:
            counts.records_leaked += len(hits)
    for start, end in article.timexes:
        counts.records_leaked += sum(_overlaps(s, (start, end)) for s in spans)


def _prf(gold: int, system: int, matched: int) -> tuple[float, float, float]:
    precision = matched / system if system else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scorecard(counts: Counts, corpus: str) -> Scorecard:
    """The figures of ``counts`` as a scorecard."""
    card = Scorecard("Quantities: number mentions, values and casualty figures", corpus)
    card.add("articles", counts.articles)
    for gold_type in ("QUANTITY", "MONEY", "PERCENT"):
        gold, system = counts.gold.get(gold_type, 0), counts.system.get(gold_type, 0)
        card.add(f"{gold_type} gold / system", f"{gold} / {system}")
        # Gold MONEY and PERCENT include the sign or the unit, the extractor's phrase is the
        # figure: only overlap is meaningful there.
        modes = ("strict", "relaxed") if gold_type == "QUANTITY" else ("relaxed",)
        for mode in modes:
            matched = (counts.strict if mode == "strict" else counts.relaxed).get(gold_type, 0)
            p, r, f = _prf(gold, system, matched)
            card.add(f"{gold_type} {mode} P / R / F1", f"{p:.3f} / {r:.3f} / {f:.3f}")
    accuracy = counts.value_right / counts.valued if counts.valued else 0.0
    card.add(f"QUANTITY value accuracy (relaxed matches, n={counts.valued})", accuracy)
    card.add(
        "casualty figures found with their kind",
        f"{counts.casualty_found} / {counts.casualty_gold}",
    )
    card.add("casualty kind on a gold non-casualty number", counts.casualty_wrong)
    card.add("quantity records", counts.records)
    card.add("records on a gold QUANTITY", counts.records_on_quantity)
    card.add("records on gold MONEY / PERCENT / TIMEX3 (must be 0)", counts.records_leaked)
    if counts.articles:
        card.add(
            "extraction ms per article (parse excluded)",
            1000 * counts.seconds_extract / counts.articles,
        )
    card.notes.append(
        "MEANTIME annotates every count and measure, business news mostly; the extractor "
        "reports only casualty, damage, attack and people figures, so detection is scored on "
        "its number phrases and the records are checked for what they must not contain."
    )
    card.notes.append(
        "Only the annotated part of each article is scored: the title, the date line and "
        "the first four sentences, as MEANTIME's annotators covered."
    )
    card.notes.append(
        "Casualty gold is derived from MEANTIME's own Arg1 participants of kill/die/injure "
        "events: a handful of figures, read them as a check, not a rate."
    )
    if counts.unreadable:
        card.notes.append(f"{counts.unreadable} file(s) skipped: not CAT XML")
    card.notes.extend(counts.misses[:10])
    return card


def evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard:
    """Run the pipeline and the quantities extractor over MEANTIME CAT XML under ``paths``."""
    from eventwire.extract.quantities import extract_quantities
    from eventwire.extract.quantities_numbers import number_phrases
    from eventwire.nlp.pipeline import load_pipeline

    counts = Counts()
    articles: dict[str, GoldArticle] = {}
    for path in find_articles(paths):
        try:
            article = read_cat(path)
        except (ET.ParseError, ValueError):
            counts.unreadable += 1
            continue
        articles.setdefault(article.doc_id, article)
    corpus = "MEANTIME English, " + ", ".join(str(p) for p in paths)
    if not articles:
        return scorecard(counts, corpus)
    nlp = load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
    texts = [a.text for a in articles.values()]
    for article, doc in zip(
        articles.values(), nlp.pipe(texts, batch_size=settings.batch_size), strict=True
    ):
        started = time.perf_counter()
        phrases = number_phrases(doc)
        records = extract_quantities(doc, [])
        counts.seconds_extract += time.perf_counter() - started
        spans = [
            (
                doc[p.start : p.end].start_char,
                doc[p.start : p.end].end_char,
                p.category,
                p.value,
                p.low,
            )
            for p in phrases
        ]
        counts.articles += 1
        score_article(article, spans, records, counts)
    return scorecard(counts, corpus)
