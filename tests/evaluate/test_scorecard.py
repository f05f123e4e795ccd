from __future__ import annotations

from pathlib import Path

from eventwire.evaluate import Scorecard


def _card(value: float) -> Scorecard:
    card = Scorecard("Times", "tbaq (20 documents)")
    card.add("value F1", value)
    return card


def test_scorecard_write_into_replaces_its_own_section(tmp_path: Path) -> None:
    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\nIntro kept.\n", encoding="utf-8")
    _card(0.5).write_into(doc)
    other = Scorecard("Quotes", "polnear dev")
    other.add("content recall", 0.7)
    other.write_into(doc)
    _card(0.8).write_into(doc)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nIntro kept.\n")
    assert text.count("### Times") == 1 and "| value F1 | 0.800 |" in text
    assert "0.500" not in text
    # The other corpus's section stays, after the replaced one as before.
    assert text.index("### Times") < text.index("### Quotes")
    assert "| content recall | 0.700 |" in text


def test_scorecard_write_into_creates_the_file(tmp_path: Path) -> None:
    doc = tmp_path / "new.md"
    _card(0.25).write_into(doc)
    assert doc.read_text(encoding="utf-8").count("| value F1 | 0.250 |") == 1
