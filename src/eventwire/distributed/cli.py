"""``eventwire ingest --engine ray [--out DIR]``: the command's face on the ray engine."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack

from eventwire.config import Settings
from eventwire.errors import Code, UsageError
from eventwire.ingest.base import InputFailure
from eventwire.pipeline import Outcome


def _print_failure(outcome: Outcome) -> None:
    if isinstance(outcome, InputFailure):
        print(outcome.line(), file=sys.stderr)


def ingest_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the ingest on Ray into the store (or Parquet under ``--out``); the exit status.

    Prints a line per failed input on stderr and the fixed summary line last: exit 0 when
    everything was stored, 1 when some inputs failed.
    """
    if args.engine != "ray":
        raise UsageError(Code.E010, path=args.out)
    from eventwire.distributed.ray_engine import import_ray, ingest_with_ray
    from eventwire.distributed.sinks import ParquetSink, Sink, StoreSink
    from eventwire.store import open_store

    import_ray()  # fail with E008 before opening anything
    with ExitStack() as stack:
        sink: Sink
        if args.out:
            sink = stack.enter_context(ParquetSink(args.out, settings.batch_size))
            db = None
        else:
            store = stack.enter_context(open_store(settings.db))
            sink = StoreSink(store, settings.batch_size, args.reprocess)
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
    print(report.summary())
    return 1 if report.failures else 0
