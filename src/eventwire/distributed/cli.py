"""``eventwire ingest --engine ray [--out DIR]``: the command's face on the ray engine."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from eventwire.config import Settings
from eventwire.errors import Code, UsageError
from eventwire.ingest.base import InputFailure
from eventwire.pipeline import Outcome


def _print_failure(outcome: Outcome) -> None:
    if isinstance(outcome, InputFailure):
        print(outcome.line(), file=sys.stderr)


def ingest_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the ingest on Ray into the store (or Parquet under ``--out``); the exit status.

    Prints a line per failed input on stderr and, as the local engine does, where failures
    were logged, the shards skipped as done by an earlier run, and the fixed summary line
    last: exit 0 when everything was stored, 1 when some inputs failed (now or then).
    """
    if args.engine != "ray":
        raise UsageError(Code.E010, path=args.out)
    if args.out and args.reprocess:
        raise UsageError(Code.E012)
    from eventwire.distributed.ray_engine import import_ray, ingest_with_ray
    from eventwire.distributed.sinks import ParquetSink, Sink, StoreSink
    from eventwire.engine import default_failure_log
    from eventwire.store import open_store

    import_ray()  # fail with E008 before opening anything
    with ExitStack() as stack:
        sink: Sink
        if args.out:
            log = args.failures or settings.failure_log
            sink = ParquetSink(args.out, settings, Path(log) if log else None)
            db = None
        else:
            store = stack.enter_context(open_store(settings.db))
            log = args.failures or settings.failure_log or default_failure_log(settings.db)
            sink = StoreSink(store, settings, args.reprocess, Path(log))
            db = settings.db
        report = ingest_with_ray(
            args.paths,
            settings,
            sink,
            workers=args.workers,
            published=args.published,
            db=db,
            reprocess=args.reprocess,
            on_outcome=_print_failure,
        )
    if report.failure_log_error:
        print(f"eventwire: {report.failure_log_error}", file=sys.stderr)
    elif report.failures and report.failure_log is not None:
        print(f"failures logged to {report.failure_log}")
    skipped = report.skipped_line()
    if skipped:
        print(skipped)
    print(report.summary())
    return 1 if report.failed else 0
