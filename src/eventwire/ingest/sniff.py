"""Decide what kind of input a file or stream holds, from its name and its first bytes."""

from __future__ import annotations

import re
import zlib
from enum import StrEnum

from eventwire.errors import Code, InputError

#: How much of an input is read to decide its kind and to spot binary content.
HEAD_BYTES = 8192

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/1."
# UTF-32 marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_WIDE_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_BOM_CODECS = {
    b"\xff\xfe\x00\x00": "utf-32",
    b"\x00\x00\xfe\xff": "utf-32",
    b"\xff\xfe": "utf-16",
    b"\xfe\xff": "utf-16",
}
# Bytes that never appear in text: C0 controls other than tab, newlines, form feed, escape.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}
_MAX_CONTROL_SHARE = 0.10

_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_FIRST_NAME = re.compile(r"<(?:!doctype\s+)?([a-z][\w:.-]*)", re.I)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_HTML_ROOTS = frozenset({"html", "head", "body"})


class Kind(StrEnum):
    """The input kinds, each read by the module of the same name."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"


_SUFFIXES = {
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".jsonl": Kind.JSONL,
    ".ndjson": Kind.JSONL,
    ".rss": Kind.FEED,
    ".atom": Kind.FEED,
    ".xml": Kind.FEED,
    ".warc": Kind.WARC,
}


def kind_from_name(name: str) -> Kind | None:
    """The kind a file name's extension promises, or None when the extension is unknown."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return Kind.WARC
    dot = lower.rfind(".")
    return _SUFFIXES.get(lower[dot:]) if dot > 0 else None


def sniff_kind(name: str | None, head: bytes) -> Kind:
    """The kind of an input called ``name`` (None for stdin) that starts with ``head``.

    A known extension decides the kind; otherwise the content does. Raises
    ``InputError(E103)`` when the content is binary rather than text.
    """
    by_name = kind_from_name(name) if name else None
    if by_name is Kind.WARC:
        # WARC payloads may be compressed or binary: the WARC reader judges them itself.
        return Kind.WARC
    if head.startswith(_GZIP_MAGIC):
        if by_name is None and _gunzip_head(head).startswith(_WARC_MAGIC):
            return Kind.WARC
        raise InputError(Code.E103, reason="gzip-compressed data that is not a WARC archive")
    if by_name is None and head.startswith(_WARC_MAGIC):
        return Kind.WARC
    reason = binary_reason(head)
    if reason is not None:
        raise InputError(Code.E103, reason=reason)
    return by_name if by_name is not None else _kind_from_content(head)


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` looks binary (NUL bytes, many control bytes); None when it looks like text."""
    if head.startswith(_WIDE_BOMS):
        # UTF-16 and UTF-32 text is full of NUL bytes; its byte order mark vouches for it.
        return None
    if b"\x00" in head:
        return "NUL bytes in the first 8 KiB"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return f"{controls} control bytes in the first {len(head)} bytes"
    return None


def _gunzip_head(head: bytes) -> bytes:
    """As much of the decompressed start of a gzip stream as ``head`` holds."""
    try:
        # wbits 16+MAX_WBITS: expect a gzip header; a truncated stream just gives less output.
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _head_text(head: bytes) -> str:
    """``head`` decoded well enough to look for markers: by its byte order mark, else UTF-8."""
    for bom in _WIDE_BOMS:
        if head.startswith(bom):
            return head.decode(_BOM_CODECS[bom], errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def _kind_from_content(head: bytes) -> Kind:
    text = _head_text(head)
    stripped = text.lstrip()
    if stripped.startswith("WARC/1."):
        return Kind.WARC
    if stripped.startswith("{"):
        return Kind.JSONL
    prolog_end = _PROLOG.match(stripped)
    rest = stripped[prolog_end.end() :] if prolog_end else stripped
    first = _FIRST_NAME.match(rest)
    if first is not None:
        root = first.group(1).lower()
        if root in _FEED_ROOTS:
            return Kind.FEED
        if root in _HTML_ROOTS:
            return Kind.HTML
    return Kind.TEXT
