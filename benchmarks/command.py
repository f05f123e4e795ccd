"""One eventwire command as the worker benchmark times it, reporting its CPU time split.

Run: python benchmarks/command.py COST_FILE ingest N INPUT DB_URL
     python benchmarks/command.py COST_FILE extract N INPUT

``ingest`` is ``eventwire ingest INPUT --db DB_URL --workers N --no-progress``, run through the
command's own ``main``; ``extract`` streams the records of ``extract_paths(..., workers=N)``
to stdout as JSON lines, as ``eventwire extract --format jsonl`` does (the command itself has
no ``--workers``). Both start from a fresh interpreter, so start-up (imports, model loads,
worker processes) is included. On exit COST_FILE receives this process's CPU seconds and
those of its worker processes, and this process's peak resident memory, as JSON.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _extract(workers: int, source: str) -> int:
    from eventwire.engine import extract_paths
    from eventwire.model import Record

    failed = 0
    for outcome in extract_paths([source], workers=workers):
        if isinstance(outcome, Record):
            sys.stdout.write(outcome.model_dump_json() + "\n")
        else:
            failed += 1
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    cost_file, mode, workers, source, *rest = argv
    if mode == "ingest":
        from eventwire.cli import main as eventwire

        db = rest[0]
        code = eventwire(["ingest", source, "--db", db, "--workers", workers, "--no-progress"])
    elif mode == "extract":
        code = _extract(int(workers), source)
    else:
        raise SystemExit(f"unknown mode {mode!r}: expected ingest or extract")
    cost = {
        "parent_cpu": _cpu(resource.RUSAGE_SELF),
        "workers_cpu": _cpu(resource.RUSAGE_CHILDREN),
        "parent_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    Path(cost_file).write_text(json.dumps(cost))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
