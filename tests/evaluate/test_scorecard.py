from __future__ import annotations

from pathlib import Path

from eventwire.evaluate import KEPT_NOTES_MARKER, Scorecard


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


def test_scorecard_write_into_keeps_hand_notes_and_spacing(tmp_path: Path) -> None:
    doc = tmp_path / "BENCHMARKS.md"
    _card(0.5).write_into(doc)
    Scorecard("Quotes", "polnear dev").write_into(doc)
    text = doc.read_text(encoding="utf-8")
    end = "<!-- eval Times | tbaq (20 documents): end -->"
    hand = f"{KEPT_NOTES_MARKER}\n- measured on a quiet machine\n"
    doc.write_text(text.replace(end, hand + end), encoding="utf-8")
    _card(0.9).write_into(doc)
    _card(0.8).write_into(doc)
    text = doc.read_text(encoding="utf-8")
    assert text.count("- measured on a quiet machine") == 1
    assert text.index("| value F1 | 0.800 |") < text.index("- measured on a quiet machine")
    assert text.index("- measured on a quiet machine") < text.index(end)
    # The blank line between the two sections survives the rewrites.
    assert f"{end}\n\n<!-- eval Quotes" in text
