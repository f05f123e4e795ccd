"""Scoring against gold corpora: ``eventwire eval KIND PATH...``.

Each scorer module exposes ``evaluate(paths: Sequence[Path], settings: Settings) -> Scorecard``.
Gold data stays outside the repo; a missing path is reported, never an error in CI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Lines of a section after this marker were written by hand (context for the figures, e.g.
# how they were measured); re-running the evaluation keeps them.
KEPT_NOTES_MARKER = "<!-- notes kept on re-runs -->"


def _kept_notes(old_section: str) -> str:
    if KEPT_NOTES_MARKER not in old_section:
        return ""
    kept = old_section.split(KEPT_NOTES_MARKER, 1)[1].strip("\n")
    return f"{KEPT_NOTES_MARKER}\n" + (f"{kept}\n" if kept else "")


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
        evaluation updates its figures instead of adding a second copy. Lines after
        ``KEPT_NOTES_MARKER`` in the old section were written by hand and are kept.
        """
        start = f"<!-- eval {self.title} | {self.corpus}: start -->"
        end = f"<!-- eval {self.title} | {self.corpus}: end -->"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if start in text and end in text:
            before, rest = text.split(start, 1)
            old_section, after = rest.split(end, 1)
            section = f"{start}\n{self.markdown()}{_kept_notes(old_section)}{end}\n"
            # The section's own line end was written with it; what followed stays as it was.
            text = before + section + after.removeprefix("\n")
        else:
            section = f"{start}\n{self.markdown()}{end}\n"
            text = text.rstrip("\n") + ("\n\n" if text else "") + section
        path.write_text(text, encoding="utf-8")

    def text(self) -> str:
        """The scorecard as an aligned plain-text table for the terminal."""
        width = max((len(m) for m, _ in self.rows), default=10)
        lines = [f"{self.title} — {self.corpus}"]
        lines += [f"  {metric:<{width}}  {value}" for metric, value in self.rows]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)
