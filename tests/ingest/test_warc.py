"""WARC archives built in the test with warcio's writer: pages kept, other records skipped."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.config import Settings
from eventwire.errors import Code
from eventwire.ingest.base import InputFailure, RawArticle

from .helpers import Item, articles, failures


def _page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Town Crier</footer></body></html>"
    ).encode()


PAGES = [
    (
        "https://crier.example/tram",
        _page(
            "Tram line extended",
            "The city tram line was extended by two stops on Monday, reaching the new hospital.",
            "Trams will run every eight minutes at peak times, the transport office said.",
        ),
    ),
    (
        "https://crier.example/library",
        _page(
            "Library hours longer",
            "The central library will stay open until nine in the evening from next month.",
        ),
    ),
]


def _write(
    writer: WARCWriter, uri: str, kind: str, payload: bytes, status: str, ctype: str
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    # An explicit length keeps warcio from buffering the payload in a temporary file.
    record = writer.create_warc_record(
        uri, kind, payload=io.BytesIO(payload), length=len(payload), http_headers=headers
    )
    writer.write_record(record)


def build_warc(gzip: bool) -> bytes:
    """A small crawl: the two pages above among records that must be skipped."""
    return build_warc_with_offsets(gzip)[0]


def build_warc_with_offsets(gzip: bool) -> tuple[bytes, list[int]]:
    """The crawl, and the byte offset where each of its six records starts."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = [0]
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    offsets.append(buffer.tell())
    request = StatusAndHeaders(
        "GET /tram HTTP/1.1", [("Host", "crier.example")], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(
            PAGES[0][0], "request", payload=io.BytesIO(b""), length=0, http_headers=request
        )
    )
    offsets.append(buffer.tell())
    _write(writer, PAGES[0][0], "response", PAGES[0][1], "200 OK", "text/html; charset=utf-8")
    offsets.append(buffer.tell())
    gone = _page("Gone", "x")
    _write(writer, "https://crier.example/gone", "response", gone, "404 Not Found", "text/html")
    offsets.append(buffer.tell())
    logo = b"\x89PNG\r\n\x1a\n"
    _write(writer, "https://crier.example/logo.png", "response", logo, "200 OK", "image/png")
    offsets.append(buffer.tell())
    _write(writer, PAGES[1][0], "response", PAGES[1][1], "200 OK", "application/xhtml+xml")
    return buffer.getvalue(), offsets


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(
    tmp_path: Path, read_all: Callable[..., list[Item]], name: str, gzip: bool
) -> None:
    data, offsets = build_warc_with_offsets(gzip)
    path = tmp_path / name
    path.write_bytes(data)
    items = read_all([path])
    assert not failures(items)
    tram, library = articles(items)
    assert tram.url == "https://crier.example/tram"
    assert tram.title == "Tram line extended"
    assert tram.text.split("\n\n") == [
        "The city tram line was extended by two stops on Monday, reaching the new hospital.",
        "Trams will run every eight minutes at peak times, the transport office said.",
    ]
    assert library.url == "https://crier.example/library"
    assert "Home" not in tram.text + library.text
    # origins name where each record starts: reading from there gives the record back
    assert [tram.origin, library.origin] == [f"{path}@{offsets[2]}", f"{path}@{offsets[5]}"]
    record = next(iter(ArchiveIterator(io.BytesIO(data[offsets[5] :]))))
    assert record.rec_headers.get_header("WARC-Target-URI") == "https://crier.example/library"


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_sniffed_without_extension(
    tmp_path: Path, read_all: Callable[..., list[Item]], gzip: bool
) -> None:
    path = tmp_path / "crawl.bin"
    path.write_bytes(build_warc(gzip))
    assert len(articles(read_all([path]))) == 2


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_truncated_keeps_earlier_records(
    tmp_path: Path, read_all: Callable[..., list[Item]], gzip: bool
) -> None:
    data = build_warc(gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:-40])  # the second page's record loses its end
    items = read_all([path])
    assert [type(item) for item in items] == [RawArticle, InputFailure]
    assert items[0].origin.startswith(f"{path}@")
    failure = items[1]
    assert isinstance(failure, InputFailure)
    assert failure.origin == str(path)
    assert failure.error.code is Code.E109
    assert "\n" not in failure.line()


def test_warc_garbage_between_gzip_members_is_e109(
    tmp_path: Path, read_all: Callable[..., list[Item]]
) -> None:
    data, offsets = build_warc_with_offsets(gzip=True)
    path = tmp_path / "bad.warc.gz"
    cut = offsets[3]  # right after the first page's record
    path.write_bytes(data[:cut] + b"this is not gzip at all\r\n" + data[cut:])
    items = read_all([path])
    assert len(articles(items)) == 1
    (failure,) = failures(items)
    assert failure.error.code is Code.E109
    assert f"at byte {cut}" in failure.line()


def test_warc_not_an_archive_is_e109(tmp_path: Path, read_all: Callable[..., list[Item]]) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"Just some words pretending to be an archive.\n")
    (failure,) = failures(read_all([path]))
    assert failure.error.code is Code.E109


def test_warc_oversize_page_fails_alone(
    tmp_path: Path, read_all: Callable[..., list[Item]], make_settings: Callable[..., Settings]
) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(build_warc(gzip=False))
    limit = len(PAGES[1][1]) + 10  # the first page is longer than this, the second fits
    items = read_all([path], settings=make_settings(max_input_bytes=limit))
    assert [type(item) for item in items] == [InputFailure, RawArticle]
    assert failures(items)[0].error.code is Code.E104
    assert "@" in failures(items)[0].origin
