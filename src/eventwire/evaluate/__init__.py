"""Scoring against gold corpora: ``eventwire eval KIND PATH...``.

Each scorer module exposes ``evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard``.
Gold data stays outside the repo; a missing path is reported, never an error in CI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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

    def text(self) -> str:
        """The scorecard as an aligned plain-text table for the terminal."""
        width = max((len(m) for m, _ in self.rows), default=10)
        lines = [f"{self.title} — {self.corpus}"]
        lines += [f"  {metric:<{width}}  {value}" for metric, value in self.rows]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)
