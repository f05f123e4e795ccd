"""WARC fuzzed: truncated and corrupted records, gzip bombs, records that carry no HTTP."""

from __future__ import annotations

import io
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import Code
from eventwire.ingest import InputFailure, read_inputs

from .helpers import FUZZ, bounded, check_items, peak_rss_mb, read_file, read_stdin, small_limits

PAGE = b"<html><body><article><h1>Vote</h1><p>" + b"The council approved the budget. " * 5 + b"</p>"


def build_warc(gzip: bool) -> bytes:
    """A crawl of three records: a page, a 404 and an image, written by warcio."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for status, content_type, payload in [
        ("200 OK", "text/html; charset=utf-8", PAGE),
        ("404 Not Found", "text/html", PAGE),
        ("200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
    ]:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "http://x.example/", "response", payload=io.BytesIO(payload), length=len(payload),
            http_headers=headers,
        )  # fmt: skip
        writer.write_record(record)
    return buffer.getvalue()


PLAIN, GZIPPED = build_warc(gzip=False), build_warc(gzip=True)
HTTP_OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"


def record_header(kind: str, length: int, content_type: str) -> bytes:
    return (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-"
        f"000000000001>\r\nWARC-Target-URI: http://x.example/\r\nWARC-Date: 2020-01-01T00:00:00Z"
        f"\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


@FUZZ
@given(st.integers(0, len(PLAIN)), st.sampled_from(["crawl.warc", "crawl"]))
def test_warc_truncated_anywhere_never_raises(cut: int, name: str) -> None:
    read_file(PLAIN[:cut] or b"WARC/1.0", name)


@FUZZ
@given(st.integers(1, len(GZIPPED)))
def test_warc_gz_truncated_anywhere_never_raises(cut: int) -> None:
    read_file(GZIPPED[:cut], "crawl.warc.gz")


@FUZZ
@given(
    st.sampled_from([PLAIN, GZIPPED]),
    st.lists(
        st.tuples(st.integers(0, len(GZIPPED) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
)
def test_warc_corrupted_bytes_never_raise(data: bytes, flips: list[tuple[int, int]]) -> None:
    corrupted = bytearray(data)
    for position, value in flips:
        corrupted[position % len(corrupted)] = value
    read_file(bytes(corrupted), "crawl.warc.gz" if data is GZIPPED else "crawl.warc")


@FUZZ
@given(
    st.binary(max_size=2048),
    st.sampled_from([b"", b"WARC/1.0\r\n", b"WARC/1.1\r\nWARC-Type: response\r\n"]),
)
def test_warc_random_bytes_never_raise(data: bytes, prefix: bytes) -> None:
    read_file(prefix + data, "crawl.warc")
    read_stdin(prefix + data)


@FUZZ
@given(
    st.sampled_from(
        ["response", "resource", "metadata", "request", "revisit", "conversion", "bogus"]
    ),
    st.sampled_from(
        [
            "application/http; msgtype=response",
            "text/dns",
            "text/html",
            "application/octet-stream",
            "",
        ]
    ),
    st.binary(max_size=300),
)
def test_warc_records_without_http_never_raise(kind: str, content_type: str, block: bytes) -> None:
    data = record_header(kind, len(block), content_type) + block + b"\r\n\r\n" + PLAIN
    read_file(data, "crawl.warc")


def test_warc_content_length_beyond_the_end_is_e109() -> None:
    data = record_header("response", 10_000, "application/http; msgtype=response") + HTTP_OK
    items = read_file(data, "crawl.warc")
    assert [item.error.code for item in items if isinstance(item, InputFailure)] == [Code.E109]


def write_gzip_bomb(path: Path, expanded: int, kind: str = "response") -> None:
    """A .warc.gz of one record whose block is ``expanded`` bytes of spaces, about 1000:1."""
    block = expanded - len(HTTP_OK)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1 << 20)
    with path.open("wb") as out:
        out.write(
            compressor.compress(record_header(kind, expanded, "application/http; msgtype=response"))
        )
        out.write(compressor.compress(HTTP_OK))
        for start in range(0, block, len(chunk)):
            out.write(compressor.compress(chunk[: min(len(chunk), block - start)]))
        out.write(compressor.compress(b"\r\n\r\n") + compressor.flush())


def read_bomb(expanded: int, kind: str) -> tuple[list[InputFailure], float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.warc.gz"
        write_gzip_bomb(path, expanded, kind)
        assert path.stat().st_size < expanded // 500
        before, started = peak_rss_mb(), time.perf_counter()
        with bounded(120):
            items = list(read_inputs([str(path)], small_limits()))
        check_items(items, str(path))
        assert peak_rss_mb() - before < 100, "the bomb was expanded into memory"
        seconds = time.perf_counter() - started
    return [item for item in items if isinstance(item, InputFailure)], seconds


@pytest.mark.parametrize("kind", ["response", "resource"])
def test_warc_gzip_bomb_of_100_mb_is_streamed(kind: str) -> None:
    failures, _ = read_bomb(100_000_000, kind)
    expected = [Code.E104] if kind == "response" else []
    assert [failure.error.code for failure in failures] == expected


@pytest.mark.slow
def test_warc_gzip_bomb_of_2_gb_is_streamed() -> None:
    failures, _ = read_bomb(2_000_000_000, "response")
    assert [failure.error.code for failure in failures] == [Code.E104]
