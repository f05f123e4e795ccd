"""The ``eventwire`` command: parses arguments and calls one function of the Python API each.

Exit codes: 0 all good, 1 some inputs failed (the others were still processed), 2 usage
error. Bad input never produces a traceback: each failure is one line naming the input.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TextIO

from eventwire import __version__
from eventwire.config import Settings
from eventwire.errors import Code, EventwireError, StoreError, UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Kept here rather than imported so that `eventwire --help` does not load pyarrow.
EXPORT_FORMATS = ("jsonl", "csv", "geojson", "parquet", "gdelt", "acled")
EXPORT_TABLES = ("events", "articles", "entities", "quotes", "places", "quantities", "times")


def _publication_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            str(UsageError(Code.E002, value=value)).removeprefix("E002 ")
        ) from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _eval_kinds() -> list[str]:
    """Scorers present in ``eventwire.evaluate`` (one module per gold corpus kind)."""
    from importlib.util import find_spec

    kinds = ["time", "quotes", "quantities", "geo", "events"]
    return [k for k in kinds if find_spec(f"eventwire.evaluate.{k}") is not None]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire",
        description="News reporting in, structured and sourced event data out.",
    )
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_db(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--db",
            help="SQLAlchemy database URL (default: $EVENTWIRE_DB or sqlite:///eventwire.db)",
        )

    extract = commands.add_parser("extract", help="print the records of articles; store nothing")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, glob or -")
    extract.add_argument(
        "--published",
        type=_publication_date,
        metavar="YYYY-MM-DD",
        help="publication date of every input (overrides metadata)",
    )
    extract.add_argument(
        "--format",
        choices=["json", "jsonl"],
        default="json",
        help="json: one object (an array for several articles); jsonl: a line each",
    )

    ingest = commands.add_parser("ingest", help="extract articles and store them")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, glob or -")
    with_db(ingest)
    ingest.add_argument("--published", type=_publication_date, metavar="YYYY-MM-DD")
    ingest.add_argument(
        "--reprocess",
        action="store_true",
        help="re-extract articles stored by an older pipeline version",
    )
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="parse in N processes, each loading the pipeline once",
    )
    ingest.add_argument(
        "--failures",
        metavar="PATH",
        help="file to append a line per failed input to (default: setting failure_log, "
        "else beside a SQLite store as DB.failures.log, else ./eventwire-failures.log)",
    )
    ingest.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local: this process (and --workers processes); ray: Ray Data, N model actors",
    )
    ingest.add_argument(
        "--out",
        metavar="DIR",
        help="ray engine: write records, events and failures as Parquet in DIR, not the store",
    )

    show = commands.add_parser("show", help="print one stored record")
    show.add_argument("id", metavar="ID")
    with_db(show)

    explain = commands.add_parser("explain", help="why an event was coded")
    explain.add_argument("article_id", metavar="ARTICLE_ID")
    explain.add_argument("event_id", metavar="EVENT_ID")
    with_db(explain)

    search = commands.add_parser("search", help="full-text search over stored articles")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=20)
    with_db(search)

    serve = commands.add_parser("serve", help="serve the REST API and the web UI")
    with_db(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="answer requests in N server processes (default: setting serve_workers, 1)",
    )

    export = commands.add_parser("export", help="write the stored records in another format")
    export.add_argument(
        "format",
        choices=EXPORT_FORMATS,
        metavar="FORMAT",
        help="one of: " + ", ".join(EXPORT_FORMATS),
    )
    with_db(export)
    export.add_argument("-o", "--output", metavar="PATH", help="file to write (stdout if absent)")
    export.add_argument(
        "--table",
        choices=EXPORT_TABLES,
        default="events",
        help="table of csv and parquet exports (default: events)",
    )
    export.add_argument(
        "--include-unasserted",
        action="store_true",
        help="acled: also denied, negated, hedged, intended and conditional events",
    )
    export.add_argument("--no-header", action="store_true", help="gdelt: no header row")

    gazetteer = commands.add_parser("gazetteer", help="manage the offline gazetteer")
    gazetteer_commands = gazetteer.add_subparsers(
        dest="gazetteer_command", required=True, metavar="ACTION"
    )
    load = gazetteer_commands.add_parser(
        "import", help="add a GeoNames dump (allCountries.txt or citiesN.txt format)"
    )
    load.add_argument("file", metavar="FILE")

    evaluate = commands.add_parser("eval", help="score against gold corpora, print a table")
    evaluate.add_argument(
        "kind", choices=_eval_kinds(), metavar="KIND", help="one of: " + ", ".join(_eval_kinds())
    )
    evaluate.add_argument("paths", nargs="+", metavar="PATH", help="gold files or folders")
    evaluate.add_argument(
        "--append",
        metavar="MARKDOWN",
        help="also write the table into this file (e.g. docs/BENCHMARKS.md), replacing the "
        "table of an earlier run on the same corpus",
    )

    demo = commands.add_parser(
        "demo", help="ingest the bundled samples into a fresh store and serve them"
    )
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--db", help="store to (re)create; default: a new temporary SQLite file")
    demo.add_argument("--no-serve", action="store_true", help="ingest and report, then exit")
    return parser


def _write_records(records: Sequence[object], fmt: str, out: TextIO) -> None:
    from eventwire.model import Record

    typed = [r for r in records if isinstance(r, Record)]
    if fmt == "jsonl":
        for record in typed:
            out.write(record.model_dump_json() + "\n")
    elif len(typed) == 1:
        out.write(typed[0].model_dump_json(indent=2) + "\n")
    else:
        out.write(json.dumps([r.model_dump(mode="json") for r in typed], indent=2) + "\n")


def _cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.engine import extract_paths
    from eventwire.model import Record

    records: list[Record] = []
    failed = 0
    for outcome in extract_paths(args.paths, settings, args.published):
        if isinstance(outcome, Record):
            if args.format == "jsonl":
                _write_records([outcome], "jsonl", sys.stdout)
                sys.stdout.flush()
            else:
                records.append(outcome)
        else:
            failed += 1
            print(outcome.line(), file=sys.stderr)
    if args.format == "json" and records:
        _write_records(records, "json", sys.stdout)
    return EXIT_FAILED if failed else EXIT_OK


def _ingest_with_progress(
    paths: Sequence[str],
    db: str,
    settings: Settings,
    published: date | None,
    reprocess: bool,
    progress: bool,
    workers: int = 1,
    failures: str | None = None,
) -> int:
    from rich.console import Console
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from eventwire.engine import IngestReport, default_failure_log, ingest_paths
    from eventwire.ingest.base import InputFailure
    from eventwire.pipeline import Outcome
    from eventwire.store import open_store

    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("ingesting"),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeElapsedColumn(),
    )
    bar = Progress(*columns, console=console, disable=not progress, transient=True)
    task = bar.add_task("ingest", total=None, rate="-")
    shown = False

    def tick(outcome: Outcome) -> None:
        # The bar starts with the first outcome, once worker processes run: its refresh
        # thread must not exist when they are forked (see eventwire.pipeline).
        nonlocal shown
        if not shown:
            bar.start()
            shown = True
        if isinstance(outcome, InputFailure):
            bar.console.print(outcome.line(), markup=False, highlight=False, soft_wrap=True)
        bar.advance(task)
        elapsed = bar.tasks[0].elapsed or 0.0
        done = bar.tasks[0].completed
        bar.update(task, rate=f"{done / elapsed:.1f}" if elapsed > 0 else "-")

    with open_store(db) as store:
        try:
            report: IngestReport = ingest_paths(
                paths,
                store,
                settings,
                published,
                reprocess,
                on_outcome=tick,
                workers=workers,
                failure_log=Path(failures or settings.failure_log or default_failure_log(db)),
            )
        finally:
            bar.stop()
    if report.failure_log_error:
        print(f"eventwire: {report.failure_log_error}", file=sys.stderr)
    elif report.failures:
        print(f"failures logged to {report.failure_log}")
    skipped = report.skipped_line()
    if skipped:
        print(skipped)
    print(report.summary())
    return EXIT_FAILED if report.failed else EXIT_OK


def _cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.engine == "ray" or args.out:
        from eventwire.distributed.cli import ingest_command

        return ingest_command(args, settings)
    return _ingest_with_progress(
        args.paths,
        settings.db,
        settings,
        args.published,
        args.reprocess,
        not args.no_progress,
        args.workers,
        args.failures,
    )


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.store import open_store

    with open_store(settings.db) as store:
        record = store.get(args.id)
    if record is None:
        raise UsageError(Code.E003, id=args.id)
    print(record.model_dump_json(indent=2))
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.explain import explain_event
    from eventwire.store import open_store

    with open_store(settings.db) as store:
        record = store.get(args.article_id)
    if record is None:
        raise UsageError(Code.E003, id=args.article_id)
    print(explain_event(record, args.event_id))
    return EXIT_OK


def _cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.store import open_store

    with open_store(settings.db) as store:
        hits = store.search(args.query, limit=args.limit)
    for hit in hits:
        print(f"{hit.id}  {hit.published or '----------'}  {hit.title or '(untitled)'}")
        if hit.snippet:
            print(f"    {hit.snippet}")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.api.server import serve

    workers = args.workers or settings.serve_workers
    if workers < 1:
        raise UsageError(
            Code.E014, name="serve_workers", value=workers, reason="expected at least 1"
        )
    serve(settings.db, args.host, args.port, settings, workers)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.export import ExportOptions, export
    from eventwire.store import open_store

    if args.format == "parquet" and not args.output:
        raise UsageError(Code.E007)
    options = ExportOptions(
        table=args.table, include_unasserted=args.include_unasserted, header=not args.no_header
    )
    with open_store(settings.db) as store:
        report = export(store, args.format, args.output or sys.stdout, options)
    if args.output:
        print(f"exported {report.rows:,} rows from {report.articles:,} articles to {args.output}")
    return EXIT_OK


def _cmd_gazetteer(args: argparse.Namespace, settings: Settings) -> int:
    from eventwire.resolve.gazetteer import default_path, open_gazetteer
    from eventwire.resolve.gazetteer_geonames import import_geonames

    dump = Path(args.file)
    if not dump.is_file():
        raise UsageError(Code.E006, path=args.file)
    target = default_path(settings)
    open_gazetteer(settings)  # built from the packaged data first, so the dump adds to it
    report = import_geonames(dump, target)
    print(
        f"gazetteer {target}: read {report.read:,}, added {report.added:,}, "
        f"updated {report.updated:,}, skipped {report.skipped:,}"
    )
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from importlib import import_module

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"eval {args.kind}: skipped, gold data not found: {', '.join(missing)}")
        return EXIT_OK
    scorer = import_module(f"eventwire.evaluate.{args.kind}")
    paths = [Path(p) for p in args.paths]
    # Some gold files hold offsets only; the texts they point into must be there too.
    absent = scorer.missing_data(paths) if hasattr(scorer, "missing_data") else []
    if absent:
        print(f"eval {args.kind}: skipped, texts of the gold data not found: {', '.join(absent)}")
        return EXIT_OK
    card = scorer.evaluate(paths, settings)
    print(card.text())
    if args.append:
        card.write_into(Path(args.append))
    return EXIT_OK


def sample_paths() -> list[str]:
    """The bundled sample articles: text, HTML, an RSS feed and a JSONL file."""
    root = resources.files("eventwire") / "samples"
    return [str(root / kind) for kind in ("text", "html", "feed", "jsonl")]


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    if args.db:
        db = args.db
        if db.startswith("sqlite:///"):
            Path(db.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix="eventwire-demo-"))
        db = f"sqlite:///{folder / 'demo.db'}"
    print(f"demo store: {db}")
    status = _ingest_with_progress(sample_paths(), db, settings, None, False, True)
    if args.no_serve:
        return status
    from eventwire.api.server import serve

    serve(db, args.host, args.port, settings)
    return status


_COMMANDS = {
    "extract": _cmd_extract,
    "ingest": _cmd_ingest,
    "show": _cmd_show,
    "search": _cmd_search,
    "explain": _cmd_explain,
    "serve": _cmd_serve,
    "demo": _cmd_demo,
    "eval": _cmd_eval,
    "gazetteer": _cmd_gazetteer,
    "export": _cmd_export,
}


def _database_failure(error: Exception) -> str | None:
    """The one-line cause of a database error, or None for any other exception.

    A failing statement rolls its transaction back, so one line says all a user needs; the
    driver's first line names the cause, the SQL statement after it is noise here.
    """
    from sqlalchemy.exc import SQLAlchemyError  # only on failure: keeps start-up light

    if not isinstance(error, SQLAlchemyError):
        return None
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``eventwire`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    settings = Settings.from_env(db=getattr(args, "db", None))
    try:
        return _COMMANDS[args.command](args, settings)
    except UsageError as error:
        print(f"eventwire: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"eventwire: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:
        reason = _database_failure(error)
        if reason is None:
            raise
        print(f"eventwire: {StoreError(Code.E303, reason=reason)}", file=sys.stderr)
        return EXIT_FAILED
    except EventwireError as error:
        print(f"eventwire: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
