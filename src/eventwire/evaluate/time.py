"""Scoring the times extractor on TimeML gold (``eventwire eval time PATH...``).

The figures are those of the TempEval-3 toolkit for temporal expressions: strict span match
(identical offsets) and relaxed span match (any overlap), each as precision, recall and F1;
type and value accuracy over the relaxed matches; and the attribute F1 of type and value,
which the toolkit computes as accuracy x relaxed F1, i.e. the F1 of "matched with the right
attribute" against the system's and the gold counts. The document creation time sits in
``<DCT>``, outside ``<TEXT>``, and is the publication date, never a gold expression.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventwire.config import Settings
from eventwire.evaluate import Scorecard
from eventwire.model import Time


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 of the gold text, with offsets into the plain text of ``<TEXT>``."""

    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class GoldDocument:
    """A TimeML document: its plain text, creation date and gold temporal expressions."""

    name: str
    text: str
    created: date | None
    timexes: list[GoldTimex] = field(default_factory=list)


def _walk(element: ET.Element, parts: list[str], offset: int, out: list[GoldTimex]) -> int:
    """Append the text under ``element`` to ``parts``; collect TIMEX3 offsets on the way."""
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _walk(child, parts, offset, out)
        if child.tag == "TIMEX3":
            text = "".join(parts)[start:offset]
            out.append(
                GoldTimex(
                    start=start,
                    end=offset,
                    type=child.get("type", ""),
                    value=child.get("value", ""),
                    text=text,
                )
            )
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def _creation_date(root: ET.Element) -> date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def read_timeml(path: Path) -> GoldDocument:
    """The gold document in a TimeML ``.tml`` file."""
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(body, parts, 0, timexes)
    timexes.sort(key=lambda t: (t.start, t.end))
    return GoldDocument(path.stem, "".join(parts), _creation_date(root), timexes)


def timeml_files(paths: Iterable[Path]) -> Iterator[Path]:
    """``.tml`` files among ``paths``, folders read recursively, each distinct file once."""
    seen: set[bytes] = set()
    for path in paths:
        files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
        for file in files:
            # The same document may be shipped twice (a copy in a test folder): score it once.
            content = file.read_bytes()
            if content not in seen:
                seen.add(content)
                yield file


@dataclass
class TimexCounts:
    """Counts the TempEval-3 figures are computed from, summed over documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    wrong_value: Counter[str] = field(default_factory=Counter)
    wrong_type: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Sequence[GoldTimex], system: Sequence[Time]) -> None:
        """Match one document's system expressions to its gold ones and count."""
        self.gold += len(gold)
        self.system += len(system)
        pairs = match(gold, system)
        matched_gold = {g for g, _ in pairs}
        matched_system = {s for _, s in pairs}
        for g, s in pairs:
            gold_item, system_item = gold[g], system[s]
            self.relaxed += 1
            if (gold_item.start, gold_item.end) == (system_item.start, system_item.end):
                self.strict += 1
            if system_item.type == gold_item.type:
                self.type_correct += 1
            else:
                self.wrong_type[gold_item.type] += 1
            if canonical_value(system_item.value or "") == canonical_value(gold_item.value):
                self.value_correct += 1
            else:
                self.wrong_value[gold_item.type] += 1
        for index, item in enumerate(gold):
            if index not in matched_gold:
                self.missed[item.type] += 1
        for index, found in enumerate(system):
            if index not in matched_system:
                self.spurious[found.type] += 1


_SHORT_WEEK = re.compile(r"(?<=-W)(\d)(?=$|-)")


def canonical_value(value: str) -> str:
    """``value`` in one spelling of equal values: ISO week numbers take two digits.

    Gold files sometimes write week 7 of 2000 as ``2000-W7``; ISO 8601 and the TimeML
    guidelines spell it ``2000-W07``, as the extractor does. The two name the same week.
    """
    return _SHORT_WEEK.sub(r"0\1", value.strip())


def match(gold: Sequence[GoldTimex], system: Sequence[Time]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) of overlapping spans.

    Identical spans pair first, then the largest overlaps, so one long system span that
    covers two gold expressions counts once, as the toolkit's id alignment does.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for g, gold_item in enumerate(gold):
        for s, found in enumerate(system):
            overlap = min(gold_item.end, found.end) - max(gold_item.start, found.start)
            if overlap > 0:
                exact = int((gold_item.start, gold_item.end) == (found.start, found.end))
                candidates.append((-exact, -overlap, g, s))
    candidates.sort()
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, g, s in candidates:
        if g not in used_gold and s not in used_system:
            used_gold.add(g)
            used_system.add(s)
            pairs.append((g, s))
    return sorted(pairs)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def scores(counts: TimexCounts) -> dict[str, float]:
    """The TempEval-3 timex figures from summed counts."""
    out: dict[str, float] = {}
    for kind, hits in (("strict", counts.strict), ("relaxed", counts.relaxed)):
        precision, recall = _ratio(hits, counts.system), _ratio(hits, counts.gold)
        out[f"{kind} precision"] = precision
        out[f"{kind} recall"] = recall
        out[f"{kind} F1"] = _f1(precision, recall)
    for attribute, correct in (("type", counts.type_correct), ("value", counts.value_correct)):
        out[f"{attribute} accuracy"] = _ratio(correct, counts.relaxed)
        out[f"{attribute} F1"] = _f1(_ratio(correct, counts.system), _ratio(correct, counts.gold))
    return out


def score_documents(
    documents: Sequence[GoldDocument], system: Sequence[Sequence[Time]]
) -> TimexCounts:
    """Counts of ``system`` expressions (one list per document) against the gold ones."""
    counts = TimexCounts()
    for document, found in zip(documents, system, strict=True):
        counts.add(document.timexes, found)
    return counts


def evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard:
    """TempEval-3 timex scores of ``extract_times`` on the TimeML files under ``paths``."""
    from eventwire.extract.times import extract_times
    from eventwire.nlp.pipeline import load_pipeline

    documents = [read_timeml(file) for file in timeml_files(paths)]
    nlp = load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
    texts = (document.text for document in documents)
    system = [
        extract_times(doc, document.created)
        for document, doc in zip(
            documents, nlp.pipe(texts, batch_size=settings.batch_size), strict=True
        )
    ]
    counts = score_documents(documents, system)
    card = Scorecard(
        title="Times (TempEval-3 timex scoring)",
        corpus=f"{', '.join(str(p) for p in paths)} ({len(documents)} documents)",
    )
    card.add("gold expressions", counts.gold)
    card.add("system expressions", counts.system)
    for metric, value in scores(counts).items():
        card.add(metric, value)
    for label, counter in (
        ("missed (by gold type)", counts.missed),
        ("spurious (by system type)", counts.spurious),
        ("wrong type (by gold type)", counts.wrong_type),
        ("wrong value (by gold type)", counts.wrong_value),
    ):
        detail = ", ".join(f"{t} {n}" for t, n in sorted(counter.items())) or "none"
        card.notes.append(f"{label}: {detail}")
    return card
