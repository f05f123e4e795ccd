"""The Python API: one typed function per job; the CLI and REST API are thin faces on these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest import read_inputs
from eventwire.ingest.base import InputFailure, RawArticle
from eventwire.model import Record
from eventwire.pipeline import Outcome, Skipped, pipeline_version, run
from eventwire.shards import Commit, Committer, ShardPlan, SkippedShards
from eventwire.store import FailedInput, Store


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
    """What an ingest did: counts, and one failure per input that could not be stored.

    Articles of shards skipped as done by an earlier run count as duplicates, and their failed
    inputs in ``earlier_failures``: a resumed run reports the same totals as a run that was
    never interrupted.
    """

    ingested: int = 0
    duplicates: int = 0
    replaced: int = 0
    failures: list[InputFailure] = field(default_factory=list)
    skipped_shards: int = 0
    earlier_failures: int = 0
    failure_log: Path | None = None
    failure_log_error: str | None = None

    @property
    def failed(self) -> int:
        """Inputs that failed, in this run or in the skipped shards."""
        return len(self.failures) + self.earlier_failures

    def add_skipped(self, skipped: SkippedShards) -> None:
        """Count the shards an earlier run had done: their articles are duplicates."""
        self.skipped_shards += skipped.shards
        self.duplicates += skipped.inputs - skipped.failed
        self.earlier_failures += skipped.failed

    def skipped_line(self) -> str | None:
        """The line saying which shards an earlier run had done, if any."""
        if not self.skipped_shards:
            return None
        line = f"skipped {self.skipped_shards} shards already done by an earlier run"
        if self.earlier_failures:
            # Parquet output (--out) keeps its failures in failures/, not necessarily a log file.
            where = ": see the failure log" if self.failure_log is not None else ""
            line += f" ({self.earlier_failures} of their inputs failed then{where})"
        return line

    def summary(self) -> str:
        """The fixed last line of ``eventwire ingest``."""
        return f"ingested {self.ingested}, duplicates {self.duplicates}, failed {self.failed}"


def default_failure_log(db: str) -> Path:
    """Where ``eventwire ingest`` logs failures by default: beside a SQLite store's file."""
    url = make_url(db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.failures.log")
    return Path("eventwire-failures.log")


class FailureLog:
    """Appends one line per failed input to a file: time, input, code, reason (tab-separated).

    Lines are written just before the transaction that stores the failures commits, so none
    is ever missing; a crash between the two makes the rerun write those lines again (the
    store's ``ingest_failures`` table holds each exactly once). A file that cannot be written
    is reported once (:attr:`error`) and the ingest goes on.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.error: str | None = None

    def write(self, failures: Sequence[InputFailure]) -> None:
        """Append a line for each of ``failures``."""
        if self.path is None or self.error is not None or not failures:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        lines = [
            "\t".join(_field(v) for v in (now, f.origin, f.error.code.name, _reason(f.error)))
            for f in failures
        ]
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
        except OSError as error:
            self.error = f"cannot write the failure log {self.path}: {error.strerror or error}"


def _reason(error: InputError) -> str:
    return str(error).removeprefix(f"{error.code.name} ")


def _field(value: str) -> str:
    # One failure, one line, four columns, whatever the origin or message holds.
    return " ".join(value.split())


class StoreCommits:
    """Writes each :class:`~eventwire.shards.Commit` in one store transaction, and reports it.

    The failures are appended to the failure log just before the transaction commits (see
    :class:`FailureLog`); the counts go into ``report``.
    """

    def __init__(
        self, store: Store, report: IngestReport, log: FailureLog, reprocess: bool = False
    ) -> None:
        self.store = store
        self.report = report
        self.log = log
        self.reprocess = reprocess

    def __call__(self, batch: Commit) -> None:
        """Store ``batch``'s records, failures and shard completions together."""
        failed = [FailedInput(f.origin, f.error.code.name, str(f.error)) for f in batch.failures]
        self.log.write(batch.failures)
        result = self.store.put_shards(batch.records, batch.shards, failed, self.reprocess)
        self.report.ingested += result.stored + result.replaced
        self.report.replaced += result.replaced
        self.report.duplicates += result.duplicates + batch.skipped
        self.report.failures.extend(batch.failures)


def ingest_paths(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    published: date | None = None,
    reprocess: bool = False,
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    workers: int = 1,
    failure_log: Path | None = None,
) -> IngestReport:
    """Extract every article in ``paths`` and store it; resumable after a crash.

    Inputs are split into shards (see :mod:`eventwire.shards`); a shard's records, failures
    and completion are committed in one transaction, and shards done by an earlier run are
    skipped without parsing. Articles already stored are not parsed again (duplicates). With
    ``reprocess``, no shard is skipped and articles stored by an older pipeline version are
    extracted again and replaced. ``workers`` > 1 parses in that many processes. Failures are
    logged in the store and, when ``failure_log`` is given, appended to that file.
    """
    settings = settings or Settings.from_env()
    report = IngestReport(failure_log=failure_log)
    log = FailureLog(failure_log)
    current_version = pipeline_version(settings.spacy_model)
    plan = ShardPlan(store, settings, stdin, resume=not reprocess)

    def is_known(ids: Iterable[str]) -> set[str]:
        stored = store.known(ids)
        if not reprocess:
            return set(stored)
        return {i for i, version in stored.items() if version == current_version}

    committer = Committer(settings, StoreCommits(store, report, log, reprocess))
    outcomes = run(plan.inputs(paths), settings, published, is_known, workers)
    for outcome in outcomes:
        tag = plan.tags.popleft()
        if on_outcome is not None:
            on_outcome(outcome)
        committer.add(outcome, tag)
    committer.close()
    report.add_skipped(plan.skipped)
    report.failure_log_error = log.error
    return report
