"""From raw articles to records: identity, language, publication date, parse, extractors.

Data flows one way. Each raw article becomes an :class:`Article` (stable id, language,
publication date and where that date came from); English articles are parsed in batches
with one spaCy pipeline and every extractor runs on the parsed Doc.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import sys
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from multiprocessing.context import BaseContext

from spacy.tokens import Doc

from eventwire import __version__
from eventwire.config import Settings
from eventwire.errors import Code, InputError, message
from eventwire.extract.entities import extract_entities
from eventwire.extract.events import extract_events
from eventwire.extract.places import extract_places
from eventwire.extract.quantities import extract_quantities
from eventwire.extract.quotes import extract_quotes
from eventwire.extract.times import extract_times
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.ingest.dateline import find_dateline_date
from eventwire.model import Article, Note, PublishedFrom, Record
from eventwire.nlp.language import detect_language
from eventwire.nlp.pipeline import load_pipeline, parse, pipeline_name
from eventwire.resolve.gazetteer import open_gazetteer


@dataclass(frozen=True)
class Skipped:
    """An article already stored by this pipeline version: not parsed again."""

    origin: str
    article_id: str


Outcome = Record | InputFailure | Skipped


@dataclass
class _Prepared:
    origin: str
    article: Article
    notes: list[Note] = field(default_factory=list)


def normalize_text(text: str) -> str:
    """The article text as extractors see it: NFC, Unix newlines, no trailing blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def article_id(text: str, url: str | None) -> str:
    """Stable id: a hash of the whitespace-normalized text, plus the URL when known."""
    key = " ".join(text.split())
    if url:
        key += "\x00" + url.strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@cache
def pipeline_version(model: str) -> str:
    """eventwire's version plus the spaCy pipeline's: a change in either reprocesses on request."""
    return f"eventwire-{__version__}+{pipeline_name(model)}"


def _publication(
    raw: RawArticle, text: str, given: date | None
) -> tuple[date | None, PublishedFrom]:
    if given is not None:
        return given, "given"
    if raw.published is not None:
        return raw.published, "metadata"
    from_text = find_dateline_date(text)
    if from_text is not None:
        return from_text, "text"
    return None, "none"


def prepare(raw: RawArticle, settings: Settings, published: date | None = None) -> _Prepared:
    """The article's identity, language and publication date; raises InputError if unusable."""
    text = normalize_text(raw.text)
    if not text:
        raise InputError(Code.E102)
    if len(text) > settings.max_article_chars:
        raise InputError(
            Code.E104,
            size=f"{len(text):,} characters",
            limit=f"{settings.max_article_chars:,}",
            setting="max_article_chars",
        )
    day, how = _publication(raw, text, published)
    language = detect_language(text, settings.min_language_chars)
    article = Article(
        id=article_id(text, raw.url),
        title=raw.title,
        url=raw.url,
        source=raw.source,
        author=raw.author,
        language=language,
        published=day.isoformat() if day else None,
        published_from=how,
        text=text,
    )
    notes = []
    if language != "en":
        notes.append(Note(code="W201", message=message(Code.W201, language=language)))
    if day is None:
        notes.append(Note(code="W202", message=message(Code.W202)))
    return _Prepared(raw.origin, article, notes)


def _annotate(prepared: _Prepared, doc: Doc | None, version: str, settings: Settings) -> Record:
    record = Record(pipeline=version, article=prepared.article, notes=prepared.notes)
    if doc is None:
        return record
    article = prepared.article
    published = date.fromisoformat(article.published) if article.published else None
    record.entities = extract_entities(doc)
    record.quotes = extract_quotes(doc, record.entities)
    record.times = extract_times(doc, published)
    record.places = extract_places(doc, record.entities, gazetteer=open_gazetteer(settings))
    record.quantities = extract_quantities(doc, record.quotes)
    record.events = extract_events(
        doc,
        record.entities,
        quotes=record.quotes,
        times=record.times,
        places=record.places,
        published=published,
    )
    return record


def _batches(
    items: Iterable[RawArticle | InputFailure], size: int
) -> Iterator[list[RawArticle | InputFailure]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


Slot = Outcome | _Prepared


def _prepared_batches(
    inputs: Iterable[RawArticle | InputFailure],
    settings: Settings,
    published: date | None,
    is_known: Callable[[Sequence[str]], set[str]] | None,
) -> Iterator[list[Slot]]:
    """Batches of prepared articles, failures and skips, in input order."""
    seen: set[str] = set()
    for batch in _batches(inputs, settings.batch_size):
        slots: list[Slot] = []
        for item in batch:
            if isinstance(item, InputFailure):
                slots.append(item)
                continue
            try:
                slots.append(prepare(item, settings, published))
            except InputError as error:
                slots.append(InputFailure(item.origin, error))
        fresh = [s for s in slots if isinstance(s, _Prepared)]
        known = is_known([p.article.id for p in fresh]) if is_known and fresh else set()
        for n, slot in enumerate(slots):
            if not isinstance(slot, _Prepared):
                continue
            if slot.article.id in known or slot.article.id in seen:
                slots[n] = Skipped(slot.origin, slot.article.id)
                continue
            seen.add(slot.article.id)
        yield slots


def annotate_batch(slots: list[Slot], settings: Settings) -> list[Outcome]:
    """Parse the English articles of a batch in one ``nlp.pipe`` and run every extractor."""
    version = pipeline_version(settings.spacy_model)
    to_parse = [s for s in slots if isinstance(s, _Prepared) and s.article.language == "en"]
    texts = (p.article.text for p in to_parse)
    docs = dict(
        zip(
            (id(p) for p in to_parse),
            parse(
                texts,
                settings.spacy_model,
                settings.batch_size,
                single_thread_blas=settings.single_thread_blas,
            ),
            strict=True,
        )
    )
    outcomes: list[Outcome] = []
    for slot in slots:
        if not isinstance(slot, _Prepared):
            outcomes.append(slot)
            continue
        try:
            outcomes.append(_annotate(slot, docs.get(id(slot)), version, settings))
        except Exception as error:  # one bad article must not end the batch
            outcomes.append(InputFailure(slot.origin, InputError(Code.E112, reason=repr(error))))
    return outcomes


# Articles sent to a worker at a time. Small, so the last tasks of a run finish close
# together (the tail where one worker is idle is at most one task long); nlp.pipe is as
# fast on 2 articles as on 32.
_TASK_ARTICLES = 2
# Tasks in flight per worker: enough to keep each busy while the parent reads and writes a
# commit, few enough to bound memory.
_TASKS_PER_WORKER = 8


def _load(settings: Settings) -> None:
    """Load the model, the gazetteer and the pipeline version of ``settings``."""
    load_pipeline(settings.spacy_model, single_thread_blas=settings.single_thread_blas)
    pipeline_version(settings.spacy_model)
    open_gazetteer(settings)


@cache
def _freeze_once() -> None:
    """Take the objects that exist out of the cyclic garbage collector's walks, once.

    Called after the model is loaded: its objects live as long as the process, and walked by
    every full collection they cost about 3% of the extraction time. Collected first, so no
    garbage is frozen with them.
    """
    gc.collect()
    gc.freeze()


def _worker_start(settings: Settings) -> None:
    # What a forked worker inherits from the parent is never freed while it runs: frozen, the
    # collector does not walk it, so its pages stay shared with the parent instead of copied.
    gc.freeze()
    # Load once per worker, before the first task arrives; the model lives as long as the
    # worker, so later collections need not walk it either.
    _load(settings)
    gc.freeze()


def _ready() -> None:
    """A task that does nothing: submitted at start-up so every worker starts at once."""


def _worker_context() -> BaseContext:
    """Fork on Linux when this process runs no other thread, else spawn.

    A forked worker starts from the parent's imports (spaCy, the extractors) and its loaded
    model, if any, instead of importing them again (about 2 s of CPU per spawned worker). A
    fork copies the locks other threads hold at that moment, which a worker could then wait
    on forever; so with other threads running (a progress bar, a server) workers are spawned,
    and on macOS too, whose system libraries are not safe to use in a forked child.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class _Packed:
    """A record as a worker sends it: its JSON, which costs both sides less than a pickle."""

    json: str


def _annotate_packed(slots: list[Slot], settings: Settings) -> list[Outcome | _Packed]:
    """:func:`annotate_batch` in a worker: records go back to the parent as JSON."""
    return [
        _Packed(o.model_dump_json()) if isinstance(o, Record) else o
        for o in annotate_batch(slots, settings)
    ]


def _unpacked(outcomes: list[Outcome | _Packed]) -> Iterator[Outcome]:
    for outcome in outcomes:
        yield Record.model_validate_json(outcome.json) if isinstance(outcome, _Packed) else outcome


def _tasks(batches: Iterator[list[Slot]], size: int) -> Iterator[list[Slot]]:
    for slots in batches:
        for start in range(0, len(slots), size):
            yield slots[start : start + size]


def _annotate_in_parallel(
    batches: Iterator[list[Slot]], settings: Settings, workers: int
) -> Iterator[Outcome]:
    window = workers * _TASKS_PER_WORKER
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_worker_context(),
        initializer=_worker_start,
        initargs=(settings,),
    ) as pool:
        # Workers load the model while this process reads and prepares the first articles.
        for _ in range(workers):
            pool.submit(_ready)
        pending: deque[Future[list[Outcome | _Packed]]] = deque()
        for slots in _tasks(batches, _TASK_ARTICLES):
            pending.append(pool.submit(_annotate_packed, slots, settings))
            if len(pending) >= window:
                yield from _unpacked(pending.popleft().result())
        while pending:
            yield from _unpacked(pending.popleft().result())


def run(
    inputs: Iterable[RawArticle | InputFailure],
    settings: Settings,
    published: date | None = None,
    is_known: Callable[[Sequence[str]], set[str]] | None = None,
    workers: int = 1,
) -> Iterator[Outcome]:
    """Records, failures and skips for ``inputs``, in input order, parsed in batches.

    ``is_known`` receives a batch of article ids and answers those already stored by this
    pipeline version; they are skipped before parsing. An article seen twice in one run is
    skipped the second time. With ``workers`` > 1, batches are parsed by that many
    processes, each loading the pipeline once; the order of the outcomes is kept.
    """
    batches = _prepared_batches(inputs, settings, published, is_known)
    if workers > 1:
        yield from _annotate_in_parallel(batches, settings, workers)
        return
    for slots in batches:
        if any(isinstance(s, _Prepared) and s.article.language == "en" for s in slots):
            _load(settings)
            _freeze_once()
        yield from annotate_batch(slots, settings)
