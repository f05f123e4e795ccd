"""Write one marked section of docs/BENCHMARKS.md, keeping everything else in the file."""

from __future__ import annotations

import os
import platform
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "BENCHMARKS.md"


def write_section(name: str, title: str, intro: list[str], rows: list[tuple[str, str]]) -> None:
    """Replace the section between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.

    The section is a heading, the ``intro`` lines and a metric/value table; it is appended
    when the markers are not in the file yet.
    """
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = "\n".join(
        [
            start,
            f"## {title}",
            "",
            *intro,
            "",
            "| metric | value |",
            "|---|---|",
            *[f"| {metric} | {value} |" for metric, value in rows],
            end,
        ]
    )
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n\n"
    if start in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text)


def machine() -> str:
    """The CPU, core count, Python and OS, for the line saying where figures were taken."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
