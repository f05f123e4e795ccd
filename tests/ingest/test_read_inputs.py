"""read_inputs: files, folders, globs and stdin in order; every bad input one clean failure."""

from __future__ import annotations

import gzip
import io
import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.config import Settings
from eventwire.errors import Code
from eventwire.ingest import InputFailure, RawArticle, read_inputs
from eventwire.ingest.sniff import Kind

from .helpers import Item, articles, failures
from .test_warc import build_warc

MIXED_ORDER = [
    "mixed/a_market.txt",
    "mixed/b_page.html",
    "mixed/c_lines.jsonl:1",
    "mixed/c_lines.jsonl:2",
    "mixed/nested/d_feed.rss#1",
]


def _relative(items: list[Item], root: Path) -> list[str]:
    return [item.origin.removeprefix(f"{root}/") for item in items]


def test_read_inputs_directory_recursive_sorted_without_hidden(
    read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    items = read_all([fixtures / "mixed"])
    assert not failures(items)
    assert _relative(items, fixtures) == MIXED_ORDER
    assert all("hidden" not in item.text for item in articles(items))


def test_read_inputs_hidden_folders_are_skipped(
    tmp_path: Path, read_all: Callable[..., list[Item]]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Internal notes, not news.")
    (tmp_path / "story.txt").write_text("The bakery on Quay Street won a regional prize.")
    assert _relative(read_all([tmp_path]), tmp_path) == ["story.txt"]


def test_read_inputs_empty_directory_is_e102(
    tmp_path: Path, read_all: Callable[..., list[Item]]
) -> None:
    (failure,) = read_all([tmp_path])
    assert isinstance(failure, InputFailure)
    assert failure.error.code is Code.E102


def test_read_inputs_glob_patterns(read_all: Callable[..., list[Item]], fixtures: Path) -> None:
    flat = read_all([fixtures / "*.atom", fixtures / "*.rss"])
    assert _relative(flat, fixtures) == [
        "harbour_news.atom#1",
        "harbour_news.atom#2",
        "valley_courier.rss#1",
        "valley_courier.rss#2",
    ]
    recursive = read_all([fixtures / "**" / "d_*.rss"])
    assert _relative(recursive, fixtures) == ["mixed/nested/d_feed.rss#1"]
    folders = read_all([fixtures / "mix*"])
    assert _relative(folders, fixtures) == MIXED_ORDER


def test_read_inputs_missing_inputs_fail_and_the_batch_goes_on(
    read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    items = read_all(
        [fixtures / "no_such_story.txt", fixtures / "*.nothing", fixtures / "flood_report.txt"]
    )
    assert [type(item) for item in items] == [InputFailure, InputFailure, RawArticle]
    missing, unmatched = failures(items)
    assert missing.line() == f"{fixtures}/no_such_story.txt: E101 no such file or directory"
    assert unmatched.line() == f"{fixtures}/*.nothing: E111 pattern matched no files"


def test_read_inputs_keeps_argument_order(
    read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    items = read_all([fixtures / "mixed" / "b_page.html", fixtures / "mixed" / "a_market.txt"])
    assert _relative(items, fixtures) == ["mixed/b_page.html", "mixed/a_market.txt"]


@pytest.mark.parametrize(
    ("fixture", "origins"),
    [
        ("flood_report.txt", ["<stdin>"]),
        ("riverton_flood.html", ["<stdin>"]),
        ("wire.jsonl", ["<stdin>:1", "<stdin>:3", "<stdin>:4", "<stdin>:5", "<stdin>:6"]),
        ("valley_courier.rss", ["<stdin>#1", "<stdin>#2"]),
        ("harbour_news.atom", ["<stdin>#1", "<stdin>#2"]),
    ],
)
def test_read_inputs_stdin_sniffs_kind(
    read_all: Callable[..., list[Item]], fixtures: Path, fixture: str, origins: list[str]
) -> None:
    items = read_all(["-"], stdin=(fixtures / fixture).read_bytes())
    assert [item.origin for item in items] == origins


class _Pipe(io.RawIOBase):
    """A non-seekable stream handing out small pieces, like a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self._data.read(min(len(buffer), 1000))
        buffer[: len(piece)] = piece
        return len(piece)


@pytest.mark.parametrize("gzip_warc", [False, True])
def test_read_inputs_stdin_pipe_warc(ingest_settings: Settings, gzip_warc: bool) -> None:
    pipe = io.BufferedReader(_Pipe(build_warc(gzip_warc)))
    items = list(read_inputs(["-"], ingest_settings, pipe))
    assert len(articles(items)) == 2
    assert all(item.origin.startswith("<stdin>@") for item in items)


def test_read_inputs_stdin_pipe_jsonl_longer_than_the_sniffed_head(
    ingest_settings: Settings,
) -> None:
    lines = b"".join(b'{"text": "Line %d about the harbour."}\n' % n for n in range(2000))
    pipe = io.BufferedReader(_Pipe(lines))
    items = list(read_inputs(["-"], ingest_settings, pipe))
    assert len(articles(items)) == 2000
    assert items[-1].origin == "<stdin>:2000"


def test_read_inputs_defaults_to_sys_stdin(
    monkeypatch: pytest.MonkeyPatch, ingest_settings: Settings
) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Council meets on Thursday."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (article,) = read_inputs(["-"], ingest_settings)
    assert isinstance(article, RawArticle)
    assert article.text == "Council meets on Thursday."
    assert not fake.closed


def test_read_inputs_empty_stdin_is_e102(read_all: Callable[..., list[Item]]) -> None:
    (failure,) = read_all(["-"], stdin=b"")
    assert isinstance(failure, InputFailure)
    assert failure.line() == "<stdin>: E102 empty input"


def test_read_inputs_mixed_batch(
    tmp_path: Path, read_all: Callable[..., list[Item]], fixtures: Path
) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing written
    broken_feed = tmp_path / "broken.rss"
    broken_feed.write_bytes(b"<rss version='2.0'><channel><title>Cut off mid")
    good = [fixtures / "flood_report.txt", fixtures / "riverton_flood.html"]

    items = read_all([binary, good[0], empty, huge, broken_feed, good[1]])

    assert [article.origin for article in articles(items)] == [str(path) for path in good]
    expected = {binary: Code.E103, empty: Code.E102, huge: Code.E104, broken_feed: Code.E106}
    found = failures(items)
    assert [failure.origin for failure in found] == [str(path) for path in expected]
    for failure, (path, code) in zip(found, expected.items(), strict=True):
        line = failure.line()
        assert "\n" not in line
        assert path.name in line
        assert f": {code.name} " in line
    assert "52,428,800 bytes" in found[2].line()


def test_read_inputs_unreadable_file_is_e110(
    tmp_path: Path, read_all: Callable[..., list[Item]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Never read.")
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    (failure,) = read_all([path])
    assert failure.line() == f"{path}: E110 cannot read: Permission denied"


def test_read_inputs_unexpected_reader_error_is_contained(
    tmp_path: Path,
    read_all: Callable[..., list[Item]],
    fixtures: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import eventwire.ingest as ingest

    def explode(*args: object) -> Iterator[RawArticle]:
        raise RuntimeError("parser fell over\nat depth 3")
        yield  # a generator, like the real readers

    monkeypatch.setitem(ingest._READERS, Kind.FEED, explode)
    with caplog.at_level(logging.ERROR, logger="eventwire.ingest"):
        items = read_all([fixtures / "valley_courier.rss", fixtures / "flood_report.txt"])
    failure, article = items
    assert isinstance(failure, InputFailure)
    assert failure.error.code is Code.E114
    assert failure.line().endswith(
        "E114 unexpected failure in the feed reader: RuntimeError: parser fell over at depth 3"
    )
    assert isinstance(article, RawArticle)
    assert "parser fell over" in caplog.text


def test_read_inputs_odd_file_names_stay_on_one_line(
    tmp_path: Path, read_all: Callable[..., list[Item]]
) -> None:
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"")
    (failure,) = read_all([path])
    assert "\n" not in failure.line()
    assert "two\\nlines.txt: E102" in failure.line()


def test_read_inputs_is_lazy(ingest_settings: Settings, fixtures: Path) -> None:
    def paths() -> Iterator[str]:
        yield str(fixtures / "flood_report.txt")
        raise AssertionError("the second path must not be asked for yet")

    first = next(read_inputs(paths(), ingest_settings))
    assert isinstance(first, RawArticle)


def test_read_inputs_article_text_limit_applies_to_every_kind(
    read_all: Callable[..., list[Item]], fixtures: Path, make_settings: Callable[..., Settings]
) -> None:
    items = read_all([fixtures / "mixed"], settings=make_settings(max_article_chars=60))
    too_long = {item.origin.removeprefix(f"{fixtures}/") for item in failures(items)}
    # the page and the text run past 60 characters; the JSON lines and feed entry do not
    assert too_long == {"mixed/a_market.txt", "mixed/b_page.html"}
    assert all(failure.error.code is Code.E104 for failure in failures(items))
    assert len(articles(items)) == 3


_PREFIXES = [
    b"",
    b"{",
    b'{"text": ',
    b"<rss version='2.0'><channel><item><description>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>",
    b"<!DOCTYPE html><html><body><p>",
    b"WARC/1.0\r\n",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n",
    gzip.compress(b"WARC/1.0\r\n")[:12],
    b"\xff\xfe",
    b"\xef\xbb\xbf",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=600))
def test_read_inputs_random_stdin_never_raises(prefix: bytes, body: bytes) -> None:
    small = Settings.from_env(environ={}, max_input_bytes=4096, max_line_bytes=256)
    for item in read_inputs(["-"], small, io.BytesIO(prefix + body)):
        assert isinstance(item, RawArticle | InputFailure)
        if isinstance(item, InputFailure):
            assert "\n" not in item.line()
            assert item.error.code is not Code.E114, item.line()


def test_read_inputs_does_not_import_spacy() -> None:
    code = "import sys, eventwire.ingest; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
