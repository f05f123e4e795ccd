"""Scoring against gold corpora: ``eventwire eval KIND PATH...``.

Each scorer module exposes ``evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard``.
Gold data stays outside the repo; a missing path is reported, never an error in CI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class Scorecard:
    """A named table of figures with the corpus it was measured on."""

    title: str
    corpus: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, metric: str, value: float | int | str) -> None:
        """Append one figure; floats print with three decimals."""
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        self.rows.append((metric, text))

    def markdown(self) -> str:
        """The scorecard as a Markdown section, for docs/BENCHMARKS.md."""
        lines = [f"### {self.title}", "", f"Corpus: {self.corpus} (measured {date.today()})", ""]
        lines += ["| metric | value |", "|---|---|"]
        lines += [f"| {metric} | {value} |" for metric, value in self.rows]
        lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines).rstrip() + "\n"

    def write_into(self, path: Path) -> None:
        """Put the Markdown section into ``path``, replacing the one from an earlier run.

        The section sits between markers naming the title and corpus, so re-running an
        evaluation updates its figures instead of adding a second copy.
        """
        start = f"<!-- eval {self.title} | {self.corpus}: start -->"
        end = f"<!-- eval {self.title} | {self.corpus}: end -->"
        section = f"{start}\n{self.markdown()}{end}\n"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + section + rest.split(end, 1)[1].lstrip("\n")
        else:
            text = text.rstrip("\n") + ("\n\n" if text else "") + section
        path.write_text(text, encoding="utf-8")

    def text(self) -> str:
        """The scorecard as an aligned plain-text table for the terminal."""
        width = max((len(m) for m, _ in self.rows), default=10)
        lines = [f"{self.title} — {self.corpus}"]
        lines += [f"  {metric:<{width}}  {value}" for metric, value in self.rows]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)
