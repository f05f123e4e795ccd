"""Inputs of every kind mixed in folders, globs and stdin: one bad file never stops the rest."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from eventwire.ingest import read_inputs

from .helpers import FUZZ, bounded, check_items, small_limits

NAMES = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"),
    min_size=1,
    max_size=20,
).filter(lambda name: name not in {".", ".."})
SUFFIXES = st.sampled_from(
    ["", ".txt", ".html", ".jsonl", ".xml", ".rss", ".warc", ".warc.gz", ".bin"]
)


@FUZZ
@given(st.lists(st.tuples(NAMES, SUFFIXES, st.binary(max_size=512)), min_size=1, max_size=6))
def test_folder_of_random_files_never_raises(files: list[tuple[str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, suffix, data in files:
            try:
                (root / f"{name}{suffix}").write_bytes(data)
            except OSError:
                continue  # a name the file system refuses (too long, reserved)
        with bounded():
            items = list(read_inputs([folder, f"{folder}/*", f"{folder}/**/*.x?l"], small_limits()))
        check_items(items, folder)
