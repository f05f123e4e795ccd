"""Deciding an input's kind from its name and first bytes."""

from __future__ import annotations

import gzip

import pytest

from eventwire.errors import Code, InputError
from eventwire.ingest.sniff import Kind, kind_from_name, sniff_kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("story.txt", Kind.TEXT),
        ("STORY.TEXT", Kind.TEXT),
        ("page.html", Kind.HTML),
        ("page.htm", Kind.HTML),
        ("lines.jsonl", Kind.JSONL),
        ("lines.ndjson", Kind.JSONL),
        ("news.rss", Kind.FEED),
        ("news.atom", Kind.FEED),
        ("news.xml", Kind.FEED),
        ("crawl.warc", Kind.WARC),
        ("crawl.warc.gz", Kind.WARC),
        ("notes.md", None),
        ("archive.gz", None),
        ("README", None),
        (".txt", None),
    ],
)
def test_sniff_kind_from_extension(name: str, kind: Kind | None) -> None:
    assert kind_from_name(name) is kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Kind.WARC),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), Kind.WARC),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', Kind.FEED),
        (
            b'<?xml version="1.0"?><!-- a comment --><feed xmlns="http://www.w3.org/2005/Atom">',
            Kind.FEED,
        ),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', Kind.FEED),
        (b"<!DOCTYPE html>\n<html><body><p>Hi</p>", Kind.HTML),
        (b"  \n<HTML><HEAD><TITLE>Old page</TITLE>", Kind.HTML),
        ("<html lang='en'>".encode("utf-16"), Kind.HTML),
        (b'{"text": "A line of JSON."}\n', Kind.JSONL),
        (b"Plain words about a council vote.\n", Kind.TEXT),
        (b"<p>A fragment is not a page.</p>", Kind.TEXT),
    ],
)
def test_sniff_kind_from_content(head: bytes, kind: Kind) -> None:
    assert sniff_kind(None, head) is kind


def test_sniff_extension_wins_over_content() -> None:
    assert sniff_kind("page.txt", b"<html><body>shown as text</body></html>") is Kind.TEXT


@pytest.mark.parametrize(
    ("name", "head", "reason"),
    [
        (None, b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "NUL bytes"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
        (None, bytes(range(1, 32)) * 4, "control bytes"),
        ("notes.html", gzip.compress(b"<html></html>"), "gzip"),
        (None, gzip.compress(b"just compressed text"), "gzip"),
    ],
)
def test_sniff_binary_is_e103(name: str | None, head: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        sniff_kind(name, head)
    assert caught.value.code is Code.E103
    assert reason in str(caught.value)


def test_sniff_utf16_text_with_bom_is_not_binary() -> None:
    head = "Rescue teams reached the town.".encode("utf-16")
    assert b"\x00" in head
    assert sniff_kind("report.txt", head) is Kind.TEXT
