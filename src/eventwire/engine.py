"""The Python API: one typed function per job; the CLI and REST API are thin faces on these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest import read_inputs
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.model import Record
from eventwire.pipeline import Outcome, Skipped, pipeline_version, run
from eventwire.store import Store


def extract_paths(
    paths: Iterable[str],
    settings: Settings | None = None,
    published: date | None = None,
    stdin: BinaryIO | None = None,
    workers: int = 1,
) -> Iterator[Record | InputFailure]:
    """Records for every article in ``paths`` (files, directories, globs, ``-``), in order."""
    settings = settings or Settings.from_env()
    inputs = read_inputs(paths, settings, stdin=stdin)
    for outcome in run(inputs, settings, published, workers=workers):
        if not isinstance(outcome, Skipped):
            yield outcome


def extract_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    settings: Settings | None = None,
) -> Record:
    """The record of one article given as text; raises InputError if it cannot be processed."""
    settings = settings or Settings.from_env()
    raw = RawArticle(origin="<text>", text=text, title=title, url=url, source=source)
    for outcome in run([raw], settings, published):
        if isinstance(outcome, Record):
            return outcome
        if isinstance(outcome, InputFailure):
            raise outcome.error
    raise InputError(Code.E102)


@dataclass
class IngestReport:
    """What an ingest did: counts, and one failure per input that could not be stored."""

    ingested: int = 0
    duplicates: int = 0
    replaced: int = 0
    failures: list[InputFailure] = field(default_factory=list)

    def summary(self) -> str:
        """The fixed last line of ``eventwire ingest``."""
        return (
            f"ingested {self.ingested}, duplicates {self.duplicates}, failed {len(self.failures)}"
        )


def ingest_paths(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    published: date | None = None,
    reprocess: bool = False,
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Extract every article in ``paths`` and store it; known articles are not parsed again.

    With ``reprocess``, articles stored by an older pipeline version are extracted again and
    replaced. ``workers`` > 1 parses in that many processes. Records are written in batches
    of ``settings.batch_size``, one transaction each.
    """
    settings = settings or Settings.from_env()
    report = IngestReport()
    pending: list[Record] = []

    def is_known(ids: Iterable[str]) -> set[str]:
        stored = store.known(ids)
        if not reprocess:
            return set(stored)
        return {i for i, version in stored.items() if version == current_version}

    def flush() -> None:
        if pending:
            result = store.put(pending, reprocess=reprocess)
            report.ingested += result.stored + result.replaced
            report.replaced += result.replaced
            report.duplicates += result.duplicates
            pending.clear()

    current_version = pipeline_version(settings.spacy_model)
    outcomes = run(
        read_inputs(paths, settings, stdin=stdin), settings, published, is_known, workers
    )
    for outcome in outcomes:
        if on_outcome is not None:
            on_outcome(outcome)
        if isinstance(outcome, Record):
            pending.append(outcome)
            if len(pending) >= settings.batch_size:
                flush()
        elif isinstance(outcome, Skipped):
            report.duplicates += 1
        else:
            report.failures.append(outcome)
            store.log_failure(outcome.origin, outcome.error.code.name, str(outcome.error))
    flush()
    return report
