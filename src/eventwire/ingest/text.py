"""Plain-text articles in any common encoding: one file, one article."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from charset_normalizer import from_bytes

from eventwire.config import Settings
from eventwire.errors import Code, InputError
from eventwire.ingest.base import RawArticle
from eventwire.ingest.limits import read_bounded

# UTF-32 marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer often ranks a rarer single-byte code page (mac_latin2, cp1250) a hair
# above Windows-1252 on short Western text; 1252 is by far the likelier source, so it wins
# any near-tie (the WHATWG encoding standard makes the same default).
_PREFERRED_LEGACY = "cp1252"
_TIE_MARGIN = 0.05
_MAX_TITLE_CHARS = 200


def read_text(
    stream: BinaryIO, origin: str, settings: Settings, size: int | None = None
) -> Iterator[RawArticle]:
    """The one article of a plain-text input; the first line is its title when set apart.

    Raises ``InputError``: E104 over ``settings.max_input_bytes`` (checked on ``size``
    before reading), E105 when no encoding fits, E102 when there is no text.
    """
    data = read_bounded(stream, settings.max_input_bytes, size, "max_input_bytes")
    text = normalize_newlines(decode_text(data)).strip()
    if not text:
        raise InputError(Code.E102)
    title, body = split_title(text)
    yield RawArticle(origin=origin, text=body, title=title)


def decode_text(data: bytes) -> str:
    """``data`` decoded: by its byte order mark, else as UTF-8, else by charset-normalizer.

    Raises ``InputError(E105)`` when no encoding decodes it.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError(
                    Code.E105, reason=f"invalid {codec} after its byte order mark"
                ) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(Code.E105, reason="not UTF-8 and no other encoding fits")
    for match in matches:
        if match.chaos > best.chaos + _TIE_MARGIN:
            break
        if _PREFERRED_LEGACY in match.could_be_from_charset:
            try:
                return data.decode(_PREFERRED_LEGACY)
            except UnicodeDecodeError:
                break
    return str(best)


def normalize_newlines(text: str) -> str:
    """``text`` with Windows and old Mac line ends turned into ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_title(text: str) -> tuple[str | None, str]:
    """``(title, body)``: the first line is a title when short and followed by a blank line."""
    first, _, rest = text.partition("\n")
    second, _, _ = rest.partition("\n")
    title, body = first.strip(), rest.strip()
    if title and body and not second.strip() and len(title) < _MAX_TITLE_CHARS:
        return title, body
    return None, text
